"""PostgreSQL at scale: COPY import, server-side cursors, parallel verification in one snapshot."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest

from enforcement import Dataset, open_store
from enforcement.store.engines import PostgresEngine

from .conftest import PG_URL, drop_schema, require_postgres
from .helpers import raw_sql


@pytest.fixture
def pg_urls() -> Any:
    require_postgres()
    import uuid

    schemas = [f"t_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    sep = "&" if "?" in PG_URL else "?"
    yield [f"{PG_URL}{sep}schema={s}" for s in schemas]
    for schema in schemas:
        drop_schema(schema)


_SALT = re.compile(r'"salt":"[0-9a-f]{32}"')


def _rows(url: str) -> dict[str, list[Any]]:
    return {
        "log": [
            (a, i, k, s, _SALT.sub('"salt":""', h), c)
            for a, i, k, s, h, c in raw_sql(
                url, "SELECT agency_id, idx, kind, subject, head, content FROM log ORDER BY idx"
            )
        ],
        "agencies": raw_sql(url, "SELECT * FROM agencies ORDER BY pos"),
        "officers": raw_sql(url, "SELECT * FROM officers ORDER BY pos"),
        "cases": raw_sql(url, "SELECT * FROM cases ORDER BY pos"),
        "records": raw_sql(url, "SELECT * FROM records ORDER BY case_id, seq"),
        "nodes": raw_sql(url, "SELECT agency_id, level, idx FROM log_nodes ORDER BY level, idx"),
        "logs": raw_sql(url, "SELECT * FROM logs"),
    }


def test_copy_import_writes_what_executemany_writes(
    pg_urls: list[str], town: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied, inserted = pg_urls
    with open_store(copied) as store:
        store.import_dataset(town)

    def executemany(
        self: PostgresEngine, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        marks = ", ".join("?" * len(columns))
        self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    monkeypatch.setattr(PostgresEngine, "bulk_insert", executemany)
    with open_store(inserted) as store:
        store.import_dataset(town)
    one, two = _rows(copied), _rows(inserted)
    assert one == two
    assert len(one["log"]) > len(town.cases)
    for url in pg_urls:  # both logs hash and index as they should (salts differ, so roots do)
        with open_store(url, create=False) as store:
            assert store.verify().intact


def test_verification_streams_through_a_server_side_cursor(
    pg_urls: list[str], town: Dataset
) -> None:
    with open_store(pg_urls[0]) as store:
        store.import_dataset(town)
        e = store._engine
        with e.read():
            chunks = e.chunks("SELECT idx FROM log ORDER BY idx", size=50)
            first = next(chunks)
            cursors = [n for (n,) in e.execute("SELECT name FROM pg_cursors").fetchall()]
            rest = [row for chunk in chunks for row in chunk]
        assert len(first) == 50
        assert any(name.startswith("enforcement_chunks_") for name in cursors)
        assert [i for (i,) in first + rest] == list(range(len(first) + len(rest)))


def test_cases_inside_reading_stream_one_snapshot_through_a_named_cursor(
    pg_urls: list[str],
) -> None:
    from enforcement.errors import StoreError
    from enforcement.synthetic import generate_dataset

    from .test_store import entry

    county = generate_dataset(cases=1200, year=2020, records_per_case=3)
    with open_store(pg_urls[0]) as store, open_store(pg_urls[0]) as writer:
        store.import_dataset(county)
        e = store._engine
        with store.reading():
            stream = store.cases()
            first = next(stream)
            cursors = [n for (n,) in e.execute("SELECT name FROM pg_cursors").fetchall()]
            # Committed by another session after the stream began: not in its snapshot.
            writer.append_record(county.cases[-1].id, entry("LATER-1"))
            rest = list(stream)
            with pytest.raises(StoreError, match="read-only"):
                store.append_record(county.cases[0].id, entry("REFUSED-1"))
        assert any(name.startswith("enforcement_chunks_") for name in cursors)
        assert [first, *rest] == list(county.cases)
        assert store.case(county.cases[-1].id).records[-1].id == "LATER-1"  # type: ignore[union-attr]


def test_workers_verify_in_the_parents_snapshot_while_a_writer_appends(
    pg_urls: list[str],
) -> None:
    """A worker sees exactly the parent's snapshot, even when the log grows meanwhile."""
    from enforcement.store.verify import _quick_check
    from enforcement.synthetic import generate_dataset

    from .test_store import entry

    county = generate_dataset(cases=120, year=2020, records_per_case=10)
    with open_store(pg_urls[0]) as store, open_store(pg_urls[0]) as writer:
        store.import_dataset(county)
        e = store._engine
        with e.read():
            size = int(e.execute("SELECT size FROM logs").fetchone()[0])
            writer.append_record(county.cases[0].id, entry("LATER-1"))  # committed, not seen
            report = _quick_check(e, None, 2, store.opened_with)
        assert report is not None
        assert report.roots["xc"][0] == size
        assert store.log_sizes()["xc"] == size + 1


def test_a_stored_document_keeps_its_bytes_through_copy(pg_urls: list[str]) -> None:
    """COPY's text format escapes tabs, newlines and backslashes: they must come back unchanged."""
    import attrs

    from enforcement.synthetic import generate_dataset

    ds = generate_dataset(cases=3, year=2020, records_per_case=2)
    case = ds.cases[0]
    tricky = attrs.evolve(case.records[0], summary="制\t表\\N 换\n行 \\. 反斜杠\\")
    case = attrs.evolve(case, records=(tricky, *case.records[1:]))
    ds = attrs.evolve(ds, cases=(case, *ds.cases[1:]))
    with open_store(pg_urls[0]) as store:
        store.import_dataset(ds)
        assert store.case(case.id) == case
        assert store.verify().intact
