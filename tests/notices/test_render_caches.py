"""What the PDF renderer remembers per process changes no byte of any notice.

The renderer keeps, per process, a font's fixed tables and glyph outlines
(:mod:`enforcement_pdf.subset`) and the QR mask rows per symbol size and the path's numbers
per position (:mod:`enforcement_pdf.qr`). Each must give what reportlab and segno give
without them, and no notice may depend on what was rendered before it in the process.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import string
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import segno
from enforcement_pdf import qr
from enforcement_pdf.fonts import default_font, font_name
from enforcement_pdf.subset import EmbeddedTTFont, SubsetCachingFace
from reportlab.pdfbase.ttfonts import TTFont

from .conftest import EXAMPLE

ROOT = Path(__file__).resolve().parents[2]

needs_font = pytest.mark.skipif(
    default_font() is None, reason="no Chinese TrueType font installed (fonts-wqy-zenhei)"
)


@needs_font
def test_font_subsets_are_reportlabs_bytes() -> None:
    face = default_font()
    assert face is not None
    plain: Any = TTFont("PlainForTest", face.path, subfontIndex=face.index).face
    cached = EmbeddedTTFont("CachedForTest", face.path, subfontIndex=face.index).face
    assert isinstance(cached, SubsetCachingFace)
    start = plain.table["glyf"]["offset"]
    glyph_to_code: dict[int, int] = {}
    for code, glyph in plain.charToGlyph.items():
        glyph_to_code.setdefault(glyph, code)
    # Characters drawn with composite glyphs: their components join the subset, renumbered.
    composite = [
        glyph_to_code[g]
        for g in range(len(plain.glyphPos) - 1)
        if g in glyph_to_code
        and plain.glyphPos[g + 1] > plain.glyphPos[g]
        and struct.unpack_from(">h", plain._ttf_data, start + plain.glyphPos[g])[0] < 0
    ]
    codes = sorted(plain.charToGlyph)
    rng = random.Random(14)
    subsets = [[0, *map(ord, "行政处罚决定信息公示，。：；（）0123456789ABC")]]
    for i in range(60):
        subset = [0, *rng.sample(codes, rng.randint(1, 255))]
        if i % 2 and composite:
            subset[1:1] = rng.sample(composite, min(30, len(composite)))
        subset.append(0x10FFFF)  # no glyph: maps to .notdef, as reportlab does
        subsets.append(subset)
    for subset in subsets:
        assert cached.makeSubset(subset) == plain.makeSubset(subset)
    # Asked again (everything remembered now), still the same bytes.
    assert cached.makeSubset(subsets[1]) == plain.makeSubset(subsets[1])


def _payloads() -> list[str]:
    rng = random.Random(7)
    out = [f"SHA256:{hashlib.sha256(str(i).encode()).hexdigest().upper()}" for i in range(400)]
    out += [
        "".join(rng.choice(string.printable + "中文公示") for _ in range(rng.randint(1, 400)))
        for _ in range(150)
    ]
    out += [f"https://portal.example/notices/XC2020-{i:05d}-decision.html" for i in range(50)]
    out += ["0", "1234567890" * 30, "A" * 300]  # numeric and long payloads: other sizes
    return out


def test_qr_symbols_are_segnos() -> None:
    for payload in _payloads():
        expected = segno.make(payload, error="m", micro=False, boost_error=False).matrix
        assert qr._rows(payload) == tuple(bytes(row) for row in expected), payload
    assert qr.qr_matrix("SHA256:00") == [
        [bool(v) for v in row]
        for row in segno.make("SHA256:00", error="m", micro=False, boost_error=False).matrix
    ]


def test_qr_path_is_what_rect_by_rect_drawing_gives() -> None:
    from reportlab.pdfgen.canvas import Canvas

    def reference(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
        matrix = qr.qr_matrix(payload)
        n = len(matrix)
        module = size / n
        path = canvas.beginPath()
        for r, row in enumerate(matrix):
            top = y + size - (r + 1) * module
            c = 0
            while c < n:
                if row[c]:
                    begin = c
                    while c < n and row[c]:
                        c += 1
                    path.rect(x + begin * module, top, (c - begin) * module, module)
                else:
                    c += 1
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawPath(path, stroke=0, fill=1)

    for payload, x, y, size in [
        ("SHA256:" + "AB" * 32, 0, 0, 68.03),
        ("https://portal.example/n/1", 12.5, 700.25, 80),
        ("x" * 200, 3, 3, 33.3),
    ]:
        a, b = Canvas("a.pdf", invariant=1), Canvas("b.pdf", invariant=1)
        qr.draw_qr(a, payload, x, y, size)
        reference(b, payload, x, y, size)
        assert cast(Any, a).getpdfdata() == cast(Any, b).getpdfdata()


_SCRIPT = """
import hashlib, json, sys
import enforcement
from enforcement.notices import due_notice_kinds
dataset = enforcement.load(sys.argv[1])
agency = dataset.agencies[0]
cases = {c.id: c for c in dataset.cases}
out = {}
for item in sys.argv[2:]:
    case_id, kind, font = item.split("/")
    data = enforcement.render_notice(
        cases[case_id], kind, agency=agency, font=font or None, allow_minor=True
    )
    out[item] = hashlib.sha256(data).hexdigest()
