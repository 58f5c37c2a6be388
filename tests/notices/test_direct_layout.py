"""The notices' canvas layout (:mod:`enforcement_pdf.direct`) puts every line where platypus does.

A decision or withdrawal notice is laid out straight on the canvas; platypus
(:func:`enforcement_pdf.render.render_platypus`) still lays out rosters, tables, seals and
text with markup characters. The two must break the same lines (the same 禁则, the same
widths), put each on the same page at the same place, and give the same text and metadata.
"""

from __future__ import annotations

import io
import random
from typing import Any

import attrs
import pytest
from enforcement_pdf import direct
from enforcement_pdf.fonts import BUILTIN_FONT, default_font, font_name
from enforcement_pdf.kinsoku import NO_LINE_END, NO_LINE_START, CJKParagraph
from enforcement_pdf.markup import escape_text
from enforcement_pdf.render import TEXT_WIDTH, _styles, render_pdf, render_platypus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import enforcement
from enforcement.models import Agency, Case
from enforcement.notices import (
    NoticeDocument,
    Table,
    Text,
    build_notice_document,
    document_redactor,
    due_notice_kinds,
)
from enforcement.redaction import redact_document
from enforcement.synthetic import generate_dataset

SENTENCES = [
    "当事人在新城镇港城路违法搭建彩钢棚一处，面积约三十平方米，未取得建设工程规划许可证。",
    "经查，“某某”（化名）于2020年3月1日至5月1日期间，共销售《目录》所列产品12批次；",
    "执法人员现场检查发现：仓库内存放过期食品约40千克！是否另有违法行为？待查。",
    "Inspection No. ABC-2020-0012 found 35 items, worth RMB 12,345.67 in total.",
    "（一）责令改正；（二）罚款。",
]

# Characters a line must not start or end with, CJK text, Latin words, digits and spaces.
ALPHABET = st.sampled_from(
    [*NO_LINE_START, *NO_LINE_END, *"当事人违法搭建彩钢棚处罚决定书", *"abcXYZ", *"0123456789", " "]
)


def _font() -> str:
    face = default_font()
    return font_name(face.path if face else BUILTIN_FONT)


def _platypus_lines(text: str, style: Any, width: float) -> list[tuple[float, str]]:
    paragraph = CJKParagraph(escape_text(text), style)
    paragraph.wrap(width, 10**6)
    bl: Any = paragraph.blPara  # type: ignore[attr-defined]
    return [(room, " ".join(words)) for room, words in bl.lines]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(ALPHABET, min_size=1, max_size=160),
    style_name=st.sampled_from(
        ["field", "field_more", "text", "signature", "title", "note", "field_latin", "code"]
    ),
)
def test_lines_are_cjkparagraphs(text: str, style_name: str) -> None:
    """Punctuation at line starts and ends, Latin runs, spaces: the same lines, the same room."""
    style = getattr(_styles(_font()), style_name)
    if not text.strip():
        return
    try:
        lines = direct._lines(text, style, TEXT_WIDTH)
    except direct._NotDirect:
        return  # laid out by platypus
    assert lines == _platypus_lines(text, style, TEXT_WIDTH)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(ALPHABET, min_size=40, max_size=400))
def test_a_split_paragraph_keeps_its_lines(text: str) -> None:
    """The rest of a paragraph split across pages has the lines it had whole: 禁则 kept,
    no space lost (reportlab broke the rest again without 禁则, and joined it without the
    spaces at its lines' ends)."""
    style = _styles(_font()).field
    whole = _platypus_lines(text, style, TEXT_WIDTH)
    for fit in range(2, len(whole)):
        paragraph = CJKParagraph(escape_text(text), style)
        paragraph.wrap(TEXT_WIDTH, 10**6)
        parts = paragraph.split(TEXT_WIDTH, fit * style.leading)
        assert len(parts) == 2
        head, rest = parts
        head.wrap(TEXT_WIDTH, 10**6)
        rest.wrap(TEXT_WIDTH, 10**6)
        lines = [" ".join(w) for _, w in head.blPara.lines + rest.blPara.lines]
        assert lines == [line for _, line in whole]


