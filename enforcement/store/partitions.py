"""Year partitions of a PostgreSQL store's ``log`` and ``records`` (schema version 5).

A new PostgreSQL store (server 13 or later) partitions its two large tables by
RANGE on a stored ``year`` column, one partition per year:

- ``log.year`` is the year (Asia/Shanghai) of the transaction that appended the
  entry. It is not part of the hashed bytes: it says where an entry is stored,
  nothing about what it proves. The writer fixes it once per transaction
  (:meth:`YearPartitions.begin`, from the server's ``now()``) in the setting
  ``enforcement.log_year``, which the column's default reads, so the store's
  ``COPY`` and ``INSERT`` statements name the same columns on both layouts.
  A row written without that setting has no year and is refused.
- ``records.year`` is the year its case was opened (``cases.opened_year``, fixed
  when the case is opened), written by the store with each row.

The partition for a year is created when a write first needs it, inside the
writing transaction and before the statement that needs it, under the store's
advisory lock (:meth:`enforcement.store.engines.Engine.lock_store`), so that
concurrent writers create it once. It is created as a plain table and then
attached (``ALTER TABLE ... ATTACH PARTITION``), which takes a SHARE UPDATE
EXCLUSIVE lock on the parent, not the ACCESS EXCLUSIVE lock of ``CREATE TABLE
... PARTITION OF``: readers and writers of the other years go on while the
creating transaction runs, and only another writer that needs a new partition
of the same table waits for it to commit. The first write of a year also
creates the next year's log partition when the lock is free, so that at New
Year the writers find it there.

There is no DEFAULT partition: a row that landed in it could never be moved to
its year's partition (that is a DELETE, which the log refuses), and creating a
year's partition next to a DEFAULT one scans and locks it.

The append-only triggers: the row trigger of the partitioned ``log`` is cloned
by PostgreSQL to every partition, including one attached by hand; a TRUNCATE
trigger is per table, so each log partition gets its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from enforcement.errors import StoreError
from enforcement.store.engines import Engine

log = logging.getLogger(__name__)

PARTITIONED = ("log", "records")
"""The tables partitioned by year."""

MIN_SERVER_VERSION = 130000
"""PostgreSQL 13: the first to allow row triggers (the append-only ones) on a partitioned table.
On an older server new stores get the plain tables."""

YEAR_SETTING = "enforcement.log_year"
"""The transaction-local setting holding the year of the log entries being appended."""

TRANSACTION_YEAR = "CAST(EXTRACT(YEAR FROM now() AT TIME ZONE 'Asia/Shanghai') AS INTEGER)"
"""SQL for the year, in China's time, of the current transaction (``now()`` is its start)."""

_HERE = "relnamespace = CAST(current_schema() AS regnamespace)"
"""SQL: a ``pg_class`` row is in the store's schema."""

_LOG_KEY = " PRIMARY KEY (agency_id, idx))"
_RECORDS_KEY = " PRIMARY KEY (case_id, seq), UNIQUE (case_id, entry_id))"


def partitioned_tables(statements: list[str]) -> list[str]:
    """The store's DDL with ``log`` and ``records`` partitioned by year.

    The keys gain the year, as PostgreSQL requires of a partitioned table's
    keys. ``log`` keeps ``(agency_id, idx)`` as its key's leading columns, so
    the key is also the lookup index by position (one B-tree per partition,
    not two); position stays unique per agency because the writer assigns it
    under the ``logs`` row lock, and ``verify`` checks that positions run from
    0 to size - 1. A case's record entries all have its year, so ``(case_id,
    seq)`` stays unique across partitions.
    """
    out = []
    for statement in statements:
        if statement.startswith("CREATE TABLE log ("):
            new = statement.replace(
                _LOG_KEY,
                " year INTEGER NOT NULL DEFAULT"
                f" CAST(NULLIF(current_setting('{YEAR_SETTING}', true), '') AS INTEGER),"
                " PRIMARY KEY (agency_id, idx, year)) PARTITION BY RANGE (year)",
            )
        elif statement.startswith("CREATE TABLE records ("):
            new = statement.replace(
                _RECORDS_KEY,
                " year INTEGER NOT NULL, PRIMARY KEY (case_id, seq, year),"
                " UNIQUE (case_id, entry_id, year)) PARTITION BY RANGE (year)",
            )
        else:
            new = statement
        out.append(new)
    changed = sum(a != b for a, b in zip(statements, out, strict=True))
    assert changed == len(PARTITIONED), "the log's or the records' definition changed"
    return out


def server_partitions(engine: Engine) -> bool:
    """Whether a new store on this engine is created partitioned (PostgreSQL 13 or later)."""
    if engine.name != "postgresql":
        return False
    row = engine.execute("SELECT current_setting('server_version_num')").fetchone()
    return int(row[0]) >= MIN_SERVER_VERSION


def partition_name(table: str, year: int) -> str:
    """The name of a table's partition for a year: ``log_2025``, ``records_2025``."""
    return f"{table}_{year}"


