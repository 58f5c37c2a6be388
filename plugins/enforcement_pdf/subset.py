"""Font subsets made from what is the same for every PDF: the byte-identical, faster
``makeSubset`` of an embedded TrueType face.

reportlab's ``TTFontFile.makeSubset`` copies whole tables out of the font file for every
subset it writes: the ``glyf`` table of WenQuanYi Zen Hei alone is 10.6 MB and its ``post``
table 450 KB, of which a subset keeps 12 bytes. A notice needs two subsets (it uses more
than 256 distinct characters), so these copies were about 3 ms of every notice.

:class:`EmbeddedTTFont` is reportlab's ``TTFont`` whose face keeps, once per process, the
small tables a subset copies and each glyph's bytes and components as they are first used,
and reads glyph data from the file's bytes in place. The algorithm is reportlab's, step by
step, so a subset's bytes are the same as reportlab's own (tests compare them on random and
real subsets): only what does not depend on the subset is remembered. Nothing of a
document's text is kept, only glyph outlines of the font file.
"""

from __future__ import annotations

import functools
import struct
import zlib
from struct import pack, unpack_from
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
    TTFError,
    TTFont,
    TTFontFace,
    TTFontMaker,
)

_COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")
"""Tables a subset copies unchanged (``cvt ``, ``fpgm`` and ``prep`` are optional)."""

_Glyph = tuple[bytes, int, tuple[int, ...], tuple[tuple[int, int], ...]]
"""A glyph's bytes (padded to four bytes unless they are patched per subset), its length,
the glyphs it is made of (a composite glyph) and where their indexes are (offset, index)."""


def _set_ushort(stream: bytes, offset: int, value: int) -> bytes:
    """``stream`` with the unsigned short ``value`` at ``offset`` (reportlab's splice)."""
    return stream[:offset] + pack(">H", value) + stream[offset + 2 :]


def _components(data: bytes, pos: int) -> tuple[tuple[int, int], ...]:
    """The components of the composite glyph whose record starts at ``pos`` in ``data``:
    (offset of the glyph index from ``pos``, glyph index), walked as reportlab walks them."""
    out = []
    at = pos + 10
    flags = GF_MORE_COMPONENTS
    while flags & GF_MORE_COMPONENTS:
        flags, index = unpack_from(">HH", data, at)
        out.append((at + 2 - pos, index))
        at += 4
        at += 4 if flags & GF_ARG_1_AND_2_ARE_WORDS else 2
        if flags & GF_WE_HAVE_A_SCALE:
            at += 2
        elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
            at += 4
        elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
            at += 8
    return tuple(out)


FONT_ZLIB_LEVEL = 2
"""The zlib level of an embedded subset (reportlab compresses every stream at zlib's default,
6). A subset is mostly glyph outlines, which compress poorly: on the notices of
``benchmarks/notices.py`` level 6 takes 1.25 ms a notice for 36.2 KB of compressed subsets,
level 2 0.80 ms for 37.5 KB (+1.3 KB, +2.8% of a 46.5 KB notice), level 1 0.75 ms for 38.0 KB.
Text streams (the pages, the ToUnicode maps) compress well and keep level 6."""


class _FontFlate(pdfdoc.PDFStreamFilterZCompress):
    """``FlateDecode`` at :data:`FONT_ZLIB_LEVEL`."""

    def encode(self, text: Any) -> bytes:
        if isinstance(text, str):
            text = text.encode("utf8")
        return zlib.compress(text, FONT_ZLIB_LEVEL)


_FONT_FLATE = _FontFlate()


