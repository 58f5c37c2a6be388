"""Laying out a :class:`~enforcement.lawreport.LawReportDocument` (法治政府建设情况报告) as an
A4 PDF.

The report is a document, not a statistics book: no cover, the title centred at
the top of the first page, the parts and sub-sections in the statistics
report's heading styles, the agency and the date right-aligned at the end. The
page geometry, fonts, escaping and page numbers are the notices' (``build_a4``,
``numbered_canvas``, :func:`enforcement_pdf.markup.escape_text`).
"""

from __future__ import annotations

import attrs
from enforcement_pdf.fonts import font_name
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

# The built-in STSong-Light has no glyph for the middle dots a clerk types (4·15, 12·4): they
# would print as boxes. U+30FB looks the same and is in the font; an embedded font needs nothing.
_DOTS = str.maketrans(dict.fromkeys("\u00b7\u2022\u2027\u22c5\uff65\u2219", "\u30fb"))
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
    return Paragraph(_marked(text), cjk if has_cjk(text) else latin)


def drawable(document: LawReportDocument) -> LawReportDocument:
    """``document`` with the characters its font cannot draw replaced by look-alikes."""
    if document.font is not None:
        return document

    def fix(text: str) -> str:
        return text.translate(_DOTS)

    blocks = tuple(
        Bullets(tuple(fix(i) for i in b.items))
        if isinstance(b, Bullets)
        else attrs.evolve(b, text=fix(b.text))
        for b in document.blocks
    )
    appendix = tuple(
        Bullets(tuple(fix(i) for i in b.items)) if isinstance(b, Bullets) else b
        for b in document.appendix
    )
    return attrs.evolve(
        document,
        title=fix(document.title),
        blocks=blocks,
        appendix=appendix,
        signature=tuple(fix(line) for line in document.signature),
    )


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
    flow: list[Flowable] = [Paragraph(escape_text(document.title), styles.title), Spacer(1, 6)]
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.level <= 2:
                flow.append(CondPageBreak(40 * mm))
                flow.append(_para(block.text, styles.h2, styles.h2_latin))
            elif block.level == 3:
                flow.append(_para(block.text, styles.h3, styles.h3_latin))
            else:
                flow.append(Paragraph(_marked(block.text), h4))
        elif isinstance(block, Prose):
            flow.append(_para(block.text, styles.prose, styles.prose_latin))
        elif isinstance(block, Bullets):
            for item in block.items:
                style = bullet if has_cjk(item) else bullet_latin
                flow.append(Paragraph(_marked(item), style, bulletText=BULLET))
            flow.append(Spacer(1, 4))
    flow.append(
        KeepTogether(
            [
                Spacer(1, 14),
                *(Paragraph(escape_text(line), signature) for line in document.signature),
            ]
        )
    )
    for block in document.appendix:
        if isinstance(block, Heading):
            flow.append(Spacer(1, 14))
            flow.append(Paragraph(escape_text(block.text), red_heading))
        elif isinstance(block, Bullets):
            flow.extend(Paragraph(_marked(i), bullet, bulletText=BULLET) for i in block.items)
    return flow


def render_law_report_pdf(document: LawReportDocument) -> bytes:
    """The PDF bytes of the law report ``document`` (deterministic)."""
    font = font_name(document.font)
    document = drawable(document)
    canvas = numbered_canvas(
        document.info.created, document.page_label, font, producer="enforcement_report"
    )
    return build_a4(document.info, story(document, ReportStyles(font)), canvas)


__all__ = ["render_law_report_pdf", "story"]
