"""Laying out a :class:`~enforcement.notices.NoticeDocument` as an A4 PDF.

Page geometry follows GB/T 9704-2012 (公文格式) in spirit: A4, margins of 37 mm
(top), 35 mm (bottom), 28 mm (left) and 26 mm (right); the issuing agency in
red above a red rule; a 2号 (22 pt) title; body text at 14 pt (四号, a little
smaller than the standard's 3号 so that a notice usually fits one page); page
numbers ``第 1 页 共 2 页`` in the bottom margin.

Chinese text wraps with ``wordWrap='CJK'`` through
:class:`enforcement_pdf.kinsoku.CJKParagraph`, which applies 禁则 (no line
starts with ，。、：；！？）》 and the like); codes and numbers use their own
style without it. The signature never stands alone on a page (:class:`KeepTail`). The
PDF is built in invariant mode with its dates taken from the document, so the
same document always gives the same bytes.

:func:`render_pdf` lays a notice out straight on the canvas where it can
(:mod:`enforcement_pdf.direct`: the same lines in the same places, without platypus'
frames and flowables) and through :func:`story` and :func:`build_a4` otherwise.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from enforcement import __version__ as enforcement_version
from enforcement.notices import DocumentInfo, Fields, NoticeDocument, Table, Text
from enforcement_pdf import direct
from enforcement_pdf.fonts import CODE_FONT, font_name
from enforcement_pdf.kinsoku import CJKParagraph
from enforcement_pdf.markup import escape_text, has_cjk
from enforcement_pdf.qr import draw_qr

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * mm
MARGIN_BOTTOM = 35 * mm
MARGIN_LEFT = 28 * mm
MARGIN_RIGHT = 26 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
BODY_SIZE = 14
BODY_LEADING = 20
QR_SIZE = 24 * mm
TABLE_HEAD_ROOM = 90
"""Room a table heading needs below it (its line, the header and about three rows)."""


class Styles:
    """The paragraph styles of one font."""

    def __init__(self, font: str) -> None:
        self.font = font
        self.letterhead = ParagraphStyle(
            "letterhead",
            fontName=font,
            fontSize=24,
            leading=30,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#C00000"),
            wordWrap="CJK",
        )
        self.title = ParagraphStyle(
            "title",
            fontName=font,
            fontSize=22,
            leading=30,
            alignment=TA_CENTER,
            spaceBefore=2,
            spaceAfter=8,
            wordWrap="CJK",
        )
        self.body = ParagraphStyle(
            "body", fontName=font, fontSize=BODY_SIZE, leading=BODY_LEADING, wordWrap="CJK"
        )
        # Latin text (English labels) wraps at spaces.
        self.body_latin = ParagraphStyle("body_latin", parent=self.body, wordWrap=None)
        self.field = ParagraphStyle(
            "field", parent=self.body, leftIndent=2 * BODY_SIZE, firstLineIndent=-2 * BODY_SIZE
        )
        self.field_latin = ParagraphStyle("field_latin", parent=self.field, wordWrap=None)
        # Further lines of a field's value (a second penalty) line up with its wrapped lines.
        self.field_more = ParagraphStyle("field_more", parent=self.field, firstLineIndent=0)
        self.field_more_latin = ParagraphStyle(
            "field_more_latin", parent=self.field_more, wordWrap=None
        )
        # Codes and numbers: no CJK wrapping, so that an identifier is never split.
        self.code = ParagraphStyle("code", parent=self.field, wordWrap=None, splitLongWords=False)
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            spaceBefore=4,
            keepWithNext=1,
            textColor=colors.HexColor("#202020"),
        )
        self.table_heading = ParagraphStyle("table_heading", parent=self.heading, keepWithNext=0)
        self.text = ParagraphStyle("text", parent=self.body, firstLineIndent=2 * BODY_SIZE)
        self.text_latin = ParagraphStyle("text_latin", parent=self.text, wordWrap=None)
        self.signature = ParagraphStyle(
            "signature", parent=self.body, alignment=TA_RIGHT, rightIndent=2 * BODY_SIZE
        )
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=14, wordWrap="CJK")
        self.cell_head = ParagraphStyle("cell_head", parent=self.cell, alignment=TA_CENTER)
        self.note = ParagraphStyle("note", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")


def _para(text: str, cjk: ParagraphStyle, latin: ParagraphStyle | None = None) -> Paragraph:
    style = cjk if latin is None or has_cjk(text) else latin
    return CJKParagraph(escape_text(text), style)


PIECE_CHARS = 1000
"""The longest paragraph laid out at once. reportlab re-wraps the rest of a paragraph at every
page break, so one paragraph of n characters costs O(n²); pieces keep a long text linear."""

_SENTENCE_END = re.compile(r"[。！？；!?;.\s]")


def _pieces(text: str) -> list[str]:
    """``text`` in pieces of at most :data:`PIECE_CHARS`, cut after a sentence where possible."""
    out = []
    start = 0
    while len(text) - start > PIECE_CHARS:
        window = text[start + PIECE_CHARS // 2 : start + PIECE_CHARS]
        cuts = [m.end() for m in _SENTENCE_END.finditer(window)]
        end = start + PIECE_CHARS // 2 + cuts[-1] if cuts else start + PIECE_CHARS
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


def _paras(text: str, cjk: ParagraphStyle, latin: ParagraphStyle | None = None) -> list[Paragraph]:
    """``text`` as paragraphs of at most :data:`PIECE_CHARS` characters (see :func:`_pieces`)."""
    return [_para(piece, cjk, latin) for piece in _pieces(text)]


class VerificationBlock(Flowable):
    """The QR code of the digest beside the digest in print and, in plain words, how to
    check the notice (the document's ``verify_hint`` label, wrapped to the space left)."""

    def __init__(self, document: NoticeDocument, styles: Styles) -> None:
        super().__init__()
        self.document = document
        self.styles = styles
        self.width = TEXT_WIDTH
        self.height = QR_SIZE + 4
        self._hint: Paragraph | None = None
        self._hint_height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        doc = self.document
        self._hint = None
        self._hint_height = 0.0
        hint = doc.labels.get("verify_hint") if doc.case_id is not None else None
        if hint:
            style = _hint_style(self.styles.font, has_cjk(hint))
            self._hint = CJKParagraph(escape_text(hint), style)
            _, self._hint_height = self._hint.wrap(TEXT_WIDTH - QR_SIZE - 4 * mm, availHeight)
        self.height = max(QR_SIZE, 42 + self._hint_height) + 4
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        doc = self.document
        labels = doc.labels
        top = self.height - 4
        canvas.setStrokeColor(colors.HexColor("#909090"))
        canvas.setLineWidth(0.5)
        canvas.line(0, self.height, self.width, self.height)
        draw_qr(canvas, doc.qr_payload, 0, top - QR_SIZE, QR_SIZE)
        x = QR_SIZE + 4 * mm
        canvas.setFillColor(colors.black)
        canvas.setFont(self.styles.font, 10)
        canvas.drawString(x, top - 9, f"{labels['verification']}  {labels['digest']}")
        canvas.setFont(CODE_FONT, 8.2)
        canvas.drawString(x, top - 23, doc.digest)
        canvas.setFont(self.styles.font, 9)
        if doc.case_id is not None:
            colon = "：" if doc.lang == "zh" else ": "
            canvas.drawString(x, top - 37, f"{labels['case_id']}{colon}{doc.case_id}")
        if self._hint is not None:
            self._hint.drawOn(canvas, x, top - 42 - self._hint_height)


@functools.lru_cache(maxsize=16)
def _hint_style(font: str, cjk: bool) -> ParagraphStyle:
    return ParagraphStyle(
        "verify_hint", fontName=font, fontSize=9, leading=12, wordWrap="CJK" if cjk else None
    )


class KeepTail(KeepTogether):
    """The last paragraph or table before the signature, then the signature and the
    verification block.

    When they do not fit in the space left, the paragraph (or table) splits so that at
    least its last ``keep`` lines (or rows) go to the next page with the signature: the
    agency and the date never stand alone, and a page is not left half empty to keep them
    company.
    """

    def __init__(self, last: Paragraph | RLTable, rest: list[Flowable], keep: int = 2) -> None:
        super().__init__([last, *rest])
        self._last = last
        self._rest = rest
        self._keep = keep

    def _reserve(self) -> float:
        """The height of the last ``keep`` lines or rows (after ``wrap``)."""
        last = self._last
        if isinstance(last, Paragraph):
            return self._keep * float(last.style.leading)
        heights = getattr(last, "_rowHeights", None) or []
        return float(sum(heights[-self._keep :]))

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        total: float = self._H  # type: ignore[attr-defined]
        if total <= aH:
            return list(super().split(aW, aH))
        _, height = self._last.wrap(aW, aH)
        room = min(aH, height - self._reserve())
        parts = self._last.split(aW, room) if room > 0 else []
        if len(parts) != 2:
            return list(super().split(aW, aH))
        head, tail = parts
        return [head, KeepTogether([tail, *self._rest])]


class _Seal(Flowable):
    """A seal image drawn over the signature, taking no room of its own."""

    def __init__(self, path: str, size: float) -> None:
        super().__init__()
        self.path = path
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        x = TEXT_WIDTH - 2 * BODY_SIZE - self.size * 0.85
        self.canv.drawImage(self.path, x, -self.size * 0.2, self.size, self.size, mask="auto")


def _table(block: Table, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if block.heading:
        # The heading stays with the header and a few rows, not with the whole table: a
        # heading kept with a long table pushed it, whole, onto the next page.
        out.append(CondPageBreak(TABLE_HEAD_ROOM))
        out.append(_para(block.heading, styles.table_heading))
    widths = [w * TEXT_WIDTH for w in block.widths]
    header = [CJKParagraph(escape_text(c), styles.cell_head) for c in block.columns]
    rows: list[list[Any]] = [header]
    for row in block.rows:
        cells: list[Any] = []
        for i, value in enumerate(row):
            # Plain strings are several times cheaper than Paragraph cells; codes need no wrap.
            cells.append(
                value if i in block.code_columns else CJKParagraph(escape_text(value), styles.cell)
            )
        rows.append(cells)
    table = RLTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font, 10.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#808080")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                # Codes may hold Chinese (津执2000002): the CJK font, smaller, never wrapped.
                *[("FONT", (c, 1), (c, -1), styles.font, 9.5) for c in block.code_columns],
            ]
        )
    )
    out.append(table)
    if not block.rows:
        out.append(_para("—", styles.note))
    out.append(Spacer(1, 8))
    return out


