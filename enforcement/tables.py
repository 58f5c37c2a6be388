"""The official annual data tables (行政执法数据年度公示).

Agencies publish last year's enforcement data by 31 January on a fixed template
(广东《行政执法年度数据公开样式》, 2018, followed since by cities and counties,
e.g. 庆元县2024年度行政执法数据表). Its 填报说明 fix the counting rules, which
this module follows:

- penalties count the decisions **made** (作出决定) in the year, 1 January to
  31 December, including those later revoked on 复议 or 诉讼; a decision with
  several penalties counts once, under its heaviest category (a defined
  category plus 其他 counts under the defined one);
- 罚没金额 is the fines plus the confiscations whose amount the decision
  states, in 万元;
- licences count by the date of each act (申请, 受理, 许可, 不予许可, 撤销);
- coercive measures by their decision date, executions when completed or
  ended, applications to the court by application date;
- one inspection is one inspected object with a complete record.

:class:`TablesTally` counts one case at a time (a case may be counted in the
tables of a year other than its filing year); :class:`AnnualTables` is the
result, whose :meth:`AnnualTables.to_data` is the ``tables`` key of the
summary data file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from attrs import field, frozen

from enforcement.checks.recording import missing_stages
from enforcement.models import (
    Case,
    CaseCategory,
    ExecutionKind,
    LicenceOutcome,
    MeasureKind,
    Officer,
    PenaltyKind,
)

PENALTY_COLUMNS: dict[PenaltyKind, str] = {
    PenaltyKind.WARNING: "warning_criticism",
    PenaltyKind.PUBLIC_CRITICISM: "warning_criticism",
    PenaltyKind.FINE: "fine",
    PenaltyKind.CONFISCATION_OF_GAINS: "confiscation",
    PenaltyKind.CONFISCATION_OF_PROPERTY: "confiscation",
    PenaltyKind.LICENCE_SUSPENSION: "permit_suspension_downgrade",
    PenaltyKind.QUALIFICATION_DOWNGRADE: "permit_suspension_downgrade",
    PenaltyKind.LICENCE_REVOCATION: "permit_revocation",
    PenaltyKind.BUSINESS_RESTRICTION: "business_restriction",
    PenaltyKind.SUSPENSION_OF_BUSINESS: "closure_employment_restriction",
    PenaltyKind.CLOSURE: "closure_employment_restriction",
    PenaltyKind.EMPLOYMENT_RESTRICTION: "closure_employment_restriction",
    PenaltyKind.DETENTION: "detention",
    PenaltyKind.OTHER: "other",
}
"""The table column (APL 第九条, 2024 template) each penalty kind counts under."""

PENALTY_KEYS = (
    "warning_criticism",
    "fine",
    "confiscation",
    "permit_suspension_downgrade",
    "permit_revocation",
    "business_restriction",
    "closure_employment_restriction",
    "detention",
    "other",
)
LICENSING_KEYS = ("applications", "accepted", "granted", "refused", "revoked")
MEASURE_KEYS = {
    MeasureKind.SEAL_UP: "seal_up",
    MeasureKind.SEIZE: "seize",
    MeasureKind.FREEZE: "freeze",
    MeasureKind.OTHER: "other_measure",
}
EXECUTION_KEYS = {
    ExecutionKind.SURCHARGE: "surcharge",
    ExecutionKind.TRANSFER: "transfer",
    ExecutionKind.AUCTION: "auction",
    ExecutionKind.RESTORE: "restore",
    ExecutionKind.SUBSTITUTE_PERFORMANCE: "substitute_performance",
    ExecutionKind.OTHER: "other_execution",
}
COERCION_KEYS = (*MEASURE_KEYS.values(), *EXECUTION_KEYS.values(), "court_applications")
OTHER_CATEGORIES = (
    CaseCategory.LEVY,
    CaseCategory.REQUISITION,
    CaseCategory.PAYMENT,
    CaseCategory.CONFIRMATION,
    CaseCategory.REWARD,
    CaseCategory.ADJUDICATION,
    CaseCategory.OTHER,
)
"""The categories of ``tables.other_acts``, one count each."""

_WAN = Decimal(10_000)
_CENT = Decimal("0.01")


def heaviest_column(kinds: Iterable[PenaltyKind]) -> str | None:
    """The column a decision with these penalties counts under (its heaviest; 其他 lowest)."""
    found = list(kinds)
    if not found:
        return None
    return PENALTY_COLUMNS[max(found, key=lambda k: k.severity)]


def forfeiture_wan(yuan: Decimal) -> Decimal:
    """罚没金额 in 万元, rounded half up to 2 places."""
    return (yuan / _WAN).quantize(_CENT, rounding=ROUND_HALF_UP)


@frozen(kw_only=True)
class AnnualTables:
    """The year's official data tables; every count is an integer, zero included."""

    year: int
    penalty: Mapping[str, int] = field(metadata={"doc": "行政处罚: decisions by heaviest column"})
    forfeiture_yuan: Decimal = field(metadata={"doc": "罚没金额 (yuan, before conversion)"})
    licensing: Mapping[str, int] = field(metadata={"doc": "行政许可"})
    coercion: Mapping[str, int] = field(metadata={"doc": "行政强制"})
    inspections: int = field(metadata={"doc": "行政检查: inspected objects with complete records"})
    other_acts: Mapping[str, int] = field(metadata={"doc": "其他行政执法行为, per category"})
    enforcement_staff: int = field(metadata={"doc": "执法人员"})
    certified: int = field(metadata={"doc": "持证执法人员 (active certificate on 31 December)"})

    @property
    def penalty_total(self) -> int:
        """合计: penalty decisions made in the year (each counted once)."""
        return sum(self.penalty.values())

    @property
    def certification_rate(self) -> float | None:
        """持证率: certified staff over staff, or ``None`` with no staff."""
        if not self.enforcement_staff:
            return None
        return round(self.certified / self.enforcement_staff, 4)

    def to_data(self) -> dict[str, Any]:
        """The ``tables`` key of the data file: integers, and 罚没金额 as a 2-place string."""
        return {
            "penalty": {
                **{k: self.penalty[k] for k in PENALTY_KEYS},
                "total": self.penalty_total,
                "forfeiture_wan": format(forfeiture_wan(self.forfeiture_yuan), "f"),
            },
            "licensing": {k: self.licensing[k] for k in LICENSING_KEYS},
            "coercion": {k: self.coercion[k] for k in COERCION_KEYS},
            "inspection": {"inspections": self.inspections},
            "other_acts": {c.value: self.other_acts[c.value] for c in OTHER_CATEGORIES},
            "certification": {
                "enforcement_staff": self.enforcement_staff,
                "certified": self.certified,
                "rate": self.certification_rate,
            },
        }


