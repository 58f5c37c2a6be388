"""The two verification paths: the quick set-wise one (in one or several processes) and the detailed one.

The quick path only decides "intact"; whenever anything is off the detailed
path names the breaks. These tests check that the quick path is the one
taken on an intact store, that it agrees with the detailed path, and that
tampering the quick path might miss in a set-wise query sends it to the
detailed one. Each runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest

from enforcement import Store, open_store
from enforcement.errors import StoreConnectionError
from enforcement.store.verify import _quick_check, verify_in_detail
from enforcement.synthetic import generate_dataset

from .helpers import drop_triggers, raw_sql


@pytest.fixture
def county(store: Store) -> Store:
    """A store of 1,650 entries: more than four tiles, so two workers each get whole tiles."""
    store.import_dataset(generate_dataset(cases=150, year=2020, records_per_case=10))
    return store


def quick(store: Store, workers: int = 1) -> object:
    e = store._engine
    with e.read():
        return _quick_check(e, None, workers, store.opened_with)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_quick_path_passes_an_intact_store_and_agrees_with_the_detailed_one(
    county: Store, workers: int, caplog: pytest.LogCaptureFixture
) -> None:
    fast = quick(county, workers)
    assert "worker failed" not in caplog.text  # the workers did their part
    assert fast is not None
    with county._engine.read():
        slow = verify_in_detail(county._engine)
    assert slow.intact
    assert fast.roots == slow.roots  # type: ignore[attr-defined]
    compact = {a: list(v) for a, v in fast.leaves.items()}  # type: ignore[attr-defined]
    assert compact == {a: list(v) for a, v in slow.leaves.items()}
    assert (fast.cases, fast.records, fast.entries) == (slow.cases, slow.records, slow.entries)  # type: ignore[attr-defined]
    assert county.verify(workers=workers).intact


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rewritten_entry_is_found_by_several_workers_and_named(
    county: Store, store_url: str, workers: int
) -> None:
    drop_triggers(store_url)
    idx, content = raw_sql(
        store_url, "SELECT idx, content FROM log WHERE kind = 'record' ORDER BY idx DESC LIMIT 1"
    )[0]
    raw_sql(
        store_url,
        "UPDATE log SET content = ? WHERE idx = ?",
        params=(content.replace('"summary":"', '"summary":"改', 1), idx),
    )
    assert quick(county, workers) is None
    report = county.verify(workers=workers)
    assert [b.index for b in report.breaks] == [idx]


def test_a_case_document_with_a_duplicate_key_is_checked_in_detail(
    county: Store, store_url: str
) -> None:
    """An insider appends a second opened_on to the stored document: json.loads reads the last."""
    drop_triggers(store_url)
    idx, content = raw_sql(
        store_url,
        "SELECT l.idx, l.content FROM cases c JOIN log l ON l.idx = c.idx ORDER BY c.pos LIMIT 1",
    )[0]
    changed = content[:-1] + ',"opened_on":"2019-01-02"}'
    assert json.loads(changed)["opened_on"] == "2019-01-02"
    raw_sql(store_url, "UPDATE log SET content = ? WHERE idx = ?", params=(changed, idx))
    assert quick(county) is None
    report = county.verify()
    assert any("opening date differs" in b.problem for b in report.breaks)


def test_a_record_head_with_another_seq_is_checked_in_detail(county: Store, store_url: str) -> None:
    drop_triggers(store_url)
    idx, head = raw_sql(
        store_url, "SELECT idx, head FROM log WHERE kind = 'record' ORDER BY idx LIMIT 1"
    )[0]
    raw_sql(
        store_url,
        "UPDATE log SET head = ? WHERE idx = ?",
        params=(head.replace('"seq":1,', '"seq":1.0,'), idx),
    )
    assert quick(county) is None
    assert not county.verify().intact


def test_a_malformed_case_document_is_checked_in_detail(county: Store, store_url: str) -> None:
    drop_triggers(store_url)
    idx = raw_sql(store_url, "SELECT idx FROM cases ORDER BY pos LIMIT 1")[0][0]
    raw_sql(store_url, "UPDATE log SET content = '{not json' WHERE idx = ?", params=(idx,))
    assert quick(county) is None
    report = county.verify()
    assert not report.intact
    assert idx in [b.index for b in report.breaks]


def test_a_store_verifies_in_several_processes_only_when_it_can_be_reopened() -> None:
    with open_store("sqlite:///:memory:") as store:
        store.import_dataset(generate_dataset(cases=120, year=2020, records_per_case=10))
        assert store.verify(workers=2).intact


def test_a_typed_column_changed_in_the_index_is_checked_in_detail(
    county: Store, store_url: str
) -> None:
    """The quick path recomputes the typed columns too (a lowered fine in the index only)."""
    case_id = raw_sql(store_url, "SELECT id FROM cases WHERE fines_fen > 0 ORDER BY pos LIMIT 1")
    raw_sql(store_url, "UPDATE cases SET fines_fen = 1 WHERE id = ?", params=(case_id[0][0],))
    assert quick(county) is None
    [found] = county.verify().breaks
    assert found.case_id == case_id[0][0]
    assert "fines_fen" in found.problem


def test_an_agency_region_changed_in_the_index_is_checked_in_detail(
    county: Store, store_url: str
) -> None:
    raw_sql(store_url, "UPDATE agencies SET region = '110101'")
    assert quick(county) is None
    assert not county.verify().intact


def test_when_the_second_connection_fails_the_queries_run_on_the_first(
    county: Store, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL runs the quick pass's queries on a second connection; without one, here."""
    import enforcement.store

    def refuse(*args: object, **kwargs: object) -> Store:
        raise StoreConnectionError("no second connection")

    monkeypatch.setattr(enforcement.store, "open_store", refuse)
    assert quick(county) is not None
    raw_sql(store_url, "UPDATE records SET seq = seq + 100 WHERE seq = 1")
    assert quick(county) is None