class SubsetCachingFace(TTFontFace):
    """A ``TTFontFace`` whose ``makeSubset`` returns reportlab's bytes without copying tables.

    Instances are made by :class:`EmbeddedTTFont` (which sets the class of the face
    reportlab built), so there is no constructor of its own: the caches start empty.
    """

    _fixed_tables: dict[str, bytes]
    _glyphs: dict[int, _Glyph]

    def _fixed(self) -> dict[str, bytes]:
        tables: dict[str, bytes] | None = self.__dict__.get("_fixed_tables")
        if tables is None:
            tables = {}
            face: Any = self
            for tag in _COPIED:
                if tag in self.table:
                    tables[tag] = bytes(face.get_table(tag))
            pos, _ = self.get_table_pos("post")
            tables["post"] = b"\x00\x03\x00\x00" + self.get_chunk(pos + 4, 12) + b"\x00" * 16
            for tag in ("hhea", "maxp", "head"):
                tables[tag] = bytes(face.get_table(tag))
            self._glyphs = {}  # before the tables: another thread that sees them finds it
            self._fixed_tables = tables
        return tables

    def _glyph(self, index: int) -> _Glyph:
        """Glyph ``index``'s bytes and components (remembered: a font file does not change)."""
        glyph = self._glyphs.get(index)
        if glyph is None:
            face: Any = self
            data: bytes = face._ttf_data
            start = self.table["glyf"]["offset"]
            pos = self.glyphPos[index]
            length = self.glyphPos[index + 1] - pos
            raw = bytes(data[start + pos : start + pos + length])
            components: tuple[tuple[int, int], ...] = ()
            # reportlab reads the contour count from the file even past a short glyph
            try:
                if length and unpack_from(">h", data, start + pos)[0] < 0:
                    components = _components(data, start + pos)
            except struct.error:
                raise TTFError(f"{self.filename}: glyph {index} runs past the file") from None
            # Every glyph starts on a multiple of four, so its padding depends on it alone.
            patches = components if length > 2 else ()
            glyph = (
                raw if patches else raw + b"\0" * (-length % 4),
                length,
                tuple(c for _, c in components),
                patches,
            )
            self._glyphs[index] = glyph
        return glyph

    def addSubsetObjects(self, doc: Any, fontname: str, subset: Any) -> Any:
        """reportlab's subset objects; the font file compressed at :data:`FONT_ZLIB_LEVEL`."""
        reference = super().addSubsetObjects(doc, fontname, subset)  # type: ignore[no-untyped-call]
        font_file = doc.idToObject[f"fontFile:{self.filename}({fontname})"]
        if font_file.filters:
            font_file.filters = [_FONT_FLATE]
        return reference

    def makeSubset(self, subset: Any) -> bytes:
        """reportlab's subset of ``subset`` (a list of code points), the same bytes."""
        fixed = self._fixed()
        output = TTFontMaker()
        char_to_glyph = self.charToGlyph
        glyph_map = [0]  # new glyph index -> old glyph index
        glyph_set = {0: 0}  # old glyph index -> new glyph index
        code_to_glyph = {}
        for code in subset:
            original = char_to_glyph.get(code, 0)
            if original not in glyph_set:
                glyph_set[original] = len(glyph_map)
                glyph_map.append(original)
            code_to_glyph[code] = glyph_set[original]
        # The glyphs that composite glyphs are made of.
        glyphs = self._glyphs
        n = 0
        while n < len(glyph_map):
            original = glyph_map[n]
            glyph = glyphs.get(original) or self._glyph(original)
            for component in glyph[2]:
                if component not in glyph_set:
                    glyph_set[component] = len(glyph_map)
                    glyph_map.append(component)
            n += 1
        for tag in _COPIED:
            if tag in fixed:
                output.add(tag, fixed[tag])
        output.add("post", fixed["post"])
        num_glyphs = len(glyph_map)
        hmetrics = self.hmetrics
        hmtx: list[int] = []
        for original in glyph_map:
            aw, lsb = hmetrics[original]
            hmtx.append(int(aw))
            hmtx.append(int(lsb))
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        number_of_hmetrics = n >> 1
        hmtx = hmtx[:n] + hmtx[n + 1 :: 2]
        output.add("hmtx", pack(f">{len(hmtx)}H", *hmtx))
        output.add("hhea", _set_ushort(fixed["hhea"], 34, number_of_hmetrics))
        output.add("maxp", _set_ushort(fixed["maxp"], 4, num_glyphs))
        entries = len(subset)
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + entries * 2, 0, 0, entries]
        cmap.extend(code_to_glyph[code] for code in subset)
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))
        offsets = []
        glyf: list[bytes] = []
        pos = 0
        for original in glyph_map:
            offsets.append(pos)
            data, length, _, patches = glyphs[original]
            if patches:
                for offset, component in patches:
                    data = _set_ushort(data, offset, glyph_set[component])
                glyf.append(data)
                padding = -length % 4
                if padding:
                    glyf.append(b"\0" * padding)
                pos += length + padding
            else:
                glyf.append(data)
                pos += len(data)
        offsets.append(pos)
        output.add("glyf", b"".join(glyf))
        if (pos + 1) >> 1 > 0xFFFF:
            index_to_loc_format = 1
            loca = pack(f">{len(offsets)}L", *offsets)
        else:
            index_to_loc_format = 0
            loca = pack(f">{len(offsets)}H", *(offset >> 1 for offset in offsets))
        output.add("loca", loca)
        output.add("head", _set_ushort(fixed["head"], 50, index_to_loc_format))
        stream: bytes = output.makeStream()
        return stream


class _Widths(pdfdoc.PDFArray):
    """A subset's ``Widths`` array: reportlab's bytes, each number formatted once per process.

    reportlab formats the 256 widths of a subset one by one through its generic
    ``format``; the numbers of a font's widths are few and repeat."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        if any(type(e) not in (int, float) for e in self.sequence):
            formatted: bytes = super().format(document, IND)
            return formatted
        items = [_number(e) for e in self.sequence]
        multiline: Any = self.multiline
        if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
            return b"[ " + IND.join(items) + b" ]"
        for i in reversed(range(10, len(items), 10)):
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"


@functools.lru_cache(maxsize=4096, typed=True)
def _number(value: float) -> bytes:
    encoded: bytes = pdfdoc.pdfdocEnc(fp_str(value))
    return encoded


class EmbeddedTTFont(TTFont):
    """reportlab's ``TTFont`` with a :class:`SubsetCachingFace` (see the module's text)."""

    def __init__(self, name: str, filename: str, subfontIndex: int = 0) -> None:
        super().__init__(name, filename, subfontIndex=subfontIndex)
        self.face.__class__ = SubsetCachingFace

    def addObjects(self, doc: Any) -> None:
        """reportlab's font objects, with the subsets' widths formatted by :class:`_Widths`."""
        state = self.state.get(doc)
        names = (
            [self.getSubsetInternalName(n, doc)[1:] for n in range(len(state.subsets))]
            if state is not None
            else []
        )
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name in names:
            widths = getattr(fonts.get(name), "Widths", None)
            if type(widths) is pdfdoc.PDFArray:
                widths.__class__ = _Widths


__all__ = ["EmbeddedTTFont", "SubsetCachingFace"]
