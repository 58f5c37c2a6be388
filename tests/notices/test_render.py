from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import enforcement
from enforcement.errors import NoticeError, PublicationRefusedError
from enforcement.identifiers import id_number_check_char
from enforcement.models import Agency, Case, CaseCategory, Penalty, PenaltyKind
from enforcement.notices import (
    DocumentKind,
    build_notice_document,
    publication_term,
    read_stamp,
    render_notice,
    render_roster,
    verify_notice,
)
from enforcement.plugins import PluginManager

from .conftest import PERSON_ID, PERSON_PHONE, pdf_text, person_case


def test_decision_notice_has_the_fields_the_law_lists(
    case: Case, agency: Agency, pm: PluginManager
) -> None:
    text = pdf_text(render_notice(case, agency=agency, plugin_manager=pm))
    for expected in (
        "行政处罚决定信息公示",
        "津新城综执罚〔2020〕7号",
        "王某某",
        "120116********0037",
        "《城市道路管理条例》第四十二条",
        "5,000.00",
        "人民币伍仟元整",
        "天津市滨海新区新城镇人民政府",
        "2020年3月10日",
        "2020年3月12日",
        "三年",  # no provincial low-fine line by default
        "六十日",
        "六个月",
        "第 1 页 共 1 页",
    ):
        assert expected in text.replace("\n", ""), expected


def test_the_same_notice_gives_the_same_bytes(
    case: Case, agency: Agency, pm: PluginManager
) -> None:
    a = render_notice(case, agency=agency, plugin_manager=pm)
    b = render_notice(case, agency=agency, plugin_manager=pm)
    assert a == b


def test_metadata_carries_the_digest_and_record_dates(
    case: Case, agency: Agency, pm: PluginManager
) -> None:
    data = render_notice(case, agency=agency, plugin_manager=pm)
    doc = build_notice_document(case, agency=agency, plugin_manager=pm)
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta is not None
    assert f"sha256={doc.digest}" in str(meta["/Keywords"])
    assert str(meta["/CreationDate"]).startswith("D:20200312")
    assert doc.digest == hashlib.sha256(doc.canonical).hexdigest()
    assert doc.digest in pdf_text(data)


def test_digest_does_not_depend_on_language(case: Case, agency: Agency, pm: PluginManager) -> None:
    zh = build_notice_document(case, agency=agency, plugin_manager=pm)
    en = build_notice_document(case, agency=agency, lang="en", plugin_manager=pm)
    assert zh.digest == en.digest
    text = pdf_text(render_notice(case, agency=agency, lang="en", plugin_manager=pm))
    assert "Public Notice of an Administrative Penalty Decision" in " ".join(text.split())
    assert "Page 1 of 1" in text


MARKUP = [
    "a<b && c>d",
    "&amp; & &",
    "<font size=40>BIG</font>",
    "<img src=/etc/passwd/>",
    '<a href="https://evil.example/">click</a>',
]


