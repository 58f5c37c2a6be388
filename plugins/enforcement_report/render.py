"""Laying out a :class:`~enforcement.reports.SummaryDocument` as an A4 PDF.

The page geometry, fonts, escaping (:func:`enforcement_pdf.markup.escape_text`,
the one helper through which user text reaches a ``Paragraph``) and page
numbering are the notices'. A cover page (the agency in red above a red rule,
the title, the period and the date compliance was judged on) is followed by the
document's blocks. The PDF is built in invariant mode with its dates taken from
the summary's ``as_of``, so the same summary always gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from enforcement_pdf.fonts import font_name
from enforcement_pdf.kinsoku import CJKParagraph
from enforcement_pdf.markup import escape_text, has_cjk
from enforcement_pdf.render import (
    TEXT_WIDTH,
    Styles,
    build_a4,
    numbered_canvas,
)
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable

from enforcement.reports import (
    Bullets,
    Chart,
    Heading,
    KeyFigures,
    OfficialTable,
    PageBreak,
    Prose,
    ReportTable,
    SummaryDocument,
)
from enforcement_report.charts import draw_chart

RED = "#C00000"
INK = colors.HexColor("#202020")
BODY_SIZE = 12
BODY_LEADING = 20


class ReportStyles(Styles):
    """The notices' styles plus the report's: smaller body text, headings, figure tiles."""

    def __init__(self, font: str) -> None:
        super().__init__(font)
        self.agency = ParagraphStyle(
            "agency",
            parent=self.letterhead,
            fontSize=22,
            leading=30,
            textColor=colors.HexColor(RED),
        )
        self.cover_title = ParagraphStyle(
            "cover_title", parent=self.title, fontSize=26, leading=36, spaceBefore=0
        )
        self.cover_line = ParagraphStyle(
            "cover_line",
            fontName=font,
            fontSize=12,
            leading=20,
            alignment=TA_CENTER,
            wordWrap="CJK",
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=self.cover_line, fontSize=11, textColor=colors.HexColor("#606060")
        )
        self.report_body = ParagraphStyle(
            "report_body", fontName=font, fontSize=BODY_SIZE, leading=BODY_LEADING, wordWrap="CJK"
        )
        self.prose = ParagraphStyle(
            "prose", parent=self.report_body, firstLineIndent=2 * BODY_SIZE, spaceAfter=4
        )
        self.prose_latin = ParagraphStyle("prose_latin", parent=self.prose, wordWrap=None)
        self.bullet = ParagraphStyle(
            "bullet", parent=self.report_body, leftIndent=2 * BODY_SIZE, bulletIndent=BODY_SIZE
        )
        self.bullet_latin = ParagraphStyle("bullet_latin", parent=self.bullet, wordWrap=None)
        self.h2 = ParagraphStyle(
            "h2",
            parent=self.report_body,
            fontSize=16,
            leading=24,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=1,
            textColor=INK,
        )
        self.h2_latin = ParagraphStyle("h2_latin", parent=self.h2, wordWrap=None)
        self.h3 = ParagraphStyle(
            "h3", parent=self.h2, fontSize=13.5, leading=20, spaceBefore=6, spaceAfter=3
        )
        self.h3_latin = ParagraphStyle("h3_latin", parent=self.h3, wordWrap=None)
        # Figures are numbers: no CJK wrapping.
        self.tile_value = ParagraphStyle(
            "tile_value",
            fontName=font,
            fontSize=18,
            leading=24,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#1F4E79"),
        )
        self.tile_label = ParagraphStyle(
            "tile_label", parent=self.cell, fontSize=9.5, leading=13, alignment=TA_CENTER
        )
        self.cell_number = ParagraphStyle(
            "cell_number", fontName=font, fontSize=10.5, leading=14, alignment=TA_RIGHT
        )
        # The official tables have up to eleven columns: small CJK-wrapped headers.
        self.official_head = ParagraphStyle(
            "official_head", parent=self.cell, fontSize=8, leading=10.5, alignment=TA_CENTER
        )
        self.official_value = ParagraphStyle(
            "official_value", fontName=font, fontSize=9.5, leading=12, alignment=TA_CENTER
        )
        self.official_note = ParagraphStyle(
            "official_note", parent=self.note, fontSize=9, leading=13
        )


def _para(text: str, cjk: ParagraphStyle, latin: ParagraphStyle) -> Paragraph:
    return CJKParagraph(escape_text(text), cjk if has_cjk(text) else latin)


def _cover(document: SummaryDocument, styles: ReportStyles) -> list[Flowable]:
    flow: list[Flowable] = [Spacer(1, 40 * mm)]
    flow.append(CJKParagraph(escape_text(document.agency), styles.agency))
    flow.append(
        HRFlowable(
            width="100%", thickness=1.5, color=colors.HexColor(RED), spaceBefore=6, spaceAfter=30
        )
    )
    flow.append(CJKParagraph(escape_text(document.title), styles.cover_title))
    flow.append(CJKParagraph(escape_text(document.subtitle), styles.subtitle))
    flow.append(Spacer(1, 70 * mm))
    flow.extend(CJKParagraph(escape_text(line), styles.cover_line) for line in document.cover_lines)
    flow.append(RLPageBreak())
    return flow


def _key_figures(block: KeyFigures, styles: ReportStyles) -> list[Flowable]:
    tiles = [
        [
            CJKParagraph(escape_text(f.value), styles.tile_value),
            CJKParagraph(escape_text(f.label), styles.tile_label),
        ]
        for f in block.figures
    ]
    columns = 3
    rows: list[list[Any]] = []
    for start in range(0, len(tiles), columns):
        row: list[Any] = tiles[start : start + columns]
        row += [""] * (columns - len(row))
        rows.append(row)
    table = RLTable(rows, colWidths=[TEXT_WIDTH / columns] * columns)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#A0A0A0")),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#A0A0A0")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#F5F7FA")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return [_para(block.heading, styles.h2, styles.h2_latin), table, Spacer(1, 10)]


_CELL_PADDING = 12.0
"""A table cell's left and right padding together (reportlab's default, 6 points a side)."""


def _fitted_widths(block: ReportTable, styles: ReportStyles) -> list[float]:
    """The column widths of ``block``, widened where a cell cannot break and would not fit.

    A cell without spaces or Chinese text (an amount such as ``3,755,651.00``, a count, a
    code) has no good place to break: its column gets at least the width of its widest
    such cell (at most a third of the text width), taken from the columns that have room
    to spare, in proportion to what they can give.
    """
    widths = [w * TEXT_WIDTH for w in block.widths]
    font, size = styles.cell.fontName, styles.cell.fontSize
    floors = [0.0] * len(widths)
    for row in block.rows:
        for i, value in enumerate(row[: len(widths)]):
            if value and not any(ch.isspace() or ord(ch) >= 0x2E80 for ch in value):
                needed = pdfmetrics.stringWidth(value, font, size) + _CELL_PADDING
                floors[i] = max(floors[i], min(needed, TEXT_WIDTH / 3))
    short = sum(max(0.0, f - w) for f, w in zip(floors, widths, strict=True))
    spare = sum(max(0.0, w - f) for f, w in zip(floors, widths, strict=True))
    if short <= 0 or spare < short:
        return widths
    return [
        f if f >= w else w - (w - f) * short / spare for f, w in zip(floors, widths, strict=True)
    ]


def _table(block: ReportTable, styles: ReportStyles) -> list[Flowable]:
    out: list[Flowable] = []
    if block.heading:
        out.append(_para(block.heading, styles.h3, styles.h3_latin))
    header = [CJKParagraph(escape_text(c), styles.cell_head) for c in block.columns]
    rows: list[list[Any]] = [header]
    for row in block.rows:
        rows.append(
            [
                CJKParagraph(
                    escape_text(value),
                    styles.cell_number if i in block.numeric_columns else styles.cell,
                )
                for i, value in enumerate(row)
            ]
        )
    widths = _fitted_widths(block, styles)
    table = RLTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#808080")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    out.append(table)
    if not block.rows:
        out.append(CJKParagraph("—", styles.note))
    out.append(Spacer(1, 8))
    return out


def _official_table(block: OfficialTable, styles: ReportStyles) -> list[Flowable]:
    """A table of the official template: group row, headers, one row of figures, then 说明."""
    width = len(block.headers)
    rows: list[list[Any]] = []
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#404040")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    if block.groups:
        group_row: list[Any] = []
        column = 0
        for label, span in block.groups:
            group_row.append(Paragraph(escape_text(label), styles.official_head))
            group_row.extend("" for _ in range(span - 1))
            if span > 1:
                commands.append(("SPAN", (column, 0), (column + span - 1, 0)))
            column += span
        rows.append(group_row)
    header_row = len(rows)
    rows.append([Paragraph(escape_text(h), styles.official_head) for h in block.headers])
    rows.append([Paragraph(escape_text(v), styles.official_value) for v in block.values])
    commands.append(("BACKGROUND", (0, 0), (-1, header_row), colors.HexColor("#EEEEEE")))
    table = RLTable(rows, colWidths=[TEXT_WIDTH / width] * width)
    table.setStyle(TableStyle(commands))
    notes: list[Flowable] = [Paragraph("说明：", styles.official_note)]
    notes.extend(Paragraph(escape_text(n), styles.official_note) for n in block.notes)
    return [
        KeepTogether(
            [
                _para(block.title, styles.h3, styles.h3_latin),
                table,
                Spacer(1, 3),
                *notes,
                Spacer(1, 8),
            ]
        )
    ]


def story(document: SummaryDocument, styles: ReportStyles) -> list[Flowable]:
    """The flowables of ``document``; all text goes through :func:`escape_text`."""
    flow = _cover(document, styles)
    for block in document.blocks:
        if isinstance(block, KeyFigures):
            flow.extend(_key_figures(block, styles))
        elif isinstance(block, Chart):
            drawing = draw_chart(block, styles.font, TEXT_WIDTH)
            flow.append(
                KeepTogether(
                    [_para(block.heading, styles.h3, styles.h3_latin), drawing, Spacer(1, 6)]
                )
            )
        elif isinstance(block, Heading):
            if block.level <= 2:
                flow.append(CondPageBreak(60 * mm))
                flow.append(_para(block.text, styles.h2, styles.h2_latin))
            else:
                flow.append(_para(block.text, styles.h3, styles.h3_latin))
        elif isinstance(block, Prose):
            flow.append(_para(block.text, styles.prose, styles.prose_latin))
        elif isinstance(block, Bullets):
            for item in block.items:
                style = styles.bullet if has_cjk(item) else styles.bullet_latin
                flow.append(CJKParagraph(escape_text(item), style, bulletText="•"))
            flow.append(Spacer(1, 4))
        elif isinstance(block, ReportTable):
            flow.extend(_table(block, styles))
        elif isinstance(block, OfficialTable):
            flow.extend(_official_table(block, styles))
        elif isinstance(block, PageBreak):
            flow.append(RLPageBreak())
    return flow


def render_summary_pdf(document: SummaryDocument) -> bytes:
    """The PDF bytes of the annual report ``document`` (deterministic)."""
    font = font_name(document.font)
    canvas = numbered_canvas(
        document.info.created,
        document.labels["page"],
        font,
        producer="enforcement_report",
        skip=1,
    )
    return build_a4(document.info, story(document, ReportStyles(font)), canvas)


__all__ = ["ReportStyles", "render_summary_pdf", "story"]
