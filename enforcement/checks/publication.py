"""Publication rules (PUB) and the 文书号 format check (FMT).

Sources: 国办发〔2018〕118号 二(六); 《行政处罚法》第四十八条、第八十五条;
《政府信息公开条例》第十五条、第二十六条; 《市场监督管理行政处罚信息公示规定》
第二条、第十三条; GB/T 9704-2012 §7.2.5.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from enforcement.calendar import Deadline, add_months
from enforcement.checks.engine import CaseContext, Deadlines, Rule
from enforcement.checks.finding import Hit, Severity
from enforcement.models import Case, CaseCategory, NoticeKind, PenaltyKind, Procedure, PublicNotice
from enforcement.policy import Policy

_NUMBER_RE = re.compile(
    r"(?P<agency>[^〔〕\[\]()（）第]+)〔(?P<year>[12]\d{3})〕(?P<seq>[1-9]\d*)号\Z"
)
_SHORT_TERM_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.PUBLIC_CRITICISM})


def unpublishable_reason(case: Case, policy: Policy) -> tuple[str, str] | None:
    """Why the case's decision must not be published, as ``(zh, en)``, or ``None``.

    A principal party who is a natural person and a minor on the decision date
    (read from the ID number), or a penalty decision imposing only kinds the
    policy excludes (a warning alone, by default).
    """
    decision = case.decision
    if decision is None:
        return None
    for party in case.principal_parties():
        if party.is_minor_on(decision.decided_on):
            return (
                f"当事人{party.name}于决定日为未成年人",
                f"party {party.name} was a minor on the decision date",
            )
    kinds = {p.kind for p in decision.penalties}
    if kinds and kinds <= set(policy.unpublished_penalty_kinds):
        names = ", ".join(sorted(k.value for k in kinds))
        return (f"仅给予 {names} 的处罚决定不予公示", f"a decision imposing only {names}")
    return None


def _decision_notices(case: Case) -> list[tuple[int, PublicNotice]]:
    return [(j, n) for j, n in enumerate(case.notices) if n.kind is NoticeKind.DECISION]


_UNKNOWN: Any = object()


def publication_due(
    case: Case,
    policy: Policy,
    deadlines: Deadlines,
    *,
    unpublishable: tuple[str, str] | None = _UNKNOWN,
) -> Deadline | None:
    """When the case's decision notice is due (118号 二(六)), or ``None`` if none is.

    Penalty and licensing decisions within 7 working days, others within 20
    (both configurable); nothing for a case without a decision or one that
    must not be published (:func:`unpublishable_reason`), nor, with the
    policy's ``publish_ordinary_only`` (SAMR-公示 第二条), for a
    simplified-procedure penalty decision. ``unpublishable`` is the case's
    :func:`unpublishable_reason` when the caller has it already.
    """
    decision = case.decision
    if decision is None:
        return None
    if unpublishable is _UNKNOWN:
        unpublishable = unpublishable_reason(case, policy)
    if unpublishable is not None:
        return None
    if (
        policy.publish_ordinary_only
        and case.category is CaseCategory.PENALTY
        and case.procedure is not Procedure.ORDINARY
    ):
        return None  # SAMR-公示 第二条: ordinary-procedure decisions only
    fast = case.category in policy.fast_publication_categories
    n = policy.fast_publication_working_days if fast else policy.publication_working_days
    return deadlines.working_days(decision.decided_on, n)


def publication_deadline(ctx: CaseContext) -> Iterator[Hit]:
    """PUB001: a decision notice due but not published by its deadline, or published late."""
    case = ctx.case
    decision = case.decision
    deadline = ctx.facts.publication_due()
    if decision is None or deadline is None:
        return
    n = deadline.periods
    notices = _decision_notices(case)
    if notices:
        j, first = min(notices, key=lambda item: item[1].published_on)
        if first.published_on > deadline.due:
            yield Hit(
                path=f"{ctx.path}.notices[{j}].published_on",
                zh=f"决定 {decision.number} 未在 {n} 个工作日内公示"
                f"（{first.published_on.isoformat()} 公示）",
                en=f"decision {decision.number} was published on "
                f"{first.published_on.isoformat()}, more than {n} working days after it",
                deadline=deadline,
                actual=first.published_on,
            )
    elif ctx.on > deadline.due:
        yield Hit(
            path=f"{ctx.path}.notices",
            zh=f"决定 {decision.number} 应于 {deadline.due.isoformat()} 前公示，至今未公示",
            en=f"decision {decision.number} was due to be published by "
            f"{deadline.due.isoformat()} and has not been",
            deadline=deadline,
        )


def withdrawal_deadline(ctx: CaseContext) -> Iterator[Hit]:
    """PUB002: a revoked decision's notice not withdrawn, with an explanation, in 3 working days."""
    case = ctx.case
    decision = case.decision
    if decision is None or decision.revoked_on is None:
        return
    n = ctx.policy.withdrawal_working_days
    deadline = ctx.deadlines.working_days(decision.revoked_on, n)
    due = deadline.due
    published = _decision_notices(case)
    for j, notice in published:
        withdrawn = notice.withdrawn_on
        if withdrawn is not None and withdrawn <= due:
            continue
        if withdrawn is None and ctx.on <= due:
            continue
        yield Hit(
            path=f"{ctx.path}.notices[{j}].withdrawn_on",
            zh=f"决定 {decision.number} 于 {decision.revoked_on.isoformat()} 被撤销，"
            f"其公示未在 {n} 个工作日内撤下",
            en=f"decision {decision.number} was revoked on {decision.revoked_on.isoformat()} "
            f"and its notice was not withdrawn within {n} working days",
            deadline=deadline,
            actual=withdrawn,
        )
    if not published:
        return
    explained = [w.published_on for w in case.notices_of(NoticeKind.WITHDRAWAL)]
    first = min(explained, default=None)
    if (first is not None and first > due) or (first is None and ctx.on > due):
        yield Hit(
            path=f"{ctx.path}.notices",
            zh=f"决定 {decision.number} 被撤销后未在 {n} 个工作日内公开撤下说明",
            en=f"no withdrawal explanation (撤下说明) was published within {n} working days "
            f"of the revocation of decision {decision.number}",
            deadline=deadline,
            actual=first,
        )


