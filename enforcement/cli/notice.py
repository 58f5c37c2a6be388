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
from typing import Any, TypeVar, cast

import click

from enforcement._files import atomic_write
from enforcement.calendar import provisional_note
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
from enforcement.cli.signing import signed, signing_from, signing_options
from enforcement.cli.source import (
    calendar_option,
    load_policy,
    max_bytes_option,
    opened_source,
    policy_option,
    source_name,
    source_options,
    with_calendars,
)
from enforcement.errors import CheckpointError, NoticeError, SigningKeyError
from enforcement.models import Agency, Case
from enforcement.notice_index import notice_index
from enforcement.notices import (
    BatchItem,
    DocumentKind,
    Lang,
    NoticeOptions,
    PublicationDate,
    build_notice_document,
    document_redactor,
    due_notice_kinds,
    notice_filename,
    publication_date,
    render_document,
    render_notices,
    render_roster,
)
from enforcement.notices.verify import check_notice
from enforcement.plugins import default_plugin_manager
from enforcement.policy import Policy
from enforcement.redaction import AllowList
from enforcement.redaction.manifest import NO_ALLOW_LIST
from enforcement.signing import for_case
from enforcement.sources import RecordSource
from enforcement.store import ENV_VAR
from enforcement.store.url import resolve_url
from enforcement.transparency.checkpoint import read_checkpoint
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


def _published_on(
    case: Case, kind: str, agency: Agency | None, policy: Policy, cals: dict[str | None, Any]
) -> date | None:
    """The computed publication date of a notice on the --calendar calendar, with a note on
    stderr when it rests on a provisional calendar or cannot be computed; ``None`` when the
    case's records give it (the notice's own computation then agrees). A computed date is
    stamped into the PDF with the options, so verification needs no calendar."""
    region = agency.region if agency is not None and policy.regional_calendars else None
    if region not in cals:
        cals[region] = policy.working_calendar(region, default_plugin_manager())
    found: PublicationDate = publication_date(
        case, cast(DocumentKind, kind), policy=policy, calendar=cals[region]
    )
    if found.basis == "undetermined":
        click.echo(
            f"note: {case.id}: no holiday data for {found.year}, so the {kind} notice is dated "
            f"{found.day.isoformat()}; give --published-on, or --calendar FILE with {found.year}'s "
            "arrangement",
            err=True,
        )
    if found.provisional:
        click.echo(
            f"note: {case.id}: the {kind} notice's date {found.day.isoformat()} is "
            + provisional_note(found.provisional, "en"),
            err=True,
        )
    return found.day if found.basis != "record" else None


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