def story(document: NoticeDocument, styles: Styles) -> list[Flowable]:
    """The flowables of ``document``; all user text goes through :func:`escape_text`."""
    flow: list[Flowable] = []
    head = document.letterhead
    letterhead = _letterhead_style(styles.letterhead, head.color)
    for line in head.lines:
        flow.append(CJKParagraph(escape_text(line), letterhead))
    if head.subtitle:
        flow.append(_para(head.subtitle, styles.note))
    flow.append(
        HRFlowable(
            width="100%",
            thickness=1.5,
            color=colors.HexColor(head.color),
            spaceBefore=4,
            spaceAfter=10,
        )
    )
    flow.append(_para(document.title, styles.title))
    for block in document.blocks:
        if isinstance(block, Fields):
            for row in block.rows:
                text = (
                    f"{row.label}：{row.value}"
                    if document.lang == "zh"
                    else f"{row.label}: {row.value}"
                )
                if row.code:
                    # A space lets the label and the code break apart; the code itself never splits.
                    colon = "：" if document.lang == "zh" else ":"
                    flow.append(
                        CJKParagraph(escape_text(f"{row.label}{colon} {row.value}"), styles.code)
                    )
                else:
                    flow.append(_para(text, styles.field, styles.field_latin))
        elif isinstance(block, Text):
            # The heading runs into the text ("主要违法事实：..."), as on printed notices;
            # it saves a line per block, which keeps a usual notice on one page.
            parts = block.text.split("\n")
            if block.heading:
                colon = "：" if document.lang == "zh" else ": "
                parts[0] = f"{block.heading}{colon}{parts[0]}"
                first, *more = _pieces(parts[0])
                flow.append(_para(first, styles.field, styles.field_latin))
                for p in [*more, *parts[1:]]:
                    flow.extend(_paras(p, styles.field_more, styles.field_more_latin))
            else:
                for p in parts:
                    flow.extend(_paras(p, styles.text, styles.text_latin))
        elif isinstance(block, Table):
            flow.extend(_table(block, styles))
    for note in document.notes:
        flow.append(_para(note, styles.note))
    # The signature (agency and date) never stands alone on a page: it keeps the paragraph
    # before it (the remedies, the withdrawal text) on its page.
    # The signature keeps company with the text or the table before it (not with a spacer).
    while flow and isinstance(flow[-1], Spacer):
        flow.pop()
    end = flow[-1] if flow else None
    last = end if isinstance(end, Paragraph | RLTable) else None
    if last is not None:
        flow.pop()
    signature: list[Flowable] = [Spacer(1, 10)]
    if document.seal_image:
        signature.append(_Seal(document.seal_image, 40 * mm))
    signature.extend(_para(line, styles.signature) for line in document.signature)
    signature.append(Spacer(1, 8))
    signature.append(VerificationBlock(document, styles))
    flow.append(KeepTail(last, signature) if last is not None else KeepTogether(signature))
    return flow


