"""``notice``, ``notice verify``, ``notices`` and ``roster``: public notices from the command line.

Every command reads its records from an interchange file or, with ``--db URL``
(or ``$ENFORCEMENT_DB``), from a store, through :mod:`enforcement.cli.source`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar, cast

import click

from enforcement.cli._output import (
    DATE,
    YEAR,
    date_callback,
    echo,
    fail,
    force_option,
    inputs_of,
    output_dir,
    output_file,
    write_output,
)
from enforcement.cli.source import max_bytes_option, opened_source, source_name, source_options
from enforcement.errors import NoticeError
from enforcement.models import Agency
from enforcement.notice_index import notice_index
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
    verify_notice,
)
from enforcement.sources import RecordSource
from enforcement.store import ENV_VAR
from enforcement.store.url import resolve_url

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


_day = date_callback


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


@click.group(
    cls=_NoticeGroup,
    options_metavar="",
    subcommand_metavar="[FILE] CASE_ID [-o PDF] [OPTIONS] | verify PDF [FILE] [OPTIONS]",
)
def notice() -> None:
    """Render the public notice of one case (FILE CASE_ID -o notice.pdf), or verify one."""


@notice.command("render")
@click.argument("args", nargs=-1, required=True, metavar="[FILE] CASE_ID")
@click.option("--db", "db_url", envvar=ENV_VAR, default=None, metavar="URL", help=_DB_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF to write (default: CASE_ID-KIND.pdf in the current directory).",
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
    metavar=DATE,
    help="Publication date, not before the decision (default: from the record).",
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
@max_bytes_option
@force_option
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
    force: bool,
) -> None:
    """Render the public notice of case CASE_ID, from FILE or the store given by --db."""
    path, case_id = _file_and(args, "CASE_ID")
    inputs = inputs_of(path, resolve_url(db_url) if path is None else None, font)
    with opened_source(path, db_url) as records:
        case = records.case(case_id)
        if case is None:
            fail(f"no case {case_id!r}", EXIT_PROBLEMS)
        target = output_file(output or Path(notice_filename(case.id, kind)), inputs, force=force)
        if manifest is not None:
            output_file(manifest, inputs, force=force)
        decided = case.decision.decided_on if case.decision is not None else None
        if published_on is not None and decided is not None and published_on < decided:
            fail(f"--published-on {published_on} is before the decision date ({decided})")
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
            data = render_document(document, case=case)
        except NoticeError as exc:
            fail(f"cannot publish case {case_id}: {exc}", EXIT_PROBLEMS)
        write_output(target, data)
        masked = document.manifest.count()
        echo(f"wrote {target}")
        click.echo(f"sha256 {document.digest}")
        click.echo(f"redacted {masked} item{'s' if masked != 1 else ''}")
        if manifest is not None:
            write_output(
                manifest,
                json.dumps(
                    {
                        "format": "enforcement-notice-manifest/1",
                        "case_id": case.id,
                        "kind": kind,
                        "sha256": document.digest,
                        "manifest": document.manifest.to_data(),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n",
            )


@notice.command("verify")
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@source_options
def verify(pdf: Path, path: Path | None, db_url: str | None) -> None:
    """Check that notice PDF matches its case in FILE (or the --db store); exit 1 if not."""
    with opened_source(path, db_url) as records:
        try:
            result = verify_notice(
                pdf, records.case, agency_of=lambda agency_id: _agency(records, agency_id)
            )
        except NoticeError as exc:
            fail(f"{pdf}: {exc}", EXIT_PROBLEMS)
    if result.matches:
        echo(f"{pdf}: {result.message}")
        return
    fail(f"{pdf}: {result.message}", EXIT_PROBLEMS)


@click.command()
@source_options
@click.option("--year", type=YEAR, help="Only cases decided in this year.")
@click.option("--agency", "agency_id", help="Only cases of this agency id.")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("notices"),
    show_default=True,
    help="Where to write the PDFs and index.json (created if missing).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes rendering in parallel.",
)
@_lang
@_font
@_low_fine
@force_option
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
    force: bool,
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
    inputs = inputs_of(path, resolve_url(db_url) if path is None else None, font)
    output_dir(out_dir, inputs)
    for target in [out_dir / "index.json"] + [
        out_dir / notice_filename(item.case.id, item.kind) for item in items
    ]:
        output_file(target, inputs, force=force)
    options = NoticeOptions(low_fine_line=low_fine_line)
    results = render_notices(
        items, out_dir, workers=workers, lang=cast(Lang, lang), options=options, font=font
    )
    with _bar(results, len(items), "rendering") as bar:
        index = notice_index(bar, generated_from=source_name(path, db_url), year=year)
    write_output(out_dir / "index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    echo(f"wrote {len(index['notices'])} notices to {out_dir}")
    for skipped in index["skipped"]:
        echo(f"skipped {skipped['case_id']}: {skipped['reason']}", err=True)


@click.command()
@source_options
@click.option("--agency", "agency_id", required=True, help="The agency id.")
@click.option("--on", "on", callback=_day, metavar=DATE, help="The day (default: today).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF to write (default: AGENCY-roster-DATE.pdf in the current directory).",
)
@_lang
@_font
@force_option
def roster(
    path: Path | None,
    db_url: str | None,
    agency_id: str,
    on: date | None,
    output: Path | None,
    lang: str,
    font: str | None,
    force: bool,
) -> None:
    """Render an agency's roster of certified officers and its powers (事前公开)."""
    day = on or datetime.now().date()
    name = re.sub(r"[^\w.-]+", "_", agency_id)
    inputs = inputs_of(path, resolve_url(db_url) if path is None else None, font)
    target = output_file(
        output or Path(f"{name}-roster-{day.isoformat()}.pdf"), inputs, force=force
    )
    with opened_source(path, db_url) as records:
        agency = _agency(records, agency_id)
        if agency is None:
            fail(f"{source_name(path, db_url)}: no agency {agency_id!r}", EXIT_PROBLEMS)
        try:
            data = render_roster(
                agency,
                records.officers(agency_id=agency_id),
                day,
                lang=cast(Lang, lang),
                font=font,
            )
        except NoticeError as exc:
            fail(exc)
    write_output(target, data)
    echo(f"wrote {target}")


COMMANDS = (notice, notices, roster)
