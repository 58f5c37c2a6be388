"""Legal-review rules (REV): major decisions reviewed, in time, with approval.

Sources: 《行政处罚法》第五十八条; 国办发〔2018〕118号 四(十二); local review
rules (辽宁, 宁夏住建厅: 7 working days).
"""

from __future__ import annotations

from collections.abc import Iterator

from enforcement.checks.engine import CaseContext, Rule
from enforcement.checks.finding import Hit, Severity
from enforcement.models import Case, LegalReview, ReviewOutcome


def review_paths(case: Case) -> list[tuple[str, LegalReview]]:
    """Each review round with its path below the case (``review``, ``reviews[i]``)."""
    rounds: list[tuple[str, LegalReview]] = []
    if case.review is not None:
        rounds.append(("review", case.review))
    rounds.extend((f"reviews[{i}]", r) for i, r in enumerate(case.reviews))
    return rounds


def major_reviewed(ctx: CaseContext) -> Iterator[Hit]:
    """REV001: a major decision issued with no legal review, or one still pending."""
    case = ctx.case
    decision = case.decision
    if decision is None or not ctx.facts.is_major:
        return
    rounds = review_paths(case)
    if not rounds:
        yield Hit(
            path=f"{ctx.path}.review",
            zh=f"重大执法决定 {decision.number} 未经法制审核即作出",
            en=f"major decision {decision.number} was issued without a legal review",
            actual=decision.decided_on,
        )
        return
    where, review = rounds[-1]
    if review.outcome is ReviewOutcome.PENDING:
        yield Hit(
            path=f"{ctx.path}.{where}.outcome",
            zh=f"重大执法决定 {decision.number} 作出时法制审核尚未完成",
            en=f"major decision {decision.number} was issued while its legal review was pending",
            actual=decision.decided_on,
        )


def review_before_decision(ctx: CaseContext) -> Iterator[Hit]:
    """REV002: the last review round finished after the decision, or ended revise/rejected."""
    case = ctx.case
    decision = case.decision
    rounds = review_paths(case)
    if decision is None or not rounds:
        return
    where, review = rounds[-1]
    if review.outcome in (ReviewOutcome.REVISE, ReviewOutcome.REJECTED):
        yield Hit(
            path=f"{ctx.path}.{where}.outcome",
            zh=f"法制审核结论为“{'存在问题' if review.outcome is ReviewOutcome.REVISE else '不同意'}”"
            f"且无其后的审核同意，不得作出决定 {decision.number}",
            en=f"the legal review ended {review.outcome.value} with no later approval, "
            f"yet decision {decision.number} was issued",
        )
    elif review.completed_on is not None and review.completed_on > decision.decided_on:
        yield Hit(
            path=f"{ctx.path}.{where}.completed_on",
            zh=f"法制审核于 {review.completed_on.isoformat()} 完成，晚于决定日期 "
            f"{decision.decided_on.isoformat()}",
            en=f"the legal review was completed on {review.completed_on.isoformat()}, "
            f"after the decision date {decision.decided_on.isoformat()}",
            due=decision.decided_on,
            actual=review.completed_on,
        )


def review_duration(ctx: CaseContext) -> Iterator[Hit]:
    """REV003: a review round took (or, still pending, has taken) longer than the limit."""
    for where, review in review_paths(ctx.case):
        yield from _round_duration(ctx, where, review)


def _round_duration(ctx: CaseContext, where: str, review: LegalReview) -> Iterator[Hit]:
    limit = ctx.policy.review_working_days
    deadline = ctx.deadlines.working_days(review.submitted_on, limit)
    done = review.completed_on
    if done is not None and done > deadline.due:
        yield Hit(
            path=f"{ctx.path}.{where}.completed_on",
            zh=f"法制审核用时超过 {limit} 个工作日",
            en=f"the legal review took longer than {limit} working days",
            deadline=deadline,
            actual=done,
        )
    elif done is None and ctx.on > deadline.due:
        yield Hit(
            path=f"{ctx.path}.{where}",
            zh=f"法制审核已超过 {limit} 个工作日仍未完成",
            en=f"the legal review is still pending after {limit} working days",
            deadline=deadline,
        )


RULES = (
    Rule(
        code="REV001",
        severity=Severity.ERROR,
        source="《行政处罚法》第五十八条；国办发〔2018〕118号 四(十二)",
        title="重大执法决定经法制审核",
        title_en="major decisions have a legal review",
        cases=major_reviewed,
    ),
    Rule(
        code="REV002",
        severity=Severity.ERROR,
        source="《行政处罚法》第五十八条",
        title="先审核后决定，未通过审核不得决定",
        title_en="review approved before the decision",
        cases=review_before_decision,
    ),
    Rule(
        code="REV003",
        severity=Severity.WARNING,
        source="地方重大执法决定法制审核办法（辽宁、宁夏：7个工作日）",
        title="法制审核在时限内完成",
        title_en="review completed in time",
        cases=review_duration,
    ),
)
"""The legal-review rules, in code order."""
