"""Characters the built-in ``STSong-Light`` font cannot draw, and what to draw instead.

The CID font reaches its glyphs through the ``UniGB-UCS2-H`` CMap, which maps
no glyph to U+00B7 MIDDLE DOT, the 间隔号 of names such as 买买提·艾力 and the
separator on the report cover: viewers show an empty box. The same CMap maps
U+30FB (・), which is the GB 2312 间隔号 (A1A4), so that is drawn instead; so are the
other dots a clerk types for it (•, ‧, ⋅, ･, ∙), which the CMap leaves unmapped too.
Embedded TrueType fonts have their own glyphs and keep the text as it is.
"""

from __future__ import annotations

from enforcement_pdf.fonts import BUILTIN_FONT

CID_SUBSTITUTES = str.maketrans(dict.fromkeys("\u00b7\u2022\u2027\u22c5\uff65\u2219", "\u30fb"))
"""Replacements for characters the ``UniGB-UCS2-H`` CMap leaves unmapped."""


def drawable(text: str, font: str) -> str:
    """``text`` with the characters ``font`` cannot draw replaced by ones it can."""
    return text.translate(CID_SUBSTITUTES) if font == BUILTIN_FONT else text
