"""Property: for any valid dataset, load(dump(ds)) == ds."""

from __future__ import annotations

import json

from hypothesis import given

import enforcement
from enforcement.models import Dataset
from enforcement.validation import dataset_problems
from tests.strategies import datasets


@given(datasets())
def test_load_of_dump_is_identity(ds: Dataset) -> None:
    assert list(dataset_problems(ds)) == []
    text = enforcement.dumps(ds)
    assert enforcement.loads(text) == ds


@given(datasets())
def test_dump_is_stable(ds: Dataset) -> None:
    once = enforcement.dumps(ds)
    assert enforcement.dumps(enforcement.loads(once)) == once
    assert json.loads(once)["format"] == "enforcement/1"


@given(datasets())
def test_compact_dump_round_trips(ds: Dataset) -> None:
    assert enforcement.loads(enforcement.dumps(ds, indent=None).encode("utf-8")) == ds