class TablesTally:
    """Counts one year's table figures, one case at a time, from any case that touches it."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.penalty: Counter[str] = Counter()
        self.forfeiture = Decimal(0)
        self.licensing: Counter[str] = Counter()
        self.coercion: Counter[str] = Counter()
        self.inspections = 0
        self.other_acts: Counter[str] = Counter()

    def _in_year(self, day: date | None) -> bool:
        return day is not None and day.year == self.year

    def merge(self, other: TablesTally) -> None:
        """Add another tally's counts (another shard of the same cases)."""
        self.penalty.update(other.penalty)
        self.forfeiture += other.forfeiture
        self.licensing.update(other.licensing)
        self.coercion.update(other.coercion)
        self.inspections += other.inspections
        self.other_acts.update(other.other_acts)

    def add(self, case: Case, *, decisions: bool = True) -> None:
        """Count whatever of ``case`` happened in the year (a case is read once per year).

        With ``decisions=False`` the decision's penalty, 罚没金额 and other act are
        left out: they come from :meth:`add_decisions` (counted by the database).
        """
        decision = case.decision
        if decisions and decision is not None and self._in_year(decision.decided_on):
            column = heaviest_column(p.kind for p in decision.penalties)
            if column is not None:
                self.penalty[column] += 1
                self.forfeiture += decision.fines_total() + decision.confiscations_total()
            if case.category in OTHER_CATEGORIES:
                self.other_acts[case.category.value] += 1
        licence = case.licence
        if licence is not None:
            self._add_licence(case)
        elif case.category is CaseCategory.LICENSING:
            # No application facts: the case's filing is the accepted application and
            # its decision a grant (a refusal must be recorded in ``licence``).
            if self._in_year(case.opened_on):
                self.licensing["applications"] += 1
                self.licensing["accepted"] += 1
            if decision is not None and self._in_year(decision.decided_on):
                self.licensing["granted"] += 1
        for measure in case.measures:
            if self._in_year(measure.decided_on):
                self.coercion[MEASURE_KEYS[measure.kind]] += 1
        for execution in case.executions:
            if self._in_year(execution.ended_on):
                self.coercion[EXECUTION_KEYS[execution.kind]] += 1
        court = case.court_application
        if court is not None and self._in_year(court.applied_on):
            self.coercion["court_applications"] += 1
        if case.category is CaseCategory.INSPECTION:
            day = inspection_day(case)
            if self._in_year(day):
                self.inspections += 1

    def add_decisions(self, category: str, heaviest: str | None, count: int, yuan: Decimal) -> None:
        """Count ``count`` decisions made in the year of one category and heaviest penalty kind.

        ``yuan`` is their fines and quantified confiscations. The same counting as
        :meth:`add` gives one decision at a time (from the store's typed columns).
        """
        if heaviest is not None:
            self.penalty[PENALTY_COLUMNS[PenaltyKind(heaviest)]] += count
            self.forfeiture += yuan
        if CaseCategory(category) in OTHER_CATEGORIES:
            self.other_acts[category] += count

    def _add_licence(self, case: Case) -> None:
        licence = case.licence
        assert licence is not None
        if self._in_year(licence.applied_on):
            self.licensing["applications"] += 1
        if self._in_year(licence.accepted_on):
            self.licensing["accepted"] += 1
        if self._in_year(licence.outcome_on):
            if licence.outcome is LicenceOutcome.GRANTED:
                self.licensing["granted"] += 1
            elif licence.outcome is LicenceOutcome.REFUSED:
                self.licensing["refused"] += 1
        if self._in_year(licence.revoked_on):
            self.licensing["revoked"] += 1

    def result(self, officers: Iterable[Officer]) -> AnnualTables:
        """The tables, with the certification figures of ``officers`` on 31 December."""
        year_end = date(self.year, 12, 31)
        staff = certified = 0
        for officer in officers:
            staff += 1
            if officer.active_certificates(year_end):
                certified += 1
        return AnnualTables(
            year=self.year,
            penalty={k: self.penalty.get(k, 0) for k in PENALTY_KEYS},
            forfeiture_yuan=self.forfeiture,
            licensing={k: self.licensing.get(k, 0) for k in LICENSING_KEYS},
            coercion={k: self.coercion.get(k, 0) for k in COERCION_KEYS},
            inspections=self.inspections,
            other_acts={c.value: self.other_acts.get(c.value, 0) for c in OTHER_CATEGORIES},
            enforcement_staff=staff,
            certified=certified,
        )


