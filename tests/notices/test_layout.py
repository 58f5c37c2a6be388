"""Layout facts of the PDFs, checked on their extracted text: 禁则, the signature's page,
the roster's first page, the report cover."""

from __future__ import annotations

import io
from datetime import date

import attrs
import pytest
from enforcement_pdf.fonts import default_font
from enforcement_pdf.glyphs import drawable
from enforcement_pdf.kinsoku import NO_LINE_END, NO_LINE_START, break_lines, starts_badly
from pypdf import PdfReader

import enforcement
from enforcement.models import Agency, Case
from enforcement.notices import due_notice_kinds
from enforcement.plugins import PluginManager
from enforcement.synthetic import generate_dataset

from .conftest import person_case


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _lines(chars: str, width: int, forced: tuple[bool, ...] = ()) -> list[str]:
    """Break ``chars`` (every character 1 wide) into lines of ``width``."""
    spans = break_lines(list(chars), [1.0] * len(chars), [float(width)], forced)
    return [chars[a:b] for a, b in spans]


# --- the line-breaking rule ---------------------------------------------------------------------


def test_a_comma_that_would_start_a_line_takes_the_character_before_it_along() -> None:
    assert _lines("甲乙丙丁，戊己", 4) == ["甲乙丙", "丁，戊己"]


def test_a_run_of_closing_punctuation_moves_down_with_its_character() -> None:
    assert _lines("甲乙丙丁）。戊", 4) == ["甲乙丙", "丁）。戊"]


def test_an_opening_bracket_never_ends_a_line() -> None:
    assert _lines("甲乙丙《丁戊》", 4) == ["甲乙丙", "《丁戊》"]


def test_every_forbidden_character_is_kept_off_the_start_of_a_line() -> None:
    for mark in sorted(NO_LINE_START):
        text = "甲乙丙丁" + mark + "戊己庚辛壬癸"
        lines = _lines(text, 4)
        assert "".join(lines) == text
        assert not any(line[0] in NO_LINE_START for line in lines[1:]), (mark, lines)


def test_every_opening_mark_is_kept_off_the_end_of_a_line() -> None:
    for mark in sorted(NO_LINE_END):
        lines = _lines("甲乙丙" + mark + "丁戊己", 4)
        assert not any(line[-1] in NO_LINE_END for line in lines), (mark, lines)


def test_a_number_is_not_split_when_a_cjk_character_is_near() -> None:
    assert _lines("罚款金额为人民币20000元", 10) == ["罚款金额为人民币", "20000元"]


def test_a_line_of_punctuation_only_still_ends() -> None:
    assert "".join(_lines("，，，，，，，，", 3)) == "，，，，，，，，"


def test_a_forced_break_ends_the_line() -> None:
    forced = (False, True, False, False)
    assert _lines("甲乙丙丁", 10, forced) == ["甲乙", "丙丁"]


# --- on rendered notices ------------------------------------------------------------------------


@pytest.mark.parametrize("shift", range(0, 28, 3))
def test_no_line_of_a_notice_starts_with_forbidden_punctuation(
    shift: int, agency: Agency, pm: PluginManager
) -> None:
    # Commas and colons after every possible number of characters reach every line end.
    facts = (
        "当" * shift
        + "当事人于2020年3月2日在港城路12号占用道路，影响通行：经责令改正，仍未改正；" * 4
    )
    data = enforcement.render_notice(person_case(facts=facts), agency=agency, plugin_manager=pm)
    for text in _pages(data):
        for line in text.splitlines():
            assert not starts_badly(line), line


def test_no_line_of_the_demo_notices_starts_with_forbidden_punctuation(pm: PluginManager) -> None:
    dataset = generate_dataset(cases=60, year=2020, seed=7)
    agency = dataset.agencies[0]
    rendered = 0
    for case in dataset.cases:
        kinds = due_notice_kinds(case)
        for kind in kinds:
            data = enforcement.render_notice(case, kind=kind, agency=agency, plugin_manager=pm)
            rendered += 1
            for text in _pages(data):
                bad = [line for line in text.splitlines() if starts_badly(line)]
                assert not bad, (case.id, bad)
    assert rendered > 20


def _signature_page(pages: list[str]) -> str:
    found = [p for p in pages if "核验信息" in p]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("sentences", range(2, 14))
