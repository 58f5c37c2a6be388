"""A notice laid out straight on the canvas, where platypus would put every line in the same place.

platypus (frames, flowables, ``Paragraph`` objects, a canvas that holds pages back to number
them) cost a notice about as much as all of its text drawing. A decision or withdrawal notice
is a column of paragraphs, one rule and the verification block: :func:`render_direct` breaks
each paragraph into lines with the same function :class:`~enforcement_pdf.kinsoku.CJKParagraph`
uses (:func:`~enforcement_pdf.kinsoku.plain_lines`: the same 禁则, the same widths), places
them with the arithmetic of platypus' ``Frame`` and ``BaseDocTemplate`` (the same spacing and
floating-point sums; a paragraph split across pages with no orphan line at a page's foot; the
signature and the verification block kept together with the last lines of the text before
them, as :class:`~enforcement_pdf.render.KeepTail` keeps them) and draws them with the
canvas' text object, each page numbered once the page count is known.

What it does not lay out it leaves to platypus (:func:`render_direct` returns ``None``):
tables, a seal image, a paragraph reportlab lays out in several fragments (text with ``<``,
``&`` or a line break, which :func:`~enforcement_pdf.markup.escape_text` turns into markup),
an overfull line whose word spaces reportlab would narrow, justified text, and anything too
tall for a page.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.rl_config import _FUZZ

from enforcement import __version__ as enforcement_version
from enforcement.notices import Fields, NoticeDocument, Text
from enforcement_pdf.kinsoku import CJKParagraph, plain_lines, plain_text
from enforcement_pdf.markup import escape_text, has_cjk

_TOP = 0xFFFFFFF
"""The height platypus offers a flowable it measures for a keep-together group."""


class _Para:
    """A paragraph's lines (room left, text) in a style, as platypus' ``Paragraph`` wraps them."""

    __slots__ = ("height", "indent", "lines", "style")

    def __init__(
        self, style: ParagraphStyle, lines: list[tuple[float, str]], indent: float | None = None
    ) -> None:
        self.style = style
        self.lines = lines
        self.height = len(lines) * style.leading
        # The first line's indent; the rest of a paragraph split across pages has none.
        self.indent = style.firstLineIndent if indent is None else indent


class _Rule:
    """The letterhead's rule (platypus' ``HRFlowable``: full width, round caps)."""

    __slots__ = ("color", "height", "style")

    def __init__(self, color: str) -> None:
        self.color = color
        self.height = 1.5
        self.style = _RULE_SPACE


class _Space:
    """A ``Spacer``: height, nothing drawn."""

    __slots__ = ("height", "style")

    def __init__(self, height: float) -> None:
        self.height = height
        self.style = _NO_SPACE


class _Block:
    """The verification block, a platypus flowable drawn where the frame would draw it."""

    __slots__ = ("flowable", "height", "style")

    def __init__(self, flowable: Any, height: float) -> None:
        self.flowable = flowable
        self.height = height
        self.style = _NO_SPACE


class _Spacing:
    __slots__ = ("spaceAfter", "spaceBefore")

    def __init__(self, before: float, after: float) -> None:
        self.spaceBefore = before
        self.spaceAfter = after


_NO_SPACE = _Spacing(0, 0)
_RULE_SPACE = _Spacing(4, 10)

_Item = _Para | _Rule | _Space | _Block


class _NotDirect(Exception):
    """The document needs platypus."""


def _lines(text: str, style: ParagraphStyle, width: float) -> list[tuple[float, str]]:
    """The lines of ``text`` (raw document text) in ``style`` on a column ``width`` wide,
    exactly as :class:`~enforcement_pdf.kinsoku.CJKParagraph` wraps them."""
    if style.alignment not in (TA_LEFT, TA_CENTER, TA_RIGHT):
        raise _NotDirect  # justified lines: reportlab spreads them
    escaped = escape_text(text)
    first = width - (style.leftIndent + style.firstLineIndent) - style.rightIndent
    later = width - style.leftIndent - style.rightIndent
    if style.wordWrap == "CJK":
        plain = plain_text(escaped, style)
        if plain is None:
            raise _NotDirect
        lines = plain_lines(plain, style.fontName, style.fontSize, [first, later])
        if any(room <= -1e-8 and "\xa0" in line for room, line in lines):
            raise _NotDirect  # an overfull line: reportlab narrows its word spaces
        return lines
    # Latin text wraps at spaces, by reportlab's own breaking.
    paragraph = CJKParagraph(escaped, style)
    paragraph.wrap(width, _TOP)
    bl: Any = getattr(paragraph, "blPara")  # noqa: B009 (set by wrap)
    if bl.kind != 0 or len(paragraph.frags) != 1:
        raise _NotDirect
    out = []
    for room, words in bl.lines:
        line = " ".join(words)
        if room <= -1e-8 and len(words) + line.count("\xa0") > 1:
            raise _NotDirect  # an overfull line: reportlab narrows its word spaces
        out.append((room, line))
    return out


def _para(text: str, cjk: ParagraphStyle, latin: ParagraphStyle | None, width: float) -> _Para:
    style = cjk if latin is None or has_cjk(text) else latin
    return _Para(style, _lines(text, style, width))


def _items(document: NoticeDocument, styles: Any, width: float) -> tuple[list[_Item], int]:
    """The notice's items in order, as :func:`enforcement_pdf.render.story` makes its
    flowables, and where the signature's keep-together group starts."""
    from enforcement_pdf.render import VerificationBlock, _letterhead_style, _pieces

    if document.seal_image:
        raise _NotDirect
    items: list[_Item] = []
    head = document.letterhead
    letterhead = _letterhead_style(styles.letterhead, head.color)
    for line in head.lines:
        items.append(_Para(letterhead, _lines(line, letterhead, width)))
    if head.subtitle:
        items.append(_para(head.subtitle, styles.note, None, width))
    items.append(_Rule(head.color))
    items.append(_para(document.title, styles.title, None, width))
    colon = "：" if document.lang == "zh" else ": "
    for block in document.blocks:
        if isinstance(block, Fields):
            for row in block.rows:
                if row.code:
                    code_colon = "：" if document.lang == "zh" else ":"
                    text = f"{row.label}{code_colon} {row.value}"
                    items.append(_Para(styles.code, _lines(text, styles.code, width)))
                else:
                    text = f"{row.label}{colon}{row.value}"
                    items.append(_para(text, styles.field, styles.field_latin, width))
        elif isinstance(block, Text):
            parts = block.text.split("\n")
            if block.heading:
                parts[0] = f"{block.heading}{colon}{parts[0]}"
                first, *more = _pieces(parts[0])
                items.append(_para(first, styles.field, styles.field_latin, width))
                for part in [*more, *parts[1:]]:
                    for piece in _pieces(part):
                        items.append(
                            _para(piece, styles.field_more, styles.field_more_latin, width)
                        )
            else:
                for part in parts:
                    for piece in _pieces(part):
                        items.append(_para(piece, styles.text, styles.text_latin, width))
        else:
            raise _NotDirect  # tables
    for note in document.notes:
        items.append(_para(note, styles.note, None, width))
    # The keep-together group: the last paragraph, the signature, the verification block.
    tail = len(items) - 1 if isinstance(items[-1], _Para) else len(items)
    items.append(_Space(10))
    items.extend(_para(line, styles.signature, None, width) for line in document.signature)
    items.append(_Space(8))
    verification = VerificationBlock(document, styles)
    _, height = verification.wrap(width, _TOP)
    items.append(_Block(verification, height))
    return items, tail


