"""Chinese line breaking with 禁则 (kinsoku): no line starts with ，。、：； and the like.

reportlab's ``wordWrap='CJK'`` keeps only some punctuation off the start of a
line: its list lacks the full-width comma, colon, semicolon, question and
exclamation marks and the closing book-title mark (，：；？！》), and it hangs at
most one character. Measured on the 216 demo notices, 16 had a line starting
with "，" or "：". :func:`break_lines` is the rule, a pure function over
characters and widths; :class:`CJKParagraph` is a ``Paragraph`` that uses it.

The rule (after W3C 《中文排版需求》 §3.1.7, 避头尾): when the next line would
start with a character of :data:`NO_LINE_START` or this line would end with one
of :data:`NO_LINE_END`, characters move down to the next line (推出) until
neither holds, so a line never overflows its width.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]
    ParaLines,
    _handleBulletWidth,
    cjkU,
    cleanBlockQuotedText,
    makeCJKParaLine,
)
from reportlab.platypus.paraparser import ParaFrag, ParaParser
from reportlab.rl_config import _FUZZ

from enforcement_pdf.glyphs import drawable

NO_LINE_START = frozenset(
    "，。、：；！？）》」』】〕〉〗”’～％‰℃·・"  # full-width and CJK (not —— or ……: they may start a line)
    ",.:;!?)]}%"  # ASCII
)
"""Characters that may not start a line (行首禁则)."""

NO_LINE_END = frozenset("（《「『【〔〈〖“‘([{")
"""Characters that may not end a line (行尾禁则)."""


def _latin(char: str) -> bool:
    """A character of a Latin run (letters, digits): a line breaks inside one only at need."""
    return bool(char) and ord(char[0]) < 0x2E80 and not char.isspace()


def break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    forced: Sequence[bool] = (),
) -> list[tuple[int, int]]:
    """The lines of ``chars`` as ``(start, end)`` index pairs, greedy, with 禁则.

    ``widths[i]`` is the width of ``chars[i]``; line ``n`` may be
    ``max_widths[n]`` wide (the last width repeats). ``forced[i]`` ends a line
    after item ``i`` (a ``<br/>``). A run of Latin letters or digits is broken
    at a space or at a CJK character where one is close enough, as reportlab
    does. A line keeps at least one character, so the breaking always ends.
    """
    n = len(chars)
    lines: list[tuple[int, int]] = []
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        end = start
        hard = False
        while end < n:
            if forced and forced[end]:
                end += 1
                hard = True
                break
            if end > start and used + widths[end] > max_width + _FUZZ:
                break
            used += widths[end]
            end += 1
        if not hard and end < n:
            end = _soft_break(chars, start, end)
        lines.append((start, end))
        start = end
    return lines


def _soft_break(chars: Sequence[str], start: int, end: int) -> int:
    """Where a full line ``chars[start:end]`` followed by ``chars[end]`` should break."""
    greedy = end
    if _latin(chars[end]) and _latin(chars[end - 1]):
        # Inside a word or number: back up to a space or a CJK character, not past half the line.
        for j in range(end - 1, (start + end) // 2, -1):
            if not _latin(chars[j - 1]):
                end = j
                break
    while end - start > 1 and (chars[end] in NO_LINE_START or chars[end - 1] in NO_LINE_END):
        end -= 1
    if chars[end] in NO_LINE_START or chars[end - 1] in NO_LINE_END:
        end = greedy  # nothing better: a line of punctuation only
    # A space at the break belongs to neither line's visible text: keep it at this line's end.
    while end < len(chars) and chars[end] == " ":
        end += 1
    return end


class CJKParagraph(Paragraph):
    """A ``Paragraph`` whose ``wordWrap='CJK'`` lines follow :func:`break_lines`.

    Other styles wrap as reportlab does. Characters the font cannot draw are
    replaced first (:func:`enforcement_pdf.glyphs.drawable`). Text with inline
    images or end dots (which our documents never emit) falls back to
    reportlab's breaking.
    """

    def __init__(self, text: str | None, style: Any = None, *args: Any, **kwargs: Any) -> None:
        # A paragraph split across pages is rebuilt from its fragments, with no text.
        if style is not None and isinstance(text, str):
            text = drawable(text, style.fontName)
            if not args and not kwargs and "<" not in text and "&" not in text:
                text = cleanBlockQuotedText(text)
                frag = _plain_frag(text, style)
                if frag is not None:
                    super().__init__(text, style, frags=[frag])
                    return
        super().__init__(text, style, *args, **kwargs)  # type: ignore[arg-type]

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """reportlab's split, except that the rest of a plain paragraph keeps the lines it
        was broken into: reportlab joins the rest's lines without the spaces dropped at
        their ends (``RMB 12.00`` became ``RMB12.00``) and breaks them again with its own
        CJK rule, without 禁则, so that a line on the next page could start with ``，``."""
        parts: list[Any] = super().split(availWidth, availHeight)
        starts = getattr(getattr(self, "blPara", None), "starts", None)
        if len(parts) != 2 or starts is None or len(self.frags) != 1:
            return parts
        head, rest = parts
        text = self.frags[0].text
        frag = self.frags[0].clone(text=text[starts[len(head.blPara.lines)] :])
        for attribute in ("lines", "kind", "starts", "ascent", "descent"):
            frag.__dict__.pop(attribute, None)
        return [head, CJKParagraph(None, rest.style, frags=[frag])]

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        frags = self.frags
        if (
            not frags
            or self.style.endDots
            or any(hasattr(f, "cbDefn") or not hasattr(f, "text") for f in frags)
            or (hasattr(self, "blPara") and getattr(self, "_splitpara", 0))
        ):
            # Images, end dots, and the rest of a paragraph split across pages (already broken
            # into lines) are reportlab's to lay out.
            return super().breakLinesCJK(maxWidths)
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        if len(frags) == 1 and frags[0].text and not hasattr(frags[0], "lineBreak"):
            return _single_frag_lines(frags[0], maxWidths)
        units: list[Any] = []
        for frag in frags:
            text = frag.text
            if isinstance(text, bytes):
                text = text.decode("utf8")
            if text:
                units.extend(cjkU(t, frag, "utf8") for t in text)
            else:
                units.append(cjkU(text, frag, "utf8"))
        widths = [float(u.width) for u in units]
        forced = [hasattr(u.frag, "lineBreak") for u in units]
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = auto_leading not in ("", "off")
        lines = []
        for number, (start, end) in enumerate(break_lines(units, widths, maxWidths, forced)):
            max_width = maxWidths[min(number, len(maxWidths) - 1)]
            used = sum(widths[start:end])
            lines.append(
                makeCJKParaLine(
                    units[start:end],
                    max_width,
                    used,
                    max_width - used,
                    forced[end - 1],
                    calc_bounds,
                )
            )
        return ParaLines(kind=1, lines=lines)


_WIDTHS: dict[tuple[str, float], tuple[Any, dict[str, float]]] = {}
"""Per font name and size: the font object and the widths of the characters measured."""


def char_widths(text: str, font_name: str, font_size: float) -> list[float]:
    """The width of each character of ``text``: reportlab's ``getCharWidths``, one
    ``stringWidth`` per character, remembered per font and size (a notice's characters
    repeat in every notice). A font registered anew under the same name starts afresh."""
    font = getFont(font_name)
    known = _WIDTHS.get((font_name, font_size))
    if known is None or known[0] is not font:
        known = _WIDTHS[(font_name, font_size)] = (font, {})
    table = known[1]
    try:
        return [table[c] for c in text]
    except KeyError:
        for c in set(text).difference(table):
            table[c] = font.stringWidth(c, font_size)
        return [table[c] for c in text]


_TEMPLATES: weakref.WeakKeyDictionary[Any, tuple[tuple[Any, ...], dict[str, Any] | None]] = (
    weakref.WeakKeyDictionary()
)
"""Per paragraph style: what the fragment depends on, and the fragment reportlab's parser
makes of a plain text in it."""


def _frag_key(style: Any) -> tuple[Any, ...]:
    """The style's attributes the parser copies into a plain text's fragment."""
    return (style.fontName, style.fontSize, style.textColor, getattr(style, "rise", 0))


def _plain_frag(text: str, style: Any) -> Any:
    """The one fragment reportlab's markup parser makes of ``text`` in ``style``, when
    ``text`` is plain (no tag, no entity: what :func:`escape_text` gives for text without
    ``<``, ``>``, ``&`` or a newline) and already cleaned; ``None`` when the parser must run.

    The parser copies the style's attributes into a fragment and sets its text: that is
    done once per style (on a sample text, again if the style is changed) and copied here,
    with fresh lists, so that no two paragraphs share a fragment's state.
    """
    if not text or getattr(style, "textTransform", None) or getattr(style, "bulletText", None):
        return None
    key = _frag_key(style)
    known = _TEMPLATES.get(style)
    if known is None or known[0] != key:
        template = None
        parser: Any = ParaParser()
        parser.caseSensitive = 1
        parsed_style, frags, bullet = parser.parse("X", style)
        if parsed_style is style and frags is not None and len(frags) == 1 and not bullet:
            sample = frags[0].__dict__
            if (
                sample.get("text") == "X"
                and sample.get("link") == []
                and sample.get("us_lines") == []
            ):
                template = dict(sample)
        known = _TEMPLATES[style] = (key, template)
    template = known[1]
    if template is None:
        return None
    frag = ParaFrag()
    frag.__dict__.update(template)
    frag.link = []
    frag.us_lines = []
    frag.text = text
    return frag


def plain_lines(
    text: str, font_name: str, font_size: float, max_widths: Sequence[float]
) -> list[tuple[float, str]]:
    """The lines of a plain text in one font and size, each with the room left on it:
    :func:`break_lines` over :func:`char_widths`, spaces at a break dropped from the line's
    end. :class:`CJKParagraph` and the notices' canvas layout both break lines with it."""
    return [(room, line) for _, room, line in _plain_breaks(text, font_name, font_size, max_widths)]


