"""The report's content: the five parts, the generated sub-section, redaction, markers, formats."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from enforcement.errors import ReportError
from enforcement.lawreport import (
    PARTS,
    ReportInput,
    build_law_report,
    law_report_markdown,
    render_law_report,
)
from enforcement.reports import Heading, Prose, SummarySection
from enforcement.summary import Summary

from .test_sections import MINIMAL

WITH_SUBS = MINIMAL.replace(
    '[measures]\ntext = "举措。"',
    """[measures]
[[measures.sections]]
title = "加强组织领导"
text = "组织领导。"
[[measures.sections]]
title = "严格规范公正文明执法"
text = "之前的话。"
records = ["enforcement"]
after = "之后的话。"
""",
)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _content(text: str) -> str:
    """Words only: no page labels, Markdown marks, bullets, middle dots or whitespace (the PDF
    prints bullets and middle dots alike as U+30FB, which the built-in font has)."""
    text = re.sub(r"第 ?\d+ ?页 ?共 ?\d+ ?页", "", text)
    text = re.sub(r"(?m)^(#+ |- )", "", text)
    return re.sub(r"[\s\u00b7\u30fb]", "", text)


def test_the_five_parts_come_in_order_with_their_numbers(summary: Summary) -> None:
    document = build_law_report(summary, ReportInput.parse(MINIMAL))
    parts = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    assert parts == [f"{p.number}、{p.heading}" for p in PARTS]


def test_the_enforcement_paragraph_sits_between_the_agencys_words(summary: Summary) -> None:
    document = build_law_report(summary, ReportInput.parse(WITH_SUBS))
    texts = [b.text for b in document.blocks if isinstance(b, Heading | Prose)]
    start = texts.index("（二）严格规范公正文明执法")
    assert texts[start + 1] == "之前的话。"
    assert texts[start + 2].startswith("全年共有行政执法人员")
    assert texts[start + 4] == "之后的话。"


def test_the_generated_figures_are_the_summarys(summary: Summary) -> None:
    markdown = law_report_markdown(build_law_report(summary, ReportInput.parse(MINIMAL)))
    c, o, p, v = summary.cases, summary.officers, summary.publication, summary.review
    for phrase in (
        f"全年共有行政执法人员{o.total}人，年末持有效行政执法证件{o.active_at_year_end}人",
        f"全部{o.meeting_training_requirement}人达到每人每年40学时的培训要求",
        f"全年立案办理行政执法案件{c.total}件",
        f"作出行政执法决定{c.decisions}件",
        f"行政处罚决定{sum(c.decisions_by_heaviest_penalty.values())}件",
        f"罚款{c.fines_total:,.2f}元",
        f"应公示的行政执法决定{p.due}件，全部按期公示",
        f"撤下已公示信息{p.withdrawn}件",
        f"作出重大执法决定{v.major_decisions}件，均在决定前经法制审核同意",
        f"各必经环节均有记录的{summary.recording.cases_fully_recorded}件",
    ):
        assert phrase in markdown


def test_without_a_placed_enforcement_sub_section_one_is_appended(summary: Summary) -> None:
    document = build_law_report(summary, ReportInput.parse(MINIMAL))
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 3]
    assert headings == ["（一）严格规范公正文明执法"]


def test_a_plugin_section_appears_where_it_is_placed(summary: Summary) -> None:
    section = SummarySection(
        key="disclosure_requests", title="政府信息公开", paragraphs=["收到申请71件。"]
    )
    text = WITH_SUBS.replace('records = ["enforcement"]', 'records = ["disclosure_requests"]')
    document = build_law_report(summary, ReportInput.parse(text), sections=[section])
    texts = [b.text for b in document.blocks if isinstance(b, Prose)]
    assert texts.index("收到申请71件。") == texts.index("之前的话。") + 1
    assert document.unplaced_sections == ()


def test_an_unplaced_plugin_section_is_reported(summary: Summary) -> None:
    section = SummarySection(key="disclosure_requests", title="x", paragraphs=["y"])
    document = build_law_report(summary, ReportInput.parse(MINIMAL), sections=[section])
    assert document.unplaced_sections == ("disclosure_requests",)


def test_placing_a_section_no_plugin_gives_is_an_error(summary: Summary) -> None:
    text = WITH_SUBS.replace('records = ["enforcement"]', 'records = ["enforcement", "nope"]')
    with pytest.raises(ReportError, match="no report section 'nope'"):
        build_law_report(summary, ReportInput.parse(text))


def test_personal_data_in_the_agencys_text_is_redacted(summary: Summary) -> None:
    text = MINIMAL.replace("不足。", "联系人电话13812345678，身份证号110101199003074514。")
    markdown = law_report_markdown(build_law_report(summary, ReportInput.parse(text)))
    assert "13812345678" not in markdown
    assert "110101199003074514" not in markdown
    assert "138********" in markdown


def test_markup_in_the_agencys_text_is_shown_literally(summary: Summary) -> None:
    hostile = '<font size=40>大</font> <img src="/etc/passwd"/> & a<b'
    text = MINIMAL.replace("不足。", hostile.replace('"', '\\"'))
    data = render_law_report(build_law_report(summary, ReportInput.parse(text)))
    assert "<font size=40>大</font>" in pdf_text(data)


def test_a_contradiction_is_marked_in_place_and_listed(summary: Summary) -> None:
    wrong = sum(summary.cases.decisions_by_heaviest_penalty.values()) + 1
    text = MINIMAL.replace("举措。", f"全年作出行政处罚决定{wrong}件。")
    document = build_law_report(summary, ReportInput.parse(text))
    (found,) = document.contradictions
    assert found.where == "measures.text"
    text_of_pdf = _content(pdf_text(render_law_report(document)))
    assert f"行政处罚决定{wrong}件【与执法记录不符：记录为{wrong - 1}件】" in text_of_pdf
    assert "附：与执法记录不符的数字" in text_of_pdf


def test_the_markdown_has_the_words_of_the_pdf(summary: Summary) -> None:
    text = WITH_SUBS.replace("之后的话。", "一段\\n\\n- 第一项\\n- 第二项")
    document = build_law_report(summary, ReportInput.parse(text))
    assert _content(law_report_markdown(document)) == _content(
        pdf_text(render_law_report(document))
    )


def test_the_same_input_gives_the_same_bytes(summary: Summary) -> None:
    report = ReportInput.parse(WITH_SUBS)
    first = render_law_report(build_law_report(summary, report))
    assert render_law_report(build_law_report(summary, report)) == first


def test_an_unknown_format_is_a_report_error(summary: Summary) -> None:
    document = build_law_report(summary, ReportInput.parse(MINIMAL))
    with pytest.raises(ReportError, match="no renderer"):
        render_law_report(document, format="docx")


def test_a_middle_dot_prints_in_the_built_in_font(summary: Summary) -> None:
    # STSong-Light has no U+00B7: "4·15" would print a box; U+30FB looks the same and exists.
    text = MINIMAL.replace("不足。", "开展“4·15”全民国家安全教育日活动。")
    document = build_law_report(summary, ReportInput.parse(text), font="STSong-Light")
    assert "4\u30fb15" in pdf_text(render_law_report(document))
    assert "4·15" in law_report_markdown(document)


def test_a_middle_dot_is_kept_in_an_embedded_font(summary: Summary) -> None:
    from enforcement_pdf.fonts import default_font

    if default_font() is None:
        pytest.skip("no Chinese TrueType font on this machine (install fonts-wqy-zenhei)")
    text = MINIMAL.replace("不足。", "开展“4·15”全民国家安全教育日活动。")
    document = build_law_report(summary, ReportInput.parse(text))
    assert "4·15" in pdf_text(render_law_report(document))


def test_the_list_of_contradictions_follows_the_signature(summary: Summary) -> None:
    text = MINIMAL.replace("举措。", "全年持证执法人员81人。")
    markdown = law_report_markdown(build_law_report(summary, ReportInput.parse(text)))
    signed = markdown.index("天津市滨海新区新城镇人民政府  \n")
    listed = markdown.index("## 附：与执法记录不符的数字")
    assert signed < listed
    assert "- 第一部分：“持证执法人员81人”，持有效执法证件的执法人员记录为80人" in markdown


def test_no_line_of_the_report_starts_with_forbidden_punctuation(summary: Summary) -> None:
    from enforcement_pdf.kinsoku import starts_badly

    # The generated paragraphs are long, with many ，（）: 禁则 as on the notices.
    text = MINIMAL.replace("举措。", "全年开展执法检查（含专项行动），发现问题，督促整改，" * 12)
    document = build_law_report(summary, ReportInput.parse(text))
    pages = [
        p.extract_text() or "" for p in PdfReader(io.BytesIO(render_law_report(document))).pages
    ]
    bad = [line for page in pages for line in page.splitlines() if starts_badly(line)]
    assert not bad
