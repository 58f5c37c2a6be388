"""Hearing rules (HEA): the party's time to ask for a hearing, and the hearing notice.

Sources: 《行政处罚法》第六十三条 (which penalties give the right), 第六十四条
(5 days to ask; notice 7 days before the hearing), 第八十五条 (those days are
working days).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from enforcement.checks.engine import CaseContext, Rule, money, party_kind
from enforcement.checks.finding import Hit, Severity
from enforcement.models import Case, PartyKind, Procedure, Stage
from enforcement.policy import Policy


def hearing_eligible(case: Case, policy: Policy) -> bool:
    """Whether the party had the right to a hearing (听证, 第六十三条) under ``policy``.

    A fine, or a confiscation (没收违法所得、非法财物), at or above the 较大数额
    line for the party (a person unless every party is an organisation), or a
    penalty kind the policy lists (降低资质等级, 吊销许可证件, 责令停产停业,
    责令关闭, 限制从业 by default).
    """
    decision = case.decision
    if decision is None or not decision.penalties:
        return False
    organisation = party_kind(case) is PartyKind.ORGANISATION
    line = policy.hearing_fine_organisation if organisation else policy.hearing_fine_person
    if decision.fines_total() >= line or decision.confiscations_total() >= line:
        return True
    return any(p.kind in policy.hearing_penalty_kinds for p in decision.penalties)


def hearing_notified_on(case: Case) -> date | None:
    """The day the party was told of the hearing right: ``hearing.notified_on``, else the
    first 告知 record."""
    if case.hearing is not None and case.hearing.notified_on is not None:
        return case.hearing.notified_on
    days = [r.at.date() for r in case.records if r.stage is Stage.NOTIFICATION]
    return min(days) if days else None


def hearing_window(ctx: CaseContext) -> Iterator[Hit]:
    """HEA001: a hearing-eligible decision made before the 5-working-day window closed, or
    before the hearing the party asked for."""
    case = ctx.case
    decision = case.decision
    policy = ctx.policy
    if (
        decision is None
        or case.procedure is not Procedure.ORDINARY
        or case.category not in policy.procedure_categories
        or not hearing_eligible(case, policy)
    ):
        return
    notified = hearing_notified_on(case)
    if notified is None or notified > decision.decided_on:
        return  # no notification at all is PRO004's finding
    hearing = case.hearing
    decided = decision.decided_on
    if (
        hearing is not None
        and hearing.requested_on is not None
        and hearing.requested_on <= decided
        and (hearing.held_on is None or hearing.held_on > decided)
        and (hearing.waived_on is None or hearing.waived_on < hearing.requested_on)
    ):
        yield Hit(
            path=f"{ctx.path}.hearing",
            zh=f"当事人于 {hearing.requested_on.isoformat()} 申请听证，决定 {decision.number} "
            f"于 {decided.isoformat()} 作出前未举行听证",
            en=f"the party asked for a hearing on {hearing.requested_on.isoformat()} and "
            f"decision {decision.number} was made on {decided.isoformat()} without it",
            actual=decided,
        )
        return
    if hearing is not None and (
        (hearing.waived_on is not None and hearing.waived_on <= decided)
        or (hearing.held_on is not None and hearing.held_on <= decided)
    ):
        return
    n = policy.hearing_request_working_days
    deadline = ctx.deadlines.working_days(notified, n)
    if decision.decided_on <= deadline.due:
        amount = decision.fines_total() + decision.confiscations_total()
        yield Hit(
            path=f"{ctx.path}.decision.decided_on",
            zh=f"决定 {decision.number}（罚没 {money(amount)} 元）于 "
            f"{decision.decided_on.isoformat()} 作出，当事人申请听证的 {n} 个工作日期限"
            f"（至 {deadline.due.isoformat()}）尚未届满，且无放弃听证记录",
            en=f"decision {decision.number} was made on {decision.decided_on.isoformat()}, "
            f"before the party's {n} working days to ask for a hearing had passed "
            f"(last day {deadline.due.isoformat()}), with no waiver recorded",
            deadline=deadline,
            actual=decision.decided_on,
        )


def hearing_notice(ctx: CaseContext) -> Iterator[Hit]:
    """HEA002: the hearing notice was given less than 7 working days before the hearing."""
    hearing = ctx.case.hearing
    if hearing is None or hearing.notice_on is None or hearing.held_on is None:
        return
    n = ctx.policy.hearing_notice_working_days
    earliest = ctx.deadlines.working_days(hearing.notice_on, n)
    if hearing.held_on < earliest.due:
        yield Hit(
            path=f"{ctx.path}.hearing.held_on",
            zh=f"听证通知于 {hearing.notice_on.isoformat()} 送达，听证于 "
            f"{hearing.held_on.isoformat()} 举行，不足 {n} 个工作日",
            en=f"the hearing on {hearing.held_on.isoformat()} was notified on "
            f"{hearing.notice_on.isoformat()}, less than {n} working days before",
            due=earliest.due,
            actual=hearing.held_on,
            deadline=earliest,
        )


RULES = (
    Rule(
        code="HEA001",
        severity=Severity.ERROR,
        source="《行政处罚法》第六十三条、第六十四条、第八十五条",
        title="听证申请期限届满前不得作出决定",
        title_en="no decision before the hearing-request period has passed",
        cases=hearing_window,
    ),
    Rule(
        code="HEA002",
        severity=Severity.ERROR,
        source="《行政处罚法》第六十四条、第八十五条",
        title="听证七个工作日前通知",
        title_en="hearing notified 7 working days ahead",
        cases=hearing_notice,
    ),
)
"""The hearing rules, in code order."""
