"""``enforcement law-report``: the annual 法治政府建设情况报告 from the records and the agency's
own words (``docs/law-report.md``).

Exit status: 0 for a report written with no contradiction; 1 when the
agency's text contradicts the records (the report is still written, with every
contradiction marked and listed, so the clerk can see them); 2 when the input
is unusable: a missing or empty part, an unknown key, an unreadable file, an
output that would overwrite an input.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from enforcement.calendar import provisional_note
from enforcement.cli._output import (
    DATE,
    date_callback,
    force_option,
    inputs_of,
    output_file,
    write_output,
)
from enforcement.cli.core import EXIT_PROBLEMS
from enforcement.cli.signing import signed, signing_from, signing_options
from enforcement.cli.source import (
    calendar_option,
    load_policy,
    opened_source,
    policy_option,
    source_options,
    unusable,
    with_calendars,
)
from enforcement.errors import EnforcementError, PublicationRefusedError, ReportError
from enforcement.lawreport import (
    TEMPLATE,
    LawReportDocument,
    ReportInput,
    build_law_report,
    law_report_markdown,
    render_law_report,
)
from enforcement.plugins import default_plugin_manager
from enforcement.reports import collect_sections
from enforcement.signing import SigningOptions
from enforcement.summary import summarize


def _write_template(output: Path, force: bool) -> None:
    write_output(output_file(output, [], force=force), TEMPLATE)
    click.echo(f"wrote {output}")


def _publish(
    document: LawReportDocument,
    pdf: bytes,
    output: Path,
    markdown: Path | None,
    signing: SigningOptions | None,
) -> None:
    """Write the report: the one place the published files leave the command.

    With ``--sign KEY --cert CERT`` (as notices, roster and summary) the PDF is
    signed (PAdES) before it is written.
    """
    write_output(output, signed(pdf, signing))
    if markdown is not None:
        write_output(markdown, law_report_markdown(document))


@click.command("law-report")
@source_options
@click.option("--year", type=int, default=None, help="The year the report covers.")
@click.option(
    "--input",
    "input_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SECTIONS.toml: the agency's own words for the five parts.",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Write the PDF report here (with --template: the skeleton SECTIONS.toml).",
)
@click.option(
    "--markdown",
    "markdown_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the report as Markdown here (the same words as the PDF).",
)
@click.option(
    "--agency",
    "agency_id",
    default=None,
    help="The agency's id (needed when the records hold several).",
)
@click.option(
    "--on",
    "on",
    callback=date_callback,
    metavar=DATE,
    default=None,
    help="Judge compliance as of this date (default: 31 January of the next year).",
)
@policy_option
@calendar_option
@click.option(
    "--font",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="A TrueType font to embed (subset) instead of the built-in STSong-Light.",
)
@click.option(
    "--template", is_flag=True, help="Write a commented skeleton of SECTIONS.toml to -o instead."
)
@force_option
@signing_options
def law_report(
    path: Path | None,
    db_url: str | None,
    year: int | None,
    input_path: Path | None,
    output: Path,
    markdown_path: Path | None,
    agency_id: str | None,
    on: date | None,
    policy_path: Path | None,
    calendar_paths: tuple[Path, ...],
    font: str | None,
    template: bool,
    force: bool,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Write the annual 法治政府建设情况报告 of PATH, or of the store given by --db.

    The 行政执法 sub-section is written from the records (the figures of
    `enforcement summary`); everything else comes from --input. Exit status 1
    when a number in the agency's text contradicts the records (the report is
    written, each contradiction marked and listed), 2 when the input is unusable.
    """
    signing = signing_from(key_path, cert_path, signed_at)
    if template:
        if path is not None or input_path is not None or markdown_path is not None:
            raise click.UsageError("--template takes only -o (and --force)")
        _write_template(output, force)
        return
    if year is None or input_path is None:
        raise click.UsageError("give --year and --input (or --template -o SECTIONS.toml)")
    inputs = inputs_of(
        path, db_url if path is None else None, input_path, policy_path, *calendar_paths
    )
    output_file(output, inputs, force=force)
    if markdown_path is not None:
        if markdown_path.resolve() == output.resolve():
            raise unusable(f"-o and --markdown name the same file {output}")
        output_file(markdown_path, inputs, force=force)
    try:
        report = ReportInput.read(input_path)
    except ReportError as exc:
        raise unusable(f"--input {exc}") from None
    policy = with_calendars(load_policy(policy_path), calendar_paths)
    pm = default_plugin_manager()
    with opened_source(path, db_url) as source:
        agencies = source.agencies()
        if agency_id is None:
            if len(agencies) != 1:
                raise unusable(
                    f"the records hold {len(agencies)} agencies; give --agency ID "
                    f"({', '.join(a.id for a in agencies) or 'none'})"
                )
            agency_id = agencies[0].id
        try:
            result = summarize(
                source,
                year=year,
                agency_id=agency_id,
                policy=policy,
                on=on,
                plugin_manager=pm,
            )
            sections = collect_sections(result, source=source, lang="zh", plugin_manager=pm)
            document = build_law_report(
                result, report, sections=sections, font=font, plugin_manager=pm
            )
            pdf = render_law_report(document, plugin_manager=pm)
        except ReportError as exc:
            raise unusable(f"--input {exc}" if "sections[" in exc.field else str(exc)) from None
        except PublicationRefusedError as exc:
            click.echo(f"error: cannot publish the report: {exc}", err=True)
            raise SystemExit(1) from None
        except EnforcementError as exc:
            raise unusable(str(exc)) from None
    if result.provisional_calendar:
        click.echo(
            "note: the deadlines of some figures are "
            + provisional_note(result.provisional_calendar, "en"),
            err=True,
        )
    due = date(year + 1, 4, 1)
    if report.date is not None and report.date > due:
        click.echo(
            f"note: the report is dated {report.date.isoformat()}, after {due.isoformat()}, "
            "the day it is due (督察规定 第二十四条)",
            err=True,
        )
    for key in document.unplaced_sections:
        click.echo(
            f"note: the report section {key!r} is not placed; add it to a sub-section's "
            f'records (records = ["enforcement", "{key}"]) to include it',
            err=True,
        )
    try:
        _publish(document, pdf, output, markdown_path, signing)
    except OSError as exc:
        raise unusable(f"cannot write: {exc}") from None
    for written in (output, markdown_path):
        if written is not None:
            click.echo(f"wrote {written}")
    if document.contradictions:
        for item in document.contradictions:
            click.echo(
                f"{input_path}: {item.where}: “{item.typed}” contradicts the records "
                f"({item.figure.label} {item.stated})",
                err=True,
            )
        click.echo(
            f"error: {len(document.contradictions)} number(s) in the agency's text contradict "
            "the records; each is marked in the report",
            err=True,
        )
        raise SystemExit(EXIT_PROBLEMS)


COMMANDS = (law_report,)
