"""paused_gc: the collector is off inside, and back as it was afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from enforcement.bulk import paused_gc


@pytest.fixture
def collector_on() -> Iterator[None]:
    before = gc.isenabled()
    gc.enable()
    yield
    if not before:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_collector_is_paused_inside_and_enabled_after() -> None:
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_collector_is_enabled_again_after_an_exception() -> None:
    with pytest.raises(ValueError, match="boom"), paused_gc():
        raise ValueError("boom")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_nested_pause_leaves_the_outer_one_in_force() -> None:
    with paused_gc():
        with paused_gc():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_disabled_before_stays_disabled() -> None:
    before = gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        if before:
            gc.enable()


@pytest.mark.usefixtures("collector_on")
def test_load_reads_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    import enforcement
    import enforcement.converter
    import enforcement.reader as reader_module
    from enforcement.testing import make_case, make_dataset

    text = enforcement.dumps(make_dataset(make_case("C1"), make_case("C2")))
    states: list[bool] = []
    fast = enforcement.converter.fast_structure

    def spy(data: object, cls: type) -> object:
        states.append(gc.isenabled())
        return fast(data, cls)

    monkeypatch.setattr(reader_module, "fast_structure", spy)
    assert len(enforcement.loads(text).cases) == 2
    assert states
    assert not any(states)
    assert gc.isenabled()