def _plain_breaks(
    text: str, font_name: str, font_size: float, max_widths: Sequence[float]
) -> list[tuple[int, float, str]]:
    """:func:`plain_lines` with the index in ``text`` where each line starts."""
    widths = char_widths(text, font_name, font_size)
    lines = []
    for number, (start, end) in enumerate(break_lines(text, widths, max_widths)):
        max_width = max_widths[min(number, len(max_widths) - 1)]
        line = text[start:end].rstrip(" ")
        lines.append((start, max_width - sum(widths[start : start + len(line)]), line))
    return lines


def _single_frag_lines(frag: Any, max_widths: Sequence[float]) -> Any:
    """Lines of a paragraph of one style (what our documents emit), in the compact form
    reportlab's own single-fragment path returns: several times cheaper than glyph units.
    Where each line starts in the text is kept (``starts``) for :meth:`CJKParagraph.split`."""
    text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
    breaks = _plain_breaks(text, frag.fontName, frag.fontSize, max_widths)
    return frag.clone(
        kind=0,
        lines=[(room, [line]) for _, room, line in breaks],
        ascent=frag.fontSize,
        descent=-0.2 * frag.fontSize,
        starts=[start for start, _, _ in breaks],
    )


def plain_text(text: str, style: Any) -> str | None:
    """``text`` (already through :func:`~enforcement_pdf.markup.escape_text`) as the one plain
    fragment :class:`CJKParagraph` lays out in ``style``, or ``None`` when reportlab's markup
    parser must see it (a tag, an entity, an empty text): the glyph substitutions of
    :func:`~enforcement_pdf.glyphs.drawable` done and the spaces cleaned as reportlab does."""
    text = drawable(text, style.fontName)
    if "<" in text or "&" in text:
        return None
    text = cleanBlockQuotedText(text)
    return text if _plain_frag(text, style) is not None else None


def starts_badly(line: str) -> bool:
    """Whether a line of text (as extracted from a PDF) starts with a :data:`NO_LINE_START` character."""
    stripped = line.strip()
    return bool(stripped) and stripped[0] in NO_LINE_START


__all__ = [
    "NO_LINE_END",
    "NO_LINE_START",
    "CJKParagraph",
    "break_lines",
    "char_widths",
    "plain_lines",
    "plain_text",
    "starts_badly",
]