def test_a_split_paragraph_keeps_the_space_at_a_break() -> None:
    style = _styles(_font()).field
    text = "处罚内容：" + "Inspection found 35 items, worth RMB 12,345.67 in total. " * 12
    paragraph = CJKParagraph(escape_text(text), style)
    paragraph.wrap(TEXT_WIDTH, 10**6)
    _, rest = paragraph.split(TEXT_WIDTH, 2 * style.leading)
    frag = rest.frags[0]
    rest_text = frag.text if hasattr(frag, "text") else "".join(frag.words)  # reportlab's
    assert text.rstrip().endswith(rest_text)
    assert "RMB 12,345.67" in rest_text


def _documents(
    agency: Agency, cases: list[tuple[Case, str, str, str | None]]
) -> list[NoticeDocument]:
    pm = enforcement.default_plugin_manager()
    out = []
    for case, kind, lang, font in cases:
        document = build_notice_document(
            case,
            kind,  # type: ignore[arg-type]
            agency=agency,
            lang=lang,  # type: ignore[arg-type]
            font=font,
            plugin_manager=pm,
        )
        pm.hook.enforcement_notice_document(document=document, case=case)
        redact_document(document, document_redactor(document, case, plugin_manager=pm))
        out.append(document)
    return out


def _with_facts(case: Case, size: int, seed: int) -> Case:
    rnd = random.Random(seed)
    facts = ""
    while len(facts) < size:
        facts += rnd.choice(SENTENCES)
    assert case.decision is not None
    return attrs.evolve(case, decision=attrs.evolve(case.decision, facts=facts[:size]))


def _placed_text(data: bytes) -> list[list[tuple[str, float, float]]]:
    """Each page's lines of text with where each starts, as a reader finds them (a reader
    cuts a line where its characters change font subset: the pieces are joined again, as
    the subsets may hold the characters in another order)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        placed: list[tuple[str, float, float]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if text.strip():
                x = round(tm[4] * cm[0] + tm[5] * cm[2] + cm[4], 2)
                y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 2)
                if placed and placed[-1][1:] == (x, y):  # noqa: B023
                    text = placed.pop()[0] + text  # noqa: B023
                placed.append((text, x, y))  # noqa: B023

        page.extract_text(visitor_text=visit)
        pages.append(placed)
    return pages


@pytest.fixture(scope="module")
def corpus() -> list[NoticeDocument]:
    dataset = generate_dataset(cases=240, year=2020, seed=3)
    agency = dataset.agencies[0]
    decisions = [
        c
        for c in dataset.cases
        if "decision" in due_notice_kinds(c)
        and not any(p.is_minor_on(c.decision.decided_on) for p in c.parties)  # type: ignore[union-attr]
    ]
    withdrawals = [c for c in dataset.cases if "withdrawal" in due_notice_kinds(c)][:2]
    items: list[tuple[Case, str, str, str | None]] = []
    for case in withdrawals:
        items += [(case, "withdrawal", "zh", None), (case, "withdrawal", "en", None)]
    for i, case in enumerate(decisions[:14]):
        size = [0, 400, 1500, 3000, 12000][i % 5]
        if size:
            case = _with_facts(case, size + 37 * i, i)
        font = BUILTIN_FONT if i % 6 == 5 else None
        items.append((case, "decision", "zh" if i % 3 else "en", font))
    return _documents(agency, items)


def test_the_canvas_layout_draws_what_platypus_draws(corpus: list[NoticeDocument]) -> None:
    """Short and long notices (facts of 12,000 characters over a dozen pages), decisions and
    withdrawals, Chinese and English, the embedded and the built-in font: the same text at
    the same places on the same pages, and the same metadata."""
    pages = 0
    for document in corpus:
        font = font_name(document.font)
        data = direct.render_direct(document, font, _styles(font))
        assert data is not None, document.case_id
        expected = render_platypus(document)
        placed = _placed_text(data)
        assert placed == _placed_text(expected), document.case_id
        pages += len(placed)
        assert PdfReader(io.BytesIO(data)).metadata == PdfReader(io.BytesIO(expected)).metadata
        assert render_pdf(document) == data
    assert pages > 2 * len(corpus)  # many notices run to several pages


def test_the_canvas_layout_is_deterministic(corpus: list[NoticeDocument]) -> None:
    for document in corpus[:6]:
        assert render_pdf(document) == render_pdf(document)


def test_markup_characters_and_line_breaks_are_left_to_platypus(
    corpus: list[NoticeDocument],
) -> None:
    """``<``, ``&`` and line breaks become markup that reportlab parses into several
    fragments: such a notice is platypus' to lay out, and prints the characters literally."""
    document = corpus[4]
    for note in ("a<b & c>d", "第一行\n第二行", "<font size=40>大</font>"):
        changed = attrs.evolve(document, notes=[*document.notes, note])
        font = font_name(changed.font)
        assert direct.render_direct(changed, font, _styles(font)) is None
        assert render_pdf(changed) == render_platypus(changed)
        assert note.replace("\n", "") in "".join(_texts(render_pdf(changed))).replace("\n", "")


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_tables_and_seals_are_left_to_platypus(corpus: list[NoticeDocument], tmp_path: Any) -> None:
    document = corpus[4]
    font = font_name(document.font)
    sealed = attrs.evolve(document, seal_image=str(tmp_path / "seal.png"))
    assert direct.render_direct(sealed, font, _styles(font)) is None
    table = Table(heading="附表", columns=("a", "b"), rows=(("1", "2"),), widths=(0.5, 0.5))
    tabled = attrs.evolve(document, blocks=[*document.blocks, table])
    assert direct.render_direct(tabled, font, _styles(font)) is None
    assert render_pdf(tabled) == render_platypus(tabled)