class YearPartitions:
    """The year partitions of one open partitioned store: found, or created when needed.

    Use inside a write transaction: :meth:`begin` before the transaction's
    first log entry, :meth:`ensure` before writing ``records`` rows of given years.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._known: set[tuple[str, int]] = set()
        self._ahead_tried: set[int] = set()
        self._year: int | None = None

    @classmethod
    def of(cls, engine: Engine) -> YearPartitions | None:
        """The partitions of the store on ``engine``, or ``None`` when its tables are plain."""
        if engine.name != "postgresql":
            return None
        row = engine.execute(
            "SELECT relkind FROM pg_class WHERE oid = to_regclass('log')"
        ).fetchone()
        return cls(engine) if row is not None and row[0] == "p" else None

    def begin(self) -> int:
        """Fix the year of the log entries this transaction appends; make sure its partition exists.

        Returns the year. What this object knows exists is forgotten first: a
        partition created by a transaction that was rolled back is gone.
        """
        e = self._engine
        # Every partition of the two tables that exists now (committed: nothing is created
        # in this transaction yet), read with the year in one round trip, so that
        # ensure() asks the catalog again only for a year it has not seen.
        # (Through pg_inherits' index on the parent: a scan of pg_class took 1-3 ms.)
        year, found = e.execute(
            "SELECT y, ARRAY(SELECT CAST(c.relname AS TEXT) FROM pg_inherits i JOIN pg_class c"
            " ON c.oid = i.inhrelid WHERE i.inhparent IN (CAST('log' AS regclass),"
            " CAST('records' AS regclass))) FROM (SELECT CAST(set_config("
            f"'{YEAR_SETTING}', CAST({TRANSACTION_YEAR} AS TEXT), true) AS INTEGER) AS y) t"
        ).fetchone()
        year = self._year = int(year)
        self._known = {
            (table, int(number))
            for table, _, number in (name.rpartition("_") for name in found)
            if table in PARTITIONED and number.isdigit()
        }
        if ("log", year) not in self._known:
            self.ensure("log", [year])
        if ("log", year + 1) not in self._known and year + 1 not in self._ahead_tried:
            self._ahead_tried.add(year + 1)
            self._create_ahead(year + 1)
        return year

    def ensure(self, table: str, years: Iterable[int]) -> None:
        """Create the partitions of ``table`` for ``years`` that do not exist yet."""
        wanted = sorted({y for y in years if (table, y) not in self._known})
        if not wanted:
            return
        e = self._engine
        missing = self._missing(table, wanted)
        if missing:
            e.lock_store()  # released at commit; concurrent writers create each partition once
            for year in self._missing(table, missing):
                self._create(table, year)
        self._known.update((table, y) for y in wanted)

    def analyze(self, rows: int) -> None:
        """After an import of ``rows`` rows: ``ANALYZE`` the partitions it wrote to that need it.

        A partition needs it when it has no statistics yet, or when the import
        added a tenth of its rows or more (autovacuum's own rule, which it
        applies later, or never where autovacuum is off). A partition freshly
        filled by an import without statistics misleads the planner: with each
        lookup by position probing every year's index, it priced one case's
        read high enough to start a parallel worker for it, and reading 1,000
        cases one by one after importing 20,000 over five years took 10.4 s
        against 0.85 s on plain tables (0.7 ms a case once analysed). Skipped,
        with a warning from the server, for a user who does not own the tables.
        """
        written = {("log", self._year)} if self._year is not None else set()
        written |= {(t, y) for t, y in self._known if t == "records"}
        names = [partition_name(t, y) for t, y in sorted(written)]
        stale = self._engine.execute(
            f"SELECT CAST(relname AS TEXT) FROM pg_class WHERE {_HERE}"
            " AND relname = ANY(CAST(? AS TEXT[])) AND (reltuples <= 0 OR ? >= reltuples / 10)"
            " ORDER BY relname",
            (names, rows),
        ).fetchall()
        for (name,) in stale:
            self._engine.execute(f"ANALYZE {name}")

    def prepare(self) -> list[str]:
        """Create this year's and next year's log partitions if missing; return the names created.

        For the owner of the tables (``enforcement db init``), where writers may
        not create tables: they then find the partitions they need.
        """
        e = self._engine
        year = int(e.execute(f"SELECT {TRANSACTION_YEAR}").fetchone()[0])
        years = [year, year + 1]
        e.lock_store()
        missing = self._missing("log", years)
        for year in missing:
            self._create("log", year)
        self._known.update(("log", y) for y in years)
        return [partition_name("log", y) for y in missing]

    def _missing(self, table: str, years: list[int]) -> list[int]:
        names = [partition_name(table, y) for y in years]
        # pg_class read in this statement's snapshot, not by name through the session's
        # catalog cache (to_regclass), which may still say "no such table" after another
        # writer's partition was committed.
        absent = {
            n
            for (n,) in self._engine.execute(
                "SELECT n FROM unnest(CAST(? AS TEXT[])) n WHERE NOT EXISTS"
                f" (SELECT 1 FROM pg_class WHERE {_HERE} AND relname = n)",
                (names,),
            ).fetchall()
        }
        return [y for y, n in zip(years, names, strict=True) if n in absent]

    def _create(self, table: str, year: int) -> None:
        e = self._engine
        name = partition_name(table, year)
        statements = [
            f"CREATE TABLE {name} (LIKE {table})",
            f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM ({year}) TO ({year + 1})",
        ]
        if table == "log":
            statements.append(
                f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name}"
                " FOR EACH STATEMENT EXECUTE FUNCTION log_append_only()"
            )
        try:
            for statement in statements:
                e.execute(statement)
        except Exception as exc:
            if not e.is_driver_error(exc):
                raise
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(
                f"{e.display}: {table} has no partition for {year} and this session could not"
                f" create it ({reason}); the owner of the store's tables can create this and next"
                " year's log partitions with `enforcement db init --db URL`"
            ) from None
        log.info("created partition %s of %s in %s", name, table, e.display)

    def _create_ahead(self, year: int) -> None:
        """Create next year's log partition if no other writer holds the lock; never fail."""
        e = self._engine
        try:
            with e.savepoint():
                got = e.execute(
                    "SELECT pg_try_advisory_xact_lock(hashtext(current_schema()))"
                ).fetchone()[0]
                if not got:
                    return
                if self._missing("log", [year]):
                    self._create("log", year)
        except StoreError as exc:
            log.info("next year's log partition was not created: %s", exc)
            return
        self._known.add(("log", year))
