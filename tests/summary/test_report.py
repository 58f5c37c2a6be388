"""The annual report: content by extracted text, escaping, determinism, sections, the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import enforcement
from enforcement.cli import cli
from enforcement.errors import PluginError, ReportError
from enforcement.reports import (
    Bullets,
    Heading,
    Narrative,
    Prose,
    SectionTable,
    SummarySection,
    collect_sections,
    summary_data,
)
from enforcement.summary import Summary

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "cases.json"
HOSTILE = (
    '<font size=40>大</font> <img src="/etc/passwd"/> <a href="http://x.example">链接</a> & a<b'
)

NARRATIVE = """# 新城镇2020年法治政府建设情况报告

## 一、主要工作和成效

机关全体干部80人全部按时完成学法用法学习计划，
考试成绩全部合格。

- 严格执行行政执法人员持证上岗制度
- 深入推行三项制度

## 二、存在的主要不足及原因

一是法治工作力量较薄弱。

## 三、2021年主要工作安排

一是持续完善重大行政依法决策机制。
"""


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Extracted text without line breaks (long lines wrap anywhere in CJK)."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def summary() -> Summary:
    return enforcement.summarize(enforcement.load(CASES), year=2020, agency_id="xc")


class Section:
    """A plugin contributing one section."""

    def __init__(self, title: str = "专项执法行动", key: str = "campaign") -> None:
        self.title, self.key = title, key

    @enforcement.hookimpl
    def enforcement_summary_sections(
        self, summary: Summary, source: Any, lang: str
    ) -> list[SummarySection]:
        return [
            SummarySection(
                key=self.key,
                title=self.title,
                paragraphs=[f"开展专项行动{summary.cases.hearings}次。"],
                table=SectionTable(columns=["行动", "次数"], rows=[["占道经营整治", 3]]),
                data={"campaigns": 3},
            )
        ]


@pytest.fixture(scope="module")
def pm() -> enforcement.plugins.PluginManager:
    return enforcement.make_plugin_manager(plugins=[Section()])


@pytest.fixture(scope="module")
def zh_pdf(summary: Summary, pm: Any) -> bytes:
    return enforcement.render_summary(
        summary, narrative=Narrative.parse(NARRATIVE), plugin_manager=pm
    )


def test_the_cover_names_the_agency_the_title_and_the_date(zh_pdf: bytes) -> None:
    cover = PdfReader(io.BytesIO(zh_pdf)).pages[0].extract_text()
    assert "天津市滨海新区新城镇人民政府" in cover
    assert "新城镇2020年法治政府建设情况报告" in cover  # the narrative's title
    assert "2021年1月31日" in cover


def test_the_figures_appear_with_chinese_labels(zh_pdf: bytes) -> None:
    text = flat(pdf_text(zh_pdf))
    for shown in ("立案总数", "30", "400,700.00", "29,820.00", "92.3%", "各月立案数", "行政处罚"):
        assert shown in text
    assert "执法人员不少于两人" in text  # OFF001's title beside its count
    assert "第1页共" in text


def test_english_labels(summary: Summary, pm: Any) -> None:
    # Words joined by one space: how a title wraps depends on the font found.
    text = " ".join(
        pdf_text(enforcement.render_summary(summary, lang="en", plugin_manager=pm)).split()
    )
    for shown in (
        "Administrative Enforcement Statistics 2020",
        "Cases opened by month",
        "Key figures",
    ):
        assert shown in text
    assert "Page 1 of" in text
    assert "立案总数" not in text


def test_the_plugin_section_and_the_narrative_are_rendered(zh_pdf: bytes) -> None:
    text = flat(pdf_text(zh_pdf))
    assert "专项执法行动" in text
    assert "占道经营整治" in text
    assert "一、主要工作和成效" in text
    assert "机关全体干部80人全部按时完成学法用法学习计划，考试成绩全部合格。" in text
    assert "三、2021年主要工作安排" in text


def test_user_text_renders_literally(summary: Summary) -> None:
    pm = enforcement.make_plugin_manager(plugins=[Section(title=HOSTILE)])
    hostile = attrs.evolve(summary, agency_name=HOSTILE)
    data = enforcement.render_summary(
        hostile,
        narrative=Narrative.parse(f"## {HOSTILE}\n\n{HOSTILE}\n\n- {HOSTILE}\n"),
        plugin_manager=pm,
    )
    text = flat(pdf_text(data))
    assert text.count(flat(HOSTILE)) >= 4  # cover, heading, paragraph, bullet (+ section title)
    # No embedded image, no link: the markup was shown, not obeyed.
    for page in PdfReader(io.BytesIO(data)).pages:
        assert list(page.images) == []
        assert "/Annots" not in page
    assert b"/URI" not in data


def test_the_same_summary_gives_the_same_bytes(summary: Summary, pm: Any, zh_pdf: bytes) -> None:
    again = enforcement.render_summary(
        summary, narrative=Narrative.parse(NARRATIVE), plugin_manager=pm
    )
    assert again == zh_pdf
    assert b"D:20210131000000+08'00'" in zh_pdf


def test_out_writes_a_path_and_a_stream(summary: Summary, pm: Any, tmp_path: Path) -> None:
    data = enforcement.render_summary(summary, out=tmp_path / "s.pdf", plugin_manager=pm)
    assert (tmp_path / "s.pdf").read_bytes() == data
    stream = io.BytesIO()
    enforcement.render_summary(summary, out=stream, plugin_manager=pm)
    assert stream.getvalue() == data


def test_an_unknown_format_is_a_report_error(summary: Summary, pm: Any) -> None:
    with pytest.raises(ReportError, match="format: no renderer"):
        enforcement.render_summary(summary, format="docx", plugin_manager=pm)


def test_two_sections_with_one_key_are_a_plugin_error(summary: Summary) -> None:
    pm = enforcement.make_plugin_manager(plugins=[Section(), Section(title="again")])
    with pytest.raises(PluginError, match="'campaign'"):
        collect_sections(summary, plugin_manager=pm)


def test_the_markdown_narrative() -> None:
    n = Narrative.parse(NARRATIVE + "\nIn English, lines\nare joined with a space.\n")
    assert n.title == "新城镇2020年法治政府建设情况报告"
    assert n.blocks[0] == Heading("一、主要工作和成效", 2)
    assert n.blocks[1] == Prose("机关全体干部80人全部按时完成学法用法学习计划，考试成绩全部合格。")
    assert n.blocks[2] == Bullets(("严格执行行政执法人员持证上岗制度", "深入推行三项制度"))
    assert n.blocks[-1] == Prose("In English, lines are joined with a space.")


def test_an_unreadable_narrative_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"^narrative: cannot read"):
        Narrative.read(tmp_path / "missing.md")


# --- the command line ---------------------------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_from_a_file_writes_the_pdf_and_the_data_file(tmp_path: Path, summary: Summary) -> None:
    (tmp_path / "n.md").write_text(NARRATIVE, encoding="utf-8")
    result = run(
        "summary", str(CASES), "--year", "2020", "--agency", "xc",
        "-o", str(tmp_path / "s.pdf"), "--json", str(tmp_path / "s.json"),
        "--narrative", str(tmp_path / "n.md"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "30 cases" in result.stdout
    assert "一、主要工作和成效" in flat(pdf_text((tmp_path / "s.pdf").read_bytes()))
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    sections = collect_sections(summary)
    assert data == json.loads(json.dumps(summary_data(summary, sections)))
    assert {k: v for k, v in data.items() if k != "sections"} == summary.to_data()


def test_cli_from_a_store(tmp_path: Path, summary: Summary) -> None:
    url = f"sqlite:///{tmp_path / 'town.db'}"
    assert run("db", "import", str(CASES), "--db", url).exit_code == 0
    result = run("summary", "--db", url, "--year", "2020", "--agency", "xc", "--json", "-")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
    assert data["cases"] == summary.to_data()["cases"]
    assert data["findings_by_code"] == summary.to_data()["findings_by_code"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "nope"], "no agency with id 'nope'"),
        (["--narrative", "/nonexistent.md"], "--narrative: cannot read"),
        (["--policy", "/nonexistent.toml"], "--policy"),
    ],
)
def test_cli_unusable_input_exits_2_without_a_traceback(args: list[str], message: str) -> None:
    result = run("summary", str(CASES), "--year", "2020", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_a_missing_store_exits_2(tmp_path: Path) -> None:
    result = run("summary", "--db", f"sqlite:///{tmp_path / 'none.db'}", "--year", "2020")
    assert result.exit_code == 2
    assert "no store" in result.stderr


def test_the_official_tables_appear_in_the_template_layout(zh_pdf: bytes) -> None:
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(zh_pdf)).pages]
    (first,) = [i for i, text in enumerate(pages) if "2020年度行政执法数据" in text]
    text = "".join(pages[first : first + 2])
    for shown in (
        "警告、通报批评",
        "合计（宗）",
        "罚没金额（万元）",
        "43.05",
        "申请（件）",
        "行政强制措施（件）",
        "申请人民法院强制执行（件）",
        "行政检查（次）",
        "持证率",
        "83.33%",
        "说明：",
        "不以立案日期为准",
    ):
        assert shown in text, shown


def test_the_official_tables_stay_in_chinese_in_an_english_report(
    summary: Summary, pm: Any
) -> None:
    text = flat(pdf_text(enforcement.render_summary(summary, lang="en", plugin_manager=pm)))
    assert "Officialenforcementdatatables,2020" in text
    assert "罚没金额（万元）" in text


def test_a_section_tables_amounts_get_columns_wide_enough_not_to_break() -> None:
    # A plugin's section table (the region roll-up's, here) gave every column the same width,
    # so "3,755,651.00" broke in the middle while one-digit counts had room to spare.
    from enforcement_pdf.render import TEXT_WIDTH
    from enforcement_report.render import _CELL_PADDING, ReportStyles, _fitted_widths
    from reportlab.pdfbase import pdfmetrics

    from enforcement.reports import ReportTable, content_widths

    columns = ("机关", "案件", "决定", "罚款（元）", "没收（元）", "应公示", "按期公示", "发现问题")
    rows = (
        (
            "天津市滨海新区新城镇人民政府",
            "300",
            "226",
            "13,755,651.00",
            "202,967.00",
            "224",
            "211",
            "80",
        ),
    )
    fractions = content_widths(columns, rows)
    assert abs(sum(fractions) - 1) < 1e-9
    assert fractions[0] > fractions[3] > fractions[1]
    styles = ReportStyles("Helvetica")
    for widths in (fractions, tuple(1 / len(columns) for _ in columns)):
        fitted = _fitted_widths(ReportTable(None, columns, rows, widths), styles)
        assert abs(sum(fitted) - TEXT_WIDTH) < 1e-6
        for i in (3, 4):
            needed = pdfmetrics.stringWidth(rows[0][i], styles.cell.fontName, styles.cell.fontSize)
            assert fitted[i] >= needed + _CELL_PADDING - 1e-6
