"""Payment rules (PAY): fines paid within 15 days, late-payment surcharges computed right.

Sources: 《行政处罚法》第六十七条 (pay within 15 days of receiving the decision),
第七十二条 (3% of the fine a day, at most the fine).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from enforcement.checks.engine import CaseContext, Rule, money
from enforcement.checks.finding import Hit, Severity
from enforcement.models import Case, Stage
from enforcement.policy import Policy

_CENT = Decimal("0.01")


def execution_recorded(case: Case) -> bool:
    """Whether any step of execution (执行) is recorded: an entry, an execution, a court
    application."""
    return (
        bool(case.executions)
        or case.court_application is not None
        or any(r.stage is Stage.EXECUTION for r in case.records)
    )


def expected_surcharge(fine: Decimal, due: date, paid_on: date, policy: Policy) -> Decimal:
    """The surcharge for paying ``fine`` on ``paid_on`` when it was due on ``due`` (第七十二条)."""
    days_late = max(0, (paid_on - due).days)
    return min(fine, fine * policy.surcharge_daily_rate * days_late).quantize(
        _CENT, rounding=ROUND_HALF_UP
    )


def fine_unpaid(ctx: CaseContext) -> Iterator[Hit]:
    """PAY001: a fine still unpaid 15 days after service, with no execution step recorded."""
    case = ctx.case
    decision = case.decision
    if (
        decision is None
        or decision.served_on is None
        or decision.paid_on is not None
        or decision.revoked_on is not None
        or decision.fines_total() <= 0
    ):
        return
    n = ctx.policy.payment_days
    deadline = ctx.deadlines.days(decision.served_on, n)
    if ctx.on > deadline.due and not execution_recorded(case):
        yield Hit(
            path=f"{ctx.path}.decision.paid_on",
            zh=f"决定 {decision.number} 的罚款 {money(decision.fines_total())} 元逾期未缴纳"
            f"（应于 {deadline.due.isoformat()} 前缴纳），且无强制执行记录",
            en=f"the fine of {money(decision.fines_total())} yuan of decision {decision.number} "
            f"is unpaid past {deadline.due.isoformat()}, with no execution step recorded",
            deadline=deadline,
        )


def surcharge_amount(ctx: CaseContext) -> Iterator[Hit]:
    """PAY002: a recorded surcharge other than 3% a day of the fine, capped at the fine."""
    case = ctx.case
    decision = case.decision
    if (
        decision is None
        or decision.surcharge is None
        or decision.served_on is None
        or decision.paid_on is None
    ):
        return
    fine = decision.fines_total()
    deadline = ctx.deadlines.days(decision.served_on, ctx.policy.payment_days)
    expected = expected_surcharge(fine, deadline.due, decision.paid_on, ctx.policy)
    if decision.surcharge != expected:
        days_late = max(0, (decision.paid_on - deadline.due).days)
        yield Hit(
            path=f"{ctx.path}.decision.surcharge",
            zh=f"加处罚款记为 {money(decision.surcharge)} 元，按罚款 {money(fine)} 元逾期 "
            f"{days_late} 日每日百分之三计算（不超过罚款数额）应为 {money(expected)} 元",
            en=f"the surcharge is recorded as {money(decision.surcharge)} yuan; 3% a day of "
            f"{money(fine)} for {days_late} days late, capped at the fine, is "
            f"{money(expected)}",
            deadline=deadline,
            actual=decision.paid_on,
        )


RULES = (
    Rule(
        code="PAY001",
        severity=Severity.ERROR,
        source="《行政处罚法》第六十七条、第七十二条",
        title="罚款逾期未缴纳且未强制执行",
        title_en="fine unpaid after 15 days with no execution",
        cases=fine_unpaid,
    ),
    Rule(
        code="PAY002",
        severity=Severity.ERROR,
        source="《行政处罚法》第七十二条",
        title="加处罚款按日百分之三计算且不超过罚款数额",
        title_en="surcharge of 3% a day, capped at the fine",
        cases=surcharge_amount,
    ),
)
"""The payment rules, in code order."""
