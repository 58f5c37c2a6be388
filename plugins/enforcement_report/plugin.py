"""Hook implementations of the ``enforcement_report`` plugin.

This module is what the entry point loads: it imports the renderer, and with
it reportlab, only when the annual report's renderer is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from enforcement.hookspecs import hookimpl

if TYPE_CHECKING:
    from enforcement.reports import SummaryRenderer


@hookimpl(trylast=True)
def enforcement_notice_renderer(kind: str, format: str) -> SummaryRenderer | None:
    """Render the annual report as PDF."""
    from enforcement.reports import SUMMARY_KIND

    if format == "pdf" and kind == SUMMARY_KIND:
        from enforcement_report.render import render_summary_pdf

        return render_summary_pdf
    return None
