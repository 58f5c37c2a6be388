"""Running the rules: officers and agencies first, then cases one at a time.

:func:`check` takes a whole :class:`~enforcement.models.Dataset`;
:func:`check_records` takes the agencies and officers plus any iterable of
cases, so cases streamed from a store can be checked without holding them all.
Rules come from the ``enforcement_checks`` hook (the built-in ones are a
``trylast`` plugin); a plugin rule with the code of a built-in replaces it.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pluggy
from attrs import field, frozen

from enforcement.bulk import paused_gc
from enforcement.calendar import Deadline, WorkingCalendar
from enforcement.checks.finding import Finding, Hit, Severity
from enforcement.errors import CalendarError, PluginError
from enforcement.models import (
    Agency,
    Case,
    Certificate,
    Dataset,
    Officer,
    Party,
    PartyKind,
)
from enforcement.policy import Policy

if TYPE_CHECKING:
    from enforcement.checks.facts import CaseFacts

log = logging.getLogger(__name__)

CaseRule = Callable[["CaseContext"], Iterable[Hit]]
OfficerRule = Callable[["OfficerContext"], Iterable[Hit]]
AgencyRule = Callable[["AgencyContext"], Iterable[Hit]]

_CODE_RE = re.compile(r"[A-Z]{3}\d{3}\Z")


def _code(_instance: object, _attribute: object, value: str) -> None:
    if not _CODE_RE.match(value):
        raise PluginError(f"rule code {value!r} must be three capitals and three digits")


@frozen(kw_only=True)
class Rule:
    """A compliance rule: its public code, severity, legal source and check function.

    Set ``cases`` to a function called once per case with a
    :class:`CaseContext`, or ``officers`` to one called once per officer with
    an :class:`OfficerContext` (or both). Each yields :class:`Hit` objects.
    """

    code: str = field(validator=_code, metadata={"doc": "e.g. PUB001; stable, public"})
    severity: Severity = field(metadata={"doc": "error, warning or info"})
    source: str = field(metadata={"doc": "legal source shown with every finding"})
    title: str = field(metadata={"doc": "one-line Chinese description"})
    title_en: str = field(metadata={"doc": "one-line English description"})
    cases: CaseRule | None = field(default=None, metadata={"doc": "per-case check"})
    officers: OfficerRule | None = field(default=None, metadata={"doc": "per-officer check"})
    agencies: AgencyRule | None = field(default=None, metadata={"doc": "per-agency check"})


class Deadlines:
    """Deadline arithmetic on one calendar, memoised (many cases share start dates)."""

    def __init__(self, calendar: WorkingCalendar, policy: Policy) -> None:
        self.calendar = calendar
        self._roll = policy.roll_day_periods
        self._working: dict[tuple[date, int], Deadline] = {}
        self._days: dict[tuple[date, int], Deadline] = {}

    def working_days(self, start: date, n: int) -> Deadline:
        """``n`` working days after ``start`` (the start day not counted)."""
        key = (start, n)
        found = self._working.get(key)
        if found is None:
            found = self._working[key] = self.calendar.explain_deadline(start, n)
        return found

    def days(self, start: date, n: int) -> Deadline:
        """``n`` calendar days after ``start``, rolled past non-working days if the policy says so."""
        key = (start, n)
        found = self._days.get(key)
        if found is None:
            found = self._days[key] = self.calendar.explain_days(start, n, roll=self._roll)
        return found


class CertificateIndex:
    """An officer's certificates with their status change points, for fast look-ups by day.

    A certificate's status can only change on its validity dates and its event
    dates, so :meth:`Certificate.status_on` is asked once per change point. The
    certificates active between two consecutive change points (of any of the
    officer's certificates) are one tuple, built once: a look-up is a binary
    search, and memory does not grow with the days asked about (a county's
    25,000 officers × a year of days made a per-day memo the largest thing
    ``check`` held).
    """

    def __init__(self, officer: Officer) -> None:
        self.officer = officer
        certs: list[tuple[Certificate, list[date], list[bool]]] = []
        for cert in officer.certificates:
            points = sorted(
                {cert.valid_from, cert.valid_until + timedelta(days=1)}
                | {e.on for e in cert.events}
            )
            states = [cert.is_active_on(p) for p in points]
            certs.append((cert, points, states))
        self._points = sorted({p for _cert, points, _states in certs for p in points})
        # _active[k]: the certificates active from _points[k - 1] (inclusive) to _points[k].
        self._active: list[tuple[Certificate, ...]] = [()]
        # Periods with the same certificates active share one tuple, so that a rule can
        # tell "the same certificates" by identity (see ``CaseFacts.officer_first_acts``).
        shared: dict[tuple[int, ...], tuple[Certificate, ...]] = {(): ()}
        for start in self._points:
            active = []
            for cert, points, states in certs:
                i = bisect.bisect_right(points, start) - 1
                if i >= 0 and states[i]:
                    active.append(cert)
            found = shared.setdefault(tuple(map(id, active)), tuple(active))
            self._active.append(found)

    def active_on(self, day: date) -> tuple[Certificate, ...]:
        """The certificates active on ``day`` (持证: valid, not suspended or revoked)."""
        return self._active[bisect.bisect_right(self._points, day)]

    def period_of(self, day: date) -> tuple[date, date, tuple[Certificate, ...]]:
        """``(first, end, certificates)``: the period around ``day`` with the same certificates
        active, from ``first`` up to but not including ``end`` (``date.min``/``date.max``
        where the officer's certificates never change), and those certificates."""
        points = self._points
        k = bisect.bisect_right(points, day)
        first = points[k - 1] if k else date.min
        end = points[k] if k < len(points) else date.max
        return first, end, self._active[k]


class AgencyContext:
    """What an agency rule sees: the agency, its path, the date and the policy."""

    __slots__ = ("agency", "on", "path", "policy")

    def __init__(self, agency: Agency, path: str, *, on: date, policy: Policy) -> None:
        self.agency = agency
        self.path = path
        self.on = on
        self.policy = policy


class OfficerContext:
    """What an officer rule sees: the officer, its path, the date and the policy."""

    __slots__ = ("agency", "index", "officer", "on", "path", "policy")

    def __init__(
        self,
        officer: Officer,
        path: str,
        *,
        on: date,
        policy: Policy,
        agency: Agency | None,
        index: CertificateIndex,
    ) -> None:
        self.officer = officer
        self.path = path
        self.on = on
        self.policy = policy
        self.agency = agency
        self.index = index


class CaseContext:
    """What a case rule sees: the case, its path, the date, the policy, its agency's calendar.

    ``officers`` indexes every officer of the dataset by id, with their
    certificates ready for look-ups by day. ``facts`` holds what several rules
    (and the annual tally) derive from the case, computed once
    (:class:`enforcement.checks.facts.CaseFacts`).
    """

    __slots__ = ("_facts", "agency", "case", "deadlines", "officers", "on", "path", "policy")

    def __init__(
        self,
        case: Case,
        path: str,
        *,
        on: date,
        policy: Policy,
        agency: Agency | None,
        deadlines: Deadlines,
        officers: dict[str, CertificateIndex],
    ) -> None:
        self.case = case
        self.path = path
        self.on = on
        self.policy = policy
        self.agency = agency
        self.deadlines = deadlines
        self.officers = officers
        self._facts: CaseFacts | None = None

    @property
    def facts(self) -> CaseFacts:
        """The case's derived facts, shared by every rule run on this context."""
        if self._facts is None:
            from enforcement.checks.facts import CaseFacts

            self._facts = CaseFacts(
                self.case, policy=self.policy, deadlines=self.deadlines, officers=self.officers
            )
        return self._facts

    def party_kind(self) -> PartyKind:
        """Whom the decision is about; see :func:`party_kind`."""
        return party_kind(self.case)


def party_kind(case: Case) -> PartyKind:
    """Whom a case's decision is about, for thresholds that differ by party.

    An organisation only when every principal party is one; otherwise (a
    person, or no party recorded) the stricter personal thresholds apply.
    """
    parties: Sequence[Party] = case.principal_parties()
    if parties and all(p.kind is PartyKind.ORGANISATION for p in parties):
        return PartyKind.ORGANISATION
    return PartyKind.PERSON


def is_major(case: Case, policy: Policy) -> bool:
    """Whether the case's decision is major (重大执法决定) under ``policy``.

    Major: fines and quantified confiscations (罚没) adding up to the policy's
    threshold for the party or more, a penalty kind the policy lists (吊销,
    责令停产停业, 关闭 by default), a hearing held, or reasons for review declared.
    """
    decision = case.decision
    if decision is None:
        return False
    organisation = party_kind(case) is PartyKind.ORGANISATION
    threshold = policy.major_fine_organisation if organisation else policy.major_fine_person
    if decision.penalties:
        if decision.fines_total() + decision.confiscations_total() >= threshold:
            return True
        kinds = policy.major_penalty_kinds
        if any(p.kind in kinds for p in decision.penalties):
            return True
    if policy.major_if_hearing and case.hearing_held():
        return True
    return any(r.reasons for r in case.review_rounds())


def collect_rules(pm: pluggy.PluginManager) -> list[Rule]:
    """Every rule the plugins contribute, in hook order; the first rule with a code wins."""
    rules: dict[str, Rule] = {}
    for result in pm.hook.enforcement_checks():
        if result is None:
            continue
        for rule in result:
            if not isinstance(rule, Rule):
                raise PluginError(
                    f"a plugin's enforcement_checks returned {type(rule).__name__}, expected Rule"
                )
            rules.setdefault(rule.code, rule)
    return sorted(rules.values(), key=lambda r: r.code)


def _selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not any(code.startswith(i) for i in ignore)


class AgencyCalendars:
    """Deadline arithmetic per agency: one memoised calendar per region (or one fixed calendar)."""

    def __init__(
        self, policy: Policy, pm: pluggy.PluginManager, calendar: WorkingCalendar | None
    ) -> None:
        self._policy = policy
        self._pm = pm
        self._fixed = Deadlines(calendar, policy) if calendar is not None else None
        self._by_region: dict[str | None, Deadlines] = {}

    def for_agency(self, agency: Agency | None) -> Deadlines:
        """The deadlines of ``agency``'s region (the national calendar without one)."""
        if self._fixed is not None:
            return self._fixed
        region = agency.region if agency is not None and self._policy.regional_calendars else None
        found = self._by_region.get(region)
        if found is None:
            cal = self._policy.working_calendar(region, self._pm)
            found = self._by_region[region] = Deadlines(cal, self._policy)
        return found


UNDETERMINED = Rule(
    code="CAL001",
    severity=Severity.INFO,
    source="《全国年节及纪念日放假办法》; 国务院办公厅节假日安排通知",
    title="期限无法确定：缺少该年的节假日数据",
    title_en="A deadline cannot be determined: no holiday data for its year",
)
"""CAL001: reported by the engine, for each rule of a case whose deadline falls in a year
with no calendar data (the rule itself has no check function)."""


def _undetermined(rule: Rule, path: str, exc: CalendarError) -> Hit:
    year = exc.year
    how_zh = (
        f"请以 --calendar FILE、ENFORCEMENT_CALENDAR 或策略的 calendar_files 提供{year}年"
        f"国务院办公厅的放假安排（enforcement calendar template {year} 生成模板）"
    )
    how_en = (
        f"supply {year}'s official arrangement with --calendar FILE, ENFORCEMENT_CALENDAR or the "
        f"policy's calendar_files (`enforcement calendar template {year}` writes one)"
    )
    return Hit(
        path=path,
        zh=f"{rule.code}（{rule.title}）的期限无法确定：{year}年没有节假日数据；{how_zh}",
        en=f"the {rule.code} deadline ({rule.title_en}) cannot be determined: no holiday data "
        f"for {year}; {how_en}",
    )


def check_records(
    *,
    agencies: Iterable[Agency],
    officers: Iterable[Officer],
    cases: Iterable[Case],
    on: date,
    policy: Policy | None = None,
    lang: str = "zh",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    plugin_manager: pluggy.PluginManager | None = None,
    calendar: WorkingCalendar | None = None,
    on_case: Callable[[CaseContext], None] | None = None,
) -> Iterator[Finding]:
    """Check agencies and officers, then each case as it arrives; yield findings in document order.

    ``cases`` may be any iterable (a generator reading from a store); each
    case's path is ``$.cases[i]`` with ``i`` its position in the iterable.
    ``select`` and ``ignore`` are code prefixes (``"OFF"``, ``"PUB001"``).
    ``calendar`` replaces the per-region calendars built from the agencies.
    ``on_case`` is called with each case's context before its rules run (the
    annual tally uses it to share the case's facts with the rules).
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    if plugin_manager is None:
        from enforcement.plugins import default_plugin_manager

        plugin_manager = default_plugin_manager()
    policy = policy or Policy()
    rules = [r for r in collect_rules(plugin_manager) if _selected(r.code, select, ignore)]
    officer_rules = [r for r in rules if r.officers is not None]
    case_rules = [r for r in rules if r.cases is not None]
    agency_rules = [r for r in rules if r.agencies is not None]
    english = lang == "en"

    agency_list = list(agencies)
    agency_by_id = {a.id: a for a in agency_list}
    for i, each in enumerate(agency_list):
        actx = AgencyContext(each, f"$.agencies[{i}]", on=on, policy=policy)
        for rule in agency_rules:
            assert rule.agencies is not None
            for hit in rule.agencies(actx):
                yield _finding(rule, hit, None, None, english)
    index: dict[str, CertificateIndex] = {}
    officer_list = list(officers)
    for i, officer in enumerate(officer_list):
        certs = index[officer.id] = CertificateIndex(officer)
        if not officer_rules:
            continue
        octx = OfficerContext(
            officer,
            f"$.officers[{i}]",
            on=on,
            policy=policy,
            agency=agency_by_id.get(officer.agency_id),
            index=certs,
        )
        for rule in officer_rules:
            assert rule.officers is not None
            for hit in rule.officers(octx):
                yield _finding(rule, hit, None, officer.id, english)

    if not case_rules and on_case is None:
        return
    calendars = AgencyCalendars(policy, plugin_manager, calendar)
    undetermined = next((r for r in rules if r.code == UNDETERMINED.code), None)
    checks = [(rule, rule.cases) for rule in case_rules if rule.cases is not None]
    for i, case in enumerate(cases):
        agency = agency_by_id.get(case.agency_id)
        ctx = CaseContext(
            case,
            f"$.cases[{i}]",
            on=on,
            policy=policy,
            agency=agency,
            deadlines=calendars.for_agency(agency),
            officers=index,
        )
        if on_case is not None:
            on_case(ctx)
        for rule, check_case in checks:
            try:
                for hit in check_case(ctx):
                    yield _finding(rule, hit, case.id, hit.officer_id, english)
            except CalendarError as exc:
                if not exc.missing:
                    raise  # unusable data (a broken plugin): not the case's problem
                # One case's missing year never stops the run: CAL001, then the next rule.
                log.info("%s: %s undetermined: %s", case.id, rule.code, exc)
                if undetermined is not None:
                    hit = _undetermined(rule, ctx.path, exc)
                    yield _finding(undetermined, hit, case.id, None, english)


def _finding(
    rule: Rule, hit: Hit, case_id: str | None, officer_id: str | None, english: bool
) -> Finding:
    deadline = hit.deadline
    provisional = deadline.provisional if deadline else ()
    message = hit.en if english else hit.zh
    if provisional:
        years = ", ".join(str(y) for y in provisional)
        message += (
            f" (provisional calendar: {years})"
            if english
            else f"（暂定日历：{years.replace(', ', '、')}年）"
        )
    return Finding(
        code=rule.code,
        severity=rule.severity,
        path=hit.path,
        message=message,
        source=rule.source,
        case_id=case_id,
        officer_id=officer_id,
        due=hit.due if hit.due is not None else (deadline.due if deadline else None),
        actual=hit.actual,
        explanation=deadline.explain("en" if english else "zh") if deadline else None,
        provisional_calendar=provisional,
    )


@paused_gc()
def check(
    dataset: Dataset,
    *,
    on: date,
    policy: Policy | None = None,
    lang: str = "zh",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    plugin_manager: pluggy.PluginManager | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[Finding]:
    """Check ``dataset`` against every rule as of ``on``; the findings in document order.

    >>> import enforcement
    >>> from datetime import date
    >>> enforcement.check(enforcement.Dataset(), on=date(2021, 1, 31))
    []

    See :func:`check_records` for the arguments. A deadline in a year with no
    holiday data (and no provisional calendar) is a CAL001 finding (severity
    info), and every other rule and case is checked as usual.
    """
    return list(
        check_records(
            agencies=dataset.agencies,
            officers=dataset.officers,
            cases=dataset.cases,
            on=on,
            policy=policy,
            lang=lang,
            select=select,
            ignore=ignore,
            plugin_manager=plugin_manager,
            calendar=calendar,
        )
    )


def money(amount: Decimal) -> str:
    """An amount as written in a message: ``"201"``, ``"3000.5"``."""
    return format(amount.normalize(), "f")


__all__ = [
    "UNDETERMINED",
    "AgencyCalendars",
    "AgencyContext",
    "AgencyRule",
    "CaseContext",
    "CaseRule",
    "CertificateIndex",
    "Deadlines",
    "OfficerContext",
    "OfficerRule",
    "Rule",
    "check",
    "check_records",
    "collect_rules",
    "is_major",
    "money",
    "party_kind",
]
