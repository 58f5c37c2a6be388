"""The engine as a whole: a compliant dataset is silent, defects are found, selection works."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

import enforcement
from enforcement.checks import Finding, Hit, Rule, Severity, check_records, findings_to_data
from enforcement.checks.builtin import RULES
from enforcement.checks.engine import CaseContext
from enforcement.errors import PluginError
from enforcement.synthetic import generate_dataset
from tests.checks._builders import ON, codes, dataset, penalty_case, with_decision

ALL_CODES = (
    *(f"OFF00{i}" for i in range(1, 7)),
    *(f"REC00{i}" for i in range(1, 4)),
    *(f"REV00{i}" for i in range(1, 4)),
    *(f"PRO00{i}" for i in range(1, 5)),
    "HEA001",
    "HEA002",
    "PAY001",
    "PAY002",
    *(f"PUB00{i}" for i in range(1, 5)),
    "RPT001",
    "RPT002",
    "FMT001",
    "CAL001",
)


def _latest_day(ds: enforcement.Dataset) -> date:
    days = [r.at.date() for c in ds.cases for r in c.records]
    days += [n.published_on for c in ds.cases for n in c.notices]
    return max(days)


def test_the_built_in_rule_codes_are_exactly_the_public_contract() -> None:
    assert sorted(r.code for r in RULES) == sorted(ALL_CODES)


def test_the_compliant_base_case_has_no_findings() -> None:
    assert codes(dataset(penalty_case())) == []


@pytest.mark.parametrize(("cases", "seed"), [(150, 2020), (400, 7)])
def test_a_synthetic_compliant_year_has_no_findings(cases: int, seed: int) -> None:
    ds = generate_dataset(cases=cases, seed=seed, defects=0)
    findings = enforcement.check(ds, on=_latest_day(ds))
    assert [(f.code, f.path, f.message) for f in findings] == []


def test_a_synthetic_year_with_defects_has_findings_of_many_rules() -> None:
    ds = generate_dataset(cases=300, seed=3, defects=0.2)
    found = Counter(f.code for f in enforcement.check(ds, on=_latest_day(ds)))
    # The generator injects these defects; each must be found.
    for code in ("OFF001", "OFF002", "REC002", "REV001", "PRO002", "PRO003", "PRO004", "PUB001"):
        assert found[code] > 0, code


def test_findings_come_officers_first_then_cases_in_document_order() -> None:
    ds = generate_dataset(cases=120, seed=3, defects=0.3)
    findings = enforcement.check(ds, on=_latest_day(ds))
    kinds = [f.case_id is None for f in findings]
    assert kinds == sorted(kinds, reverse=True)
    case_index = {c.id: i for i, c in enumerate(ds.cases)}
    order = [case_index[f.case_id] for f in findings if f.case_id is not None]
    assert order == sorted(order)


def test_select_and_ignore_are_code_prefixes() -> None:
    ds = generate_dataset(cases=200, seed=3, defects=0.3)
    on = _latest_day(ds)
    every = Counter(f.code for f in enforcement.check(ds, on=on))
    picked = Counter(
        f.code for f in enforcement.check(ds, on=on, select=("OFF", "PUB"), ignore=("OFF001",))
    )
    expected = {c: n for c, n in every.items() if c[:3] in ("OFF", "PUB") and c != "OFF001"}
    assert picked == expected
    assert expected  # the data has something to select


def test_messages_are_chinese_by_default_and_english_on_request() -> None:
    ds = dataset(with_decision(penalty_case(), served_on=date(2025, 3, 31)))
    (zh,) = enforcement.check(ds, on=ON, select=("PRO002",))
    (en,) = enforcement.check(ds, on=ON, select=("PRO002",), lang="en")
    assert "送达" in zh.message
    assert "自2025-03-10次日起算" in (zh.explanation or "")
    assert "served" in en.message
    assert "working days after 2025-03-10" in (en.explanation or "")
    assert (zh.due, zh.actual) == (en.due, en.actual) == (date(2025, 3, 19), date(2025, 3, 31))


def test_the_json_shape() -> None:
    ds = dataset(with_decision(penalty_case(), served_on=date(2025, 3, 31)))
    data = findings_to_data(enforcement.check(ds, on=ON), on=ON)
    assert json.loads(json.dumps(data)) == data
    assert data["format"] == "enforcement-findings/1"
    assert data["summary"] == {"errors": 1, "warnings": 0, "info": 0}
    assert data["findings"][0] == {
        "code": "PRO002",
        "severity": "error",
        "case_id": "C1",
        "officer_id": None,
        "path": "$.cases[0].decision.served_on",
        "message": data["findings"][0]["message"],
        "source": "《行政处罚法》第六十一条、第八十五条",
        "due": "2025-03-19",
        "actual": "2025-03-31",
        "explanation": data["findings"][0]["explanation"],
        "provisional_calendar": [],
    }


def test_check_records_takes_cases_one_at_a_time_from_any_iterable() -> None:
    ds = generate_dataset(cases=80, seed=3, defects=0.3)
    on = _latest_day(ds)
    pulled: list[str] = []

    def stream() -> Iterator[enforcement.Case]:
        for case in ds.cases:
            pulled.append(case.id)
            yield case

    streamed = check_records(agencies=ds.agencies, officers=ds.officers, cases=stream(), on=on)
    first = next(f for f in streamed if f.case_id is not None)
    assert len(pulled) < len(ds.cases)  # lazily: not everything was read for the first finding
    rest = [first, *streamed]
    whole = [f for f in enforcement.check(ds, on=on) if f.case_id is not None]
    assert rest == whole


def _late_rule(ctx: CaseContext) -> Iterator[Hit]:
    if ctx.case.title.startswith("占道"):
        yield Hit(path=ctx.path + ".title", zh="标题", en="title")


class _Plugin:
    @enforcement.hookimpl
    def enforcement_checks(self) -> list[Rule]:
        return [
            Rule(
                code="XYZ001",
                severity=Severity.WARNING,
                source="本地规定",
                title="标题",
                title_en="title",
                cases=_late_rule,
            ),
            # Replaces the built-in FMT001 with a rule that never fires.
            Rule(
                code="FMT001",
                severity=Severity.WARNING,
                source="本地规定",
                title="文书号",
                title_en="number",
                cases=lambda ctx: iter(()),
            ),
        ]


def test_a_plugin_adds_rules_and_overrides_a_built_in_one_by_code() -> None:
    case = with_decision(penalty_case(), number="津罚[25]1号")
    ds = dataset(case)
    assert codes(ds) == ["FMT001"]
    pm = enforcement.make_plugin_manager(autoload=False, plugins=[_Plugin()])
    findings = enforcement.check(ds, on=ON, plugin_manager=pm)
    assert [(f.code, f.severity, f.path) for f in findings] == [
        ("XYZ001", Severity.WARNING, "$.cases[0].title")
    ]


def test_a_plugin_returning_something_else_than_rules_is_a_plugin_error() -> None:
    class Bad:
        @enforcement.hookimpl
        def enforcement_checks(self) -> list[str]:
            return ["OFF001"]

    pm = enforcement.make_plugin_manager(autoload=False, plugins=[Bad()])
    with pytest.raises(PluginError, match="expected Rule"):
        enforcement.check(dataset(penalty_case()), on=ON, plugin_manager=pm)


def test_a_rule_code_must_be_three_capitals_and_three_digits() -> None:
    with pytest.raises(PluginError):
        Rule(code="off1", severity=Severity.ERROR, source="s", title="t", title_en="t")


def test_findings_are_frozen_values() -> None:
    ds = dataset(with_decision(penalty_case(), served_on=ON - timedelta(days=1)))
    (finding,) = enforcement.check(ds, on=ON)
    assert isinstance(finding, Finding)
    with pytest.raises(AttributeError):
        finding.code = "X"  # type: ignore[misc]
