"""The first-party PDF renderer of the annual report (``enforcement_report``).

Registered under the ``enforcement`` entry-point group like any third-party
plugin. It answers ``enforcement_notice_renderer`` for ``kind="summary"`` and
``format="pdf"`` with ``trylast=True``, so another plugin can replace it. It
shares the ``enforcement_pdf`` plugin's fonts, escaping and page numbering.
"""

from __future__ import annotations

from enforcement_report.render import render_summary_pdf

__version__ = "0.1.0"

__all__ = ["render_summary_pdf"]