print(json.dumps(out))
"""


def _render_in_fresh_process(*items: str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(EXAMPLE), *items],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, str] = json.loads(done.stdout)
    return result


def test_a_notice_does_not_depend_on_the_notices_rendered_before_it() -> None:
    # Two different decisions, a withdrawal, and the built-in font in between.
    a, b, c = "XC2020-00001/decision/", "XC2020-00005/decision/", "XC2020-00004/withdrawal/"
    builtin = "XC2020-00006/decision/STSong-Light"
    alone = {}
    for item in (a, b, c):
        alone.update(_render_in_fresh_process(item))
    forward = _render_in_fresh_process(a, b, builtin, c)
    backward = _render_in_fresh_process(c, builtin, b, a)
    for item in (a, b, c):
        assert forward[item] == alone[item] == backward[item], item
    # And the same in this process, whose caches other tests have already filled.
    import enforcement

    dataset = enforcement.load(EXAMPLE)
    cases = {case.id: case for case in dataset.cases}
    for item in (a, b, c):
        case_id, kind, _ = item.split("/")
        data = enforcement.render_notice(
            cases[case_id], cast(Any, kind), agency=dataset.agencies[0], allow_minor=True
        )
        assert hashlib.sha256(data).hexdigest() == alone[item], item


def test_plain_paragraphs_get_the_parsers_fragments() -> None:
    from enforcement_pdf.kinsoku import CJKParagraph, _plain_frag
    from enforcement_pdf.markup import escape_text
    from enforcement_pdf.render import _styles
    from reportlab.platypus import Paragraph

    styles = _styles(font_name(None))
    texts = [
        "决定文书号：津新城综执罚〔2020〕7号",
        "  leading and   inner   spaces\u3000全角空格 ",
        "Fine: CNY 5,000.00 (伍仟元整); see art. 42",
        "a < b & c > d",  # escaped: entities, so the parser runs
        "line one\nline two",  # <br/>: the parser runs
        "买买提·艾力",
        "x",
    ]
    for style in (styles.body, styles.field, styles.code, styles.letterhead, styles.cell):
        for text in texts:
            markup = escape_text(text)
            ours = CJKParagraph(markup, style)
            theirs = Paragraph(markup, style)
            assert [f.__dict__ for f in ours.frags] == [f.__dict__ for f in theirs.frags]
            assert ours.text == theirs.text
        # Fragments are not shared between paragraphs: one paragraph's state stays its own.
        first, second = CJKParagraph("甲", style), CJKParagraph("乙", style)
        assert first.frags[0] is not second.frags[0]
        assert first.frags[0].link is not second.frags[0].link
    assert _plain_frag("", styles.body) is None


def test_a_batch_in_two_processes_writes_what_one_process_writes(tmp_path: Path) -> None:
    import enforcement
    from enforcement.notices import BatchItem, due_notice_kinds, render_notices

    dataset = enforcement.load(EXAMPLE)
    agency = dataset.agencies[0]
    items = [
        BatchItem(case, kind, agency) for case in dataset.cases for kind in due_notice_kinds(case)
    ][:9]
    assert len(items) >= 5
    one = list(render_notices(items, tmp_path / "one", workers=1))
    two = list(render_notices(items, tmp_path / "two", workers=2))
    assert [(r.case_id, r.kind, r.digest, r.error) for r in one] == [
        (r.case_id, r.kind, r.digest, r.error) for r in two
    ]
    for result in one:
        if result.path is not None:
            name = Path(result.path).name
            assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    # Nothing to render: no result, no process started.
    assert list(render_notices([], tmp_path / "none", workers=2)) == []


def test_subset_widths_are_formatted_as_reportlab_formats_them() -> None:
    from enforcement_pdf.subset import _Widths
    from reportlab.pdfbase import pdfdoc

    document = pdfdoc.PDFDocument()
    for sequence in (
        [],
        [1000],
        [1000.0] * 256,
        list(range(0, 2600, 10)),
        [500, 1000.5, 250, 1e-7, 123456.789],
        [True, 1],
    ):
        fast = pdfdoc.PDFArray(sequence)
        fast.__class__ = _Widths
        assert fast.format(document) == pdfdoc.PDFArray(sequence).format(document)


def test_a_changed_style_is_parsed_again() -> None:
    from enforcement_pdf.kinsoku import CJKParagraph
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("changing", fontName=font_name(None), fontSize=14, wordWrap="CJK")
    before = CJKParagraph("公示", style)
    style.fontSize = 20
    style.textColor = colors.red
    after = CJKParagraph("公示", style)
    assert before.frags[0].fontSize == 14
    assert [f.__dict__ for f in after.frags] == [f.__dict__ for f in Paragraph("公示", style).frags]


@needs_font
def test_a_glyph_past_the_end_of_a_damaged_font_is_a_font_error() -> None:
    from reportlab.pdfbase.ttfonts import TTFError

    face = default_font()
    assert face is not None
    damaged: Any = EmbeddedTTFont("DamagedForTest", face.path, subfontIndex=face.index).face
    glyph = damaged.charToGlyph[ord("罚")]
    start = damaged.table["glyf"]["offset"] + damaged.glyphPos[glyph]
    damaged._ttf_data = damaged._ttf_data[: start + 1]  # the file ends inside the glyph
    with pytest.raises(TTFError, match="runs past the file"):
        damaged.makeSubset([0, ord("罚")])


@needs_font
def test_embedded_subsets_are_compressed_at_the_font_level(tmp_path: Path) -> None:
    """The font files (FontFile2) are zlib level FONT_ZLIB_LEVEL of the subset, the text
    streams zlib's default level; a reader gets the subset and the text back."""
    import zlib

    from enforcement_pdf.subset import FONT_ZLIB_LEVEL
    from pypdf import PdfReader

    import enforcement

    dataset = enforcement.load(EXAMPLE)
    case = dataset.case("XC2020-00004")
    assert case is not None
    pdf = enforcement.render_notice(case, agency=dataset.agency("xc"))
    reader = PdfReader(io.BytesIO(pdf))
    fonts = texts = 0
    size: Any = reader.trailer["/Size"]
    for number in range(1, int(size)):
        obj: Any = reader.get_object(number)
        if not hasattr(obj, "get_data") or list(obj.get("/Filter", [])) != ["/FlateDecode"]:
            continue  # the page's stream is ASCII85 too
        raw = obj._data  # as stored in the file
        data = obj.get_data()
        if "/Length1" in obj:  # a FontFile2 stream
            fonts += 1
            assert raw == zlib.compress(data, FONT_ZLIB_LEVEL)
            assert int(obj["/Length1"]) == len(data)
        else:  # a ToUnicode map: zlib's default level, as before
            texts += 1
            assert raw == zlib.compress(data)
    assert texts == 2
    assert fonts == 2
    assert "主要违法事实" in reader.pages[0].extract_text()


def test_a_batch_with_workers_takes_its_items_as_it_goes(tmp_path: Path) -> None:
    # A batch streamed from a store must not be read whole into memory by the worker pool.
    from enforcement.notices import BatchItem, due_notice_kinds, render_notices
    from enforcement.synthetic import generate_dataset

    dataset = generate_dataset(cases=60, year=2020, seed=3)
    agency = dataset.agencies[0]
    cases = [c for c in dataset.cases if "decision" in due_notice_kinds(c)]
    taken = 0

    def items() -> Iterator[BatchItem]:
        nonlocal taken
        for case in cases * 40:
            taken += 1
            yield BatchItem(case, "decision", agency)

    results = render_notices(items(), tmp_path, workers=2)
    first = [next(results) for _ in range(3)]
    assert all(r.path is not None or r.error for r in first)
    assert taken < len(cases) * 40 // 2, taken
    del results  # closes the generator: the pool finishes its chunks in hand and stops
