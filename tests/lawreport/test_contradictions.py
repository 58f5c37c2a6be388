"""Numbers in the agency's text that contradict the records are found, and only those."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import enforcement
from enforcement.lawreport import (
    PATTERNS,
    enforcement_paragraphs,
    find_contradictions,
    mark_contradictions,
    record_figures,
)
from enforcement.lawreport.figures import RecordFigure
from enforcement.reports import SummarySection
from enforcement.summary import Summary
from enforcement.synthetic import generate_dataset

DISCLOSURE = SummarySection(
    key="disclosure_requests",
    title="政府信息公开申请办理情况",
    data={"carried_over": 16, "received": 71, "answered": 64, "carried_forward": 7},
)


def _penalties(summary: Summary) -> int:
    return sum(summary.cases.decisions_by_heaviest_penalty.values())


def test_a_penalty_count_the_records_contradict_is_found(summary: Summary) -> None:
    wrong = _penalties(summary) + 3
    (found,) = find_contradictions(
        f"全年作出行政处罚决定{wrong}件。", record_figures(summary), where="x"
    )
    assert found.figure.key == "penalty_decisions"
    assert found.typed == f"行政处罚决定{wrong}件"
    assert found.stated == f"{_penalties(summary)}件"


def test_a_count_agreeing_with_the_records_is_not_flagged(summary: Summary) -> None:
    text = f"全年作出行政处罚决定{_penalties(summary)}件，持证执法人员80人。"
    assert find_contradictions(text, record_figures(summary), where="x") == ()


def test_chinese_numerals_are_read(summary: Summary) -> None:
    assert find_contradictions("持证执法人员八十人", record_figures(summary), where="x") == ()
    assert (
        len(find_contradictions("全年持证执法人员七十人", record_figures(summary), where="x")) == 1
    )


def test_full_width_digits_and_spaces_are_read(summary: Summary) -> None:
    assert find_contradictions("持证执法人员 ８０ 人", record_figures(summary), where="x") == ()
    assert (
        len(find_contradictions("全年持证执法人员 ８１ 人", record_figures(summary), where="x"))
        == 1
    )


def test_an_approximation_is_not_compared(summary: Summary) -> None:
    assert find_contradictions("执法人员100余人", record_figures(summary), where="x") == ()


def test_money_in_wan_is_compared_at_the_precision_typed(summary: Summary) -> None:
    fines = summary.cases.fines_total  # 803,700.00 in the seed's year
    in_wan = (fines / 10_000).quantize(Decimal("0.1"))
    assert find_contradictions(f"罚款{in_wan}万元", record_figures(summary), where="x") == ()
    assert (
        len(find_contradictions(f"罚款共{in_wan + 1}万元", record_figures(summary), where="x")) == 1
    )


def test_a_longer_phrase_wins_over_a_shorter_one_inside_it(summary: Summary) -> None:
    # "行政执法决定N件" would be a decisions figure; here it is the notices due.
    due = summary.publication.due
    assert due != summary.cases.decisions
    text = f"应公示的行政执法决定{due}件"
    assert find_contradictions(text, record_figures(summary), where="x") == ()


def test_disclosure_figures_are_checked_against_the_disclosure_section(summary: Summary) -> None:
    figures = record_figures(summary, [DISCLOSURE])
    assert (
        find_contradictions("本年度收到政府信息公开申请71件，已答复64件", figures, where="x") == ()
    )
    (found,) = find_contradictions("本年度已答复65件", figures, where="x")
    assert found.figure.key == "disclosure_answered"


def test_disclosure_figures_are_not_checked_without_the_section(summary: Summary) -> None:
    assert find_contradictions("本年度已答复65件", record_figures(summary), where="x") == ()


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.example)
def test_every_documented_phrasing_is_recognised(summary: Summary, pattern: object) -> None:
    figures = dict(record_figures(summary, [DISCLOSURE]))
    key = pattern.figure  # type: ignore[attr-defined]
    figures[key] = attrs.evolve(figures[key], value=Decimal(-1))
    found = find_contradictions("全年" + pattern.example, figures, where="x")  # type: ignore[attr-defined]
    assert [f.figure.key for f in found] == [key]


@pytest.mark.parametrize("defects", [0.0, 0.3])
def test_the_generated_paragraph_never_contradicts_the_records(defects: float) -> None:
    dataset = generate_dataset(cases=80, defects=defects, seed=7)
    summary = enforcement.summarize(dataset, year=2020, agency_id="xc")
    for paragraph in enforcement_paragraphs(summary):
        assert find_contradictions(paragraph, record_figures(summary), where="x") == ()


def test_the_marker_follows_the_contradicting_phrase() -> None:
    figure = RecordFigure("penalty_decisions", "行政处罚决定", "件", Decimal(12))
    text = "全年作出行政处罚决定15件，较上年增加。"
    found = find_contradictions(text, {"penalty_decisions": figure}, where="x")
    assert mark_contradictions(text, found) == (
        "全年作出行政处罚决定15件【与执法记录不符：记录为12件】，较上年增加。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "全年作出行政处罚决定{n}件",
        "2020年，作出行政处罚决定{n}件",
        "本年度作出行政处罚决定{n}件",
        "作出行政处罚决定共{n}件",
    ],
)
def test_a_year_total_is_compared(summary: Summary, text: str) -> None:
    wrong = _penalties(summary) + 1
    found = find_contradictions(text.format(n=wrong), record_figures(summary), where="x", year=2020)
    assert len(found) == 1


def test_a_count_that_may_be_a_part_is_not_compared(summary: Summary) -> None:
    text = f"全年工作扎实。在专项整治行动中作出行政处罚决定{_penalties(summary) + 1}件。"
    assert find_contradictions(text, record_figures(summary), where="x", year=2020) == ()


def test_attendances_are_not_people(summary: Summary) -> None:
    text = "全年组织培训，执法人员200人次。"
    assert find_contradictions(text, record_figures(summary), where="x") == ()
