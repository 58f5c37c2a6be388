"""Annual enforcement statistics (行政执法统计年报) from a dataset or a store.

:func:`summarize` reads the cases of one year in a single streaming pass (the
compliance checks run over the same stream), so a large county's year
summarises in bounded memory. Every figure is defined in ``docs/summary.md``;
the result is a frozen :class:`Summary` whose :meth:`Summary.to_data` is the
data-publication file.

Two kinds of figure, as ``docs/summary.md`` says for each: the compliance
figures follow the cases opened in the year (立案日期), with their review and
notices whenever they happened; the decision figures and the official data
tables (:mod:`enforcement.tables`) count what happened in the year, by the
date of each act (a decision by the day it was made), so the cases of the
years before (``Policy.tables_lookback_years``) are read as well.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pluggy
from attrs import field, frozen

from enforcement.bulk import paused_gc
from enforcement.checks import Finding
from enforcement.checks.engine import CaseContext, Deadlines, check_records
from enforcement.checks.facts import CaseFacts
from enforcement.errors import CalendarError, CheckpointError, EnforcementError, FieldError
from enforcement.models import (
    Act,
    Agency,
    Case,
    CaseCategory,
    Dataset,
    NoticeKind,
    Officer,
    PenaltyKind,
    RecordKind,
    ReviewOutcome,
)
from enforcement.models.agency import region_code, region_prefix
from enforcement.plugins import default_plugin_manager
from enforcement.policy import Policy
from enforcement.sources import RecordSource, as_source
from enforcement.store import Store
from enforcement.tables import AnnualTables, TablesTally
from enforcement.transparency.checkpoint import SignedCheckpoint, parse_checkpoint

Progress = Callable[[int, int], None]

_AV = (RecordKind.AUDIO, RecordKind.VIDEO)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@frozen(kw_only=True)
class CaseFigures:
    """Cases and decisions (案件与决定)."""

    total: int = field(metadata={"doc": "案件总数: cases opened in the year"})
    by_category: Mapping[str, int] = field(
        metadata={"doc": "按行为类别: every category, zero included"}
    )
    by_month: tuple[int, ...] = field(
        metadata={"doc": "按月份: cases opened in each month, January first"}
    )
    decisions: int = field(metadata={"doc": "作出决定数: decisions made in the year"})
    decisions_by_heaviest_penalty: Mapping[str, int] = field(
        metadata={
            "doc": "按最重处罚种类: penalty decisions made in the year, each counted once "
            "under its heaviest penalty"
        }
    )
    fines_total: Decimal = field(metadata={"doc": "罚款金额 (yuan) of the decisions made"})
    confiscations_total: Decimal = field(
        metadata={"doc": "没收金额 (yuan; unquantified confiscations excluded)"}
    )
    hearings: int = field(metadata={"doc": "听证: cases with a hearing record"})
    revoked: int = field(
        metadata={"doc": "被撤销的决定: decisions made in the year, since revoked (counted above)"}
    )


@frozen(kw_only=True)
class OfficerFigures:
    """Officers and certificates (执法人员)."""

    total: int = field(metadata={"doc": "执法人员总数"})
    active_at_year_end: int = field(metadata={"doc": "年末持有效执法证"})
    expiring_within_90_days: int = field(metadata={"doc": "证件将于年末后90日内到期"})
    training_hours_total: Decimal = field(metadata={"doc": "培训学时合计"})
    meeting_training_requirement: int = field(metadata={"doc": "学时达标人数"})
    training_requirement: Decimal = field(metadata={"doc": "学时要求 (policy)"})

    @property
    def training_share(self) -> float | None:
        """Share of officers meeting the training requirement."""
        return _share(self.meeting_training_requirement, self.total)


@frozen(kw_only=True)
class RecordingFigures:
    """Full-process recording (执法全过程记录)."""

    cases: int = field(metadata={"doc": "案件数"})
    cases_fully_recorded: int = field(metadata={"doc": "各必经环节均有记录的案件"})
    onsite_acts: int = field(metadata={"doc": "现场执法行为 (one per case, day and act)"})
    onsite_acts_with_av: int = field(metadata={"doc": "有音像记录的现场执法行为"})

    @property
    def fully_recorded_share(self) -> float | None:
        """Share of cases whose required stages all have records."""
        return _share(self.cases_fully_recorded, self.cases)

    @property
    def av_share(self) -> float | None:
        """Share of on-site acts with an audio or video record."""
        return _share(self.onsite_acts_with_av, self.onsite_acts)


@frozen(kw_only=True)
class ReviewFigures:
    """Legal review of major decisions (重大执法决定法制审核)."""

    major_decisions: int = field(metadata={"doc": "重大执法决定"})
    reviewed_before_decision: int = field(metadata={"doc": "决定前经法制审核同意"})
    outcomes: Mapping[str, int] = field(metadata={"doc": "审核结论: reviews by outcome"})
    median_review_working_days: Decimal | None = field(
        metadata={"doc": "审核用时中位数 (working days)"}
    )


@frozen(kw_only=True)
class PublicationFigures:
    """Public notice of decisions (行政执法公示)."""

    due: int = field(metadata={"doc": "应公示的决定"})
    on_time: int = field(metadata={"doc": "按期公示"})
    late: int = field(metadata={"doc": "逾期公示"})
    missing: int = field(metadata={"doc": "逾期未公示"})
    pending: int = field(metadata={"doc": "尚在公示期限内未公示"})
    withdrawn: int = field(metadata={"doc": "撤下的公示"})
    undetermined: int = field(default=0, metadata={"doc": "期限无法确定（该年无节假日数据）"})


@frozen(kw_only=True)
class Summary:
    """A year of one agency's (or every agency's) enforcement, as published by 31 January."""

    year: int
    agency_id: str | None
    agency_name: str | None
    as_of: date = field(metadata={"doc": "the date compliance was judged on"})
    cases: CaseFigures
    officers: OfficerFigures
    recording: RecordingFigures
    review: ReviewFigures
    publication: PublicationFigures
    findings_by_code: Mapping[str, int]
    tables: AnnualTables = field(metadata={"doc": "行政执法数据年度公示: the official tables"})
    provisional_calendar: tuple[int, ...] = field(
        default=(),
        metadata={"doc": "years of a provisional calendar the deadlines rest on (none: official)"},
    )

    def to_data(self) -> dict[str, Any]:
        """The data-publication file: JSON-compatible, money as decimal strings."""
        c, o, r, v, p = self.cases, self.officers, self.recording, self.review, self.publication
        return {
            "format": "enforcement-summary/1",
            "year": self.year,
            "agency_id": self.agency_id,
            "agency_name": self.agency_name,
            "as_of": self.as_of.isoformat(),
            "cases": {
                "total": c.total,
                "by_category": dict(c.by_category),
                "by_month": list(c.by_month),
                "decisions": c.decisions,
                "decisions_by_heaviest_penalty": dict(c.decisions_by_heaviest_penalty),
                "fines_total": format(c.fines_total, "f"),
                "confiscations_total": format(c.confiscations_total, "f"),
                "hearings": c.hearings,
                "revoked": c.revoked,
            },
            "officers": {
                "total": o.total,
                "active_at_year_end": o.active_at_year_end,
                "expiring_within_90_days": o.expiring_within_90_days,
                "training_hours_total": format(o.training_hours_total, "f"),
                "training_requirement": format(o.training_requirement, "f"),
                "meeting_training_requirement": o.meeting_training_requirement,
                "training_share": o.training_share,
            },
            "recording": {
                "cases": r.cases,
                "cases_fully_recorded": r.cases_fully_recorded,
                "fully_recorded_share": r.fully_recorded_share,
                "onsite_acts": r.onsite_acts,
                "onsite_acts_with_av": r.onsite_acts_with_av,
                "av_share": r.av_share,
            },
            "review": {
                "major_decisions": v.major_decisions,
                "reviewed_before_decision": v.reviewed_before_decision,
                "outcomes": dict(v.outcomes),
                "median_review_working_days": None
                if v.median_review_working_days is None
                else format(v.median_review_working_days, "f"),
            },
            "publication": {
                "due": p.due,
                "on_time": p.on_time,
                "late": p.late,
                "missing": p.missing,
                "pending": p.pending,
                "withdrawn": p.withdrawn,
                "undetermined": p.undetermined,
            },
            "findings_by_code": dict(self.findings_by_code),
            "tables": self.tables.to_data(),
            "provisional_calendar": list(self.provisional_calendar),
        }


@frozen(kw_only=True)
class LogHead:
    """An agency's log as a roll-up read it: its tree size and root hash (RFC 9162)."""

    agency_id: str
    size: int
    root: str = field(metadata={"doc": "the Merkle tree's root hash, hex"})
    checkpoint: str | None = field(
        default=None,
        metadata={
            "doc": "a signed checkpoint given for exactly this head (its text, as published); "
            "its signature is checked by `db verify --checkpoint --cert`, not here"
        },
    )


