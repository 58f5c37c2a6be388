"""Procedure rules (PRO) of the 《行政处罚法》: decision and service periods, simplified
procedure limits, prior notification.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from enforcement.checks.engine import CaseContext, Rule, money, party_kind
from enforcement.checks.finding import Hit, Severity
from enforcement.models import Case, PartyKind, Procedure, Stage


def decision_period_days(case: Case, base: int) -> int:
    """The calendar days allowed from filing to decision: ``base`` plus the excluded
    periods (each counted once, overlaps merged) plus an approved extension."""
    excluded = sorted((p.start, p.end) for p in case.excluded_periods)
    total = 0
    current: tuple[date, date] | None = None
    for start, end in excluded:
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            total += (current[1] - current[0]).days + 1
        current = (start, end)
    if current is not None:
        total += (current[1] - current[0]).days + 1
    extension = case.extension.days if case.extension is not None else 0
    return base + total + extension


def decision_period(ctx: CaseContext) -> Iterator[Hit]:
    """PRO001: the decision came more than the policy's days (90) after filing (第六十条).

    Periods the law excludes (听证, 检测鉴定, 公告: ``excluded_periods``) and an
    approved extension (``extension``) are added to the days.
    """
    case = ctx.case
    if (
        case.procedure is not Procedure.ORDINARY
        or case.category not in ctx.policy.procedure_categories
    ):
        return
    days = decision_period_days(case, ctx.policy.decision_days)
    deadline = ctx.deadlines.days(case.opened_on, days)
    decided = case.decision.decided_on if case.decision is not None else None
    if decided is not None and decided > deadline.due:
        yield Hit(
            path=f"{ctx.path}.decision.decided_on",
            zh=f"自立案之日起 {days} 日内未作出决定（{decided.isoformat()} 作出）",
            en=f"decided on {decided.isoformat()}, more than {days} days after filing",
            deadline=deadline,
            actual=decided,
        )
    elif decided is None and case.closed_on is None and ctx.on > deadline.due:
        yield Hit(
            path=f"{ctx.path}.decision",
            zh=f"自立案之日起已超过 {days} 日仍未作出决定",
            en=f"no decision more than {days} days after filing",
            deadline=deadline,
        )


def service_period(ctx: CaseContext) -> Iterator[Hit]:
    """PRO002: the decision was served more than 7 working days after it was made (第六十一条)."""
    decision = ctx.case.decision
    if decision is None or ctx.case.category not in ctx.policy.procedure_categories:
        return
    n = ctx.policy.service_working_days
    deadline = ctx.deadlines.working_days(decision.decided_on, n)
    served = decision.served_on
    if served is not None and served > deadline.due:
        yield Hit(
            path=f"{ctx.path}.decision.served_on",
            zh=f"决定书 {decision.number} 未在 {n} 个工作日内送达（{served.isoformat()} 送达）",
            en=f"decision {decision.number} was served on {served.isoformat()}, "
            f"more than {n} working days after it was made",
            deadline=deadline,
            actual=served,
        )
    elif served is None and ctx.on > deadline.due:
        yield Hit(
            path=f"{ctx.path}.decision.served_on",
            zh=f"决定书 {decision.number} 已超过 {n} 个工作日仍未送达",
            en=f"decision {decision.number} is still unserved after {n} working days",
            deadline=deadline,
        )


def simplified_limits(ctx: CaseContext) -> Iterator[Hit]:
    """PRO003: simplified procedure beyond its limits (第五十一条: "以下" includes the cap)."""
    case = ctx.case
    decision = case.decision
    if case.procedure is not Procedure.SIMPLIFIED or decision is None:
        return
    policy = ctx.policy
    person = party_kind(case) is PartyKind.PERSON
    cap = policy.simplified_fine_person if person else policy.simplified_fine_organisation
    fines = decision.fines_total()
    if fines > cap:
        who_zh, who_en = ("公民", "a person") if person else ("法人或其他组织", "an organisation")
        yield Hit(
            path=f"{ctx.path}.decision.penalties",
            zh=f"简易程序对{who_zh}罚款 {money(fines)} 元，超过 {money(cap)} 元",
            en=f"simplified procedure fined {who_en} {money(fines)} yuan, above {money(cap)}",
        )
    allowed = policy.simplified_penalty_kinds
    for k, penalty in enumerate(decision.penalties):
        if penalty.kind not in allowed:
            yield Hit(
                path=f"{ctx.path}.decision.penalties[{k}].kind",
                zh=f"简易程序只能给予警告或罚款，不能给予 {penalty.kind.value}",
                en=f"simplified procedure may only warn or fine, not impose {penalty.kind.value}",
            )


def prior_notification(ctx: CaseContext) -> Iterator[Hit]:
    """PRO004: an ordinary-procedure decision with no 告知 record on or before its date."""
    case = ctx.case
    decision = case.decision
    if (
        decision is None
        or case.procedure is not Procedure.ORDINARY
        or case.category not in ctx.policy.procedure_categories
    ):
        return
    decided = decision.decided_on
    for entry in case.records:
        if entry.stage is Stage.NOTIFICATION and entry.at.date() <= decided:
            return
    yield Hit(
        path=f"{ctx.path}.decision",
        zh=f"决定 {decision.number} 作出前无告知（事先告知书）记录",
        en=f"decision {decision.number} has no notification (告知) record before it",
        actual=decided,
    )


RULES = (
    Rule(
        code="PRO001",
        severity=Severity.ERROR,
        source="《行政处罚法》第六十条",
        title="自立案之日起九十日内作出决定",
        title_en="decision within 90 days of filing",
        cases=decision_period,
    ),
    Rule(
        code="PRO002",
        severity=Severity.ERROR,
        source="《行政处罚法》第六十一条、第八十五条",
        title="七个工作日内送达",
        title_en="service within 7 working days",
        cases=service_period,
    ),
    Rule(
        code="PRO003",
        severity=Severity.ERROR,
        source="《行政处罚法》第五十一条",
        title="简易程序适用范围",
        title_en="simplified procedure within its limits",
        cases=simplified_limits,
    ),
    Rule(
        code="PRO004",
        severity=Severity.ERROR,
        source="《行政处罚法》第四十四条、第六十二条",
        title="作出决定前告知",
        title_en="notification before the decision",
        cases=prior_notification,
    ),
)
"""The procedure rules, in code order."""
