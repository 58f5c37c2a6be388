"""``notice``, ``notice verify``, ``notices`` and ``roster``: public notices from the command line.

Every command reads its records from an interchange file or, with ``--db URL``
(or ``$ENFORCEMENT_DB``), from a store, through :mod:`enforcement.cli.source`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from enforcement.cli.signing import for_case, sign_file, signing_from, signing_options
from enforcement.cli.source import opened_source, source_name, source_options
from enforcement.errors import CheckpointError, NoticeError, SigningKeyError
from enforcement.models import Agency
from enforcement.notices import (
    BatchItem,
    DocumentKind,
    Lang,
    NoticeOptions,
    build_notice_document,
    due_notice_kinds,
    notice_filename,
    render_document,
    render_notices,
    render_roster,
)
from enforcement.notices.verify import check_notice
from enforcement.sources import RecordSource
from enforcement.store import ENV_VAR
from enforcement.transparency.checkpoint import parse_checkpoint
from enforcement.transparency.keys import load_certificate

T = TypeVar("T")

EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2

_DB_HELP = f"Read a store instead of a file (env {ENV_VAR})."


def _file_and(args: tuple[str, ...], name: str) -> tuple[Path | None, str]:
    """``(FILE, VALUE)`` from ``FILE VALUE`` or ``VALUE`` alone (the records then come from --db)."""
    if len(args) == 1:
        return None, args[0]
    if len(args) == 2:
        return Path(args[0]), args[1]
    raise click.UsageError(f"expected [FILE] {name}, got {len(args)} arguments")


@contextmanager
def _bar(items: Iterable[T], length: int, label: str) -> Iterator[Iterable[T]]:
    """A progress bar on stderr when it is a terminal; the bare iterable otherwise."""
    if not sys.stderr.isatty():
        yield items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield bar


def _agency(source: RecordSource, agency_id: str) -> Agency | None:
    return next((a for a in source.agencies() if a.id == agency_id), None)


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2020-06-30, got {value!r}") from None


def _money(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"expected an amount in yuan, got {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise click.BadParameter(f"expected a non-negative amount, got {value!r}")
    return amount


_lang = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Labels."
)
_font = click.option(
    "--font",
    type=click.Path(dir_okay=False, exists=True),
    help="A TrueType font to embed (subset) instead of the built-in STSong-Light.",
)
_low_fine = click.option(
    "--low-fine-line",
    default=None,
    callback=_money,
    metavar="YUAN",
    help="The province's low-fine line: fines up to this many yuan are published for 3 months, "
    "not 3 years (SAMR 第十三条). None by default.",
)
_allow_minor = click.option(
    "--allow-minor",
    is_flag=True,
    help="Publish even though the party was a minor (only where the law requires it).",
)


class _NoticeGroup(click.Group):
    """``enforcement notice FILE CASE`` renders; ``enforcement notice verify ...`` verifies."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["render", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_NoticeGroup)
def notice() -> None:
    """Render the public notice of one case (FILE CASE_ID -o notice.pdf), or verify one."""


