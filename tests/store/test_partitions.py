"""PostgreSQL stores partitioned by year: one partition per year, the same reads, the same guards.

A store's log year is the year of the writing transaction, so these tests move
the clock by setting :data:`enforcement.store.partitions.TRANSACTION_YEAR` to a
constant (the SQL the writer asks the server for the year with).
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from enforcement import Dataset, open_store, summarize, summarize_region
from enforcement.cli import cli
from enforcement.errors import StoreError
from enforcement.store import partitions
from enforcement.store.engines import PostgresEngine
from enforcement.store.schema import SCHEMA_VERSION, ddl
from enforcement.synthetic import generate_dataset

from .conftest import PG_URL, drop_schema, require_postgres
from .helpers import raw_sql
from .test_aggregation import county
from .test_store import entry


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL for a fresh PostgreSQL schema."""
    yield from _pg_urls(1)


def _pg_urls(n: int) -> Iterator[Any]:
    require_postgres()
    schemas = [f"t_{uuid.uuid4().hex[:12]}" for _ in range(n)]
    sep = "&" if "?" in PG_URL else "?"
    urls = [f"{PG_URL}{sep}schema={s}" for s in schemas]
    yield urls[0] if n == 1 else urls
    for schema in schemas:
        drop_schema(schema)


@pytest.fixture
def plain_url() -> Iterator[str]:
    """A URL for a version 4 store on PostgreSQL: plain tables, as stores made before version 5."""
    for url in _pg_urls(1):
        schema = url.rsplit("schema=", 1)[1]
        raw_sql(PG_URL, f'CREATE SCHEMA "{schema}"')
        raw_sql(url, *[_version_4(s) for s in ddl("postgresql")])
        yield url


def _version_4(statement: str) -> str:
    return statement.replace(f"VALUES ({SCHEMA_VERSION})", "VALUES (4)")


@contextmanager
def in_year(monkeypatch: pytest.MonkeyPatch, year: int) -> Iterator[None]:
    """Writing transactions run as if in ``year`` (China's time)."""
    with monkeypatch.context() as m:
        m.setattr(partitions, "TRANSACTION_YEAR", str(year))
        yield


def partitions_of(url: str, table: str) -> dict[str, str]:
    """``{partition: bounds}`` of a table, from the catalog (pg_inherits)."""
    rows = raw_sql(
        url,
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
        " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(?)",
        params=(table,),
    )
    return dict(rows)


def rows_per_partition(url: str, table: str) -> dict[str, int]:
    rows = raw_sql(url, f"SELECT tableoid::regclass::text, count(*) FROM {table} GROUP BY 1")
    return {name: int(n) for name, n in rows}