def _group_height(items: list[_Item]) -> float:
    """The height platypus' ``KeepTogether`` measures for ``items`` (``_listWrapOn``)."""
    total = 0.0
    after = 0.0
    top = True
    for item in items:
        height = item.height
        if height <= _FUZZ:
            continue
        total += height
        if not top:
            total += max(item.style.spaceBefore - after, 0)
        top = False
        after = item.style.spaceAfter
        total += after
    return total - after


def _split(item: _Para, height: float) -> list[_Para]:
    """``Paragraph.split``: the lines that fit in ``height`` and the rest, or ``[]`` when no
    more than one line fits (platypus leaves no orphan), ``[item]`` when all fit.

    The rest keeps the lines the whole paragraph was broken into: from a line's start the
    breaking continues as it would on the same page (reportlab breaks the rest again with
    its own CJK rule, which loses the 禁则 at the start of the next page)."""
    if height < _FUZZ:
        return []
    fit = int(height / float(item.style.leading))
    if fit <= 1:
        return []
    if len(item.lines) <= fit:
        return [item]
    return [
        _Para(item.style, item.lines[:fit], item.indent),
        _Para(item.style, item.lines[fit:], 0),
    ]


class _Group:
    """platypus' ``KeepTogether`` of ``content``; with ``last``, :class:`~enforcement_pdf.render.KeepTail`."""

    __slots__ = ("content", "last", "style")

    def __init__(self, content: list[_Item], last: _Para | None = None) -> None:
        self.content = content
        self.last = last
        self.style = content[0].style