@frozen(kw_only=True)
class TableLayout:
    """One official table as published: its title, headers, one row of figures and its 说明."""

    key: str = field(metadata={"doc": "the key under ``tables``"})
    title: str = field(metadata={"doc": "表名, e.g. 行政处罚"})
    groups: tuple[tuple[str, int], ...] = field(
        metadata={"doc": "表头分组: (label, columns spanned); empty for a one-row header"}
    )
    headers: tuple[str, ...] = field(metadata={"doc": "表头: the official column headers"})
    keys: tuple[str, ...] = field(metadata={"doc": "the data key of each column"})
    row: tuple[int | float | Decimal | None, ...] = field(metadata={"doc": "数值"})
    notes: tuple[str, ...] = field(metadata={"doc": "说明: the counting rules under the table"})


def table_layouts(tables: AnnualTables) -> tuple[TableLayout, ...]:
    """The six tables in the official layout (广东样式, 2024 APL columns), in Chinese."""
    data = tables.to_data()
    penalty = data["penalty"]
    coercion = data["coercion"]
    return (
        TableLayout(
            key="penalty",
            title="行政处罚",
            groups=(),
            headers=(
                "警告、通报批评",
                "罚款",
                "没收违法所得、没收非法财物",
                "暂扣许可证件、降低资质等级",
                "吊销许可证件",
                "限制开展生产经营活动",
                "责令停产停业、责令关闭、限制从业",
                "行政拘留",
                "其他行政处罚",
                "合计（宗）",
                "罚没金额（万元）",
            ),
            keys=(*PENALTY_KEYS, "total", "forfeiture_wan"),
            row=(
                *(penalty[k] for k in PENALTY_KEYS),
                penalty["total"],
                Decimal(penalty["forfeiture_wan"]),
            ),
            notes=(
                f"1. 统计{tables.year}年1月1日至12月31日作出的行政处罚决定（以作出决定的日期为准，"
                "不以立案日期为准），含其后被行政复议或行政诉讼撤销的决定。",
                "2. 一个决定给予多种处罚的，按其中最重的处罚种类计1宗；同时给予其他行政处罚的，"
                "计入已列明的种类。",
                "3. 罚没金额为罚款与能够确定金额的没收违法所得、没收非法财物之和，"
                "以决定书载明的金额为准，单位万元，保留两位小数。",
            ),
        ),
        TableLayout(
            key="licensing",
            title="行政许可",
            groups=(),
            headers=("申请（件）", "受理（件）", "许可（件）", "不予许可（件）", "撤销许可（件）"),
            keys=LICENSING_KEYS,
            row=tuple(data["licensing"][k] for k in LICENSING_KEYS),
            notes=(
                "1. 各项按其行为发生的日期统计：申请按收到申请之日，受理按受理之日，"
                "许可、不予许可按作出决定之日，撤销许可按撤销之日。",
                "2. 准予变更、准予延续计入许可；不予变更、不予延续计入不予许可。",
            ),
        ),
        TableLayout(
            key="coercion",
            title="行政强制",
            groups=(("行政强制措施（件）", 4), ("行政强制执行（件）", 6), ("", 1)),
            headers=(
                "查封场所、设施或者财物",
                "扣押财物",
                "冻结存款、汇款",
                "其他行政强制措施",
                "加处罚款或者滞纳金",
                "划拨存款、汇款",
                "拍卖或者依法处理查封、扣押的场所、设施或者财物",
                "排除妨碍、恢复原状",
                "代履行",
                "其他强制执行方式",
                "申请人民法院强制执行（件）",
            ),
            keys=COERCION_KEYS,
            row=tuple(coercion[k] for k in COERCION_KEYS),
            notes=(
                "1. 行政强制措施按作出决定的日期统计。",
                "2. 行政强制执行按执行完毕或者终结的日期统计。",
                "3. 申请人民法院强制执行按申请日期统计。",
            ),
        ),
        TableLayout(
            key="inspection",
            title="行政检查",
            groups=(),
            headers=("行政检查（次）",),
            keys=("inspections",),
            row=(data["inspection"]["inspections"],),
            notes=(
                "一个检查对象有完整检查记录的计1次；无特定检查对象的巡查、"
                "无完整检查记录的，不计入。",
            ),
        ),
        TableLayout(
            key="other_acts",
            title="其他行政执法行为",
            groups=(),
            headers=tuple(f"{_CATEGORY_ZH[c]}（件）" for c in OTHER_CATEGORIES),
            keys=tuple(c.value for c in OTHER_CATEGORIES),
            row=tuple(data["other_acts"][c.value] for c in OTHER_CATEGORIES),
            notes=("按作出决定的日期统计。",),
        ),
        TableLayout(
            key="certification",
            title="行政执法人员持证情况",
            groups=(),
            headers=("行政执法人员（人）", "持证人数（人）", "持证率"),
            keys=("enforcement_staff", "certified", "rate"),
            row=(tables.enforcement_staff, tables.certified, tables.certification_rate),
            notes=(
                f"持证人数为{tables.year}年12月31日持有有效行政执法证件的人数；"
                "持证率为持证人数与执法人员人数之比。",
            ),
        ),
    )


_CATEGORY_ZH = {
    CaseCategory.LEVY: "行政征收",
    CaseCategory.REQUISITION: "行政征用",
    CaseCategory.PAYMENT: "行政给付",
    CaseCategory.CONFIRMATION: "行政确认",
    CaseCategory.REWARD: "行政奖励",
    CaseCategory.ADJUDICATION: "行政裁决",
    CaseCategory.OTHER: "其他行政执法行为",
}


def inspection_day(case: Case) -> date | None:
    """The day an inspection counts on, or ``None`` when it does not count.

    One inspection is one inspected object (a principal party) with a complete
    record: an on-site entry and every required stage recorded. Patrols with no
    specific object or no complete record do not count. The day is that of the
    first on-site entry.
    """
    if not case.principal_parties() or missing_stages(case):
        return None
    days = [r.at.date() for r in case.records if r.on_site]
    return min(days) if days else None


__all__ = [
    "COERCION_KEYS",
    "LICENSING_KEYS",
    "OTHER_CATEGORIES",
    "PENALTY_COLUMNS",
    "PENALTY_KEYS",
    "AnnualTables",
    "TableLayout",
    "TablesTally",
    "forfeiture_wan",
    "heaviest_column",
    "inspection_day",
    "table_layouts",
]
