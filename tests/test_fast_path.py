"""The generated fast path and the detailed converter accept and refuse the same documents.

``enforcement.converter.fast_structure`` builds the models of valid documents without
cattrs' generic layers; whatever it refuses is structured again by the detailed converter,
which says why. If the two disagreed, a document could be valid on one read path and
invalid on another: these tests compare them on the reader's corpus of bad documents and
on documents mutated by hypothesis.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings

from enforcement.converter import (
    _FREE_TEXT_BAD,
    _LINE_BAD,
    _NAME_BAD,
    detailed_converter,
    fast_structure,
    problems_from_exception,
)
from enforcement.converter import structure as structure_with_paths
from enforcement.errors import ValidationError
from enforcement.io import from_data, loads
from enforcement.models import FORMAT, Agency, Case, Dataset, Officer
from tests.strategies import TRICKY_VALUES, mutated_documents
from tests.test_reader import BAD, _doc


def _outcome(read: Any, data: Any, cls: type) -> tuple[bool, Any]:
    try:
        return True, read(data, cls)
    except Exception:
        return False, None


def _assert_same(data: Any, cls: type = Dataset) -> bool:
    """Both paths give the same model, or both refuse; returns whether it was accepted."""
    fast_ok, fast = _outcome(fast_structure, data, cls)
    detailed_ok, detailed = _outcome(detailed_converter.structure, data, cls)
    assert fast_ok == detailed_ok, (fast_ok, detailed_ok, data)
    assert fast == detailed
    return fast_ok


def _body(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "format"}


def test_the_example_document_is_accepted_by_both_paths() -> None:
    assert _assert_same(_body(_doc()))


@pytest.mark.parametrize("name", sorted(BAD))
def test_the_bad_document_corpus_is_judged_alike(name: str) -> None:
    data = _doc()
    BAD[name](data)
    _assert_same(_body(data))
    for key, cls in (("agencies", Agency), ("officers", Officer), ("cases", Case)):
        for item in data.get(key, []) if isinstance(data.get(key), list) else []:
            _assert_same(item, cls)


def _full_case() -> dict[str, Any]:
    """A case of the example with parties, penalties and an attachment."""
    case: dict[str, Any] = next(
        c
        for c in _doc()["cases"]
        if c.get("parties")
        and (c.get("decision") or {}).get("penalties")
        and c["records"][0].get("attachment")
    )
    return case


@pytest.mark.parametrize("value", TRICKY_VALUES, ids=repr)
@pytest.mark.parametrize(
    "path",
    [
        ("title",),
        ("id",),
        ("opened_on",),
        ("procedure",),
        ("officer_ids",),
        ("officer_ids", 0),
        ("records", 0, "at"),
        ("records", 0, "on_site"),
        ("records", 0, "summary"),
        ("records", 0, "attachment"),
        ("decision", "facts"),
        ("decision", "penalties", 0, "amount"),
        ("parties", 0, "name"),
        ("notices",),
    ],
    ids=lambda path: ".".join(map(str, path)),
)
def test_every_tricky_value_in_every_kind_of_field_is_judged_alike(
    path: tuple[Any, ...], value: Any
) -> None:
    case = copy.deepcopy(_full_case())
    node = case
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    _assert_same(case, Case)


@settings(max_examples=200)
@given(mutated_documents())
def test_mutated_documents_are_judged_alike(data: dict[str, Any]) -> None:
    _assert_same(data)


@given(mutated_documents())
def test_the_messages_are_the_detailed_converters(data: dict[str, Any]) -> None:
    """``structure`` reports exactly the detailed converter's problems (the fast path adds none)."""
    try:
        detailed_converter.structure(data, Dataset)
    except Exception as exc:
        expected = list(problems_from_exception(exc, "$"))
        with pytest.raises(ValidationError) as info:
            structure_with_paths(data, Dataset)
        assert info.value.errors == expected
    else:
        assert structure_with_paths(data, Dataset) == fast_structure(data, Dataset)


