"""Crashes, concurrency, schema versions and bad input."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from enforcement import Dataset, open_store
from enforcement.errors import (
    SchemaVersionError,
    StoreConnectionError,
    StoreLockedError,
    StoreURLError,
)
from enforcement.store.schema import SCHEMA_VERSION

from .helpers import raw_sql

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, *args: str) -> subprocess.Popen[str]:
    """Start a Python process running ``code`` with the project importable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_process_killed_mid_import_leaves_the_store_unchanged(
    store_url: str, tmp_path: Path
) -> None:
    from enforcement.synthetic import generate_dataset

    with open_store(store_url) as store:
        # The same seed and officer count give the same officers as the child's dataset.
        store.import_dataset(generate_dataset(cases=40, year=2021, seed=7, officers=375))
        before, head = store.dataset(), store.head_digest()
    marker = tmp_path / "halfway"
    child = run_python(
        """
        import sys, time
        from pathlib import Path
        from enforcement import open_store
        from enforcement.synthetic import generate_dataset
        big = generate_dataset(cases=3000, year=2021, seed=7, officers=375)
        ds = type(big)(cases=big.cases[40:])  # they refer to the stored agency and officers
        marker = Path(sys.argv[2])
        def progress(done, total):
            if done >= total // 2 and not marker.exists():
                marker.write_text("x")
                time.sleep(60)
        with open_store(sys.argv[1]) as store:
            store.import_dataset(ds, progress=progress)
        """,
        store_url,
        str(marker),
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the import never got halfway"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    with open_store(store_url) as store:
        assert store.dataset() == before
        assert store.head_digest() == head
        assert store.verify().intact


def test_concurrent_appends_from_processes_form_one_linear_chain(
    store_url: str, town: Dataset
) -> None:
    with open_store(store_url) as store:
        store.import_dataset(town)
    case = town.cases[0]
    workers, each = 4, 15
    code = """
        import sys
        from datetime import datetime, timedelta, timezone
        from enforcement import RecordEntry, RecordKind, Stage, open_store
        url, case_id, worker, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        with open_store(url) as store:
            for i in range(n):
                store.append_record(case_id, RecordEntry(
                    id=f"W{worker}-{i}", stage=Stage.INVESTIGATION, kind=RecordKind.TEXT,
                    at=datetime(2020, 12, 1, tzinfo=timezone(timedelta(hours=8)))))
        """
    procs = [run_python(code, store_url, case.id, str(w), str(each)) for w in range(workers)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with open_store(store_url) as store:
        chained = store.records(case.id)
        assert [c.seq for c in chained] == list(range(1, len(case.records) + workers * each + 1))
        ids = {c.entry.id for c in chained[len(case.records) :]}
        assert ids == {f"W{w}-{i}" for w in range(workers) for i in range(each)}
        assert store.verify().intact


def test_a_store_from_a_newer_version_is_refused(store_url: str) -> None:
    open_store(store_url).close()
    raw_sql(store_url, f"UPDATE enforcement_schema SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaVersionError, match="newer version of enforcement") as info:
        open_store(store_url)
    assert info.value.found == SCHEMA_VERSION + 1


V2_TABLES = [
    "CREATE TABLE enforcement_schema (version INTEGER NOT NULL)",
    "CREATE TABLE agencies (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL)",
    "CREATE TABLE officers (id TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " agency_id TEXT NOT NULL, doc TEXT NOT NULL)",
    "CREATE TABLE cases (id TEXT PRIMARY KEY, pos INTEGER NOT NULL UNIQUE,"
    " agency_id TEXT NOT NULL, opened_on TEXT NOT NULL, doc TEXT NOT NULL,"
    " head_seq INTEGER NOT NULL, head_digest TEXT NOT NULL,"
    " opened_year INTEGER NOT NULL DEFAULT 0, doc_sha256 TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE records (case_id TEXT NOT NULL REFERENCES cases (id),"
    " seq INTEGER NOT NULL, entry_id TEXT NOT NULL, content TEXT NOT NULL,"
    " prev_digest TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (case_id, seq))",
    "INSERT INTO enforcement_schema (version) VALUES (2)",
]


def make_v2_store(store_url: str, engine: str, ds: Dataset) -> None:
    """A version 2 store (per-case hash chains, documents in the tables), written by hand."""
    from enforcement.converter import unstructure
    from enforcement.store.log import canonical

    if engine == "postgresql":
        import psycopg

        from .conftest import PG_URL

        schema = store_url.rsplit("schema=", 1)[1]
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    raw_sql(store_url, *V2_TABLES)
    for i, agency in enumerate(ds.agencies):
        raw_sql(
            store_url,
            "INSERT INTO agencies VALUES (?, ?, ?)",
            params=(agency.id, i, canonical(unstructure(agency))),
        )
    for i, officer in enumerate(ds.officers):
        raw_sql(
            store_url,
            "INSERT INTO officers VALUES (?, ?, ?, ?)",
            params=(officer.id, i, officer.agency_id, canonical(unstructure(officer))),
        )
    for i, case in enumerate(ds.cases):
        data = unstructure(case)
        entries = data.pop("records")
        raw_sql(
            store_url,
            "INSERT INTO cases (id, pos, agency_id, opened_on, doc, head_seq, head_digest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            params=(case.id, i, case.agency_id, case.opened_on.isoformat(), canonical(data), 0, ""),
        )
        for seq, (entry, content) in enumerate(zip(case.records, entries, strict=True), 1):
            raw_sql(
                store_url,
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)",
                params=(case.id, seq, entry.id, canonical(content), "", ""),
            )


def test_a_version_2_store_is_migrated_by_db_init(
    store_url: str, engine: str, town: Dataset
) -> None:
    small = Dataset(agencies=town.agencies, officers=town.officers, cases=town.cases[:6])
    make_v2_store(store_url, engine, small)
    with open_store(store_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.dataset() == small
        report = store.verify()
        assert report.intact, report.breaks
        assert report.records == sum(len(c.records) for c in small.cases)


def test_a_reading_command_does_not_migrate_an_old_store(
    store_url: str, engine: str, town: Dataset
) -> None:
    make_v2_store(store_url, engine, Dataset(agencies=town.agencies))
    with pytest.raises(SchemaVersionError, match="migrate it once with `enforcement db init"):
        open_store(store_url, create=False)
    assert raw_sql(store_url, "SELECT version FROM enforcement_schema") == [(2,)]


def test_an_empty_file_is_not_an_enforcement_store_and_stays_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(StoreConnectionError, match="not an enforcement store"):
        open_store(f"sqlite:///{path}", create=False)
    assert path.read_bytes() == b""
    assert not list(tmp_path.glob("empty.db-*"))


def test_an_empty_postgresql_schema_is_not_an_enforcement_store(
    store_url: str, engine: str
) -> None:
    if engine != "postgresql":
        pytest.skip("the SQLite case is the empty file")
    import psycopg

    from .conftest import PG_URL

    schema = store_url.rsplit("schema=", 1)[1]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    with pytest.raises(StoreConnectionError, match="not an enforcement store"):
        open_store(store_url, create=False)
    assert raw_sql(store_url, f"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}'") == [
        (0,)
    ]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "town.db",
        "sqlite://town.db",
        "sqlite:///",
        "sqlite:///dir/",
        "sqlite:///town.db?timeout=soon",
        "sqlite:///town.db?colour=red",
        "mysql://localhost/db",
        "postgresql://localhost:99999/db",
        "postgresql://localhost:port/db",
        "postgresql://localhost/db?schema=a;drop",
    ],
)
def test_malformed_urls_are_clear_errors(url: str) -> None:
    with pytest.raises(StoreURLError):
        open_store(url)


