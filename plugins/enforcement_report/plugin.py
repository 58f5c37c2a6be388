"""Hook implementations of the ``enforcement_report`` plugin."""

from __future__ import annotations

from enforcement.hookspecs import hookimpl
from enforcement.reports import SUMMARY_KIND, SummaryRenderer
from enforcement_report.render import render_summary_pdf


@hookimpl(trylast=True)
def enforcement_notice_renderer(kind: str, format: str) -> SummaryRenderer | None:
    """Render the annual report as PDF."""
    if format == "pdf" and kind == SUMMARY_KIND:
        return render_summary_pdf
    return None
