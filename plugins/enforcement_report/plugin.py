"""Hook implementations of the ``enforcement_report`` plugin.

This module is what the entry point loads: it imports the renderers, and with
them reportlab, only when the annual report's or the law report's renderer is
asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from enforcement.hookspecs import hookimpl

if TYPE_CHECKING:
    from enforcement.lawreport import LawReportRenderer
    from enforcement.reports import SummaryRenderer


@hookimpl(trylast=True)
def enforcement_notice_renderer(
    kind: str, format: str
) -> SummaryRenderer | LawReportRenderer | None:
    """Render the annual report and the law report (法治政府建设情况报告) as PDF."""
    if format != "pdf":
        return None
    from enforcement.lawreport import LAW_REPORT_KIND
    from enforcement.reports import SUMMARY_KIND

    if kind == SUMMARY_KIND:
        from enforcement_report.render import render_summary_pdf

        return render_summary_pdf
    if kind == LAW_REPORT_KIND:
        from enforcement_report.lawreport import render_law_report_pdf

        return render_law_report_pdf
    return None
