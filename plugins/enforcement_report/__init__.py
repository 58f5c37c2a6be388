"""The first-party PDF renderer of the annual report (``enforcement_report``).

Registered under the ``enforcement`` entry-point group like any third-party
plugin. It answers ``enforcement_notice_renderer`` for ``kind="summary"`` and
``format="pdf"`` with ``trylast=True``, so another plugin can replace it. It
shares the ``enforcement_pdf`` plugin's fonts, escaping and page numbering.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from enforcement_report.render import render_summary_pdf

__version__ = "0.1.0"

__all__ = ["render_summary_pdf"]


def __getattr__(attr: str) -> Any:
    # The renderer imports reportlab: only on first use, so that loading the
    # plugin (for ``enforcement --help``) stays cheap.
    if attr == "render_summary_pdf":
        from enforcement_report.render import render_summary_pdf

        return render_summary_pdf
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")
