"""The record figures a 法治政府建设情况报告 states, taken from a
:class:`~enforcement.summary.Summary` (never recounted) and the plugins' report sections.

Every figure the generated paragraph states and the contradiction check compares
has a key here; ``docs/law-report.md`` lists them. When the summary's fields
change, this module is the one place to follow them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from attrs import frozen

from enforcement.reports import SummarySection
from enforcement.summary import Summary

DISCLOSURE_KEY = "disclosure_requests"
"""The key of the report section holding the disclosure-request figures (政府信息公开申请)."""

_DISCLOSURE = ("carried_over", "received", "answered", "carried_forward")


@frozen
class RecordFigure:
    """One figure of the records: what it counts, in which unit, and its value."""

    key: str
    label: str
    unit: str
    value: Decimal


def certificate_findings(summary: Summary) -> int:
    """Acts by an officer without a valid certificate, or outside its domain (OFF002, OFF003)."""
    return sum(summary.findings_by_code.get(code, 0) for code in ("OFF002", "OFF003"))


def record_figures(
    summary: Summary, sections: Sequence[SummarySection] = ()
) -> Mapping[str, RecordFigure]:
    """The figures of ``summary`` (and of the disclosure section, when a plugin gives one)."""
    c, o, v, p = summary.cases, summary.officers, summary.review, summary.publication
    rows: list[tuple[str, str, str, int | Decimal]] = [
        ("cases", "立案（办理行政执法案件）", "件", c.total),
        ("penalty_cases", "行政处罚案件", "件", c.by_category.get("penalty", 0)),
        ("decisions", "作出行政执法决定", "件", c.decisions),
        ("penalty_decisions", "行政处罚决定", "件", sum(c.decisions_by_heaviest_penalty.values())),
        ("fines", "罚款金额", "元", c.fines_total),
        ("fines_and_confiscations", "罚没金额", "元", c.fines_total + c.confiscations_total),
        ("hearings", "举行听证", "件", c.hearings),
        ("revoked", "决定被撤销", "件", c.revoked),
        ("officers", "执法人员", "人", o.total),
        ("certified", "持有效执法证件的执法人员", "人", o.active_at_year_end),
        ("trained", "达到培训学时要求的执法人员", "人", o.meeting_training_requirement),
        ("due", "应公示的决定", "件", p.due),
        ("on_time", "按期公示", "件", p.on_time),
        ("late", "逾期公示", "件", p.late),
        ("missing", "逾期未公示", "件", p.missing),
        ("published", "已公示的决定", "件", p.on_time + p.late),
        ("withdrawn", "撤下的公示", "件", p.withdrawn),
        ("major_decisions", "重大执法决定", "件", v.major_decisions),
        ("reviewed", "决定前经法制审核同意", "件", v.reviewed_before_decision),
    ]
    out = {key: RecordFigure(key, label, unit, Decimal(value)) for key, label, unit, value in rows}
    disclosure = next((s for s in sections if s.key == DISCLOSURE_KEY), None)
    if disclosure is not None:
        labels = (
            "上年度结转政府信息公开申请",
            "本年度收到政府信息公开申请",
            "已答复",
            "结转下年度",
        )
        for key, label in zip(_DISCLOSURE, labels, strict=True):
            value = disclosure.data.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                out[f"disclosure_{key}"] = RecordFigure(
                    f"disclosure_{key}", label, "件", Decimal(value)
                )
    return out


__all__ = ["DISCLOSURE_KEY", "RecordFigure", "certificate_findings", "record_figures"]
