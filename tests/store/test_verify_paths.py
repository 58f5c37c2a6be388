"""The two verification paths: the quick set-wise one (in one or several processes) and the detailed one.

The quick path only decides "intact"; whenever anything is off the detailed
path names the breaks. These tests check that the quick path is the one
taken on an intact store, that it agrees with the detailed path, and that
tampering the quick path might miss in a set-wise query sends it to the
detailed one. Each runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

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


@pytest.mark.parametrize(("workers", "order"), [(1, "ASC"), (2, "ASC"), (2, "DESC")])
def test_a_typed_column_changed_in_the_index_is_checked_in_detail(
    county: Store, store_url: str, workers: int, order: str
) -> None:
    """The quick path recomputes the typed columns too (a lowered fine in the index only), in
    whichever part (the first case is this process's, the last a worker's)."""
    case_id = raw_sql(
        store_url, f"SELECT id FROM cases WHERE fines_fen > 0 ORDER BY pos {order} LIMIT 1"
    )
    raw_sql(store_url, "UPDATE cases SET fines_fen = 1 WHERE id = ?", params=(case_id[0][0],))
    assert quick(county, workers) is None
    [found] = county.verify(workers=workers).breaks
    assert found.case_id == case_id[0][0]
    assert "fines_fen" in found.problem


@pytest.mark.parametrize("workers", [1, 2])
def test_a_record_count_changed_on_the_last_case_is_checked_in_detail(
    county: Store, store_url: str, workers: int
) -> None:
    case_id = raw_sql(store_url, "SELECT id FROM cases ORDER BY pos DESC LIMIT 1")[0][0]
    raw_sql(store_url, "UPDATE cases SET records = records - 1 WHERE id = ?", params=(case_id,))
    assert quick(county, workers) is None
    assert case_id in [b.case_id for b in county.verify(workers=workers).breaks]


def test_a_case_row_pointed_at_another_version_is_checked_in_detail(
    county: Store, store_url: str
) -> None:
    """A case row moved to the place of another case's version: its document is not its own."""
    (_, idx), (second, _) = raw_sql(store_url, "SELECT id, idx FROM cases ORDER BY pos LIMIT 2")
    raw_sql(store_url, "UPDATE cases SET idx = ? WHERE id = ?", params=(idx, second))
    assert quick(county, 2) is None
    assert second in [b.case_id for b in county.verify().breaks]


def test_a_case_document_that_is_not_utf8_is_checked_in_detail(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 (an encoded surrogate) in a stored case document (SQLite):
    the quick pass hands over and the detailed pass names the entry, without a traceback."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        store.import_dataset(generate_dataset(cases=150, year=2020, records_per_case=10))
    drop_triggers(url)
    idx, content = raw_sql(
        url,
        "SELECT l.idx, CAST(l.content AS BLOB) FROM cases c JOIN log l ON l.idx = c.idx LIMIT 1",
    )[0]
    changed = content.replace(b'"title":"', b'"title":"\xed\xa0\x80', 1)
    assert changed != content
    raw_sql(url, "UPDATE log SET content = CAST(? AS TEXT) WHERE idx = ?", params=(changed, idx))
    with open_store(url, create=False) as store:
        assert quick(store) is None
        assert idx in [b.index for b in store.verify().breaks]


def test_tile_nodes_are_the_rfc_9162_roots_of_full_tiles() -> None:
    import hashlib

    from enforcement.store.verify import tile_nodes
    from enforcement.transparency.merkle import root

    leaves = [hashlib.sha256(b"%d" % i).digest() for i in range(256 * 3 + 17)]
    nodes = tile_nodes(b"".join(leaves), first_tile=5)
    assert nodes == {5 + t: root(leaves[t * 256 : (t + 1) * 256]) for t in range(3)}


def test_verify_cuts_itself_in_two_only_for_a_large_store_that_can_be_reopened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from enforcement.store import verify

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    big = verify.PARALLEL_FROM
    assert verify._how_many(None, "sqlite:///x.db", big) == 2
    assert verify._how_many(None, "sqlite:///x.db", big - 1) == 1
    assert verify._how_many(None, "sqlite:///:memory:", big) == 1
    assert verify._how_many(None, None, big) == 1
    assert verify._how_many(3, "sqlite:///x.db", big) == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert verify._how_many(None, "sqlite:///x.db", big) == 1


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


def test_a_worker_that_fails_leaves_its_part_to_the_parent_which_still_finds_tampering(
    county: Store, store_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The workers are forked: a failure in one (here, refused connections) is logged, and the
    parent checks that part itself, so a fine lowered in the index of the last case is found."""
    from enforcement.store import verify

    def broken(*args: object) -> object:
        raise StoreConnectionError("the worker could not connect")

    monkeypatch.setattr(verify, "_part_job", broken)
    assert quick(county, 2) is not None
    assert "worker failed" in caplog.text
    case_id = raw_sql(store_url, "SELECT id FROM cases WHERE fines_fen > 0 ORDER BY pos DESC")[0][0]
    raw_sql(store_url, "UPDATE cases SET fines_fen = 1 WHERE id = ?", params=(case_id,))
    assert quick(county, 2) is None
