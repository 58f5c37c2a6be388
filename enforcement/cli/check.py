"""``enforcement check``: lint records against the three systems (三项制度)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from enforcement.bulk import paused_gc
from enforcement.checks import Finding, Severity, check_records, collect_rules
from enforcement.checks.finding import findings_to_data
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
from enforcement.errors import CalendarError
from enforcement.plugins import default_plugin_manager

EXIT_CLEAN = 0
EXIT_ERRORS = 1
EXIT_UNUSABLE = 2


def _codes(value: str) -> tuple[str, ...]:
    return tuple(part.strip().upper() for part in value.split(",") if part.strip())


@click.command()
@source_options
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge the records as of this date, YYYY-MM-DD (default: today).",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--select", default="", help="Only these codes or prefixes, e.g. OFF,PUB001.")
@click.option("--ignore", default="", help="Skip these codes or prefixes, e.g. OFF005.")
@policy_option
@calendar_option
@lang_option
def check(
    path: Path | None,
    db_url: str | None,
    on: object,
    output: str,
    select: str,
    ignore: str,
    policy_path: Path | None,
    calendar_paths: tuple[Path, ...],
    lang: str,
) -> None:
    """Check the records in PATH, or in the store given by --db, against the compliance rules.

    The rules are documented in docs/rules.md. Exit status: 0 when no error is found (warnings
    and info allowed), 1 when any error is found, 2 when the input, the policy, a calendar file
    or the options are unusable. A deadline with no holiday data is a CAL001 finding (info).
    """
    day: date = on.date() if hasattr(on, "date") else date.today()
    selected, ignored = _codes(select), _codes(ignore)
    pm = default_plugin_manager()
    known = [rule.code for rule in collect_rules(pm)]
    for option, codes in (("--select", selected), ("--ignore", ignored)):
        for code in codes:
            if not any(k.startswith(code) for k in known):
                raise unusable(f"{option}: no rule code starts with {code!r}")
    policy = with_calendars(load_policy(policy_path), calendar_paths)
    with opened_source(path, db_url) as source, paused_gc():
        try:
            findings = list(
                check_records(
                    agencies=source.agencies(),
                    officers=source.officers(),
                    cases=source.cases(),
                    on=day,
                    policy=policy,
                    lang=lang,
                    select=selected,
                    ignore=ignored,
                    plugin_manager=pm,
                )
            )
        except CalendarError as exc:
            raise unusable(str(exc)) from None
    if output == "json":
        click.echo(json.dumps(findings_to_data(findings, on=day), ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(_text(finding))
        click.echo(_summary(source_name(path, db_url), findings, lang))
    errors = any(f.severity is Severity.ERROR for f in findings)
    raise SystemExit(EXIT_ERRORS if errors else EXIT_CLEAN)


def _text(finding: Finding) -> str:
    who = finding.case_id or finding.officer_id or "-"
    line = (
        f"{finding.path}: {finding.code} {finding.severity.value} [{who}] "
        f"{finding.message} ({finding.source})"
    )
    if finding.due is not None:
        actual = finding.actual.isoformat() if finding.actual else "-"
        line += f"\n    due {finding.due.isoformat()}, actual {actual}"
        if finding.explanation:
            line += f": {finding.explanation}"
    return line


def _summary(path: str, findings: list[Finding], lang: str) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    info = len(findings) - errors - warnings
    if lang == "en":
        text = f"{path}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        return text + (f", {info} info" if info else "")
    return f"{path}：{errors} 个错误，{warnings} 个警告" + (f"，{info} 条提示" if info else "")


COMMANDS = (check,)
