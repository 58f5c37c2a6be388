"""SECTIONS.toml: the five parts, each required, read strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from enforcement.errors import ReportError
from enforcement.lawreport import PARTS, TEMPLATE, ReportInput
from enforcement.lawreport.sections import MAX_BYTES

from .conftest import SEED_SECTIONS

MINIMAL = """
[measures]
text = "举措。"
[shortcomings]
text = "不足。"
[leadership]
text = "第一责任人。"
[plans]
text = "安排。"
[other]
text = "无。"
"""


def _without(key: str) -> str:
    lines = MINIMAL.strip().splitlines()
    at = lines.index(f"[{key}]")
    return "\n".join(lines[:at] + lines[at + 2 :])


@pytest.mark.parametrize("spec", PARTS, ids=lambda p: p.key)
def test_a_missing_part_is_an_error_naming_the_part(spec: object) -> None:
    key, number, heading = spec.key, spec.number, spec.heading  # type: ignore[attr-defined]
    with pytest.raises(ReportError) as caught:
        ReportInput.parse(_without(key))
    assert f"[{key}]" in caught.value.field
    assert f"{number}、{heading}" in caught.value.reason


def test_an_empty_part_is_an_error_naming_the_part() -> None:
    with pytest.raises(ReportError, match="二、存在的不足和原因 is empty"):
        ReportInput.parse(MINIMAL.replace('text = "不足。"', 'text = "   "'))


def test_a_misspelt_part_is_an_unknown_key_not_a_silent_drop() -> None:
    with pytest.raises(ReportError) as caught:
        ReportInput.parse(MINIMAL + '[shortcoming]\ntext = "x"\n')
    assert caught.value.field.endswith("shortcoming")
    assert "unknown key" in caught.value.reason


def test_a_key_of_the_wrong_type_names_its_path() -> None:
    with pytest.raises(ReportError) as caught:
        ReportInput.parse(MINIMAL.replace('text = "安排。"', "text = 3"))
    assert caught.value.field.endswith("plans.text")


def test_not_toml_is_a_clear_error() -> None:
    with pytest.raises(ReportError, match="not valid TOML"):
        ReportInput.parse("[measures\n")


def test_deep_nesting_is_a_clear_error() -> None:
    with pytest.raises(ReportError):
        ReportInput.parse("x = " + "[" * 100_000 + "]" * 100_000)


def test_a_huge_file_is_refused_reading_no_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(ReportError, match="larger than"):
        ReportInput.read(path)


def test_a_sub_section_title_typed_with_its_number_keeps_one_number() -> None:
    text = MINIMAL.replace(
        '[measures]\ntext = "举措。"',
        '[measures]\n[[measures.sections]]\ntitle = "（一）加强组织领导"\ntext = "x"',
    )
    assert ReportInput.parse(text).part("measures").sections[0].title == "加强组织领导"


def test_a_part_heading_typed_with_its_number_keeps_the_positional_number() -> None:
    text = MINIMAL.replace(
        '[plans]\ntext = "安排。"', '[plans]\nheading = "三、2021年主要工作安排"\ntext = "x"'
    )
    assert ReportInput.parse(text).part("plans").heading == "2021年主要工作安排"


def test_records_placed_twice_is_an_error() -> None:
    text = MINIMAL.replace(
        '[measures]\ntext = "举措。"',
        '[measures]\n[[measures.sections]]\ntitle = "a"\nrecords = "enforcement"\n'
        '[[measures.sections]]\ntitle = "b"\nrecords = ["enforcement"]',
    )
    with pytest.raises(ReportError, match="placed twice"):
        ReportInput.parse(text)


def test_a_quoted_date_is_refused() -> None:
    with pytest.raises(ReportError, match="expected a date"):
        ReportInput.parse('date = "2021-03-31"\n' + MINIMAL)


def test_the_template_reads_back_with_all_five_parts() -> None:
    report = ReportInput.parse(TEMPLATE)
    assert [p.key for p in report.parts] == [p.key for p in PARTS]
    assert any("enforcement" in s.records for s in report.part("measures").sections)


def test_the_seed_fixture_reads() -> None:
    report = ReportInput.read(SEED_SECTIONS)
    assert len(report.part("measures").sections) == 5
    assert report.part("plans").heading == "2021年主要工作安排"


def test_huge_text_is_refused_when_parsed_too() -> None:
    with pytest.raises(ReportError, match="too large"):
        ReportInput.parse(MINIMAL.replace("举措。", "举" * MAX_BYTES))