HOSTILE = [
    "，" * 300,  # a paragraph of marks that may not start a line
    "（" * 120 + "当事人",  # marks that may not end one
    "当事人" + "A" * 400 + "违法",  # a Latin word longer than a line
    "0" * 90 + " " + "1" * 90,
    "\t当事人\u200b在\u3000港城路\x00违法　搭建",  # tabs, zero-width, NUL, ideographic spaces
    "مرحبا 当事人 שלום",  # right-to-left text
    "No spaces in a very long code " + "X" * 200,  # an overfull Latin line
]


def test_hostile_text_is_drawn_where_platypus_draws_it(corpus: list[NoticeDocument]) -> None:
    """Careless or hostile text: runs of punctuation, words longer than a line, control and
    format characters, right-to-left text. Laid out on the canvas, it lands where platypus
    puts it; what the canvas layout does not follow (an overfull line with spaces) goes to
    platypus."""
    base = corpus[4]
    direct_count = 0
    for text in HOSTILE:
        for document in (
            attrs.evolve(base, notes=[*base.notes, text]),
            attrs.evolve(base, blocks=[*base.blocks, Text(heading="", text=text)]),
            attrs.evolve(base, title=text),
        ):
            font = font_name(document.font)
            data = direct.render_direct(document, font, _styles(font))
            expected = render_platypus(document)
            assert render_pdf(document) == render_pdf(document)
            if data is None:
                assert render_pdf(document) == expected
                continue
            direct_count += 1
            assert _placed_text(data) == _placed_text(expected), text
    assert direct_count >= 2 * len(HOSTILE)


def test_every_place_of_the_page_break_is_platypus(corpus: list[NoticeDocument]) -> None:
    """Facts growing a few characters at a time move the page break through the facts, the
    fields after them, the signature and the verification block: each time the canvas
    layout splits, keeps together and moves to the next page what platypus does (no orphan
    line, the signature with the last two lines of the text before it, a group that does not
    fit moved whole)."""
    document = corpus[4]
    facts = next(b for b in document.blocks if isinstance(b, Text))
    pages = set()
    for size in range(300, 1500, 19):
        text = (SENTENCES[0] + SENTENCES[2]) * 40
        grown = attrs.evolve(
            document,
            blocks=[
                attrs.evolve(b, text=text[:size]) if b is facts else b for b in document.blocks
            ],
        )
        font = font_name(grown.font)
        data = direct.render_direct(grown, font, _styles(font))
        assert data is not None
        placed = _placed_text(data)
        assert placed == _placed_text(render_platypus(grown)), size
        pages.add(len(placed))
    assert len(pages) >= 2  # the break moved through the whole notice at least once
