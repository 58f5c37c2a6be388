"""Laying out a :class:`~enforcement.lawreport.LawReportDocument` (法治政府建设情况报告) as an
A4 PDF.

The report is a document, not a statistics book: no cover, the title centred at
the top of the first page, the parts and sub-sections in the statistics
report's heading styles, the agency and the date right-aligned at the end. The
page geometry, fonts, escaping and page numbers are the notices' (``build_a4``,
``numbered_canvas``, :func:`enforcement_pdf.markup.escape_text`).
"""

from __future__ import annotations

from enforcement_pdf.fonts import font_name
from enforcement_pdf.kinsoku import CJKParagraph
from enforcement_pdf.markup import escape_text, has_cjk
from enforcement_pdf.render import build_a4, numbered_canvas
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from enforcement.lawreport import LawReportDocument
from enforcement.lawreport.contradictions import MARKER
from enforcement.reports import Bullets, Heading, Prose
from enforcement_report.render import RED, ReportStyles

# The bullet is U+30FB, a glyph every font here has; middle dots in the text are replaced, for
# the built-in font only, by CJKParagraph (enforcement_pdf.glyphs).
BULLET = "\u30fb"


def _marked(text: str) -> str:
    """``text`` as inert markup, with the contradiction markers (our own words) in red."""
    out: list[str] = []
    last = 0
    for found in MARKER.finditer(text):
        out.append(escape_text(text[last : found.start()]))
        out.append(f'<font color="{RED}">{escape_text(found.group(0))}</font>')
        last = found.end()
    out.append(escape_text(text[last:]))
    return "".join(out)


def _para(text: str, cjk: ParagraphStyle, latin: ParagraphStyle) -> Paragraph:
    return CJKParagraph(_marked(text), cjk if has_cjk(text) else latin)


def story(document: LawReportDocument, styles: ReportStyles) -> list[Flowable]:
    """The flowables of ``document``; all text goes through :func:`escape_text`."""
    h4 = ParagraphStyle("h4", parent=styles.report_body, keepWithNext=1, spaceBefore=4)
    signature = ParagraphStyle(
        "signature", parent=styles.report_body, alignment=TA_RIGHT, rightIndent=2 * 12
    )
    # The bullet in the document's own font: the default (Helvetica) has no U+30FB.
    bullet = ParagraphStyle("law_bullet", parent=styles.bullet, bulletFontName=styles.font)
    bullet_latin = ParagraphStyle("law_bullet_latin", parent=bullet, wordWrap=None)
    red_heading = ParagraphStyle("law_appendix", parent=styles.h2, textColor=colors.HexColor(RED))
    flow: list[Flowable] = [CJKParagraph(escape_text(document.title), styles.title), Spacer(1, 6)]
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.level <= 2:
                flow.append(CondPageBreak(40 * mm))
                flow.append(_para(block.text, styles.h2, styles.h2_latin))
            elif block.level == 3:
                flow.append(_para(block.text, styles.h3, styles.h3_latin))
            else:
                flow.append(CJKParagraph(_marked(block.text), h4))
        elif isinstance(block, Prose):
            flow.append(_para(block.text, styles.prose, styles.prose_latin))
        elif isinstance(block, Bullets):
            for item in block.items:
                style = bullet if has_cjk(item) else bullet_latin
                flow.append(CJKParagraph(_marked(item), style, bulletText=BULLET))
            flow.append(Spacer(1, 4))
    flow.append(
        KeepTogether(
            [
                Spacer(1, 14),
                *(CJKParagraph(escape_text(line), signature) for line in document.signature),
            ]
        )
    )
    for block in document.appendix:
        if isinstance(block, Heading):
            flow.append(Spacer(1, 14))
            flow.append(CJKParagraph(escape_text(block.text), red_heading))
        elif isinstance(block, Bullets):
            flow.extend(CJKParagraph(_marked(i), bullet, bulletText=BULLET) for i in block.items)
    return flow


def render_law_report_pdf(document: LawReportDocument) -> bytes:
    """The PDF bytes of the law report ``document`` (deterministic)."""
    font = font_name(document.font)
    canvas = numbered_canvas(
        document.info.created, document.page_label, font, producer="enforcement_report"
    )
    return build_a4(document.info, story(document, ReportStyles(font)), canvas)


__all__ = ["render_law_report_pdf", "story"]