def must_not_publish(ctx: CaseContext) -> Iterator[Hit]:
    """PUB003: a notice published for a decision that must not be published."""
    case = ctx.case
    reason = ctx.facts.unpublishable_reason
    if reason is None:
        return
    for j, notice in _decision_notices(case):
        yield Hit(
            path=f"{ctx.path}.notices[{j}]",
            zh=f"不应公示的决定被公示：{reason[0]}",
            en=f"a decision that must not be published was published: {reason[1]}",
            actual=notice.published_on,
        )


@functools.lru_cache(maxsize=8)
def _category_terms(terms: tuple[tuple[CaseCategory, int], ...]) -> dict[CaseCategory, int]:
    """A policy's own terms by category, built once per policy rather than once per case."""
    return dict(terms)


def publication_term(case: Case, policy: Policy) -> int:
    """The publication term (公示期限) in months the policy sets for the case; 0 = no fixed term.

    The category's own term where the policy sets one (``category_term_months``:
    licences have no fixed term by default, not the penalty term). Penalties
    follow SAMR-公示 第十三条: short for 警告/通报批评 or a low fine, long
    otherwise, and as long as a time-limited penalty (``duration_months``) that
    runs longer. Other categories: the long term.
    """
    own = _category_terms(policy.category_term_months).get(case.category)
    if own is not None:
        return own
    decision = case.decision
    if decision is None or not decision.penalties:
        return policy.long_term_months
    kinds = {p.kind for p in decision.penalties}
    if kinds <= _SHORT_TERM_KINDS:
        return policy.short_term_months
    limit = policy.low_fine_limit
    if (
        limit is not None
        and kinds <= _SHORT_TERM_KINDS | {PenaltyKind.FINE}
        and decision.fines_total() <= limit
    ):
        return policy.short_term_months
    longest = max((p.duration_months or 0 for p in decision.penalties), default=0)
    return max(policy.long_term_months, longest)