class _Break:
    """platypus' ``FrameBreak``: the rest goes on the next page."""


def _layout(
    items: list[_Item], tail: int, top: float, bottom: float
) -> list[list[tuple[_Item, float]]]:
    """Each page's items with the frame's ``y`` at which each is drawn (its bottom), as
    platypus' ``Frame`` and ``BaseDocTemplate.handle_flowable`` place them; raises
    :class:`_NotDirect` where this module does not follow platypus."""
    last = items[tail] if tail < len(items) else None
    assert last is None or isinstance(last, _Para)
    flow: list[Any] = [*items[:tail], _Group(items[tail:], last)]
    flow.reverse()  # popped from the end
    pages: list[list[tuple[_Item, float]]] = [[]]
    y = top
    at_top = True
    after = 0.0
    postponed: set[int] = set()

    def postpone(f: Any) -> None:
        nonlocal y, at_top, after
        if id(f) in postponed:
            raise _NotDirect  # too big for a page: platypus' LayoutError
        postponed.add(id(f))
        flow.append(f)
        new_page()

    def new_page() -> None:
        nonlocal y, at_top, after
        pages.append([])
        y, at_top, after = top, True, 0.0

    def add(f: _Item, space: float) -> bool:
        nonlocal y, at_top, after
        if not y - bottom - space > 0:
            return False
        start = y
        new = y - (f.height + space)
        if new < bottom - _FUZZ:
            return False
        pages[-1].append((f, new))
        after = f.style.spaceAfter
        y = new - after
        if y != start:
            at_top = False
        return True

    while flow:
        f = flow.pop()
        if isinstance(f, _Break):
            new_page()
            continue
        space = 0.0 if at_top else max(f.style.spaceBefore - after, 0)
        room = y - bottom - space
        if isinstance(f, _Group):
            if not room > 0:
                postpone(f)
                continue
            parts: list[Any]
            if f.last is not None and _group_height(f.content) > room:
                keep = 2 * float(f.last.style.leading)
                cut = min(room, f.last.height - keep)
                halves = _split(f.last, cut) if cut > 0 else []
                if len(halves) == 2:
                    parts = [halves[0], _Group([halves[1], *f.content[1:]])]
                else:
                    parts = _keep_together(f, room, at_top)
            else:
                parts = _keep_together(f, room, at_top)
            first = parts[0]
            if not isinstance(first, _Break) and first is not None:
                if not add(first, space):
                    raise _NotDirect
                parts = parts[1:]
            elif first is None:
                parts = parts[1:]
            flow.extend(reversed(parts))
            continue
        if add(f, space):
            continue
        if not room > 0 or not isinstance(f, _Para):
            postpone(f)
            continue
        halves = _split(f, room)
        if not halves:
            postpone(f)
            continue
        if len(halves) != 2 or not add(halves[0], space):
            raise _NotDirect
        flow.append(halves[1])
    if not pages[-1]:
        pages.pop()
    return pages


