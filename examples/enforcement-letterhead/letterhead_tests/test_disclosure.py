from __future__ import annotations

import io
from pathlib import Path

import enforcement_letterhead
import pytest
from enforcement_letterhead.disclosure import ENV_VAR, read_disclosure
from pypdf import PdfReader

import enforcement
from enforcement.errors import ReportError
from enforcement.reports import collect_sections, summary_data
from enforcement.summary import Summary

CASES = Path(__file__).resolve().parents[3] / "examples" / "cases.json"
TOWN_2020 = "[2020]\ncarried_over = 16\nreceived = 71\nanswered = 64\ncarried_forward = 7\n"


@pytest.fixture
def summary() -> Summary:
    return enforcement.summarize(enforcement.load(CASES), year=2020, agency_id="xc")


@pytest.fixture
def disclosure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "requests.toml"
    path.write_text(TOWN_2020, encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


def test_the_section_states_the_four_figures_and_the_unexplained_difference(
    summary: Summary, disclosure: Path
) -> None:
    pm = enforcement.make_plugin_manager(autoload=False, plugins=[enforcement_letterhead])
    (section,) = collect_sections(summary, plugin_manager=pm)
    assert section.key == "disclosure_requests"
    assert section.table is not None
    assert section.table.rows == (("16", "71", "64", "7"),)
    # The town's own report: 16 + 71 requests, 64 answered, 7 carried forward; 16 unexplained.
    assert dict(section.data) == {
        "carried_over": 16,
        "received": 71,
        "answered": 64,
        "carried_forward": 7,
        "unexplained": 16,
    }
    assert "相差16件" in section.paragraphs[1]
    assert summary_data(summary, [section])["sections"][0]["data"]["received"] == 71


def test_the_section_appears_in_the_report(summary: Summary, disclosure: Path) -> None:
    pm = enforcement.make_plugin_manager(plugins=[enforcement_letterhead])
    data = enforcement.render_summary(summary, plugin_manager=pm, lang="en")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Government information disclosure requests" in text
    assert "71 received" in text


def test_no_file_means_no_section(
    summary: Summary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    pm = enforcement.make_plugin_manager(autoload=False, plugins=[enforcement_letterhead])
    assert collect_sections(summary, plugin_manager=pm) == ()


def test_a_year_without_figures_has_no_section(summary: Summary, disclosure: Path) -> None:
    pm = enforcement.make_plugin_manager(autoload=False, plugins=[enforcement_letterhead])
    later = enforcement.summarize(enforcement.load(CASES), year=2021, plugin_manager=pm)
    assert collect_sections(later, plugin_manager=pm) == ()


def test_a_bad_figure_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(TOWN_2020.replace("71", "-1"), encoding="utf-8")
    with pytest.raises(ReportError, match=r"\[2020\]\.received: expected a non-negative integer"):
        read_disclosure(path, 2020)
