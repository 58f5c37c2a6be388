"""``calendar show`` and ``calendar template``: a year's working-day calendar and its sources."""

from __future__ import annotations

from pathlib import Path

import click

from enforcement.calendar import provisional_note, reason_in_english
from enforcement.calendar.files import calendar_template
from enforcement.cli._output import inputs_of, output_file, write_output
from enforcement.cli.source import (
    calendar_option,
    lang_option,
    load_policy,
    policy_option,
    unusable,
    with_calendars,
)
from enforcement.errors import CalendarError
from enforcement.plugins import default_plugin_manager

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_year = click.argument("year", type=click.IntRange(1900, 9999))
_region = click.option(
    "--region",
    default=None,
    metavar="CODE",
    help="The region (行政区划) whose local days to include (default: national only).",
)


@click.group()
def calendar() -> None:
    """Show a year's working-day calendar, or write a calendar file to fill in."""


@calendar.command("show")
@_year
@_region
@policy_option
@calendar_option
@lang_option
def show(
    year: int,
    region: str | None,
    policy_path: Path | None,
    calendar_paths: tuple[Path, ...],
    lang: str,
) -> None:
    """Print each holiday and make-up working day of YEAR, and where it came from.

    Exit status 2 when the year has no data (and no provisional calendar) or a
    calendar file is unusable.
    """
    policy = with_calendars(load_policy(policy_path), calendar_paths)
    cal = policy.working_calendar(region, default_plugin_manager())
    try:
        days = cal.year_days(year)
    except CalendarError as exc:
        raise unusable(str(exc)) from None
    english = lang == "en"
    if cal.is_provisional(year):
        click.echo(f"{year}: {provisional_note([year], lang)}")
    for entry in days:
        info = entry.day
        if english:
            kind = "working" if info.working else "off    "
            reason = reason_in_english(info.reason)
        else:
            kind = "上班" if info.working else "休息"
            reason = info.reason
        weekday = _WEEKDAYS[info.day.weekday()]
        click.echo(f"{info.day.isoformat()} {weekday} {kind} {reason}  [{entry.origin}]")


@calendar.command("template")
@_year
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (default calendar-YEAR.toml); '-' for standard output.",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@_region
@policy_option
@calendar_option
def template(
    year: int,
    output: Path | None,
    force: bool,
    region: str | None,
    policy_path: Path | None,
    calendar_paths: tuple[Path, ...],
) -> None:
    """Write a calendar file for YEAR to correct against the State Council's notice.

    Prefilled with what is known of the year (the official data, else the
    provisional computation); fill in `notice` and correct the days, then load
    it with --calendar FILE. Refuses to replace an existing file without --force.
    """
    policy = with_calendars(load_policy(policy_path), calendar_paths)
    text = calendar_template(
        year, calendar=policy.working_calendar(region, default_plugin_manager())
    )
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return
    inputs = inputs_of(None, None, policy_path, *calendar_paths)
    target = output_file(output or Path(f"calendar-{year}.toml"), inputs, force=force)
    write_output(target, text)
    click.echo(f"wrote {target}")


COMMANDS = (calendar,)
