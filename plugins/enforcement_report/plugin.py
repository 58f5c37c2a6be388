"""Hook implementations of the ``enforcement_report`` plugin."""

from __future__ import annotations

from enforcement.hookspecs import hookimpl
from enforcement.lawreport import LAW_REPORT_KIND, LawReportRenderer
from enforcement.reports import SUMMARY_KIND, SummaryRenderer
from enforcement_report.lawreport import render_law_report_pdf
from enforcement_report.render import render_summary_pdf


@hookimpl(trylast=True)
def enforcement_notice_renderer(
    kind: str, format: str
) -> SummaryRenderer | LawReportRenderer | None:
    """Render the annual report and the law report (法治政府建设情况报告) as PDF."""
    if format == "pdf" and kind == SUMMARY_KIND:
        return render_summary_pdf
    if format == "pdf" and kind == LAW_REPORT_KIND:
        return render_law_report_pdf
    return None