def test_the_signature_shares_its_page_with_the_end_of_the_remedies(
    sentences: int, agency: Agency, pm: PluginManager
) -> None:
    # Facts of growing length move the page break through the remedies and the signature.
    facts = "当事人在经营场所门前堆放物料，影响通行，经责令改正仍未改正。" * sentences
    data = enforcement.render_notice(person_case(facts=facts), agency=agency, plugin_manager=pm)
    pages = _pages(data)
    assert len(pages) <= 2
    page = _signature_page(pages)
    before_signature = page.split("核验信息")[0].rsplit(agency.name, 1)[0]
    assert "提起行政诉讼。" in before_signature.replace("\n", "")


def test_a_withdrawal_keeps_its_explanation_with_the_signature(
    agency: Agency, pm: PluginManager
) -> None:
    case = person_case(revoked=True)
    assert case.decision is not None
    reason = "经行政复议，原处罚决定认定事实不清，予以撤销。" * 40
    case = attrs.evolve(
        case,
        decision=attrs.evolve(
            case.decision, revocation_reason=reason, revoked_on=date(2020, 4, 20)
        ),
    )
    data = enforcement.render_notice(case, kind="withdrawal", agency=agency, plugin_manager=pm)
    page = _signature_page(_pages(data))
    assert "撤下原公示信息" in page.split("核验信息")[0].replace("\n", "")


def test_the_roster_table_starts_on_the_first_page_and_repeats_its_header(
    pm: PluginManager,
) -> None:
    big = generate_dataset(cases=10, year=2020, seed=3, officers=60)
    agency = big.agencies[0]
    data = enforcement.render_roster(agency, big.officers, date(2020, 6, 30), plugin_manager=pm)
    pages = _pages(data)
    assert len(pages) >= 3
    assert "行政执法人员名单" in pages[0]
    assert "津执" in pages[0]  # certificate numbers: rows, not just the heading
    assert all("执法证号" in p or "事项编码" in p for p in pages[1:])


def test_the_report_cover_names_no_software_and_no_missing_glyph(pm: PluginManager) -> None:
    dataset = generate_dataset(cases=30, year=2020, seed=5)
    summary = enforcement.summarize(dataset, year=2020, on=date(2021, 3, 31))
    data = enforcement.render_summary(summary, plugin_manager=pm)
    cover = _pages(data)[0]
    assert "enforcement" not in cover
    assert "\u00b7" not in cover
    assert "行政执法公示" in cover
    assert all("docs/rules.md" not in page for page in _pages(data))


def test_the_builtin_font_draws_the_middle_dot_with_a_glyph_it_has() -> None:
    assert drawable("买买提·艾力", "STSong-Light") == "买买提・艾力"
    assert drawable("买买提·艾力", "EnfTT-0123456789") == "买买提·艾力"


def test_a_middle_dot_in_the_facts_prints_as_a_visible_dot_in_the_builtin_font(
    agency: Agency, pm: PluginManager
) -> None:
    case: Case = person_case(facts="当事人于“4·15”全民国家安全教育日擅自占用城市道路。")
    pdf = enforcement.render_notice(case, agency=agency, plugin_manager=pm, font="STSong-Light")
    assert "4・15" in "".join(_pages(pdf))


def test_a_middle_dot_in_the_facts_is_kept_in_an_embedded_font(
    agency: Agency, pm: PluginManager
) -> None:
    if default_font() is None:
        pytest.skip("no Chinese TrueType font on this machine (install fonts-wqy-zenhei)")
    case: Case = person_case(facts="当事人于“4·15”全民国家安全教育日擅自占用城市道路。")
    text = "".join(_pages(enforcement.render_notice(case, agency=agency, plugin_manager=pm)))
    assert "4·15" in text


def test_the_roster_signature_keeps_rows_of_the_table_on_its_page(pm: PluginManager) -> None:
    staff = generate_dataset(cases=10, year=2020, seed=3, officers=80)
    agency = staff.agencies[0]
    # Rosters of 25 to 59 officers move the page break through the end of the powers table.
    for count in range(25, 60, 2):
        data = enforcement.render_roster(
            agency, staff.officers[:count], date(2020, 6, 30), plugin_manager=pm
        )
        page = _signature_page(_pages(data))
        before_signature = page.split("核验信息")[0].rsplit(agency.name, 1)[0]
        assert "XC-JC-002" in before_signature, count  # the table's last row