def _keep_together(group: _Group, room: float, at_top: bool) -> list[Any]:
    """``KeepTogether.split``: the content, after a page break when it does not fit and the
    frame is not at its top (``None`` stands for platypus' ``NullActionFlowable``)."""
    content: list[Any] = list(group.content)
    height = _group_height(group.content)
    first = next((c.height for c in group.content if c.height > _FUZZ), 0)
    if height > room:
        return [None if at_top else _Break(), *content]
    if first > room:
        raise _NotDirect
    return content


def _draw_para(canvas: Canvas, item: _Para, x: float, y: float) -> None:
    """Draw a paragraph's lines as ``Paragraph.drawPara`` does (kind 0 lines)."""
    style = item.style
    size = style.fontSize
    canvas.setFillColor(style.textColor)
    text = canvas.beginText(x + style.leftIndent, y + item.height - size)
    text.setFont(style.fontName, size, style.leading)
    alignment = style.alignment
    offset = item.indent
    for room, line in item.lines:
        if alignment == TA_CENTER:
            move = offset + 0.5 * room
        elif alignment == TA_RIGHT:
            move = offset + room
        else:
            move = offset
        if move > 1e-6 or move < -1e-6:
            text.setXPos(move)
            text._textOut(line, 1)  # type: ignore[attr-defined]
            text.setXPos(-move)
        else:
            text._textOut(line, 1)  # type: ignore[attr-defined]
        offset = 0
    canvas.drawText(text)


def render_direct(document: NoticeDocument, font: str, styles: Any) -> bytes | None:
    """The PDF of ``document`` laid out on the canvas, or ``None`` where platypus must lay
    it out (see the module's text). The same pages as platypus would draw, the same
    metadata; deterministic."""
    from enforcement_pdf.render import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, TEXT_WIDTH

    page_height = A4[1]
    frame_height = page_height - MARGIN_TOP - MARGIN_BOTTOM
    # The frame's own sums, so that every y is platypus' to the last bit.
    top = MARGIN_BOTTOM + frame_height
    try:
        items, tail = _items(document, styles, TEXT_WIDTH)
        pages = _layout(items, tail, top, MARGIN_BOTTOM)
    except _NotDirect:
        return None
    info = document.info
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    stamp = f"D:{info.created:%Y%m%d}000000+08'00'"
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.setAuthor(info.author)
    canvas.setTitle(info.title)
    canvas.setSubject(info.subject)
    canvas.setCreator(f"enforcement {enforcement_version}")
    canvas.setProducer(None)
    # A list, as BaseDocTemplate passes it: the same /Keywords.
    canvas.setKeywords([info.keywords])  # type: ignore[arg-type]
    page_label = document.labels["page"]
    for number, page in enumerate(pages, 1):
        for item, y in page:
            if isinstance(item, _Para):
                _draw_para(canvas, item, MARGIN_LEFT, y)
            elif isinstance(item, _Rule):
                canvas.saveState()
                canvas.setLineWidth(1.5)
                canvas.setLineCap(1)
                canvas.setStrokeColor(colors.HexColor(item.color))
                canvas.line(MARGIN_LEFT, y, MARGIN_LEFT + TEXT_WIDTH, y)
                canvas.restoreState()
            elif isinstance(item, _Block):
                canvas.saveState()
                canvas.translate(MARGIN_LEFT, y)
                item.flowable.canv = canvas
                item.flowable.draw()
                del item.flowable.canv
                canvas.restoreState()
        # The page number, last, as NumberedCanvas draws it once the count is known.
        canvas.setFont(font, 10.5)
        canvas.setFillColor(colors.black)
        label = page_label.format(page=number, pages=len(pages))
        canvas.drawCentredString(A4[0] / 2, 20 * mm, label)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


__all__ = ["render_direct"]