def write_over_three_years(url: str, data: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """``data`` imported in three parts in 2024, 2025 and 2026, then a record entry and a
    decision's revocation in 2026."""
    from .test_aggregation import revoke

    third = len(data.cases) // 3
    parts = [data.cases[:third], data.cases[third : 2 * third], data.cases[2 * third :]]
    with open_store(url) as store:
        for year, cases in zip((2024, 2025, 2026), parts, strict=True):
            with in_year(monkeypatch, year):
                if year == 2024:
                    store.import_records(data.agencies, data.officers, cases)
                else:
                    store.import_records([], [], cases)
        with in_year(monkeypatch, 2026):
            store.append_record(data.cases[0].id, entry("LATER-1"))
            revoke(store, next(c for c in data.cases if c.decision and c.decision.penalties))


def test_a_new_postgresql_store_is_partitioned_and_says_version_5(pg_url: str) -> None:
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
    kinds = dict(
        raw_sql(
            pg_url,
            "SELECT relname, relkind FROM pg_class WHERE relname IN"
            " ('log', 'records', 'log_nodes', 'cases')",
        )
    )
    assert kinds == {"log": "p", "records": "p", "log_nodes": "r", "cases": "r"}


def test_a_store_written_over_several_years_has_one_partition_per_year(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = county()  # cases opened in 2019 and 2020
    write_over_three_years(pg_url, data, monkeypatch)
    log_parts = partitions_of(pg_url, "log")
    # each year's first write also made the next year's partition, ready for New Year
    assert set(log_parts) >= {"log_2024", "log_2025", "log_2026", "log_2027"}
    assert log_parts["log_2025"] == "FOR VALUES FROM (2025) TO (2026)"
    rows = rows_per_partition(pg_url, "log")
    assert set(rows) == {"log_2024", "log_2025", "log_2026"}
    assert raw_sql(pg_url, "SELECT count(*) FROM log WHERE year <> 2024 AND idx = 0") == [(0,)]
    assert partitions_of(pg_url, "records") == {
        "records_2019": "FOR VALUES FROM (2019) TO (2020)",
        "records_2020": "FOR VALUES FROM (2020) TO (2021)",
    }
    assert raw_sql(
        pg_url,
        "SELECT count(*) FROM records r JOIN cases c ON c.id = r.case_id"
        " WHERE r.year <> c.opened_year",
    ) == [(0,)]
    with open_store(pg_url, create=False) as store:
        assert store.verify().intact


def test_a_year_partition_is_created_when_a_write_first_needs_it(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    town = generate_dataset(cases=6, year=2020)
    with open_store(pg_url) as store, in_year(monkeypatch, 2026):
        store.import_dataset(town)
    assert "log_2031" not in partitions_of(pg_url, "log")
    with open_store(pg_url) as store, in_year(monkeypatch, 2031):
        store.append_record(town.cases[0].id, entry("LATER-1"))
        assert "records_2015" not in partitions_of(pg_url, "records")
        old = attrs.evolve(generate_dataset(cases=1, year=2015).cases[0], id="OLD-2015")
        store.add_case(old)
    assert {"log_2031", "log_2032"} <= set(partitions_of(pg_url, "log"))
    assert "records_2015" in partitions_of(pg_url, "records")
    assert rows_per_partition(pg_url, "log")["log_2031"] == 2 + len(old.records)
    with open_store(pg_url, create=False) as store:
        assert store.verify().intact
        assert store.case("OLD-2015") == old


def test_an_import_leaves_the_partitions_it_filled_with_statistics(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without them the planner prices a case's read by position across the years too high."""
    with open_store(pg_url) as store, in_year(monkeypatch, 2026):
        store.import_dataset(generate_dataset(cases=30, year=2020))
    counted = dict(
        raw_sql(
            pg_url,
            "SELECT CAST(relname AS TEXT), reltuples FROM pg_class"
            " WHERE relnamespace = CAST(current_schema() AS regnamespace)"
            " AND relname IN ('log_2026', 'records_2020')",
        )
    )
    # analysed: the planner's row counts are the real ones (a small table is read whole)
    assert counted == {
        "log_2026": raw_sql(pg_url, "SELECT count(*) FROM log_2026")[0][0],
        "records_2020": raw_sql(pg_url, "SELECT count(*) FROM records_2020")[0][0],
    }


def test_a_failed_import_leaves_no_partition_and_the_next_write_makes_it_again(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    town = generate_dataset(cases=6, year=2020)
    with open_store(pg_url) as store, in_year(monkeypatch, 2026):
        store.import_dataset(town)
        old = generate_dataset(cases=2, year=2016).cases
        with pytest.raises(StoreError):  # the second case is already there: all rolled back
            store.import_records([], [], [old[0], town.cases[0]])
        assert "records_2016" not in partitions_of(pg_url, "records")
        store.import_records([], [], [old[0]])  # the same Store object: it forgets nothing stale
        assert "records_2016" in partitions_of(pg_url, "records")


def test_reads_are_the_same_on_partitioned_plain_and_sqlite_stores(
    pg_url: str,
    plain_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same writes with the same salts: every read, root and report is the same."""
    data = county()
    urls = {"partitioned": pg_url, "plain": plain_url, "sqlite": f"sqlite:///{tmp_path / 's.db'}"}
    seen: dict[str, dict[str, Any]] = {}
    for name, url in urls.items():
        fix_salts(monkeypatch)  # each store from the same first salt
        write_over_three_years(url, data, monkeypatch)
        seen[name] = _reads(url, tmp_path / name, monkeypatch)
    assert seen["partitioned"]["version"] == 5
    assert seen["plain"]["version"] == 4  # opened and written as it was: no migration
    assert partitions_of(plain_url, "log") == {}
    assert raw_sql(
        plain_url,
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND column_name = 'year'",
    ) == [(0,)]
    for name in ("plain", "sqlite"):
        for key, value in seen["partitioned"].items():
            if key != "version":
                assert value == seen[name][key], (name, key)


def fix_salts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Salts 0, 1, 2, ... from now on, so that stores of the same writes hold the same log."""
    from enforcement.store import store as store_module

    counter = itertools.count()

    def salt() -> str:
        return f"{next(counter):032x}"

    monkeypatch.setattr(store_module, "new_salt", salt)
    monkeypatch.setattr(store_module, "new_salts", lambda n: [salt() for _ in range(n)])


def _reads(url: str, out: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    out.mkdir()
    monkeypatch.chdir(out)
    runner = CliRunner()
    got: dict[str, Any] = {}
    with open_store(url, create=False) as store:
        got["version"] = store.schema_version()
        got["dataset"] = store.dataset()
        report = store.verify()
        assert report.intact, report.breaks
        got["verify"] = (report.head, report.roots, report.entries, report.cases, report.records)
        parallel = store.verify(workers=2)
        assert (parallel.head, parallel.roots) == (report.head, report.roots)
        got["heads"] = {a: store.tree_head(a) for a in store.agency_ids()}
        got["proofs"] = {
            a: [store.inclusion_proof(i, agency_id=a) for i in (0, 7, n // 2, n - 1)]
            + [store.consistency_proof(n // 3, agency_id=a)]
            for a, n in store.log_sizes().items()
        }
        case_id = got["dataset"].cases[0].id
        got["history"] = store.history(case_id)
        got["records"] = store.records(case_id)
        got["entries"] = list(store.log_entries("xc", 0, 50))
        got["summary"] = summarize(store, year=2020).to_data()
        got["region"] = summarize_region(store, region="120100", year=2020).to_data()
        got["by_year"] = [c.id for c in store.cases(year=2019, agency_id="nk")]
    result = runner.invoke(cli, ["db", "export", "--db", url, "export.json"])
    assert result.exit_code == 0, result.output
    got["export"] = (out / "export.json").read_bytes()
    result = runner.invoke(cli, ["summary", "--db", url, "--year", "2020", "--json", "-"])
    assert result.exit_code == 0, result.output
    got["summary --db"] = result.stdout
    result = runner.invoke(
        cli, ["summary", "--db", url, "--region", "120100", "--year", "2020", "--json", "-"]
    )
    assert result.exit_code == 0, result.output
    got["summary --region"] = result.stdout
    return got


@pytest.mark.parametrize("table", ["log", "log_2026", "log_2027"])
@pytest.mark.parametrize(
    "statement",
    ["UPDATE {t} SET content = 'x'", "DELETE FROM {t}", "TRUNCATE {t}"],
)
def test_every_log_partition_refuses_changes(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, table: str, statement: str
) -> None:
    import psycopg

    with open_store(pg_url) as store, in_year(monkeypatch, 2026):
        store.import_dataset(generate_dataset(cases=3, year=2020))
    if table == "log_2027":  # the empty partition made ahead of New Year, then written to
        with open_store(pg_url) as store, in_year(monkeypatch, 2027):
            store.append_record("XC2020-00001", entry("LATER-1"))
    before = raw_sql(pg_url, "SELECT count(*) FROM log")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        raw_sql(pg_url, statement.format(t=table))
    assert raw_sql(pg_url, "SELECT count(*) FROM log") == before


def test_a_partition_attached_by_hand_refuses_updates_too(pg_url: str) -> None:
    """The row trigger is the partitioned table's: PostgreSQL gives it to every partition."""
    import psycopg

    open_store(pg_url).close()
    raw_sql(
        pg_url,
        "CREATE TABLE log_2040 PARTITION OF log FOR VALUES FROM (2040) TO (2041)",
        "INSERT INTO log (agency_id, idx, kind, subject, head, content, leaf, year)"
        " VALUES ('xc', 0, 'agency', 'xc', '{}', '{}', '\\x00', 2040)",
    )
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        raw_sql(pg_url, "UPDATE log_2040 SET content = 'x'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        raw_sql(pg_url, "DELETE FROM log_2040")


def test_a_detached_year_fails_verification(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    town = generate_dataset(cases=30, year=2020)
    with open_store(pg_url) as store:
        with in_year(monkeypatch, 2024):
            store.import_records(town.agencies, town.officers, town.cases[:10])
        with in_year(monkeypatch, 2025):
            store.import_records([], [], town.cases[10:])
    raw_sql(pg_url, "ALTER TABLE log DETACH PARTITION log_2024")
    with open_store(pg_url, create=False) as store:
        report = store.verify()
    assert not report.intact
    raw_sql(pg_url, "ALTER TABLE log ATTACH PARTITION log_2024 FOR VALUES FROM (2024) TO (2025)")
    with open_store(pg_url, create=False) as store:
        assert store.verify().intact
    raw_sql(pg_url, "ALTER TABLE records DETACH PARTITION records_2020")
    with open_store(pg_url, create=False) as store:
        assert not store.verify().intact


def test_a_position_written_again_in_another_years_partition_fails_verification(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key includes the year, so the database would take a second entry 5; verify does not."""
    with open_store(pg_url) as store, in_year(monkeypatch, 2024):
        store.import_dataset(generate_dataset(cases=5, year=2020))
    raw_sql(
        pg_url,
        "INSERT INTO log (agency_id, idx, kind, subject, head, content, leaf, year)"
        " SELECT agency_id, idx, kind, subject, head, content, leaf, 2025 FROM log_2024"
        " WHERE idx = 5",
    )
    with open_store(pg_url, create=False) as store:
        assert not store.verify().intact


def test_a_write_without_the_year_is_refused(pg_url: str) -> None:
    """Only the store's writer sets the year: a row without it has no partition to go to."""
    import psycopg

    open_store(pg_url).close()
    with pytest.raises(psycopg.errors.CheckViolation, match="no partition"):
        raw_sql(
            pg_url,
            "INSERT INTO log (agency_id, idx, kind, subject, head, content, leaf)"
            " VALUES ('xc', 0, 'agency', 'xc', '{}', '{}', '\\x00')",
        )


def test_concurrent_writers_create_a_new_year_once(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that needs a partition another open transaction is creating waits for it."""
    town = generate_dataset(cases=4, year=2020)
    with open_store(pg_url) as store, in_year(monkeypatch, 2026):
        store.import_dataset(town)
    with (
        open_store(pg_url) as first,
        open_store(pg_url) as second,
        in_year(monkeypatch, 2033),
    ):
        failures: list[BaseException] = []
        e = first._engine
        with e.write():
            years = partitions.YearPartitions(e)
            assert years.begin() == 2033  # creates log_2033 (and 2034), not committed yet

            def append() -> None:
                try:
                    second.append_record(town.cases[1].id, entry("LATER-2"))
                except BaseException as exc:  # pragma: no cover - reported below
                    failures.append(exc)

            thread = threading.Thread(target=append)
            thread.start()
            deadline = time.monotonic() + 30
            waiter_engine = second._engine
            assert isinstance(waiter_engine, PostgresEngine)
            waiter = waiter_engine.conn.info.backend_pid
            while not raw_sql(
                pg_url,
                "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = ?",
                params=(waiter,),
            ):
                assert time.monotonic() < deadline, "the second writer never waited"
                time.sleep(0.05)
        thread.join(60)
        assert not failures
        first.append_record(town.cases[0].id, entry("LATER-1"))
    assert rows_per_partition(pg_url, "log")["log_2033"] == 2
    with open_store(pg_url, create=False) as store:
        assert store.verify().intact


def test_db_init_prepares_this_and_next_years_log_partitions(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(pg_url).close()
    with in_year(monkeypatch, 2035):
        result = CliRunner().invoke(cli, ["db", "init", "--db", pg_url])
        assert result.exit_code == 0, result.output
        assert "created partitions log_2035, log_2036" in result.output
        again = CliRunner().invoke(cli, ["db", "init", "--db", pg_url])
    assert "created partitions" not in again.output
    assert "store ready (schema version 5)" in again.output


def test_a_server_without_partitioned_row_triggers_gets_plain_tables(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(partitions, "MIN_SERVER_VERSION", 10**9)
    town = generate_dataset(cases=4, year=2020)
    with open_store(pg_url) as store:
        store.import_dataset(town)
        store.append_record(town.cases[0].id, entry("LATER-1"))
        assert store.verify().intact
    assert partitions_of(pg_url, "log") == {}
    assert dict(raw_sql(pg_url, "SELECT relname, relkind FROM pg_class WHERE relname = 'log'")) == {
        "log": "r"
    }


def test_a_version_4_store_is_written_as_it_is(
    plain_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    town = generate_dataset(cases=4, year=2020)
    with open_store(plain_url) as store:
        store.import_dataset(town)
        store.append_record(town.cases[0].id, entry("LATER-1"))
        assert store.schema_version() == 4
        assert store.verify().intact
    with open_store(plain_url, create=False) as store:
        assert store.case(town.cases[0].id) is not None


def test_a_writer_that_cannot_create_the_partition_is_told_who_can(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(partitions.YearPartitions, "_create_ahead", lambda self, year: None)
    town = generate_dataset(cases=4, year=2020)
    with open_store(pg_url) as store, in_year(monkeypatch, 2026):
        store.import_dataset(town)
    if "postgres@" not in pg_url:
        pytest.skip("the test logs in as another role by replacing 'postgres@' in the URL")
    role = f"w_{uuid.uuid4().hex[:8]}"
    schema = pg_url.rsplit("schema=", 1)[1]
    raw_sql(
        PG_URL,
        f"CREATE ROLE {role} LOGIN",
        f'GRANT USAGE ON SCHEMA "{schema}" TO {role}',
        f'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA "{schema}" TO {role}',
    )
    try:
        as_writer = pg_url.replace("postgres@", f"{role}@", 1)
        with (
            open_store(as_writer) as store,
            in_year(monkeypatch, 2040),
            pytest.raises(StoreError, match="enforcement db init") as info,
        ):
            store.append_record(town.cases[0].id, entry("LATER-1"))
        assert "log has no partition for 2040" in str(info.value)
    finally:
        raw_sql(
            PG_URL,
            f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM {role}',
            f'REVOKE ALL ON SCHEMA "{schema}" FROM {role}',
            f"DROP ROLE {role}",
        )


def test_a_partitioned_store_survives_pg_dump_and_restore(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup of postgresql.md: the restored years verify to the same head and refuse changes."""
    import shutil
    import subprocess

    import psycopg

    from enforcement.store.url import PostgresURL, parse_url

    if shutil.which("pg_dump") is None or shutil.which("psql") is None:
        pytest.skip("pg_dump and psql are not installed")
    town = generate_dataset(cases=20, year=2020)
    with open_store(pg_url) as store:
        with in_year(monkeypatch, 2024):
            store.import_records(town.agencies, town.officers, town.cases[:10])
        with in_year(monkeypatch, 2025):
            store.import_records([], [], town.cases[10:])
        head = store.head_digest()
    parsed = parse_url(pg_url)
    assert isinstance(parsed, PostgresURL)
    conninfo = parsed.conninfo
    dump = subprocess.run(
        ["pg_dump", f"--schema={parsed.schema}", conninfo],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    drop_schema(parsed.schema)
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", conninfo],
        input=dump,
        capture_output=True,
        text=True,
        check=True,
    )
    with open_store(pg_url, create=False) as store:
        report = store.verify()
        assert report.intact
        assert report.head == head
    assert {"log_2024", "log_2025"} <= set(partitions_of(pg_url, "log"))
    for table in ("log_2024", "log"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            raw_sql(pg_url, f"TRUNCATE {table}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            raw_sql(pg_url, f"DELETE FROM {table}")
    with open_store(pg_url) as store, in_year(monkeypatch, 2026):
        store.append_record(town.cases[0].id, entry("LATER-1"))
        assert store.verify().intact
