"""An agency's region (GB/T 2260 行政区划代码) and parent: read, normalised, validated."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

import enforcement
from enforcement.errors import ValidationError
from enforcement.models.agency import in_region, region_code, region_prefix
from enforcement.schema import json_schema
from enforcement.testing import make_case, make_dataset


@pytest.fixture
def doc() -> dict[str, Any]:
    data: dict[str, Any] = enforcement.to_data(make_dataset(make_case("C1")))
    second = copy.deepcopy(data["agencies"][0])
    second.update(id="city", name="天津市城市管理委员会", region="120100", credit_code=None)
    data["agencies"].append(second)
    return data


def problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        enforcement.from_data(data)
    return info.value.errors


@pytest.mark.parametrize(
    "written", ["331126", "３３１１２６", " 331 126 ", "３３\u300011２６", " 331126\u00a0"]
)
def test_full_width_digits_and_spaces_are_read_as_ascii(doc: dict[str, Any], written: str) -> None:
    doc["agencies"][0]["region"] = written
    jsonschema.validate(doc, json_schema())
    assert enforcement.from_data(doc).agencies[0].region == "331126"


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("33112", "six-digit"),
        ("3311260", "six-digit"),
        ("天津市滨海新区", "six-digit"),
        ("33112a", "six-digit"),
        ("001126", "province code"),
        ("991126", "province code"),
        ("¹²³⁴⁵⁶", "six-digit"),
        ("33112\n6", "line break"),
    ],
)
def test_anything_else_names_the_field(doc: dict[str, Any], written: str, reason: str) -> None:
    doc["agencies"][0]["region"] = written
    [(path, message)] = problems(doc)
    assert path == "$.agencies[0].region"
    assert reason in message


def test_the_json_schema_describes_the_same_codes(doc: dict[str, Any]) -> None:
    doc["agencies"][0]["region"] = "33112"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json_schema())


def test_a_parent_is_another_agency_of_the_data_set(doc: dict[str, Any]) -> None:
    doc["agencies"][0]["parent"] = "city"
    dataset = enforcement.from_data(doc)
    assert dataset.agencies[0].parent == "city"
    # a document without parents reads and writes without the key
    assert "parent" not in enforcement.to_data(dataset)["agencies"][1]
    doc["agencies"][0]["parent"] = "nowhere"
    assert problems(doc) == [("$.agencies[0].parent", "no agency with id 'nowhere'")]


def test_no_agency_is_its_own_parent_or_ancestor(doc: dict[str, Any]) -> None:
    first = doc["agencies"][0]["id"]
    doc["agencies"][0]["parent"] = first
    assert problems(doc) == [("$.agencies[0].parent", f"agency {first!r} cannot be its own parent")]
    doc["agencies"][0]["parent"] = "city"
    doc["agencies"][1]["parent"] = first
    found = problems(doc)
    assert [p for p, _ in found] == ["$.agencies[0].parent", "$.agencies[1].parent"]
    assert all("cycle" in m for _, m in found)


def test_region_prefixes() -> None:
    assert region_prefix("331126") == "331126"
    assert region_prefix("331100") == "3311"
    assert region_prefix("330000") == "33"
    assert in_region("331126", "331100")
    assert in_region("331126", "330000")
    assert not in_region("331126", "331127")
    assert not in_region("341126", "330000")
    assert not in_region(None, "330000")
    assert region_code("３３ ００００") == "330000"
