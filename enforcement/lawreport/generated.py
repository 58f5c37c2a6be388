"""The 行政执法 paragraph of part 1, written from the records as a clerk would write it.

Each sentence states figures of the :class:`~enforcement.summary.Summary`
(``summarize``'s, never recounted): certified officers and certificate checks;
training hours and completion; cases and decisions by category; notices
published on time; major decisions reviewed; recording completeness;
withdrawals. ``docs/law-report.md`` shows the sentences with their variants.
"""

from __future__ import annotations

from decimal import Decimal

from enforcement.calendar import provisional_note
from enforcement.lawreport.figures import certificate_findings
from enforcement.reports import category_label, penalty_label
from enforcement.summary import Summary


def _n(value: int) -> str:
    return f"{value:,}"


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%"


def _hours(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def officers_sentence(summary: Summary) -> str:
    """Certified officers and what the certificate checks found (持证上岗, 亮证执法)."""
    o = summary.officers
    text = (
        f"全年共有行政执法人员{_n(o.total)}人，年末持有效行政执法证件{_n(o.active_at_year_end)}人"
    )
    if o.expiring_within_90_days:
        text += f"，其中{_n(o.expiring_within_90_days)}件证件将于年末后90日内到期"
    found = certificate_findings(summary)
    if found:
        text += f"；经核查执法记录，发现未持有效证件或超出证件执法领域执法{_n(found)}起"
    else:
        text += "；经核查执法记录，未发现未持有效证件或超出证件执法领域执法的情况"
    return text + "。"


def training_sentence(summary: Summary) -> str:
    """Training hours and how many officers met the requirement (学时)."""
    o = summary.officers
    if not o.total:
        return "全年无在册行政执法人员，未组织执法培训。"
    required = _hours(o.training_requirement)
    text = f"全年执法人员参加培训共{_hours(o.training_hours_total)}学时，"
    if o.meeting_training_requirement == o.total:
        return text + f"全部{_n(o.total)}人达到每人每年{required}学时的培训要求。"
    return text + (
        f"{_n(o.meeting_training_requirement)}人达到每人每年{required}学时的培训要求"
        f"（达标率{_percent(o.meeting_training_requirement, o.total)}），"
        f"{_n(o.total - o.meeting_training_requirement)}人未达到。"
    )


def decisions_sentence(summary: Summary) -> str:
    """Cases opened by category (立案), decisions made in the year, penalty decisions by
    heaviest penalty, amounts."""
    c = summary.cases
    if not c.total:
        return f"{summary.year}年未办理行政执法案件。"
    categories = "、".join(
        f"{category_label(k, 'zh')}{_n(n)}件" for k, n in c.by_category.items() if n
    )
    text = (
        f"全年立案办理行政执法案件{_n(c.total)}件，其中{categories}；"
        f"全年作出行政执法决定{_n(c.decisions)}件"
    )
    penalties = sum(c.decisions_by_heaviest_penalty.values())
    if penalties:
        kinds = "、".join(
            f"{penalty_label(k, 'zh')}{_n(n)}件" for k, n in c.decisions_by_heaviest_penalty.items()
        )
        text += f"，其中行政处罚决定{_n(penalties)}件（按最重处罚种类计：{kinds}）"
    if c.fines_total or c.confiscations_total:
        text += f"，罚款{_money(c.fines_total)}元，没收{_money(c.confiscations_total)}元"
    if c.hearings:
        text += f"；依当事人申请举行听证{_n(c.hearings)}件"
    return text + "。"


def publication_sentence(summary: Summary) -> str:
    """Decision notices published on time (行政执法公示), and withdrawals (撤下)."""
    p, c = summary.publication, summary.cases
    if not p.due:
        text = "全年无应公示的行政执法决定"
    elif p.on_time == p.due:
        text = f"应公示的行政执法决定{_n(p.due)}件，全部按期公示"
    else:
        text = f"应公示的行政执法决定{_n(p.due)}件，按期公示{_n(p.on_time)}件"
        extra = [
            f"{label}{_n(n)}件"
            for label, n in (
                ("逾期公示", p.late),
                ("逾期未公示", p.missing),
                ("尚在公示期限内", p.pending),
                ("公示期限无法确定", p.undetermined),
            )
            if n
        ]
        text += "，" + "，".join(extra) if extra else ""
    if c.revoked or p.withdrawn:
        text += f"；作出的决定被撤销{_n(c.revoked)}件，撤下已公示信息{_n(p.withdrawn)}件"
    return text + "。"


def review_sentence(summary: Summary) -> str:
    """Major decisions reviewed before the decision (重大执法决定法制审核)."""
    v = summary.review
    if not v.major_decisions:
        return "全年未作出重大执法决定。"
    if v.reviewed_before_decision == v.major_decisions:
        return f"作出重大执法决定{_n(v.major_decisions)}件，均在决定前经法制审核同意。"
    missing = v.major_decisions - v.reviewed_before_decision
    return (
        f"作出重大执法决定{_n(v.major_decisions)}件，其中决定前经法制审核同意"
        f"{_n(v.reviewed_before_decision)}件，未经法制审核同意即作出决定{_n(missing)}件。"
    )


def recording_sentence(summary: Summary) -> str:
    """Full-process recording: cases with every stage recorded, on-site acts with video."""
    r = summary.recording
    if not r.cases:
        return ""
    text = (
        f"执法全过程记录方面，{_n(r.cases)}件案件中各必经环节均有记录的"
        f"{_n(r.cases_fully_recorded)}件（{_percent(r.cases_fully_recorded, r.cases)}）"
    )
    if r.onsite_acts:
        text += (
            f"，现场执法{_n(r.onsite_acts)}次中有音像记录的{_n(r.onsite_acts_with_av)}次"
            f"（{_percent(r.onsite_acts_with_av, r.onsite_acts)}）"
        )
    return text + "。"


def enforcement_paragraphs(summary: Summary) -> tuple[str, ...]:
    """The generated 行政执法 paragraphs: people first, then cases and the three systems."""
    people = officers_sentence(summary) + training_sentence(summary)
    work = "".join(
        s
        for s in (
            decisions_sentence(summary),
            publication_sentence(summary),
            review_sentence(summary),
            recording_sentence(summary),
        )
        if s
    )
    paragraphs = [people, work]
    if summary.provisional_calendar:
        paragraphs.append(
            "注：公示期限" + provisional_note(summary.provisional_calendar, "zh") + "。"
        )
    return tuple(paragraphs)


__all__ = [
    "decisions_sentence",
    "enforcement_paragraphs",
    "officers_sentence",
    "publication_sentence",
    "recording_sentence",
    "review_sentence",
    "training_sentence",
]
