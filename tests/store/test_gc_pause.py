"""Streaming a store's cases pauses the collector per page, never across a yield."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence

import pytest

import enforcement.store.store as store_module
from enforcement.models import Case, Dataset
from enforcement.store import Store


@pytest.fixture
def collector_on() -> Iterator[None]:
    before = gc.isenabled()
    gc.enable()
    yield
    if not before:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_cases_are_built_with_the_collector_paused_and_handed_over_with_it_on(
    store: Store, town: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_dataset(town)
    while_building: list[bool] = []
    build = store_module._build_case

    def spy(doc: str, contents: Sequence[str]) -> Case:
        while_building.append(gc.isenabled())
        return build(doc, contents)

    monkeypatch.setattr(store_module, "_build_case", spy)
    seen = []
    for case in store.cases():
        assert gc.isenabled(), "the caller runs with the collector on"
        seen.append(case)
    assert gc.isenabled()
    assert seen == list(town.cases)
    assert while_building == [False] * len(town.cases)


@pytest.mark.usefixtures("collector_on")
def test_a_caller_that_stops_early_leaves_the_collector_on(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    stream = store.cases()
    next(stream)
    del stream
    assert gc.isenabled()