def publication_expired(ctx: CaseContext) -> Iterator[Hit]:
    """PUB004: a notice still public after its publication term (公示期限)."""
    case = ctx.case
    notices = _decision_notices(case)
    if not notices:
        return
    months = publication_term(case, ctx.policy)
    if months == 0:
        return  # no fixed term: public while it holds (a licence while valid)
    for j, notice in notices:
        end = add_months(notice.published_on, months)
        withdrawn = notice.withdrawn_on
        if (withdrawn is None and ctx.on > end) or (withdrawn is not None and withdrawn > end):
            yield Hit(
                path=f"{ctx.path}.notices[{j}]",
                zh=f"公示期限 {months} 个月已于 {end.isoformat()} 届满，公示仍未撤下",
                en=f"the {months}-month publication term ended on {end.isoformat()} "
                "and the notice was still public",
                due=end,
                actual=withdrawn,
            )


def document_number(ctx: CaseContext) -> Iterator[Hit]:
    """FMT001: a 文书号 not of the form 机关代字〔YYYY〕N号, or of another year."""
    decision = ctx.case.decision
    if decision is None:
        return
    number = decision.number
    match = _NUMBER_RE.match(number)
    path = f"{ctx.path}.decision.number"
    if match is None:
        yield Hit(
            path=path,
            zh=f"文书号“{number}”不符合“机关代字〔年份〕序号号”格式"
            "（四位年份用六角括号，序号不编虚位、不加“第”）",
            en=f"document number {number!r} does not follow 机关代字〔YYYY〕N号 "
            "(full year in 〔〕, no leading zeros, no 第)",
        )
    elif int(match["year"]) != decision.decided_on.year:
        yield Hit(
            path=path,
            zh=f"文书号“{number}”的年份与决定日期 {decision.decided_on.isoformat()} 不符",
            en=f"document number {number!r} has a year other than the decision's "
            f"({decision.decided_on.year})",
        )


RULES = (
    Rule(
        code="PUB001",
        severity=Severity.ERROR,
        source="国办发〔2018〕118号 二(六)；《政府信息公开条例》第二十六条",
        title="执法决定按时公示",
        title_en="decisions published in time",
        cases=publication_deadline,
    ),
    Rule(
        code="PUB002",
        severity=Severity.ERROR,
        source="《行政处罚法》第四十八条、第八十五条；《市场监督管理行政处罚信息公示规定》第十一条",
        title="撤销的决定三个工作日内撤下公示",
        title_en="revoked decisions withdrawn within 3 working days",
        cases=withdrawal_deadline,
    ),
    Rule(
        code="PUB003",
        severity=Severity.ERROR,
        source="《政府信息公开条例》第十五条；《市场监督管理行政处罚信息公示规定》第二条",
        title="不应公示的决定未公示",
        title_en="no notice for decisions that must not be published",
        cases=must_not_publish,
    ),
    Rule(
        code="PUB004",
        severity=Severity.WARNING,
        source="《市场监督管理行政处罚信息公示规定》第十三条；地方公示期限规定",
        title="公示期满撤下（期限按类别）",
        title_en="notices taken down after their term",
        cases=publication_expired,
    ),
    Rule(
        code="FMT001",
        severity=Severity.WARNING,
        source="GB/T 9704-2012 第7.2.5条",
        title="文书号格式",
        title_en="document number format",
        cases=document_number,
    ),
)
"""The publication and format rules, in code order."""
