"""The first-party PDF renderer of public notices (``enforcement_pdf``).

Registered under the ``enforcement`` entry-point group like any third-party
plugin. It answers ``enforcement_notice_renderer`` for ``format="pdf"`` with
``trylast=True``, so another plugin can replace it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from enforcement_pdf.render import render_pdf

__version__ = "0.1.0"

__all__ = ["render_pdf"]


def __getattr__(attr: str) -> Any:
    # The renderer imports reportlab: only on first use, so that loading the
    # plugin (for ``enforcement --help``) stays cheap.
    if attr == "render_pdf":
        from enforcement_pdf.render import render_pdf

        return render_pdf
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")
