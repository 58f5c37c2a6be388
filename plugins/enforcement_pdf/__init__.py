"""The first-party PDF renderer of public notices (``enforcement_pdf``).

Registered under the ``enforcement`` entry-point group like any third-party
plugin. It answers ``enforcement_notice_renderer`` for ``format="pdf"`` with
``trylast=True``, so another plugin can replace it.
"""

from __future__ import annotations

from enforcement_pdf.render import render_pdf

__version__ = "0.1.0"

__all__ = ["render_pdf"]