@frozen(kw_only=True)
class RegionSummary:
    """A year of every agency of a region (行政区划), added up, with each agency's own figures."""

    region: str = field(metadata={"doc": "the GB/T 2260 code asked for (county, city or province)"})
    year: int
    total: Summary = field(metadata={"doc": "the region's figures: every agency's added up"})
    agencies: tuple[Summary, ...] = field(metadata={"doc": "each agency's figures, in store order"})
    logs: tuple[LogHead, ...] = field(
        metadata={"doc": "the log heads the figures were read from, one per agency"}
    )

    def to_data(self) -> dict[str, Any]:
        """The roll-up's data file: the total, each agency's figures, and the log heads."""
        return {
            "format": "enforcement-region-summary/1",
            "region": self.region,
            "year": self.year,
            "logs": [
                {
                    "agency_id": h.agency_id,
                    "tree_size": h.size,
                    "root_hash": h.root,
                    "checkpoint": h.checkpoint,
                }
                for h in self.logs
            ],
            "total": self.total.to_data(),
            "agencies": [s.to_data() for s in self.agencies],
        }


class _Tally:
    """Accumulates the case figures one case at a time.

    With ``engine=True`` (a store) the plain counts and sums (cases by category
    and month; decisions by heaviest penalty, their amounts and revocations; the
    tables' penalties, 罚没金额 and other acts) are left to the database
    (:meth:`add_engine_counts`): the cases read count only what needs the rules.
    """

    def __init__(self, policy: Policy, on: date, year: int, *, engine: bool = False) -> None:
        self.policy = policy
        self.on = on
        self.year = year
        self.engine = engine
        self.tables = TablesTally(year)
        self.total = 0
        self.by_category: Counter[str] = Counter()
        self.by_month = [0] * 12
        self.decisions = 0
        self.heaviest: Counter[str] = Counter()
        self.fines = Decimal(0)
        self.confiscations = Decimal(0)
        self.hearings = 0
        self.revoked = 0
        self.fully_recorded = 0
        self.onsite_acts = 0
        self.onsite_av = 0
        self.major = 0
        self.reviewed_before = 0
        self.outcomes: Counter[str] = Counter()
        self.review_days: list[int] = []
        self.due = self.on_time = self.late = self.missing = self.pending = self.withdrawn = 0
        self.undetermined = 0
        self.provisional: Counter[int] = Counter()

    def merge(self, other: _Tally) -> None:
        """Add another tally's counts (from another shard of the same cases) to this one."""
        for name, value in vars(other).items():
            if name in ("policy", "on", "year", "engine"):
                continue
            if name == "tables":
                self.tables.merge(value)
                continue
            mine = getattr(self, name)
            if name == "by_month":
                setattr(self, name, [a + b for a, b in zip(mine, value, strict=True)])
            else:
                setattr(self, name, mine + value)

    def add_dated(self, case: Case) -> None:
        """Count what ``case`` did in the year: its decision if made then, the tables' acts.

        Called once for every case read, whichever year it was opened in.
        """
        self.tables.add(case, decisions=not self.engine)
        decision = case.decision
        if self.engine or decision is None or decision.decided_on.year != self.year:
            return
        self.decisions += 1
        heaviest = decision.heaviest_penalty()
        if heaviest is not None:
            self.heaviest[heaviest.value] += 1
        self.fines += decision.fines_total()
        self.confiscations += decision.confiscations_total()
        if decision.revoked_on is not None:
            self.revoked += 1

    def add_engine_counts(self, store: Store, agency_id: str | None) -> None:
        """Add the plain counts and sums of the year that the database works out."""
        for category, month, count in store.opened_counts(self.year, agency_id):
            self.by_category[category] += count
            self.by_month[month - 1] += count
        opened_from = self.year - self.policy.tables_lookback_years
        for row in store.decision_counts(self.year, opened_from, agency_id):
            category, heaviest, count, fines, confiscations, fines_at, confiscations_at, revoked = (
                row
            )
            self.decisions += count
            if heaviest is not None:
                self.heaviest[heaviest] += count
            fines_yuan = _yuan(fines, fines_at)
            confiscations_yuan = _yuan(confiscations, confiscations_at)
            self.fines += fines_yuan
            self.confiscations += confiscations_yuan
            self.revoked += revoked
            self.tables.add_decisions(category, heaviest, count, fines_yuan + confiscations_yuan)

    def add(self, case: Case, deadlines: Deadlines, facts: CaseFacts | None = None) -> None:
        """Count a case opened in the year (its compliance figures), and what it did in the year.

        ``facts`` are the case's derived facts shared with the rules checking it (built
        here when the case is tallied alone).
        """
        if facts is None:
            facts = CaseFacts(case, policy=self.policy, deadlines=deadlines)
        self.add_dated(case)
        self.total += 1
        if not self.engine:
            self.by_category[case.category.value] += 1
            self.by_month[case.opened_on.month - 1] += 1
        if case.hearing_held():
            self.hearings += 1
        if not facts.missing_stages:
            self.fully_recorded += 1
        # One act per case, day and act (the member itself: .value is an enum property).
        acts: dict[tuple[Act | None, date], bool] = {}
        for entry in case.records:
            if entry.on_site:
                key = (entry.act, entry.at.date())
                if not acts.get(key):
                    acts[key] = entry.kind in _AV
        self.onsite_acts += len(acts)
        self.onsite_av += sum(acts.values())
        review = case.last_review()
        cal = deadlines.calendar
        for round_ in case.review_rounds():
            if round_.completed_on is None:
                continue
            try:
                self.review_days.append(
                    cal.working_days_between(round_.submitted_on, round_.completed_on)
                )
            except CalendarError:
                continue  # a review in a year with no data: left out of the median
            for year in range(round_.submitted_on.year, round_.completed_on.year + 1):
                if cal.is_provisional(year):
                    self.provisional[year] += 1
        if review is not None:
            self.outcomes[review.outcome.value] += 1
        decision = case.decision
        if decision is None:
            return
        if facts.is_major:
            self.major += 1
            if (
                review is not None
                and review.outcome is ReviewOutcome.APPROVED
                and review.completed_on is not None
                and review.completed_on <= decision.decided_on
            ):
                self.reviewed_before += 1
        first: date | None = None  # the first decision notice, read in the same pass
        for notice in case.notices:
            if notice.withdrawn_on is not None:
                self.withdrawn += 1
            if notice.kind is NoticeKind.DECISION and (
                first is None or notice.published_on < first
            ):
                first = notice.published_on
        try:
            deadline = facts.publication_due()
        except CalendarError:
            if facts.unpublishable_reason is None:
                self.due += 1
                self.undetermined += 1
            return
        if deadline is None:
            return
        if deadline.provisional:
            self.provisional.update(deadline.provisional)
        self.due += 1
        if first is not None:
            if first <= deadline.due:
                self.on_time += 1
            else:
                self.late += 1
        elif self.on > deadline.due:
            self.missing += 1
        else:
            self.pending += 1


