"""``enforcement check``: lint records against the three systems (三项制度)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import click

from enforcement.bulk import paused_gc
from enforcement.checks import Finding, Severity, check_records, collect_rules
from enforcement.checks.finding import findings_to_data
from enforcement.cli._output import DATE, clean_json, date_callback, echo
from enforcement.cli.source import (
    calendar_option,
    db_given,
    lang_option,
    load_policy,
    opened_file,
    opened_source,
    policy_option,
    source_name,
    source_options,
    unusable,
    with_calendars,
)
from enforcement.errors import CalendarError, NoticeError, PublicationRefusedError
from enforcement.models import Agency, Case, Officer
from enforcement.plugins import default_plugin_manager
from enforcement.redaction import AllowList, Redactor, redactor_for
from enforcement.redaction.engine import refusal_error
from enforcement.redaction.manifest import NO_ALLOW_LIST

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
@click.option(
    "--public",
    is_flag=True,
    help="Redact the findings for publication (the library's one redaction path); exit 1 "
    "listing each span when personal data would survive.",
)
@click.option(
    "--allow",
    "allow_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="With --public: a reviewed allow-list (see docs/notices.md).",
)
@policy_option
@calendar_option
@lang_option
def check(
    path: Path | None,
    db_url: str | None,
    on: date | None,
    output: str,
    select: str,
    ignore: str,
    public: bool,
    allow_path: Path | None,
    policy_path: Path | None,
    calendar_paths: tuple[Path, ...],
    lang: str,
) -> None:
    """Check the records in PATH, or in the store given by --db, against the compliance rules.

    The rules are documented in docs/rules.md. --public redacts the findings for publication.
    Exit status: 0 when no error is found (warnings and info allowed), 1 when any error is found,
    2 when the input, the policy, a calendar file or the options are unusable. A deadline with no
    holiday data is a CAL001 finding (info).
    """
    day: date = on or date.today()
    selected, ignored = _codes(select), _codes(ignore)
    pm = default_plugin_manager()
    known = [rule.code for rule in collect_rules(pm)]
    for option, codes in (("--select", selected), ("--ignore", ignored)):
        for code in codes:
            if not any(k.startswith(code) for k in known):
                raise unusable(f"{option}: no rule code starts with {code!r}")
    policy = with_calendars(load_policy(policy_path), calendar_paths)
    allow = NO_ALLOW_LIST
    if allow_path is not None:
        try:
            allow = AllowList.read(allow_path)
        except NoticeError as exc:
            raise unusable(str(exc)) from None
    # A file is read case by case (bounded memory); a store is streamed by the store.
    opened = (
        opened_file(path) if path is not None and not db_given() else opened_source(path, db_url)
    )
    with opened as source, paused_gc():
        cases: Iterable[Case] = source.cases()
        officers: Iterable[Officer] = _call(source.officers)
        agencies: Iterable[Agency] = _call(source.agencies)
        if public:
            # The redaction needs each case's personal data again: keep them in memory.
            cases, officers, agencies = list(cases), list(officers), list(agencies)
        try:
            findings = list(
                check_records(
                    agencies=agencies,
                    officers=officers,
                    cases=cases,
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
    if public:
        try:
            findings = public_findings(
                findings,
                cases,
                public=[
                    *(o.name for o in officers),
                    *(a.name for a in agencies),
                ],
                allow=allow,
            )
        except PublicationRefusedError as exc:
            click.echo(f"cannot publish the findings: {exc}", err=True)
            raise SystemExit(EXIT_ERRORS) from None
    if output == "json":
        data = findings_to_data(findings, on=day)
        click.echo(clean_json(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        for finding in findings:
            echo(_text(finding))
        echo(_summary(source_name(path, db_url), findings, lang))
    errors = any(f.severity is Severity.ERROR for f in findings)
    raise SystemExit(EXIT_ERRORS if errors else EXIT_CLEAN)


def public_findings(
    findings: Iterable[Finding],
    cases: Iterable[Case],
    *,
    public: Iterable[str] = (),
    allow: AllowList = NO_ALLOW_LIST,
) -> list[Finding]:
    """``findings`` with their messages and explanations redacted for publication.

    Each finding of a case is redacted with that case's known personal data;
    ``public`` names (officers, agencies) are kept. Raises
    :class:`~enforcement.errors.PublicationRefusedError` listing every span
    that survives.
    """
    by_id = {case.id: case for case in cases}
    names = tuple(public)
    redactors: dict[str | None, Redactor] = {}
    out: list[Finding] = []
    refusals = []
    for index, finding in enumerate(findings):
        redactor = redactors.get(finding.case_id)
        if redactor is None:
            redactor = redactor_for(by_id.get(finding.case_id or ""), public=names, allow=allow)
            redactors[finding.case_id] = redactor
        texts: dict[str, str | None] = {}
        for name in ("message", "explanation"):
            value = getattr(finding, name)
            texts[name] = value
            if value:
                field = f"findings[{index}].{name}"
                texts[name] = redacted = redactor.redact(value, field).text
                refusals.extend(redactor.scan(redacted, field))
        out.append(
            attrs.evolve(finding, message=texts["message"] or "", explanation=texts["explanation"])
        )
    if refusals:
        raise refusal_error(refusals)
    return out


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
