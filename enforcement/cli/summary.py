"""``enforcement summary``: the year's figures as a PDF report and a JSON data file."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, cast

import click
import pluggy

from enforcement._text import plural
from enforcement.calendar import provisional_note
from enforcement.cli._output import (
    DATE,
    YEAR,
    clean_json,
    date_callback,
    echo,
    force_option,
    inputs_of,
    output_file,
    write_output,
)
from enforcement.cli.signing import signed, signing_from, signing_options
from enforcement.cli.source import (
    calendar_option,
    lang_option,
    load_policy,
    opened_source,
    policy_option,
    source_name,
    source_options,
    unusable,
    with_calendars,
)
from enforcement.errors import (
    CheckpointError,
    EnforcementError,
    NoticeError,
    PublicationRefusedError,
    ReportError,
)
from enforcement.notices import Lang
from enforcement.plugins import default_plugin_manager
from enforcement.policy import Policy
from enforcement.redaction import AllowList, Redactor
from enforcement.redaction.manifest import NO_ALLOW_LIST
from enforcement.reports import (
    Narrative,
    SummarySection,
    collect_sections,
    region_data,
    region_redactor,
    region_sections,
    render_summary,
    summary_data,
    summary_redactor,
)
from enforcement.signing import SigningOptions
from enforcement.store import Store
from enforcement.store.url import resolve_url
from enforcement.summary import Progress, Summary, summarize, summarize_region
from enforcement.tables_files import write_tables
from enforcement.transparency.checkpoint import SignedCheckpoint, read_checkpoint


@contextmanager
def _counter(label: str) -> Iterator[Progress | None]:
    """A click progress bar on a terminal (stderr); the case count is not known in advance."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(
        length=0, label=label, file=sys.stderr, show_percent=False, show_eta=False, show_pos=True
    ) as bar:
        state = {"done": 0}

        def update(done: int, _total: int) -> None:
            # Every 100 cases: redrawing per case would cost more than summarising it.
            if done - state["done"] >= 100:
                bar.length = done
                bar.update(done - state["done"])
                state["done"] = done

        yield update


