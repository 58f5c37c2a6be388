"""The interchange format: loading, dumping, and reporting every problem with its path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import enforcement
from enforcement.cli import cli
from enforcement.errors import ValidationError
from enforcement.schema import json_schema
from enforcement.testing import make_case, make_dataset

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cases.json"


@pytest.fixture
def doc() -> dict[str, Any]:
    """A small valid document as plain JSON data."""
    data: dict[str, Any] = enforcement.to_data(make_dataset(make_case("C1"), make_case("C2")))
    return data


def problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        enforcement.from_data(data)
    return info.value.errors


def mutated(doc: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    new = copy.deepcopy(doc)
    change(new)
    return new


def test_example_file_loads_and_round_trips(tmp_path: Path) -> None:
    ds = enforcement.load(EXAMPLE)
    assert len(ds.cases) == 30
    out = tmp_path / "copy.json"
    enforcement.dump(ds, out)
    assert enforcement.load(out) == ds
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        EXAMPLE.read_text(encoding="utf-8")
    )


def test_dump_keeps_money_as_decimal_strings_and_chinese_unescaped() -> None:
    ds = enforcement.load(EXAMPLE)
    text = enforcement.dumps(ds)
    assert text.startswith('{\n  "format": "enforcement/1"')
    assert "新城镇" in text
    fines = [
        p for c in ds.cases if c.decision for p in c.decision.penalties if p.amount is not None
    ]
    assert all(isinstance(p.amount, Decimal) for p in fines)
    assert f'"amount": "{fines[0].amount}"' in text


def test_dump_to_a_stream_and_load_from_one(tmp_path: Path) -> None:
    ds = make_dataset(make_case())
    path = tmp_path / "s.json"
    with path.open("w", encoding="utf-8") as stream:
        enforcement.dump(ds, stream)
    with path.open("rb") as binary:
        assert enforcement.load(binary) == ds


def test_every_problem_is_reported_at_once(doc: dict[str, Any]) -> None:
    def break_it(d: dict[str, Any]) -> None:
        d["cases"][0]["records"][0]["at"] = "2020-03-02T09:30:00"
        d["cases"][1]["parties"][0]["id_number"] = (
            d["cases"][1]["parties"][0]["id_number"][:17] + "0"
        )
        d["cases"][1]["opened_on"] = "2020-02-30"
        d["officers"][0]["colour"] = "blue"

    found = problems(mutated(doc, break_it))
    paths = [p for p, _ in found]
    assert "$.cases[0].records[0].at" in paths
    assert "$.cases[1].opened_on" in paths
    assert "$.officers[0].colour" in paths
    messages = dict(found)
    assert messages["$.cases[0].records[0].at"].startswith(
        "expected an ISO 8601 datetime with a UTC offset"
    )
    assert messages["$.cases[1].opened_on"] == "'2020-02-30' is not a calendar date"


def test_id_number_check_digit_error_names_expected_digit(doc: dict[str, Any]) -> None:
    number = doc["cases"][0]["parties"][0]["id_number"]
    wrong = "0" if number[-1] != "0" else "1"
    found = problems(
        mutated(
            doc, lambda d: d["cases"][0]["parties"][0].__setitem__("id_number", number[:17] + wrong)
        )
    )
    assert found == [
        ("$.cases[0].parties[0].id_number", f"check digit is {wrong}, expected {number[-1]}")
    ]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("cases", 0, "records", 0, "on_site"),
            "false",
            "expected true or false, got a string ('false')",
        ),
        (("cases", 0, "title"), 12, "expected a string, got a number (12)"),
        (("cases", 0, "category"), "fine", "expected one of penalty, licensing"),
        (("cases", 0, "officer_ids"), "o1", "expected an array, got a string ('o1')"),
        (("cases", 0, "parties", 0), "张三", "expected an object (Party), got a string ('张三')"),
        (("cases", 0, "opened_on"), "2020/03/02", "expected a date as YYYY-MM-DD"),
        (
            ("cases", 0, "opened_on"),
            20200302,
            "expected a date as YYYY-MM-DD, got a number (20200302)",
        ),
        (("cases", 0, "title"), "  ", "must not be empty"),
    ],
)
def test_wrong_types_are_named(
    doc: dict[str, Any], path: tuple[Any, ...], value: Any, message: str
) -> None:
    def set_it(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    found = problems(mutated(doc, set_it))
    expected_path = "$" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)
    assert len(found) == 1
    assert found[0][0] == expected_path
    assert found[0][1].startswith(message)


def test_money_must_be_a_decimal_string(doc: dict[str, Any]) -> None:
    def add_decision(d: dict[str, Any]) -> None:
        d["cases"][0]["decision"] = {
            "number": "津新城综执罚〔2020〕1号",
            "decided_on": "2020-04-01",
            "penalties": [{"kind": "fine", "amount": 5000.0}],
        }

    found = problems(mutated(doc, add_decision))
    assert found == [
        (
            "$.cases[0].decision.penalties[0].amount",
            'expected money as a decimal string such as "5000.00", got a number (5000.0)',
        )
    ]


def test_missing_required_key(doc: dict[str, Any]) -> None:
    found = problems(mutated(doc, lambda d: d["cases"][0].pop("opened_on")))
    assert found == [("$.cases[0].opened_on", "required key is missing")]


def test_optional_fields_may_be_absent_or_null(doc: dict[str, Any]) -> None:
    def trim(d: dict[str, Any]) -> None:
        d["cases"][0].pop("power_code")
        d["cases"][0]["closed_on"] = None
        d["cases"][0].pop("notices")

    ds = enforcement.from_data(mutated(doc, trim))
    assert ds.cases[0].power_code is None
    assert ds.cases[0].notices == ()


def test_model_invariant_keeps_its_field_name(doc: dict[str, Any]) -> None:
    found = problems(
        mutated(
            doc,
            lambda d: d["officers"][1]["certificates"][0].__setitem__("valid_until", "2017-01-01"),
        )
    )
    assert found == [
        ("$.officers[1].certificates[0].valid_until", "2017-01-01 is before valid_from 2018-01-01")
    ]


def test_references_must_resolve(doc: dict[str, Any]) -> None:
    def dangle(d: dict[str, Any]) -> None:
        d["cases"][0]["officer_ids"] = ["o1", "o9"]
        d["cases"][1]["agency_id"] = "nowhere"
        d["cases"][1]["id"] = "C1"
        d["officers"][1]["agency_id"] = "elsewhere"

    found = dict(problems(mutated(doc, dangle)))
    assert found["$.cases[0].officer_ids[1]"] == "no officer with id 'o9'"
    assert found["$.cases[1].agency_id"] == "no agency with id 'nowhere'"
    assert found["$.cases[1].id"] == "duplicate case id 'C1'"
    assert found["$.officers[1].agency_id"] == "no agency with id 'elsewhere'"


def test_dates_the_law_orders(doc: dict[str, Any]) -> None:
    def disorder(d: dict[str, Any]) -> None:
        d["cases"][0]["decision"] = {"number": "x", "decided_on": "2020-03-01"}

    found = problems(mutated(doc, disorder))
    assert found == [
        ("$.cases[0].decision.decided_on", "2020-03-01 is before the case was opened (2020-03-02)")
    ]


def test_person_and_organisation_identifiers_are_not_mixed(doc: dict[str, Any]) -> None:
    def mix(d: dict[str, Any]) -> None:
        d["cases"][0]["parties"][0]["credit_code"] = "91512081MA62K0260E"

    assert problems(mutated(doc, mix)) == [
        (
            "$.cases[0].parties[0].credit_code",
            "a natural person has no credit code; use kind organisation",
        )
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected an object with keys format, agencies, officers, cases; got an array"),
        ("text", "expected an object with keys format, agencies, officers, cases; got str"),
        (None, "expected an object with keys format, agencies, officers, cases; got NoneType"),
    ],
)
def test_top_level_must_be_an_object(data: Any, message: str) -> None:
    assert problems(data) == [("$", message)]


def test_format_key_is_required_and_checked(doc: dict[str, Any]) -> None:
    assert problems(mutated(doc, lambda d: d.pop("format"))) == [
        ("$.format", "required key is missing (expected 'enforcement/1')")
    ]
    assert problems(mutated(doc, lambda d: d.__setitem__("format", "enforcement/2"))) == [
        ("$.format", "unsupported format 'enforcement/2'; this version reads 'enforcement/1'")
    ]


def test_not_json_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "enforcement/1", "cases": [}', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        enforcement.load(bad)
    assert info.value.errors[0][1].startswith("not valid JSON: Expecting value at line 1")
    with pytest.raises(ValidationError, match="cannot read") as info:
        enforcement.load(tmp_path / "missing.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ValidationError, match="not UTF-8"):
        enforcement.load(binary)


def test_dump_replaces_a_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old content that is longer than nothing" * 1000, encoding="utf-8")
    enforcement.dump(make_dataset(make_case()), target)
    assert enforcement.load(target) == make_dataset(make_case())
    assert not list(tmp_path.glob(".out.json.*"))


# --- the command line -------------------------------------------------------


def test_validate_prints_a_summary() -> None:
    ds = enforcement.load(EXAMPLE)
    records = sum(len(c.records) for c in ds.cases)
    decisions = sum(c.decision is not None for c in ds.cases)
    notices = sum(len(c.notices) for c in ds.cases)
    result = CliRunner().invoke(cli, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{EXAMPLE}: valid enforcement/1: 1 agency, {len(ds.officers)} officers, "
        f"{len(ds.cases)} cases, {records} record entries, {decisions} decisions, {notices} notices\n"
    )


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["cases"][0]["opened_on"] = "yesterday"
    doc["cases"][1]["category"] = "fine"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "$.cases[0].opened_on: expected a date as YYYY-MM-DD, got 'yesterday'" in result.output
    assert "$.cases[1].category: expected one of penalty" in result.output
    assert "invalid, 2 problems" in result.output


def test_validate_unusable_input_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "cannot read" in result.output
    assert "Traceback" not in result.output


def test_validate_not_json_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[1, 2", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "$: not valid JSON" in result.output


# --- the schema -------------------------------------------------------------


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json_schema()


def test_schema_accepts_the_example_and_rejects_what_load_rejects(doc: dict[str, Any]) -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    validator.validate(doc)
    for change in (
        lambda d: d["cases"][0].__setitem__("category", "fine"),
        lambda d: d["cases"][0].__setitem__("unknown", 1),
        lambda d: d["cases"][0]["records"][0].__setitem__("at", "2020-03-02T09:30:00"),
        lambda d: d.__setitem__("format", "enforcement/2"),
        lambda d: d["cases"][0].pop("title"),
    ):
        assert not validator.is_valid(mutated(doc, change))


def test_schema_documents_every_field() -> None:
    schema = json_schema()
    for name, definition in schema["$defs"].items():
        for field, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{field} has no description"


def test_a_realistic_200_case_year_validates_cleanly(tmp_path: Path) -> None:
    from enforcement.synthetic import generate_dataset

    ds = generate_dataset(cases=200, defects=0.1)
    path = tmp_path / "town.json"
    enforcement.dump(ds, path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"{len(ds.officers)} officers, 200 cases" in result.output
    assert enforcement.load(path) == ds


def test_shape_and_cross_object_problems_are_reported_together(doc: dict[str, Any]) -> None:
    def break_it(d: dict[str, Any]) -> None:
        d["cases"].append(copy.deepcopy(d["cases"][0]))
        d["cases"][2]["id"] = "C3"
        d["cases"][0]["records"][0]["at"] = "2020-03-02T09:30:00"  # shape: no offset
        number = d["cases"][1]["parties"][0]["id_number"]
        d["cases"][1]["parties"][0]["id_number"] = number[:17] + ("0" if number[-1] != "0" else "1")
        d["cases"][2]["decision"] = {"number": "x", "decided_on": "2020-03-01"}  # before opening
        d["officers"][1]["name"] = 7  # shape: o2 cannot be read...
        d["cases"][2]["officer_ids"] = ["o1", "o2", "o9"]  # ...so only o9 dangles

    found = problems(mutated(doc, break_it))
    paths = [p for p, _ in found]
    assert paths == [
        "$.officers[1].name",
        "$.cases[0].records[0].at",
        "$.cases[1].parties[0].id_number",
        "$.cases[2].decision.decided_on",
        "$.cases[2].officer_ids[2]",
    ]
    assert dict(found)["$.cases[2].officer_ids[2]"] == "no officer with id 'o9'"
