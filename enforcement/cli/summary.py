"""``enforcement summary``: the year's figures as a PDF report and a JSON data file."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import cast

import click

from enforcement.cli.signing import sign_file, signing_from, signing_options
from enforcement.cli.source import (
    lang_option,
    load_policy,
    opened_source,
    policy_option,
    source_name,
    source_options,
    unusable,
)
from enforcement.errors import EnforcementError, ReportError
from enforcement.notices import Lang
from enforcement.plugins import default_plugin_manager
from enforcement.reports import Narrative, collect_sections, render_summary, summary_data
from enforcement.summary import Progress, summarize


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
@click.option("--year", type=int, required=True, help="The year of the figures (cases opened).")
@click.option("--agency", "agency_id", default=None, help="One agency's id (default: all).")
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
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge compliance as of this date, YYYY-MM-DD (default: 31 January of the next year).",
)
@policy_option
@click.option(
    "--narrative",
    "narrative_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A Markdown file of the report's own words (achievements, shortcomings, plans).",
)
@lang_option
@signing_options
def summary(
    path: Path | None,
    db_url: str | None,
    year: int,
    agency_id: str | None,
    workers: int,
    output: Path | None,
    json_path: Path | None,
    on: datetime | None,
    policy_path: Path | None,
    narrative_path: Path | None,
    lang: str,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
) -> None:
    """Summarise a year of PATH, or of the store given by --db: the annual statistics.

    Prints the key figures; -o writes the PDF report, --json the data file
    (the figures of docs/summary.md plus the plugins' sections). Exit status 2
    when the input, the policy, the narrative or the options are unusable.
    """
    language = cast(Lang, lang)
    signing = signing_from(key_path, cert_path, signed_at)
    if signing is not None and output is None:
        raise click.UsageError("--sign signs the PDF report: give -o FILE")
    day: date | None = on.date() if on is not None else None
    policy = load_policy(policy_path)
    narrative = None
    if narrative_path is not None:
        try:
            narrative = Narrative.read(narrative_path)
        except ReportError as exc:
            raise unusable(f"--narrative: {exc.reason}") from None
    pm = default_plugin_manager()
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
    try:
        if output is not None:
            render_summary(
                result,
                out=output,
                lang=language,
                narrative=narrative,
                sections=sections,
                plugin_manager=pm,
            )
            sign_file(output, signing)
        if json_path is not None:
            text = json.dumps(summary_data(result, sections), ensure_ascii=False, indent=2)
            if str(json_path) == "-":
                click.echo(text)
                return
            json_path.write_text(text + "\n", encoding="utf-8")
    except EnforcementError as exc:
        raise unusable(str(exc)) from None
    except OSError as exc:
        raise unusable(f"cannot write: {exc}") from None
    c, p = result.cases, result.publication
    scope = result.agency_name or result.agency_id or "all agencies"
    click.echo(
        f"{source_name(path, db_url)}: {year}, {scope}: {c.total} cases, {c.decisions} decisions, "
        f"fines {c.fines_total:,.2f} yuan, notices on time {p.on_time}/{p.due}, "
        f"{sum(result.findings_by_code.values())} findings"
    )
    for written in (output, json_path):
        if written is not None:
            click.echo(f"wrote {written}")


COMMANDS = (summary,)
