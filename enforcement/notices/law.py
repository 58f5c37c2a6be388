"""Publication law: when a notice is due, how long it stays up, which notices a case calls for."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from attrs import frozen

from enforcement.calendar import WorkingCalendar, add_months
from enforcement.errors import CalendarError, NoticeError
from enforcement.models import (
    Case,
    CaseCategory,
    Decision,
    NoticeKind,
)
from enforcement.notices.document import DocumentKind
from enforcement.numerals import figure_amount
from enforcement.policy import Policy

log = logging.getLogger(__name__)


@frozen
class PublicationTerm:
    """How long a notice stays published (公示期限) and why.

    ``months`` is 0 and ``until`` ``None`` when the policy sets no fixed term
    (licence information, public while the licence holds).
    """

    months: int
    until: date | None
    reason: str

    def words(self, lang: str = "zh") -> str:
        """The term as a notice prints it: 三个月, 三年, 五年, 十八个月, 长期."""
        return term_words(self.months, lang)


_DIGITS = "零一二三四五六七八九"


def _zh_count(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def term_words(months: int, lang: str = "zh") -> str:
    """A publication term in words: 0 is no fixed term (长期)."""
    if lang == "en":
        if months == 0:
            return "no fixed term"
        if months % 12 == 0:
            years = months // 12
            return f"{years} year" + ("s" if years > 1 else "")
        return f"{months} months"
    if months == 0:
        return "长期"
    if months % 12 == 0 and months < 1200:
        return f"{_zh_count(months // 12)}年"
    if months < 100:
        return f"{_zh_count(months)}个月"
    return f"{months}个月"


def publication_term(
    case: Case,
    published_on: date,
    *,
    low_fine_line: Decimal | None = None,
    policy: Policy | None = None,
) -> PublicationTerm:
    """The publication term of a decision notice, from ``published_on``, as ``policy`` sets it.

    The same rule the compliance check PUB004 applies
    (:func:`enforcement.checks.publication.publication_term`): the category's
    own term where the policy sets one (licences: no fixed term by default);
    for penalties SAMR-公示 第十三条, three months for 通报批评 or a warning, or
    for a fine of at most the low-fine line where the province sets one, three
    years (the policy's long term) otherwise, longer when a restriction runs
    longer. ``low_fine_line``, when given, overrides the policy's.
    """
    import attrs

    from enforcement.checks.publication import publication_term as term_months

    policy = policy or Policy()
    if low_fine_line is not None:
        policy = attrs.evolve(policy, low_fine_limit=low_fine_line)
    line = policy.low_fine_limit
    months = term_months(case, policy)
    words = term_words(months)
    if case.category in dict(policy.category_term_months):
        reason = f"{words}（本机关公示期限规定）"
    elif months > policy.long_term_months:
        reason = f"{words}（处罚期限超过{term_words(policy.long_term_months)}，SAMR-公示 第十三条）"
    elif months == policy.long_term_months:
        reason = f"{words}（SAMR-公示 第十三条）"
    elif line is not None and case.decision is not None and case.decision.fines_total():
        reason = f"通报批评或者罚款不超过{figure_amount(line)}元（SAMR-公示 第十三条）"
    else:
        reason = "通报批评（SAMR-公示 第十三条）"
    until = add_months(published_on, months) if months else None
    return PublicationTerm(months, until, reason)


def _calendar(policy: Policy | None, calendar: WorkingCalendar | None) -> WorkingCalendar:
    if calendar is not None:
        return calendar
    if policy is None:
        from enforcement.calendar import default_calendar

        return default_calendar()
    from enforcement.plugins import default_plugin_manager

    return policy.working_calendar(plugin_manager=default_plugin_manager())


def publication_deadline(
    case: Case, *, policy: Policy | None = None, calendar: WorkingCalendar | None = None
) -> date:
    """The last day to publish the case's decision (118号 二(六)).

    The deadline the compliance check PUB001 applies (7 working days for 行政处罚
    and 行政许可, 20 for the others); the decision date for a decision that is
    not to be published. Counted on ``calendar``, else the calendar ``policy``
    describes, else the default calendar; raises
    :class:`~enforcement.errors.CalendarError` when the year has no data.
    """
    from enforcement.checks.engine import Deadlines
    from enforcement.checks.publication import publication_due

    policy = policy or Policy()
    deadline = publication_due(case, policy, Deadlines(_calendar(policy, calendar), policy))
    return deadline.due if deadline is not None else _decision(case).decided_on


@frozen
class PublicationDate:
    """A notice's publication date and what it rests on.

    ``basis`` is ``"record"`` (the case's notice records), ``"deadline"`` (the
    publication or withdrawal deadline, computed), or ``"undetermined"`` (the
    deadline's year has no calendar data: the decision or revocation date is
    used). ``provisional`` lists the years of a provisional calendar the
    computed date rests on.
    """

    day: date
    basis: str
    provisional: tuple[int, ...] = ()
    year: int | None = None


def publication_date(
    case: Case,
    kind: DocumentKind,
    *,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
) -> PublicationDate:
    """:func:`notice_published_on` with what the date rests on."""
    from enforcement.checks.engine import Deadlines
    from enforcement.checks.publication import publication_due

    decision = _decision(case)
    if kind == "withdrawal":
        record = case.notices_of(NoticeKind.WITHDRAWAL)
        if record:
            return PublicationDate(record[0].published_on, "record")
        withdrawn = [n.withdrawn_on for n in case.notices_of(NoticeKind.DECISION) if n.withdrawn_on]
        if withdrawn:
            return PublicationDate(withdrawn[0], "record")
        revoked = _revoked_on(case)
        try:
            computed = _calendar(policy, calendar).explain_deadline(revoked, 3)
        except CalendarError as exc:
            log.warning("no calendar data to compute the withdrawal date of %s", case.id)
            return PublicationDate(revoked, "undetermined", year=exc.year)
        return PublicationDate(computed.due, "deadline", computed.provisional)
    record = case.notices_of(NoticeKind.DECISION)
    if record:
        return PublicationDate(record[0].published_on, "record")
    policy = policy or Policy()
    try:
        deadline = publication_due(case, policy, Deadlines(_calendar(policy, calendar), policy))
    except CalendarError as exc:
        log.warning("no calendar data to compute the publication date of %s", case.id)
        return PublicationDate(decision.decided_on, "undetermined", year=exc.year)
    if deadline is None:
        return PublicationDate(decision.decided_on, "deadline")
    return PublicationDate(deadline.due, "deadline", deadline.provisional)


def notice_published_on(
    case: Case,
    kind: DocumentKind,
    *,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
) -> date:
    """The publication date of a notice, from the record where it has one.

    A decision notice: the case's decision notice record, else the publication
    deadline (the decision date when the calendar has no data for that year). A
    withdrawal notice: the withdrawal notice record, else the day the decision
    notice was withdrawn, else three working days after the revocation
    (《行政处罚法》第四十八条). Deadlines are counted as for
    :func:`publication_deadline`.
    """
    return publication_date(case, kind, policy=policy, calendar=calendar).day


def due_notice_kinds(case: Case, policy: Policy | None = None) -> tuple[DocumentKind, ...]:
    """The notices a case calls for: a decision notice and, once revoked, a withdrawal.

    No notice without a decision, for an inspection, or for a penalty decision
    imposing only kinds the policy does not publish (a warning alone by default,
    SAMR-公示 第二条; the same rule as the compliance check PUB003).
    """
    decision = case.decision
    if decision is None or case.category is CaseCategory.INSPECTION:
        return ()
    unpublished = set((policy or Policy()).unpublished_penalty_kinds)
    if decision.penalties and {p.kind for p in decision.penalties} <= unpublished:
        return ()
    kinds: list[DocumentKind] = ["decision"]
    if decision.revoked_on is not None:
        kinds.append("withdrawal")
    return tuple(kinds)


def _decision(case: Case) -> Decision:
    if case.decision is None:
        raise NoticeError(
            "decision", "the case has no decision, so nothing to publish", case_id=case.id
        )
    return case.decision


def _revoked_on(case: Case) -> date:
    decision = _decision(case)
    if decision.revoked_on is None:
        raise NoticeError(
            "decision.revoked_on",
            "the decision was not revoked or changed, so there is no notice to withdraw",
            case_id=case.id,
        )
    return decision.revoked_on