def numbered_canvas(
    created: date, page_label: str, font: str, *, producer: str = "enforcement_pdf", skip: int = 0
) -> Callable[..., Canvas]:
    """A canvas class that numbers pages (``page_label`` with ``{page}`` and ``{pages}``)
    and dates the PDF ``created`` (never the clock). The first ``skip`` pages (a
    cover) carry no number and are not counted."""
    stamp = f"D:{created:%Y%m%d}000000+08'00'"

    class NumberedCanvas(Canvas):
        """Holds pages back until the end so each can say how many there are."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            # The record's date, not the clock: the same document gives the same bytes.
            self.setDateFormatter(lambda *_: stamp)
            self.setCreator(f"enforcement {enforcement_version} ({producer})")

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages) - skip
            for number, state in enumerate(self._pages, 1 - skip):
                self.__dict__.update(state)
                if number >= 1:
                    self.setFont(font, 10.5)
                    self.setFillColor(colors.black)
                    self.drawCentredString(
                        PAGE_WIDTH / 2, 20 * mm, page_label.format(page=number, pages=total)
                    )
                super().showPage()
            super().save()

    return NumberedCanvas


def _canvas_factory(document: NoticeDocument, font: str) -> Callable[..., Canvas]:
    return numbered_canvas(document.info.created, document.labels["page"], font)


def build_a4(
    info: DocumentInfo, flowables: list[Flowable], canvasmaker: Callable[..., Canvas]
) -> bytes:
    """Lay ``flowables`` out on A4 pages with the house margins; the PDF's bytes.

    Deterministic (invariant mode): the metadata comes from ``info``, whose
    dates come from the record, never the clock. Notices and reports share it.
    """
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=[info.keywords],
        creator=f"enforcement {enforcement_version}",
        invariant=1,
        pageCompression=1,
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(flowables, canvasmaker=canvasmaker)
    return buffer.getvalue()


def render_pdf(document: NoticeDocument) -> bytes:
    """The PDF bytes of ``document`` (deterministic: invariant mode, dates from the record).

    A notice that fits on one page is laid out straight on the canvas
    (:func:`enforcement_pdf.direct.render_direct`), the same lines in the same places as
    platypus would draw them; anything else by platypus (:func:`render_platypus`)."""
    font = font_name(document.font)
    data = direct.render_direct(document, font, _styles(font))
    return data if data is not None else render_platypus(document)


def render_platypus(document: NoticeDocument) -> bytes:
    """The PDF bytes of ``document`` laid out by platypus (:func:`story`, :func:`build_a4`)."""
    font = font_name(document.font)
    return build_a4(document.info, story(document, _styles(font)), _canvas_factory(document, font))


@functools.lru_cache(maxsize=16)
def _styles(font: str) -> Styles:
    """The styles of ``font``, made once per process: styles are never changed once made, and
    the same style objects let :class:`~enforcement_pdf.kinsoku.CJKParagraph` reuse what
    reportlab's parser makes of each of them."""
    return Styles(font)


@functools.lru_cache(maxsize=64)
def _letterhead_style(parent: ParagraphStyle, color: str) -> ParagraphStyle:
    """The letterhead's style in the letterhead's colour, once per process (see :func:`_styles`)."""
    return ParagraphStyle("letterhead_doc", parent=parent, textColor=colors.HexColor(color))


__all__ = [
    "Styles",
    "VerificationBlock",
    "numbered_canvas",
    "render_pdf",
    "render_platypus",
    "story",
]
