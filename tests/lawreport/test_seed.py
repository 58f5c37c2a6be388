"""The seed rebuilt: 新城镇2020年法治政府建设情况报告 from its own words and matching records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import enforcement
from enforcement.lawreport import (
    LawReportDocument,
    ReportInput,
    build_law_report,
    law_report_markdown,
    render_law_report,
)
from enforcement.reports import collect_sections
from enforcement.summary import Summary

from .conftest import SEED_SECTIONS, SEED_TEXT
from .test_document import _content, pdf_text


@pytest.fixture
def seed_report(summary: Summary, disclosure: Path) -> LawReportDocument:
    import enforcement_letterhead

    pm = enforcement.make_plugin_manager(plugins=[enforcement_letterhead])
    sections = collect_sections(summary, plugin_manager=pm)
    return build_law_report(
        summary, ReportInput.read(SEED_SECTIONS), sections=sections, plugin_manager=pm
    )


@pytest.fixture
def seed_text(seed_report: LawReportDocument) -> str:
    return _content(pdf_text(render_law_report(seed_report)))


def _seed_headings() -> list[str]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    parts = re.findall(r"^\s*[一二三]、(.+?)\s*$", text, re.M)
    subs = re.findall(r"^\s*\([一二三四五]\)([^。\n]+)", text, re.M)
    return parts + [s.strip() for s in subs]


def test_the_seeds_headings_all_appear_in_order(seed_text: str) -> None:
    headings = _seed_headings()
    assert len(headings) == 8  # 3 parts, (一)–(五)
    positions = [seed_text.find(re.sub(r"\s", "", h)) for h in headings[3:]]
    assert -1 not in positions
    assert positions == sorted(positions)
    for heading in headings[:3]:
        assert heading in seed_text


def test_the_seeds_parts_map_onto_the_five_required_parts(seed_text: str) -> None:
    order = [
        "一、2020年主要工作和成效",
        "二、存在的主要不足及原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2021年主要工作安排",
        "五、其他需要报告的情况",
    ]
    positions = [seed_text.find(h) for h in order]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_every_figure_the_seed_states_from_the_records_is_stated(seed_text: str) -> None:
    # 80 officers, all trained; the disclosure requests: 16 + 71, 64 answered, 7 carried forward.
    for phrase in (
        "全部80人达到每人每年40学时的培训要求",
        "办理上年度结转政府信息公开申请16件",
        "本年度收到政府信息公开申请71件",
        "已答复64件",
        "结转下年度继续办理7件",
    ):
        assert phrase in seed_text


def test_the_seeds_own_words_agree_with_the_records(seed_report: LawReportDocument) -> None:
    assert seed_report.contradictions == ()
    assert seed_report.unplaced_sections == ()


def test_the_seeds_other_figures_stay_as_the_town_wrote_them(
    seed_report: LawReportDocument,
) -> None:
    markdown = law_report_markdown(seed_report)
    for phrase in ("区级人大代表建议3件", "制定12项营商举措", "共发布政务类信息100余条"):
        assert phrase in markdown


def test_the_seed_is_dated_and_signed_by_the_town(seed_report: LawReportDocument) -> None:
    assert seed_report.title == "新城镇2020年法治政府建设情况报告"
    assert seed_report.signature == ("新城镇", "2021年5月14日")