def _embeddable(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    # The PDF plugin judges its fonts; refuse here so that no notice is half-written.
    from enforcement_pdf.fonts import embeddable_face

    try:
        embeddable_face(value)
    except NoticeError as exc:
        raise click.BadParameter(exc.reason) from None
    return value


_font = click.option(
    "--font",
    type=click.Path(dir_okay=False, exists=True),
    callback=_embeddable,
    help="A Chinese TrueType font file to embed (subset) instead of the one found installed "
    "(see `enforcement fonts`).",
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


def _read_allow(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> AllowList:
    if value is None:
        return NO_ALLOW_LIST
    try:
        return AllowList.read(value)
    except NoticeError as exc:
        raise click.BadParameter(str(exc)) from None


_allow = click.option(
    "--allow",
    "allow",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_read_allow,
    metavar="FILE",
    help="A reviewed allow-list: publish the spans it names although a detector flags them "
    "(see docs/notices.md; the manifest records each).",
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
@policy_option
@calendar_option
@_allow
@max_bytes_option
@force_option
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
    policy_path: Path | None,
    calendar_paths: tuple[Path, ...],
    allow: AllowList,
    force: bool,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Render the public notice of case CASE_ID, from FILE or the store given by --db.

    Exit status 1, listing each span, when something that may be a natural
    person's data survives redaction (see --allow).
    """
    path, case_id = _file_and(args, "CASE_ID")
    policy = with_calendars(load_policy(policy_path), calendar_paths)
    inputs = inputs_of(path, resolve_url(db_url) if path is None else None, font)
    signing = signing_from(key_path, cert_path, signed_at)
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
        agency = _agency(records, case.agency_id)
        try:
            if published_on is None:
                published_on = _published_on(case, kind, agency, policy, {})
            options = NoticeOptions.from_policy(
                policy,
                published_on=published_on,
                low_fine_line=low_fine_line,
                allow_minor=allow_minor,
            )
            document = build_notice_document(
                case,
                cast(DocumentKind, kind),
                agency=agency,
                lang=cast(Lang, lang),
                options=options,
                font=font,
                allow=allow,
            )
            redactor = document_redactor(document, case, allow=allow)
            data = signed(
                render_document(document, case=case, redactor=redactor),
                for_case(signing, records, case.id),
            )
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
@_allow
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
    allow: AllowList,
) -> None:
    """Check a notice PDF: its signature, its content against FILE (or --db), and the log.

    Passes only when the signature covers the whole file and is by --cert
    (when given), the signed content equals what the record says today, and,
    with --checkpoint, the case's entry is in the checkpointed log. An
    unsigned notice reports "unsigned: content digest only", and fails with --cert.
    """
    try:
        certificate = load_certificate(cert_path) if cert_path else None
    except SigningKeyError as exc:
        fail(exc)
    try:
        signed_checkpoint = read_checkpoint(checkpoint_path) if checkpoint_path else None
    except CheckpointError as exc:
        fail(f"{checkpoint_path}: not a checkpoint: {exc}")
    except OSError as exc:
        fail(f"{checkpoint_path}: cannot read ({exc.strerror or exc})")
    if signed_checkpoint is not None and db_url is None:
        fail("--checkpoint needs the log: give --db URL")
    with opened_source(path, db_url) as records:
        try:
            result = check_notice(
                pdf,
                records,
                agency_of=lambda agency_id: _agency(records, agency_id),
                certificate=certificate,
                checkpoint=signed_checkpoint,
                allow=allow,
            )
        except NoticeError as exc:
            fail(f"{pdf}: {exc}", EXIT_PROBLEMS)
    for line in result.checked:
        echo(f"{pdf}: {line}")
    if result.ok:
        return
    for problem in result.problems:
        echo(f"{pdf}: FAILED {problem}", err=True)
    raise SystemExit(EXIT_PROBLEMS)


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
@policy_option
@calendar_option
@_allow
@force_option
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
    policy_path: Path | None,
    calendar_paths: tuple[Path, ...],
    allow: AllowList,
    force: bool,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Render every due notice of FILE (or the --db store) into --out-dir, with an index.json.

    A decision notice for each decision (not for inspections or warning-only
    penalties), and a withdrawal notice for each revoked decision. Cases whose
    party was a minor, or whose redaction was refused, are skipped and listed;
    a refusal makes the exit status 1.
    """
    policy = with_calendars(load_policy(policy_path), calendar_paths)
    calendars: dict[str | None, Any] = {}
    with opened_source(path, db_url) as records:
        agencies = {a.id: a for a in records.agencies()}
        items = [
            BatchItem(
                case,
                kind,
                agencies.get(case.agency_id),
                _published_on(case, kind, agencies.get(case.agency_id), policy, calendars),
            )
            for case in records.cases(agency_id=agency_id)
            if year is None or (case.decision is not None and case.decision.decided_on.year == year)
            for kind in due_notice_kinds(case)
        ]
        signing = signing_from(key_path, cert_path, signed_at)
        signings = {item.case.id: for_case(signing, records, item.case.id) for item in items}
    inputs = inputs_of(path, resolve_url(db_url) if path is None else None, font)
    output_dir(out_dir, inputs)
    for target in [out_dir / "index.json"] + [
        out_dir / notice_filename(item.case.id, item.kind) for item in items
    ]:
        output_file(target, inputs, force=force)
    options = NoticeOptions.from_policy(policy, low_fine_line=low_fine_line)
    results = render_notices(
        items,
        out_dir,
        workers=workers,
        lang=cast(Lang, lang),
        options=options,
        font=font,
        allow=allow,
    )
    with _bar(results, len(items), "rendering") as bar:
        done = []
        for result in bar:
            if result.error is None and result.path is not None:
                written = Path(result.path)
                signing_of = signings.get(result.case_id, signing)
                if signing_of is not None:
                    atomic_write(written, signed(written.read_bytes(), signing_of))
            done.append(result)
    refused = sum(1 for result in done if result.refusals)
    index = notice_index(done, generated_from=source_name(path, db_url), year=year)
    write_output(out_dir / "index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    echo(f"wrote {len(index['notices'])} notices to {out_dir}")
    for skipped in index["skipped"]:
        echo(f"skipped {skipped['case_id']}: {skipped['reason']}", err=True)
    if refused:
        raise SystemExit(EXIT_PROBLEMS)


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
@signing_options
def roster(
    path: Path | None,
    db_url: str | None,
    agency_id: str,
    on: date | None,
    output: Path | None,
    lang: str,
    font: str | None,
    force: bool,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Render an agency's roster of certified officers and its powers (事前公开)."""
    signing = signing_from(key_path, cert_path, signed_at)
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
    write_output(target, signed(data, signing))
    echo(f"wrote {target}")


COMMANDS = (notice, notices, roster)