@pytest.mark.parametrize("payload", MARKUP)
def test_user_text_renders_literally_never_as_markup(
    payload: str, agency: Agency, pm: PluginManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    case = person_case(facts=f"事实：{payload}。")
    data = render_notice(case, agency=agency, plugin_manager=pm)
    monkeypatch.undo()
    text = pdf_text(data).replace("\n", "")
    assert payload.replace(" ", "") in text.replace(" ", "")
    reader = PdfReader(io.BytesIO(data))
    assert all("/Annots" not in page for page in reader.pages)
    assert b"/URI" not in data
    assert b"/Link" not in data
    assert not any("passwd" in name for name in opened)


def test_long_facts_flow_onto_numbered_pages_and_no_line_starts_with_punctuation(
    agency: Agency, pm: PluginManager
) -> None:
    facts = "当事人在经营场所堆放物料，影响通行，经责令改正，仍未改正。" * 40
    data = render_notice(person_case(facts=facts), agency=agency, plugin_manager=pm)
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages >= 2
    text = pdf_text(data)
    assert f"第 1 页 共 {pages} 页" in text
    assert f"第 {pages} 页 共 {pages} 页" in text
    for line in text.splitlines():
        assert not re.match(r"\s*[。，、；：）]", line), line


def test_a4_page(case: Case, agency: Agency, pm: PluginManager) -> None:
    page = PdfReader(io.BytesIO(render_notice(case, agency=agency, plugin_manager=pm))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_write_to_path_or_stream(
    case: Case, agency: Agency, pm: PluginManager, tmp_path: Path
) -> None:
    data = render_notice(case, agency=agency, out=tmp_path / "n.pdf", plugin_manager=pm)
    assert (tmp_path / "n.pdf").read_bytes() == data
    stream = io.BytesIO()
    render_notice(case, agency=agency, out=stream, plugin_manager=pm)
    assert stream.getvalue() == data


def test_withdrawal_notice_states_reason_and_dates(agency: Agency, pm: PluginManager) -> None:
    case = person_case(revoked=True)
    text = pdf_text(render_notice(case, "withdrawal", agency=agency, plugin_manager=pm))
    flat = text.replace("\n", "")
    for expected in (
        "行政处罚决定信息撤下说明",
        "原处罚决定予以撤销",
        "2020年4月20日",
        "2020年4月22日",
    ):
        assert expected in flat


def test_withdrawal_of_a_standing_decision_names_the_field(case: Case, pm: PluginManager) -> None:
    with pytest.raises(NoticeError, match=r"decision\.revoked_on"):
        render_notice(case, "withdrawal", plugin_manager=pm)


def test_minor_party_is_not_published(agency: Agency, pm: PluginManager) -> None:
    case = person_case(id_number="120116200503010012")
    with pytest.raises(PublicationRefusedError):
        render_notice(case, agency=agency, plugin_manager=pm)
    assert render_notice(case, agency=agency, allow_minor=True, plugin_manager=pm)


def test_titles_follow_the_category(agency: Agency, pm: PluginManager) -> None:
    case = attrs.evolve(person_case(), category=CaseCategory.LICENSING)
    assert "行政许可决定信息公示" in pdf_text(render_notice(case, agency=agency, plugin_manager=pm))


def test_publication_term_three_months_for_low_fines_else_three_years() -> None:
    low = person_case(amount="5000")
    high = person_case(amount="50000")
    # Without a provincial low-fine line, any fine is published for three years.
    assert publication_term(low, date(2025, 1, 10)).until == date(2028, 1, 10)
    assert publication_term(low, date(2025, 1, 10), low_fine_line=Decimal(10000)).until == date(
        2025, 4, 10
    )
    assert publication_term(high, date(2025, 1, 10), low_fine_line=Decimal(10000)).months == 36
    assert high.decision is not None
    line = high.decision.fines_total()
    assert publication_term(high, date(2025, 1, 10), low_fine_line=line).months == 3
    assert low.decision is not None
    criticism = (Penalty(kind=PenaltyKind.PUBLIC_CRITICISM),)
    warning = attrs.evolve(low, decision=attrs.evolve(low.decision, penalties=criticism))
    assert publication_term(warning, date(2025, 1, 10)).until == date(2025, 4, 10)


def test_verify_matches_and_detects_a_changed_source(
    case: Case, agency: Agency, pm: PluginManager
) -> None:
    data = render_notice(case, agency=agency, plugin_manager=pm)
    ok = verify_notice(data, [case], agency_of=lambda _: agency, plugin_manager=pm)
    assert ok.matches
    assert ok.message == f"matches case {case.id}"
    changed = person_case(amount="6000")
    bad = verify_notice(data, [changed], agency_of=lambda _: agency, plugin_manager=pm)
    assert not bad.matches


def test_verify_reads_options_back(case: Case, agency: Agency, pm: PluginManager) -> None:
    data = render_notice(case, agency=agency, published_on=date(2020, 3, 13), plugin_manager=pm)
    assert read_stamp(data).options.published_on == date(2020, 3, 13)
    assert verify_notice(data, [case], agency_of=lambda _: agency, plugin_manager=pm).matches


def test_roster_lists_officers_active_on_the_day_and_powers(
    dataset: enforcement.Dataset, pm: PluginManager
) -> None:
    agency = dataset.agencies[0]
    day = date(2020, 6, 30)
    data = render_roster(agency, dataset.officers, day, plugin_manager=pm)
    text = pdf_text(data).replace("\n", "")
    active = [o for o in dataset.officers if o.active_certificates(day)]
    inactive = [o for o in dataset.officers if not o.active_certificates(day)]
    assert active
    assert inactive
    for officer in active:
        assert officer.certificates[0].number in text
    for officer in inactive:
        assert officer.certificates[0].number not in text
    assert "XC-CF-001" in text
    assert "权责清单" in text


def _ttf_font() -> str | None:
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(
        ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
    ).stdout
    files = [line.split(":")[0].strip() for line in out.splitlines()]
    # Noto CJK's .ttc files hold CFF outlines, which reportlab cannot embed.
    usable = (f for f in files if f.lower().endswith((".ttf", ".ttc")) and "opentype" not in f)
    return next(usable, None)


def test_a_truetype_font_is_embedded_as_a_subset(
    case: Case, agency: Agency, pm: PluginManager
) -> None:
    font = _ttf_font()
    if font is None:
        pytest.skip("no Chinese TrueType font on this machine (install fonts-wqy-zenhei)")
    data = render_notice(case, agency=agency, font=font, plugin_manager=pm)
    assert b"/FontFile2" in data  # an embedded TrueType program
    assert re.search(rb"/BaseFont /[A-Z]{6}\+", data)  # the subset tag
    assert "王某某" in pdf_text(data)


def _mobile() -> st.SearchStrategy[str]:
    return st.builds(
        lambda a, b: f"1{a}{b:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1)
    )


def _id_number() -> st.SearchStrategy[str]:
    def make(region: int, born: date, seq: int) -> str:
        body = f"{region:06d}{born:%Y%m%d}{seq:03d}"
        return body + id_number_check_char(body)

    return st.builds(
        make,
        st.integers(110000, 659999),
        st.dates(date(1940, 1, 1), date(2001, 12, 31)),
        st.integers(0, 999),
    )


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    id_number=_id_number(),
    phone=_mobile(),
    other_phone=_mobile(),
    filler=st.text(st.sampled_from("违法事实当事人于在号，。、 abc<>&12"), max_size=40),
)
def test_no_id_number_or_phone_of_a_person_ever_appears_in_a_notice(
    id_number: str, phone: str, other_phone: str, filler: str, agency: Agency, pm: PluginManager
) -> None:
    facts = f"{filler}身份证号{id_number}{filler}电话{phone}、{other_phone}；{id_number.lower()}"
    case = person_case(facts=facts, id_number=id_number, phone=phone)
    kinds: tuple[DocumentKind, ...] = ("decision", "withdrawal")
    for kind in kinds:
        c = (
            person_case(facts=facts, id_number=id_number, phone=phone, revoked=True)
            if kind == "withdrawal"
            else case
        )
        text = pdf_text(render_notice(c, kind, agency=agency, plugin_manager=pm))
        flat = re.sub(r"\s", "", text)
        for secret in (id_number, phone, other_phone, PERSON_ID, PERSON_PHONE):
            assert secret not in flat