@pytest.mark.parametrize(
    "path",
    [
        (),
        ("records", 0),
        ("records", 0, "attachment"),
        ("parties", 0),
        ("decision",),
        ("decision", "penalties", 0),
    ],
    ids=lambda path: ".".join(map(str, path)) or "case",
)
def test_unknown_keys_are_refused_at_every_level(path: tuple[Any, ...]) -> None:
    case = copy.deepcopy(_full_case())
    assert _assert_same(case, Case)
    node = case
    for part in path:
        node = node[part]
    node["extra"] = 1
    assert not _assert_same(case, Case)


def test_a_valid_case_round_trips_through_json_on_both_paths() -> None:
    case = _doc()["cases"][0]
    text = json.dumps(case, ensure_ascii=False)
    assert fast_structure(json.loads(text), Case) == detailed_converter.structure(case, Case)


def test_every_character_a_text_rule_refuses_is_one_isprintable_rejects() -> None:
    """The fast path searches only strings that are not printable: that skips no refusal."""
    refused = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if any(rule.search(chr(code)) for rule in (_NAME_BAD, _LINE_BAD, _FREE_TEXT_BAD))
    ]
    assert {"\t", "\u200b", "\ud800"} <= set(refused)
    assert not [c for c in refused if c.isprintable()]


def test_the_fast_path_runs_the_models_validators_unless_attrs_switches_them_off() -> None:
    """The fast path builds slotted models without their ``__init__``: it still runs the
    same validators (an entry ending before it starts is refused), and honours
    ``attrs.validators.set_disabled`` as the constructor does."""
    case = copy.deepcopy(_full_case())
    entry = case["records"][0]
    entry["ended_at"] = "1999-01-01T00:00:00+08:00"
    assert not _assert_same(case, Case)
    with pytest.raises(ValidationError, match="ended_at"):
        structure_with_paths(case, Case)
    attrs.validators.set_disabled(True)
    try:
        built = fast_structure(case, Case)
        assert built == detailed_converter.structure(case, Case)
        assert built.records[0].ended_at is not None
    finally:
        attrs.validators.set_disabled(False)


@settings(max_examples=100)
@given(mutated_documents())
def test_the_streaming_reader_and_from_data_judge_mutated_documents_alike(
    data: dict[str, Any],
) -> None:
    """Both read paths of a whole document build the same dataset or report the same problems.

    Except for what only the text can break (an integer of more than 20 digits,
    ``Infinity``), which parsed data handed to ``from_data`` cannot show.
    """
    document = {"format": FORMAT, **data}
    text = json.dumps(document)  # escaped: a lone surrogate stays valid JSON text
    assume("Infinity" not in text and not re.search(r"\d{21}", text))
    try:
        expected: Any = from_data(copy.deepcopy(document))
    except ValidationError as exc:
        expected = exc.errors
    try:
        found: Any = loads(text)
    except ValidationError as exc:
        found = exc.errors
    assert found == expected


@pytest.mark.parametrize(
    "region",
    [
        "331126",
        "３３１１２６",
        " 331126 ",
        "331\u3000126",
        "001126",
        "33112",
        "33112x",
        "",
        None,
        331126,
    ],
    ids=repr,
)
@pytest.mark.parametrize("parent", [None, "zj", "", 7])
def test_an_agencys_region_and_parent_are_judged_alike(region: Any, parent: Any) -> None:
    # Agency.region has an attrs converter (full-width digits and spaces read as ASCII): the
    # fast path passes the value to the constructor, which runs it as under cattrs.
    agency = copy.deepcopy(_doc()["agencies"][0])
    agency["region"] = region
    agency["parent"] = parent
    accepted = _assert_same(agency, Agency)
    if region in ("331126", "３３１１２６") and parent is None:
        assert accepted


def test_refusals_do_not_pile_up_tracebacks() -> None:
    """The generated code raises one shared exception: its traceback must not grow with each
    refused document (it held every refused document's frames: a 10 MB file of a million bad
    officers took 2.7 GB)."""
    from enforcement.converter import fast_structure
    from enforcement.models import Officer

    def depth() -> int:
        try:
            fast_structure({"id": 1}, Officer)
        except Exception as exc:
            n, tb = 0, exc.__traceback__
            while tb is not None:
                n, tb = n + 1, tb.tb_next
            return n
        raise AssertionError("refused")

    first = depth()
    for _ in range(50):
        depth()
    assert depth() == first