def _yuan(fen: int, places: int) -> Decimal:
    """``fen`` in yuan, written with ``places`` decimal places (as adding the amounts gives)."""
    return Decimal(fen).scaleb(-2).quantize(Decimal(1).scaleb(-places))


@paused_gc()
def summarize(
    source: Dataset | RecordSource,
    *,
    year: int,
    agency_id: str | None = None,
    policy: Policy | None = None,
    on: date | None = None,
    plugin_manager: pluggy.PluginManager | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> Summary:
    """The year's figures for one agency (or all of them) from a dataset or a store.

    ``on`` is the date compliance is judged on; by default 31 January of the
    next year, the day the statistics are due (118号 二(六)). ``progress`` is
    called as ``progress(cases_done, 0)`` while the cases stream (the total
    is not known in advance). With a store and ``workers > 1``, that many
    processes each read a slice of the year's cases and their tallies are
    added up (the installed plugins are used; a ``plugin_manager`` of your own
    keeps the work in this process); the result is the same.
    """
    policy = policy or Policy()
    on = on or date(year + 1, 1, 31)
    if plugin_manager is None:
        plugin_manager = default_plugin_manager()
    records = as_source(source)
    agencies = records.agencies()
    officers = records.officers(agency_id)
    agency = next((a for a in agencies if a.id == agency_id), None)
    if agency_id is not None and agency is None:
        raise EnforcementError(f"no agency with id {agency_id!r}")
    tally, findings = _count(
        records, agencies, officers, year, agency_id, policy, on, plugin_manager, progress, workers
    )
    return _summary(tally, findings, officers, agency, year=year, on=on, policy=policy)


def _count(
    records: RecordSource,
    agencies: list[Agency],
    officers: list[Officer],
    year: int,
    agency_id: str | None,
    policy: Policy,
    on: date,
    plugin_manager: pluggy.PluginManager,
    progress: Progress | None,
    workers: int,
) -> tuple[_Tally, Counter[str]]:
    """The tally and findings of one agency's (or every agency's) year.

    From a store, the plain counts and sums come from the database; the cases
    are read for what needs the rules, and of the years before only the cases
    with a table act dated in a later year are read.
    """
    store = records if isinstance(records, Store) else None
    url = store.opened_with if store is not None else None
    if workers > 1 and url is not None and plugin_manager is default_plugin_manager():
        tally, findings = _in_processes(
            url, agencies, officers, year, agency_id, policy, on, workers, progress
        )
    else:
        tally, findings = _tally_cases(
            records.cases(year=year, agency_id=agency_id),
            agencies,
            officers,
            policy,
            on,
            plugin_manager,
            progress,
            year=year,
            agency_id=agency_id,
            engine=store is not None,
        )
        for earlier in _earlier_years(year, policy):
            cases = (
                records.cases(year=earlier, agency_id=agency_id)
                if store is None
                else store.cases(year=earlier, agency_id=agency_id, acts_from=year)
            )
            for case in cases:
                tally.add_dated(case)
    if store is not None:
        tally.add_engine_counts(store, agency_id)
    return tally, findings


def _summary(
    tally: _Tally,
    findings: Counter[str],
    officers: list[Officer],
    agency: Agency | None,
    *,
    year: int,
    on: date,
    policy: Policy,
    agency_id: str | None = None,
) -> Summary:
    """The :class:`Summary` of a tally (of one agency, every agency, or a region's agencies)."""
    year_end = date(year, 12, 31)
    horizon = year_end + timedelta(days=90)
    active = expiring = meeting = 0
    hours_total = Decimal(0)
    for officer in officers:
        certs = officer.active_certificates(year_end)
        if certs:
            active += 1
        expiring += sum(1 for c in certs if c.valid_until <= horizon)
        hours = officer.training_hours(year)
        hours_total += hours
        if hours >= policy.training_hours:
            meeting += 1

    t = tally
    median = None
    if t.review_days:
        days = sorted(t.review_days)
        middle = len(days) // 2
        if len(days) % 2:
            median = Decimal(days[middle])
        else:
            median = (Decimal(days[middle - 1]) + Decimal(days[middle])) / 2
    return Summary(
        year=year,
        agency_id=agency.id if agency else agency_id,
        agency_name=agency.name if agency else None,
        as_of=on,
        cases=CaseFigures(
            total=t.total,
            by_category={c.value: t.by_category.get(c.value, 0) for c in CaseCategory},
            by_month=tuple(t.by_month),
            decisions=t.decisions,
            decisions_by_heaviest_penalty={
                k.value: t.heaviest[k.value] for k in PenaltyKind if t.heaviest.get(k.value)
            },
            fines_total=t.fines,
            confiscations_total=t.confiscations,
            hearings=t.hearings,
            revoked=t.revoked,
        ),
        officers=OfficerFigures(
            total=len(officers),
            active_at_year_end=active,
            expiring_within_90_days=expiring,
            training_hours_total=hours_total,
            meeting_training_requirement=meeting,
            training_requirement=policy.training_hours,
        ),
        recording=RecordingFigures(
            cases=t.total,
            cases_fully_recorded=t.fully_recorded,
            onsite_acts=t.onsite_acts,
            onsite_acts_with_av=t.onsite_av,
        ),
        review=ReviewFigures(
            major_decisions=t.major,
            reviewed_before_decision=t.reviewed_before,
            outcomes={o.value: t.outcomes.get(o.value, 0) for o in ReviewOutcome},
            median_review_working_days=median,
        ),
        publication=PublicationFigures(
            due=t.due,
            on_time=t.on_time,
            late=t.late,
            missing=t.missing,
            pending=t.pending,
            withdrawn=t.withdrawn,
            undetermined=t.undetermined,
        ),
        findings_by_code=dict(sorted(findings.items())),
        tables=t.tables.result(officers),
        provisional_calendar=tuple(sorted(t.provisional)),
    )


@paused_gc()
def summarize_region(
    store: Store,
    *,
    region: str,
    year: int,
    policy: Policy | None = None,
    on: date | None = None,
    plugin_manager: pluggy.PluginManager | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    checkpoints: Iterable[SignedCheckpoint | str | bytes] = (),
) -> RegionSummary:
    """The year of every agency of ``region`` in ``store``: each agency's figures and their sum.

    ``region`` is a six-digit GB/T 2260 code: a county (331126) selects the
    agencies of that county, a city (331100) those of 3311xx, a province
    (330000) those of 33xxxx. Each agency is summarised as :func:`summarize`
    does; the total adds up their counts, sums and officers (its median review
    time is that of every review of the region). The roll-up names each log's
    tree size and root hash; should the store change while it is read (an
    append to one of the logs), it raises rather than mixing two states.

    ``checkpoints`` are signed checkpoints the agencies published: each must be
    of an agency of the region and of exactly the log read (its tree size and
    root hash), and its text is then named with that log's head; any other
    raises, saying which (the roll-up would not be of that checkpoint).
    """
    try:
        code = region_code(region)
    except FieldError as exc:
        raise EnforcementError(f"region: {exc.message}") from None
    policy = policy or Policy()
    on = on or date(year + 1, 1, 31)
    if plugin_manager is None:
        plugin_manager = default_plugin_manager()
    agencies = store.agencies()
    wanted = set(store.agency_ids_in_region(region_prefix(code)))
    members = [a for a in agencies if a.id in wanted]
    if not members:
        raise EnforcementError(f"no agency of region {code} in {store.url}")
    before = {a.id: store.tree_head(a.id) for a in members}
    total = _Tally(policy, on, year, engine=True)
    findings: Counter[str] = Counter()
    officers: list[Officer] = []
    parts = []
    for agency in members:
        own = store.officers(agency.id)
        tally, found = _count(
            store, agencies, own, year, agency.id, policy, on, plugin_manager, progress, workers
        )
        parts.append(_summary(tally, found, own, agency, year=year, on=on, policy=policy))
        total.merge(tally)
        findings.update(found)
        officers += own
    after = {a.id: store.tree_head(a.id) for a in members}
    if after != before:
        changed = sorted(a for a in before if before[a] != after[a])
        raise EnforcementError(
            f"the logs of {', '.join(changed)} grew while the region was read; run it again"
        )
    signed = _matching_checkpoints(store, checkpoints, before)
    return RegionSummary(
        region=code,
        year=year,
        total=_summary(total, findings, officers, None, year=year, on=on, policy=policy),
        agencies=tuple(parts),
        logs=tuple(
            LogHead(agency_id=a, size=size, root=top.hex(), checkpoint=signed.get(a))
            for a, (size, top) in before.items()
        ),
    )


def _matching_checkpoints(
    store: Store,
    checkpoints: Iterable[SignedCheckpoint | str | bytes],
    heads: Mapping[str, tuple[int, bytes]],
) -> dict[str, str]:
    """Each given checkpoint's text by agency, once it is known to be of the head read."""
    out: dict[str, str] = {}
    for given in checkpoints:
        try:
            signed = given if isinstance(given, SignedCheckpoint) else parse_checkpoint(given)
        except CheckpointError as exc:
            raise EnforcementError(f"checkpoint: {exc}") from None
        point = signed.checkpoint
        agency_id = store.agency_for_origin(point.origin)
        if agency_id is None or agency_id not in heads:
            raise EnforcementError(
                f"the checkpoint of {point.origin} is not of an agency of the region"
            )
        size, top = heads[agency_id]
        if (point.size, point.root) != (size, top):
            raise EnforcementError(
                f"the checkpoint of {agency_id} is of tree size {point.size}, the log read is "
                f"of size {size}"
                + (" with another root hash" if point.size == size else "")
                + ": the roll-up is not of that checkpoint (`enforcement db verify "
                "--checkpoint` checks that the log only grew)"
            )
        out[agency_id] = signed.text
    return out


def _earlier_years(year: int, policy: Policy) -> range:
    """The filing years before ``year`` whose cases may have acts dated in ``year``."""
    return range(year - policy.tables_lookback_years, year)


def _tally_cases(
    cases: Iterable[Case],
    agencies: list[Agency],
    officers: list[Officer],
    policy: Policy,
    on: date,
    plugin_manager: pluggy.PluginManager,
    progress: Progress | None,
    *,
    year: int,
    agency_id: str | None = None,
    officer_rules: bool = True,
    engine: bool = False,
) -> tuple[_Tally, Counter[str]]:
    """Tally ``cases`` and count the findings of every rule over them (in one pass)."""
    tally = _Tally(policy, on, year, engine=engine)

    def counted(ctx: CaseContext) -> None:
        # The rules that follow see the same facts: each is worked out once per case.
        tally.add(ctx.case, ctx.deadlines, ctx.facts)
        if progress is not None:
            progress(tally.total, 0)

    findings = Counter(
        f.code
        for f in check_records(
            agencies=agencies,
            officers=officers,
            cases=cases,
            on=on,
            policy=policy,
            plugin_manager=plugin_manager,
            on_case=counted,
        )
        # Officer rules' findings (no case) are counted once, not once per shard.
        if (officer_rules or f.case_id is not None) and _of_agency(f, agencies, agency_id)
    )
    return tally, findings


_AGENCY_PATH = re.compile(r"\$\.agencies\[(\d+)\]")


def _of_agency(finding: Finding, agencies: list[Agency], agency_id: str | None) -> bool:
    """Whether an agency rule's finding concerns the summarised agency (every other finding does)."""
    match = _AGENCY_PATH.match(finding.path)
    if match is None or agency_id is None:
        return True
    return agencies[int(match.group(1))].id == agency_id


_INHERITED: dict[str, tuple[list[Agency], list[Officer]]] = {}
"""The agencies and officers a forked worker inherits from its parent, by a token: passed this
way rather than pickled, a county's 25,000 officers are not held twice by each worker."""


def _shard(
    url: str,
    agencies: list[Agency] | str,
    officers: list[Officer],
    year: int,
    agency_id: str | None,
    policy: Policy,
    on: date,
    shard: tuple[int, int],
) -> tuple[_Tally, Counter[str]]:
    """One worker process's share: a slice of the year's cases, read from its own connection.

    ``agencies`` is the token of :data:`_INHERITED` in a forked worker (``officers`` then
    empty), or the agencies themselves.
    """
    from enforcement.store import open_store

    if isinstance(agencies, str):
        agencies, officers = _INHERITED[agencies]
    with open_store(url, create=False) as store:
        tally, findings = _tally_cases(
            store.cases(year=year, agency_id=agency_id, shard=shard),
            agencies,
            officers,
            policy,
            on,
            default_plugin_manager(),
            None,
            year=year,
            agency_id=agency_id,
            officer_rules=False,
            engine=True,
        )
        for earlier in _earlier_years(year, policy):
            for case in store.cases(year=earlier, agency_id=agency_id, shard=shard, acts_from=year):
                tally.add_dated(case)
        return tally, findings


def _in_processes(
    url: str,
    agencies: list[Agency],
    officers: list[Officer],
    year: int,
    agency_id: str | None,
    policy: Policy,
    on: date,
    workers: int,
    progress: Progress | None,
) -> tuple[_Tally, Counter[str]]:
    from concurrent.futures import ProcessPoolExecutor

    tally = _Tally(policy, on, year, engine=True)
    findings: Counter[str] = Counter()
    import multiprocessing
    import secrets

    forked = "fork" in multiprocessing.get_all_start_methods()
    token = secrets.token_hex(8)
    if forked:  # the workers, forked when the pool starts them, inherit these
        _INHERITED[token] = (agencies, officers)
    context = multiprocessing.get_context("fork" if forked else None)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            shared: tuple[list[Agency] | str, list[Officer]] = (
                (token, []) if forked else (agencies, officers)
            )
            jobs = [
                pool.submit(_shard, url, *shared, year, agency_id, policy, on, (i, workers))
                for i in range(workers)
            ]
            # The officer rules run here, once, while the workers read the cases.
            findings.update(
                f.code
                for f in check_records(
                    agencies=agencies, officers=officers, cases=(), on=on, policy=policy
                )
                if _of_agency(f, agencies, agency_id)
            )
            for job in jobs:
                part, part_findings = job.result()
                tally.merge(part)
                findings.update(part_findings)
                if progress is not None:
                    progress(tally.total, 0)
    finally:
        _INHERITED.pop(token, None)
    return tally, findings


__all__ = [
    "CaseFigures",
    "LogHead",
    "OfficerFigures",
    "PublicationFigures",
    "RecordingFigures",
    "RegionSummary",
    "ReviewFigures",
    "Summary",
    "summarize",
    "summarize_region",
]
