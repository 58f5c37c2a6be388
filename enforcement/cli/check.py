"""``enforcement check``: lint records against the three systems (三项制度)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from enforcement.checks import Finding, Severity, check_records, collect_rules
from enforcement.checks.finding import findings_to_data
from enforcement.cli._output import DATE, clean_json, date_callback, echo
from enforcement.cli.source import (
    db_given,
    lang_option,
    load_policy,
    opened_file,
    opened_source,
    policy_option,
    source_name,
    source_options,
    unusable,
)
from enforcement.errors import CalendarError
from enforcement.plugins import default_plugin_manager

EXIT_CLEAN = 0
EXIT_ERRORS = 1
EXIT_UNUSABLE = 2


def _call(items: Any) -> Any:
    """A store's ``agencies()``, or a reader's ``agencies`` (already read)."""
    return items() if callable(items) else items


def _codes(value: str) -> tuple[str, ...]:
    return tuple(part.strip().upper() for part in value.split(",") if part.strip())


@click.command()
@source_options
@click.option(
    "--on",
    "on",
    callback=date_callback,
    metavar=DATE,
    default=None,
    help="Judge the records as of this date (default: today).",
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
@lang_option
def check(
    path: Path | None,
    db_url: str | None,
    on: date | None,
    output: str,
    select: str,
    ignore: str,
    policy_path: Path | None,
    lang: str,
) -> None:
    """Check the records in PATH, or in the store given by --db, against the compliance rules.

    The rules are documented in docs/rules.md. Exit status: 0 when no error is found (warnings allowed), 1 when any error
    is found, 2 when the input, the policy or the options are unusable.
    """
    day: date = on or date.today()
    selected, ignored = _codes(select), _codes(ignore)
    pm = default_plugin_manager()
    known = [rule.code for rule in collect_rules(pm)]
    for option, codes in (("--select", selected), ("--ignore", ignored)):
        for code in codes:
            if not any(k.startswith(code) for k in known):
                raise unusable(f"{option}: no rule code starts with {code!r}")
    policy = load_policy(policy_path)
    # A file is read case by case (bounded memory); a store is streamed by the store.
    opened = (
        opened_file(path) if path is not None and not db_given() else opened_source(path, db_url)
    )
    with opened as source:
        try:
            findings = list(
                check_records(
                    agencies=_call(source.agencies),
                    officers=_call(source.officers),
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
        data = findings_to_data(findings, on=day)
        click.echo(clean_json(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        for finding in findings:
            echo(_text(finding))
        echo(_summary(source_name(path, db_url), findings, lang))
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
    warnings = len(findings) - errors
    if lang == "en":
        return f"{path}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    return f"{path}：{errors} 个错误，{warnings} 个警告"


COMMANDS = (check,)