@click.command()
@source_options
@click.option("--year", type=YEAR, required=True, help="The year of the figures (cases opened).")
@click.option("--agency", "agency_id", default=None, help="One agency's id (default: all).")
@click.option(
    "--region",
    "region",
    default=None,
    metavar="CODE",
    help="Roll up every agency of a region (GB/T 2260 code: a county such as 331126, a city "
    "331100 or a province 330000): their sum and each agency's figures. Needs a store.",
)
@click.option(
    "--checkpoint",
    "checkpoint_paths",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="With --region: a signed checkpoint an agency published; the roll-up must be of "
    "exactly that log and names it. May be repeated.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes reading a store's cases in parallel (a file is read in one).",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the PDF report here.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the data-publication file (JSON) here; '-' for standard output.",
)
@click.option(
    "--on",
    "on",
    callback=date_callback,
    metavar=DATE,
    default=None,
    help="Judge compliance as of this date (default: 31 January of the next year).",
)
@click.option(
    "--tables",
    "tables_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the official data tables here: an Excel workbook (.xlsx) or CSV (.csv).",
)
@policy_option
@calendar_option
@click.option(
    "--narrative",
    "narrative_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A Markdown file of the report's own words (achievements, shortcomings, plans).",
)
@click.option(
    "--allow",
    "allow_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="A reviewed allow-list for the redaction of the report and data file "
    "(see docs/notices.md).",
)
@lang_option
@force_option
@signing_options
def summary(
    path: Path | None,
    db_url: str | None,
    year: int,
    agency_id: str | None,
    region: str | None,
    checkpoint_paths: tuple[Path, ...],
    workers: int,
    output: Path | None,
    json_path: Path | None,
    tables_path: Path | None,
    on: date | None,
    policy_path: Path | None,
    calendar_paths: tuple[Path, ...],
    narrative_path: Path | None,
    allow_path: Path | None,
    lang: str,
    force: bool,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Summarise a year of PATH, or of the store given by --db: the annual statistics.

    Prints the key figures; -o writes the PDF report, --json the data file
    (the figures of docs/summary.md plus the plugins' sections), both redacted.
    Exit status 1, listing each span, when something that may be a natural
    person's data would be published (see --allow); 2 when the input, the
    policy, the narrative or the options are unusable.
    """
    language = cast(Lang, lang)
    if region is not None:
        if agency_id is not None:
            raise click.UsageError("give --agency or --region, not both")
        if path is not None:
            raise unusable("--region rolls up the agencies of a store: give --db, not a file")
    elif checkpoint_paths:
        raise click.UsageError("--checkpoint names the logs of a roll-up: give --region")
    checkpoints = []
    for checkpoint_path in checkpoint_paths:
        try:
            checkpoints.append(read_checkpoint(checkpoint_path))
        except CheckpointError as exc:
            raise unusable(f"{checkpoint_path}: {exc}") from None
        except OSError as exc:
            raise unusable(f"{checkpoint_path}: cannot read: {exc.strerror or exc}") from None
    if tables_path is not None and tables_path.suffix.lower() not in (".xlsx", ".csv"):
        raise unusable(f"--tables: expected a .xlsx or .csv file name, got {tables_path.name!r}")
    signing = signing_from(key_path, cert_path, signed_at)
    if signing is not None and output is None:
        raise click.UsageError("--sign signs the PDF report: give -o FILE")
    day = on
    inputs = inputs_of(
        path, resolve_url(db_url) if path is None else None, narrative_path, policy_path
    )
    for target in (output, json_path, tables_path):
        if target is not None and str(target) != "-":
            output_file(target, inputs, force=force)
    policy = with_calendars(load_policy(policy_path), calendar_paths)
    narrative = None
    if narrative_path is not None:
        try:
            narrative = Narrative.read(narrative_path)
        except ReportError as exc:
            raise unusable(f"--narrative: {exc.reason}") from None
    allow = NO_ALLOW_LIST
    if allow_path is not None:
        try:
            allow = AllowList.read(allow_path)
        except NoticeError as exc:
            raise unusable(str(exc)) from None
    pm = default_plugin_manager()
    if region is not None:
        _region(
            db_url,
            region,
            year=year,
            policy=policy,
            on=day,
            workers=workers,
            lang=language,
            output=output,
            json_path=json_path,
            tables_path=tables_path,
            narrative=narrative,
            allow=allow,
            signing=signing,
            checkpoints=checkpoints,
        )
        return
    with opened_source(path, db_url) as source, _counter("summarising") as progress:
        try:
            result = summarize(
                source,
                year=year,
                agency_id=agency_id,
                policy=policy,
                on=day,
                plugin_manager=pm,
                progress=progress,
                workers=workers,
            )
            sections = collect_sections(result, source=source, lang=language, plugin_manager=pm)
        except EnforcementError as exc:
            raise unusable(str(exc)) from None
    _note_provisional(result)
    redactor = summary_redactor(result, allow=allow)
    if not _publish(
        result,
        sections,
        redactor,
        lambda: summary_data(result, sections, redactor=redactor),
        lang=language,
        narrative=narrative,
        pm=pm,
        signing=signing,
        output=output,
        tables_path=tables_path,
        table_name=result.agency_name,
        json_path=json_path,
    ):
        return
    scope = result.agency_name or result.agency_id or "all agencies"
    echo(f"{source_name(path, db_url)}: {year}, {scope}: {_line(result)}")
    for written in (output, tables_path, json_path):
        if written is not None:
            echo(f"wrote {written}")


def _region(
    db_url: str | None,
    region: str,
    *,
    year: int,
    policy: Policy,
    on: date | None,
    workers: int,
    lang: Lang,
    output: Path | None,
    json_path: Path | None,
    tables_path: Path | None,
    narrative: Narrative | None,
    allow: AllowList,
    signing: SigningOptions | None,
    checkpoints: list[SignedCheckpoint],
) -> None:
    """``summary --region``: a region's roll-up, its PDF report, data file and tables."""
    pm = default_plugin_manager()
    with opened_source(None, db_url) as source, _counter("summarising") as progress:
        assert isinstance(source, Store)
        try:
            result = summarize_region(
                source,
                region=region,
                year=year,
                policy=policy,
                on=on,
                plugin_manager=pm,
                progress=progress,
                workers=workers,
                checkpoints=checkpoints,
            )
            sections = region_sections(result, lang) + collect_sections(
                result.total, source=source, lang=lang, plugin_manager=pm
            )
        except EnforcementError as exc:
            raise unusable(str(exc)) from None
    total = result.total
    _note_provisional(total)
    redactor = region_redactor(result, allow=allow)

    def data() -> dict[str, Any]:
        found = region_data(result, redactor=redactor)
        found["sections"] = [
            s.to_data() for s in sections if s.key not in ("region_agencies", "region_logs")
        ]
        return found

    if not _publish(
        total,
        sections,
        redactor,
        data,
        lang=lang,
        narrative=narrative,
        pm=pm,
        signing=signing,
        output=output,
        tables_path=tables_path,
        table_name=f"行政区划 {result.region}",
        json_path=json_path,
    ):
        return
    name = source_name(None, db_url)
    for part in result.agencies:
        echo(f"{name}: {year}, {part.agency_name or part.agency_id}: {_line(part)}")
    agencies = plural(len(result.agencies), "agency", "agencies")
    echo(f"{name}: {year}, region {result.region} ({agencies}): {_line(total)}")
    for head in result.logs:
        as_signed = ", as checkpointed" if head.checkpoint is not None else ""
        echo(f"  log of {head.agency_id}: tree size {head.size}, root {head.root}{as_signed}")
    for written in (output, tables_path, json_path):
        if written is not None:
            echo(f"wrote {written}")


def _publish(
    result: Summary,
    sections: Sequence[SummarySection],
    redactor: Redactor,
    data: Callable[[], dict[str, Any]],
    *,
    lang: Lang,
    narrative: Narrative | None,
    pm: pluggy.PluginManager,
    signing: SigningOptions | None,
    output: Path | None,
    tables_path: Path | None,
    table_name: str | None,
    json_path: Path | None,
) -> bool:
    """Write the report's PDF, tables and data file as asked; ``False`` when the data went to
    standard output (nothing more may be printed there)."""
    try:
        if output is not None:
            pdf = render_summary(
                result,
                lang=lang,
                narrative=narrative,
                sections=sections,
                plugin_manager=pm,
                redactor=redactor,
            )
            write_output(output, signed(pdf, signing))
        if tables_path is not None:
            write_tables(result.tables, tables_path, agency_name=table_name)
        if json_path is not None:
            text = json.dumps(data(), ensure_ascii=False, indent=2)
            if str(json_path) == "-":
                click.echo(clean_json(text))
                return False
            write_output(json_path, text + "\n")
    except PublicationRefusedError as exc:
        click.echo(f"error: cannot publish the report: {exc}", err=True)
        raise SystemExit(1) from None
    except EnforcementError as exc:
        raise unusable(str(exc)) from None
    except OSError as exc:
        raise unusable(f"cannot write: {exc}") from None
    return True


def _note_provisional(result: Summary) -> None:
    """Say on standard error when some deadlines were counted on a provisional calendar."""
    if result.provisional_calendar:
        click.echo(
            "note: the deadlines of some figures are "
            + provisional_note(result.provisional_calendar, "en"),
            err=True,
        )


def _line(result: Summary) -> str:
    c, p = result.cases, result.publication
    return (
        f"{c.total} cases, {c.decisions} decisions, fines {c.fines_total:,.2f} yuan, "
        f"notices on time {p.on_time}/{p.due}, {sum(result.findings_by_code.values())} findings"
    )


COMMANDS = (summary,)