@notice.command("render")
@click.argument("args", nargs=-1, required=True, metavar="[FILE] CASE_ID")
@click.option("--db", "db_url", envvar=ENV_VAR, default=None, metavar="URL", help=_DB_HELP)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="PDF to write."
)
@click.option(
    "--kind",
    type=click.Choice(["decision", "withdrawal"]),
    default="decision",
    show_default=True,
    help="The decision notice, or the withdrawal notice (撤下说明) of a revoked decision.",
)
@click.option(
    "--published-on",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="Publication date (default: from the record).",
)
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the redaction manifest and digest as JSON.",
)
@_lang
@_font
@_low_fine
@_allow_minor
@signing_options
def render(
    args: tuple[str, ...],
    db_url: str | None,
    output: Path | None,
    kind: str,
    published_on: date | None,
    manifest: Path | None,
    lang: str,
    font: str | None,
    low_fine_line: Decimal | None,
    allow_minor: bool,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Render the public notice of case CASE_ID, from FILE or the store given by --db."""
    path, case_id = _file_and(args, "CASE_ID")
    signing = signing_from(key_path, cert_path, signed_at)
    with opened_source(path, db_url) as records:
        case = records.case(case_id)
        if case is None:
            click.echo(f"no case {case_id!r}", err=True)
            raise SystemExit(EXIT_PROBLEMS)
        target = output or Path(notice_filename(case.id, kind))
        options = NoticeOptions(
            published_on=published_on, low_fine_line=low_fine_line, allow_minor=allow_minor
        )
        try:
            document = build_notice_document(
                case,
                cast(DocumentKind, kind),
                agency=_agency(records, case.agency_id),
                lang=cast(Lang, lang),
                options=options,
                font=font,
            )
            render_document(document, out=target, case=case)
            sign_file(target, for_case(signing, records, case.id))
        except NoticeError as exc:
            click.echo(f"cannot publish case {case_id}: {exc}", err=True)
            raise SystemExit(EXIT_PROBLEMS) from None
        masked = document.manifest.count()
        click.echo(f"wrote {target}")
        click.echo(f"sha256 {document.digest}")
        click.echo(f"redacted {masked} item{'s' if masked != 1 else ''}")
        if manifest is not None:
            manifest.write_text(
                json.dumps(
                    {
                        "case_id": case.id,
                        "kind": kind,
                        "sha256": document.digest,
                        "manifest": document.manifest.to_data(),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n",
                encoding="utf-8",
            )


@notice.command("verify")
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@source_options
@click.option(
    "--cert",
    "cert_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The agency's certificate: the notice must be signed by its key.",
)
@click.option(
    "--checkpoint",
    "checkpoint_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A checkpoint: the case's entry must be in the log it signs (needs --db).",
)
def verify(
    pdf: Path,
    path: Path | None,
    db_url: str | None,
    cert_path: Path | None,
    checkpoint_path: Path | None,
) -> None:
    """Check a notice PDF: its signature, its content against FILE (or --db), and the log.

    Passes only when the signature covers the whole file and is by --cert
    (when given), the signed content equals what the record says today, and,
    with --checkpoint, the case's entry is in the checkpointed log. An
    unsigned notice reports "unsigned: content digest only", and fails with --cert.
    """
    try:
        certificate = load_certificate(cert_path) if cert_path else None
        signed_checkpoint = (
            parse_checkpoint(checkpoint_path.read_bytes()) if checkpoint_path else None
        )
    except (SigningKeyError, CheckpointError, OSError) as exc:
        click.echo(f"{exc}", err=True)
        raise SystemExit(EXIT_UNUSABLE) from None
    if signed_checkpoint is not None and db_url is None:
        click.echo("--checkpoint needs the log: give --db URL", err=True)
        raise SystemExit(EXIT_UNUSABLE)
    with opened_source(path, db_url) as records:
        try:
            result = check_notice(
                pdf.read_bytes(),
                records,
                agency_of=lambda agency_id: _agency(records, agency_id),
                certificate=certificate,
                checkpoint=signed_checkpoint,
            )
        except NoticeError as exc:
            click.echo(f"{pdf}: {exc}", err=True)
            raise SystemExit(EXIT_PROBLEMS) from None
    for line in result.checked:
        click.echo(f"{pdf}: {line}")
    if result.ok:
        return
    for problem in result.problems:
        click.echo(f"{pdf}: FAILED {problem}", err=True)
    raise SystemExit(EXIT_PROBLEMS)


@click.command()
@source_options
@click.option("--year", type=int, help="Only cases decided in this year.")
@click.option("--agency", "agency_id", help="Only cases of this agency id.")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("notices"),
    show_default=True,
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@_lang
@_font
@_low_fine
@signing_options
def notices(
    path: Path | None,
    db_url: str | None,
    year: int | None,
    agency_id: str | None,
    out_dir: Path,
    workers: int,
    lang: str,
    font: str | None,
    low_fine_line: Decimal | None,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Render every due notice of FILE (or the --db store) into --out-dir, with an index.json.

    A decision notice for each decision (not for inspections or warning-only
    penalties), and a withdrawal notice for each revoked decision. Cases whose
    party was a minor are skipped and listed.
    """
    with opened_source(path, db_url) as records:
        agencies = {a.id: a for a in records.agencies()}
        items = [
            BatchItem(case, kind, agencies.get(case.agency_id))
            for case in records.cases(agency_id=agency_id)
            if year is None or (case.decision is not None and case.decision.decided_on.year == year)
            for kind in due_notice_kinds(case)
        ]
        signing = signing_from(key_path, cert_path, signed_at)
        signings = {item.case.id: for_case(signing, records, item.case.id) for item in items}
    options = NoticeOptions(low_fine_line=low_fine_line)
    written: list[dict[str, Any]] = []
    skipped: list[tuple[str, str]] = []
    results = render_notices(
        items, out_dir, workers=workers, lang=cast(Lang, lang), options=options, font=font
    )
    with _bar(results, len(items), "rendering") as bar:
        for result in bar:
            if result.error:
                skipped.append((result.case_id, result.error))
            else:
                sign_file(Path(result.path or ""), signings.get(result.case_id, signing))
                written.append(
                    {
                        "case_id": result.case_id,
                        "kind": result.kind,
                        "file": Path(result.path or "").name,
                        "sha256": result.digest,
                        "manifest": list(result.manifest),
                    }
                )
    index = {
        "generated_from": source_name(path, db_url),
        "year": year,
        "notices": written,
        "skipped": [{"case_id": c, "reason": r} for c, r in skipped],
    }
    (out_dir / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    click.echo(f"wrote {len(written)} notices to {out_dir}")
    for case_id, reason in skipped:
        click.echo(f"skipped {case_id}: {reason}", err=True)


@click.command()
@source_options
@click.option("--agency", "agency_id", required=True, help="The agency id.")
@click.option("--on", "on", callback=_day, metavar="YYYY-MM-DD", help="The day (default: today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@_lang
@_font
@signing_options
def roster(
    path: Path | None,
    db_url: str | None,
    agency_id: str,
    on: date | None,
    output: Path | None,
    lang: str,
    font: str | None,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Render an agency's roster of certified officers and its powers (事前公开)."""
    signing = signing_from(key_path, cert_path, signed_at)
    day = on or datetime.now().date()
    target = output or Path(f"{agency_id}-roster-{day.isoformat()}.pdf")
    with opened_source(path, db_url) as records:
        agency = _agency(records, agency_id)
        if agency is None:
            click.echo(f"{source_name(path, db_url)}: no agency {agency_id!r}", err=True)
            raise SystemExit(EXIT_PROBLEMS)
        render_roster(
            agency,
            records.officers(agency_id=agency_id),
            day,
            out=target,
            lang=cast(Lang, lang),
            font=font,
        )
    sign_file(target, signing)
    click.echo(f"wrote {target}")


COMMANDS = (notice, notices, roster)