def test_environment_variable_names_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENFORCEMENT_DB", f"sqlite:///{tmp_path / 'env.db'}")
    with open_store() as store:
        assert store.url.endswith("env.db")


def test_an_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(
        StoreConnectionError, match=r"cannot connect to postgresql://.*127\.0\.0\.1:1"
    ):
        open_store("postgresql://postgres@127.0.0.1:1/test?timeout=2")


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are not the records you are looking for\n" * 100)
    with pytest.raises(StoreConnectionError, match="not an SQLite database"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes().startswith(b"these are not")


def test_a_database_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(SchemaVersionError, match="not an enforcement store"):
        open_store(f"sqlite:///{path}")


def test_a_missing_file_is_an_error_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreConnectionError, match="no store at"):
        open_store(f"sqlite:///{tmp_path / 'missing.db'}", create=False)
    with pytest.raises(StoreConnectionError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'no' / 'dir.db'}")
    assert not (tmp_path / "missing.db").exists()


def test_a_locked_file_is_a_clear_error_and_nothing_is_written(
    tmp_path: Path, town: Dataset
) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}?timeout=0.2"
    open_store(url).close()
    holder = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with (
            open_store(url) as store,
            pytest.raises(StoreLockedError, match="locked by another process"),
        ):
            store.import_dataset(town)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with open_store(url) as store:
        assert store.counts().cases == 0


def test_a_changed_byte_in_the_sqlite_file_is_found(tmp_path: Path, town: Dataset) -> None:
    from datetime import datetime, timedelta, timezone

    from enforcement import RecordEntry, RecordKind, Stage

    path = tmp_path / "file.db"
    case = town.cases[9]
    with open_store(f"sqlite:///{path}") as store:
        store.import_dataset(town)
        store.append_record(
            case.id,
            RecordEntry(
                id="MARK",
                stage=Stage.INVESTIGATION,
                kind=RecordKind.TEXT,
                at=datetime(2020, 12, 1, tzinfo=timezone(timedelta(hours=8))),
                summary="TAMPER-ME-PLEASE",
            ),
        )
    data = bytearray(path.read_bytes())  # closing the last connection checkpointed the WAL
    at = data.index(b"TAMPER-ME-PLEASE")
    data[at + 15] = ord("F")
    path.write_bytes(bytes(data))
    with open_store(f"sqlite:///{path}") as store:
        report = store.verify()
    assert [(b.case_id, b.seq) for b in report.breaks] == [(case.id, len(case.records) + 1)]
