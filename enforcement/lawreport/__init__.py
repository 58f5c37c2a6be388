"""The annual 法治政府建设情况报告 (督察规定 第二十四条: published by 1 April), built from the
records and the agency's own words.

- :class:`ReportInput` reads ``SECTIONS.toml``: the five parts in the agency's words;
- :func:`build_law_report` writes the 行政执法 sub-section from a
  :class:`~enforcement.summary.Summary` (the figures of ``enforcement summary``),
  places the plugins' report sections, redacts the agency's text and marks the
  numbers in it that contradict the records;
- :func:`law_report_markdown` and :func:`render_law_report` give Markdown and PDF.

See ``docs/law-report.md``.
"""

from __future__ import annotations

from enforcement.lawreport.contradictions import (
    PATTERNS,
    Contradiction,
    Pattern,
    find_contradictions,
    mark_contradictions,
)
from enforcement.lawreport.document import (
    LAW_REPORT_KIND,
    LawReportDocument,
    LawReportRenderer,
    build_law_report,
    law_report_markdown,
    redact_agency_text,
    render_law_report,
    sub_number,
)
from enforcement.lawreport.figures import RecordFigure, record_figures
from enforcement.lawreport.generated import enforcement_paragraphs
from enforcement.lawreport.numbers import chinese_integer, read_number
from enforcement.lawreport.sections import PARTS, Part, PartSpec, ReportInput, SubSection
from enforcement.lawreport.template import TEMPLATE

__all__ = [
    "LAW_REPORT_KIND",
    "PARTS",
    "PATTERNS",
    "TEMPLATE",
    "Contradiction",
    "LawReportDocument",
    "LawReportRenderer",
    "Part",
    "PartSpec",
    "Pattern",
    "RecordFigure",
    "ReportInput",
    "SubSection",
    "build_law_report",
    "chinese_integer",
    "enforcement_paragraphs",
    "find_contradictions",
    "law_report_markdown",
    "mark_contradictions",
    "read_number",
    "record_figures",
    "redact_agency_text",
    "render_law_report",
    "sub_number",
]
