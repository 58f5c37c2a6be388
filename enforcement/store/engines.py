"""The two database engines behind a store: an SQLite file and a PostgreSQL schema.

An engine hides the differences the store's SQL cannot: placeholders, how a
write transaction takes its lock, streaming cursors, bulk loading, and how the
driver's errors become the library's errors. Store SQL is written with ``?``
placeholders and SQL common to both engines.
"""

from __future__ import annotations

import abc
import itertools
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar, Protocol

from enforcement.errors import (
    DuplicateIdError,
    StoreConnectionError,
    StoreError,
    StoreLockedError,
)
from enforcement.store.url import PostgresURL, SQLiteURL

log = logging.getLogger(__name__)

_ROWS_PER_INSERT = 64
"""Rows per INSERT statement in SQLite's bulk inserts (see :meth:`SQLiteEngine.bulk_insert`)."""


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses."""

    def fetchone(self) -> Any:
        """The next row, or ``None``."""

    def fetchall(self) -> list[Any]:
        """All remaining rows."""


class Engine(abc.ABC):
    """One open connection to a store's database."""

    name: ClassVar[str]
    """``sqlite`` or ``postgresql``."""
    for_update: ClassVar[str] = ""
    """Suffix that locks the selected rows until the transaction ends."""

    def __init__(self, display: str, timeout: float) -> None:
        self.display = display
        self.timeout = timeout

    @abc.abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement written with ``?`` placeholders."""

    @abc.abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""

    @abc.abstractmethod
    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert many rows into ``table`` as fast as the engine can."""

    @abc.abstractmethod
    def write(self) -> AbstractContextManager[None]:
        """A write transaction holding the engine's write lock; rolled back on any exception."""

    @abc.abstractmethod
    def read(self) -> AbstractContextManager[None]:
        """A read transaction that sees one consistent snapshot."""

    @abc.abstractmethod
    def reading(self) -> AbstractContextManager[None]:
        """A block of whole-store streams, held open where that makes them stream through a cursor.

        PostgreSQL: :meth:`read` held for the block (one ``REPEATABLE READ READ ONLY``
        transaction), in which :meth:`cursor_streams` is true. SQLite: nothing; each
        read keeps its own transaction, as outside the block.
        """

    @abc.abstractmethod
    def cursor_streams(self) -> bool:
        """Whether a whole-store stream should now run through one :meth:`chunks` cursor.

        True on PostgreSQL inside a transaction (a named cursor lives in one); the
        store then streams a query once instead of paging it by key.
        """

    @abc.abstractmethod
    def stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000) -> Iterator[Any]:
        """The rows of a query, fetched in batches (call inside :meth:`read`)."""

    @abc.abstractmethod
    def chunks(self, sql: str, params: Sequence[Any] = (), size: int = 4096) -> Iterator[list[Any]]:
        """The rows of a query in lists of up to ``size`` (call inside :meth:`read`)."""

    @abc.abstractmethod
    def lock_store(self) -> None:
        """Serialise schema creation and migration between processes (inside :meth:`write`)."""

    @abc.abstractmethod
    def table_names(self) -> set[str]:
        """Names of the tables of the store (excluding engine-internal ones)."""

    @abc.abstractmethod
    def blob(self, column: str) -> str:
        """SQL giving a text column's stored UTF-8 bytes."""

    @abc.abstractmethod
    def document(self, column: str) -> str:
        """SQL giving a stored document the way this driver hands it over fastest, to be parsed:
        ``bytes`` or ``str`` (see ``enforcement.store.store._build_case``)."""

    @abc.abstractmethod
    def leaf_input(self, head: str, content: str) -> str:
        """SQL giving the bytes a leaf hash covers: ``0x00 || head || LF || content`` (stored UTF-8)."""

    @abc.abstractmethod
    def json_quote(self, expr: str) -> str:
        """SQL giving a text value as a JSON string literal, as Python's ``json.dumps(ensure_ascii=False)``."""

    @abc.abstractmethod
    def savepoint(self) -> AbstractContextManager[None]:
        """A block whose failed statement leaves the enclosing transaction usable."""

    @abc.abstractmethod
    def any_of(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """SQL (and its parameters) testing that ``column`` is one of ``values``."""

    @abc.abstractmethod
    def translate(self, exc: Exception) -> StoreError:
        """The library error for a driver error."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection."""

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn driver errors raised inside into :class:`StoreError` subclasses."""
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            if self.is_driver_error(exc):
                raise self.translate(exc) from exc
            raise

    @abc.abstractmethod
    def is_driver_error(self, exc: Exception) -> bool:
        """Whether ``exc`` comes from the database driver."""


class SQLiteEngine(Engine):
    """An SQLite file in WAL mode; writers take ``BEGIN IMMEDIATE`` and wait up to the busy timeout."""

    name = "sqlite"

    def __init__(self, url: SQLiteURL, *, create: bool) -> None:
        super().__init__(url.display(), url.timeout)
        path = url.path
        if path != ":memory:":
            file = Path(path)
            if file.is_dir():
                raise StoreConnectionError(f"{self.display}: {path} is a directory, not a database")
            if not file.exists():
                if not create:
                    raise StoreConnectionError(
                        f"{self.display}: no store at {path} (create one with `enforcement db init`)"
                    )
                if not file.parent.is_dir():
                    raise StoreConnectionError(
                        f"{self.display}: cannot create {path}: directory {file.parent} does not exist"
                    )
        try:
            self.conn = sqlite3.connect(
                path, timeout=url.timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreConnectionError(f"{self.display}: cannot open {path}: {exc}") from None
        try:
            with self.guard():
                self.conn.execute("PRAGMA foreign_keys = ON")
                # Only a command that may create the store changes the file: a
                # reading command must leave an empty or foreign file as it was.
                if path != ":memory:" and create:
                    self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
                self.conn.execute(f"PRAGMA synchronous = {url.synchronous.upper()}")
        except StoreError:
            self.conn.close()
            raise

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement."""
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement per row."""
        self.conn.executemany(sql, rows)

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """``executemany`` of an INSERT of up to 64 rows at a time.

        A statement per 64 rows rather than per row: about 10% less time in
        SQLite, and the import's writer thread gives up and takes back the GIL
        once per statement, not once per row.
        """
        width = len(columns)
        k = max(1, min(_ROWS_PER_INSERT, 999 // width))  # 999: SQLite's oldest variable limit
        one = "(" + ", ".join("?" * width) + ")"
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        whole = len(rows) - len(rows) % k
        if whole:
            chain = itertools.chain.from_iterable
            self.conn.executemany(
                insert + ", ".join([one] * k),
                [tuple(chain(rows[i : i + k])) for i in range(0, whole, k)],
            )
        if whole < len(rows):
            self.conn.executemany(insert + one, rows[whole:])

    @contextmanager
    def write(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``: one writer at a time, others wait (busy timeout)."""
        with self.guard():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[None]:
        """A deferred transaction: in WAL mode, a snapshot that never blocks writers."""
        with self.guard():
            if self.conn.in_transaction:
                yield
                return
            self.conn.execute("BEGIN")
            try:
                yield
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Nothing: a page read in its own transaction costs SQLite nothing, and a read
        transaction held across a long stream would keep the WAL from being checkpointed
        while writers go on."""
        yield

    def cursor_streams(self) -> bool:
        """Never: the store pages its streams by key on SQLite."""
        return False

    def stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000) -> Iterator[Any]:
        """The cursor itself: sqlite3 steps through the result a row at a time, lazily."""
        return iter(self.conn.execute(sql, params))

    def chunks(self, sql: str, params: Sequence[Any] = (), size: int = 4096) -> Iterator[list[Any]]:
        """``fetchmany`` on the cursor, which steps through the result lazily."""
        cursor = self.conn.execute(sql, params)
        while rows := cursor.fetchmany(size):
            yield rows

    def lock_store(self) -> None:
        """``BEGIN IMMEDIATE`` already excludes other writers."""

    def table_names(self) -> set[str]:
        """User tables of the file."""
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {name for (name,) in rows if not name.startswith("sqlite_")}

    def blob(self, column: str) -> str:
        """``CAST(column AS BLOB)``: the stored bytes, even if they are no longer valid UTF-8."""
        return f"CAST({column} AS BLOB)"

    def document(self, column: str) -> str:
        """The stored bytes (:meth:`blob`): no ``str`` is built for a document only to be parsed."""
        return self.blob(column)

    def leaf_input(self, head: str, content: str) -> str:
        """One concatenation in SQLite, so Python hashes the blob as it comes."""
        return f"CAST(x'00' || {head} || x'0a' || {content} AS BLOB)"

    def json_quote(self, expr: str) -> str:
        """``json_quote(expr)``."""
        return f"json_quote({expr})"

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Nothing to do: a failed SELECT does not end an SQLite transaction."""
        yield

    def any_of(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column IN (?, ?, ...)``."""
        return f"{column} IN ({', '.join('?' * len(values))})", list(values)

    def is_driver_error(self, exc: Exception) -> bool:
        """sqlite3 errors."""
        return isinstance(exc, sqlite3.Error)

    def translate(self, exc: Exception) -> StoreError:
        """Locked, not a database, duplicate key, append-only refusal, or other."""
        message = str(exc)
        if "locked" in message or "busy" in message:
            return StoreLockedError(
                f"{self.display}: the database is locked by another process "
                f"(waited {self.timeout:g} s); try again later or raise ?timeout="
            )
        if "not a database" in message or "malformed" in message or "encrypted" in message:
            return StoreConnectionError(
                f"{self.display}: not an SQLite database, or a damaged one ({message})"
            )
        if isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in message:
            return DuplicateIdError([("$", message)], source=self.display)
        return StoreError(f"{self.display}: {message}")

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL when the last one closes)."""
        self.conn.close()


class PostgresEngine(Engine):
    """A PostgreSQL schema; writers lock the rows they change (``SELECT ... FOR UPDATE``)."""

    name = "postgresql"
    for_update = " FOR UPDATE"

    def __init__(self, url: PostgresURL, *, create: bool) -> None:
        super().__init__(url.display(), url.timeout)
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is in the test extra
            raise StoreError(
                "PostgreSQL stores need psycopg: pip install 'enforcement[postgres]'"
            ) from None
        self._psycopg = psycopg
        self.schema = url.schema
        self._cursors = 0
        try:
            self.conn: Any = psycopg.connect(url.conninfo, autocommit=True)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise StoreConnectionError(f"cannot connect to {self.display}: {reason}") from None
        try:
            with self.guard():
                exists = self.conn.execute(
                    "SELECT 1 FROM pg_namespace WHERE nspname = %s", (self.schema,)
                ).fetchone()
                if not exists:
                    if not create:
                        raise StoreConnectionError(
                            f"{self.display}: no schema {self.schema!r} (create the store with "
                            "`enforcement db init`)"
                        )
                    self.conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
                self.conn.execute(f'SET search_path TO "{self.schema}"')
                self.conn.execute(f"SET lock_timeout = {int(url.timeout * 1000)}")
        except StoreError:
            self.conn.close()
            raise

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement."""
        cursor: Cursor = self.conn.execute(self._sql(sql), params or None)
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement per row (psycopg pipelines them)."""
        with self.conn.cursor() as cur:
            cur.executemany(self._sql(sql), list(rows))

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """``COPY ... FROM STDIN``."""
        with (
            self.conn.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    @contextmanager
    def write(self) -> Iterator[None]:
        """A transaction; rows are locked by the statements that need them."""
        with self.guard(), self.conn.transaction():
            yield

    @contextmanager
    def read(self) -> Iterator[None]:
        """A ``REPEATABLE READ`` transaction: one snapshot for all its queries."""
        with self.guard():
            if self.conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
                yield
                return
            with self.conn.transaction():
                self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield

    def reading(self) -> AbstractContextManager[None]:
        """:meth:`read`, held for the block: one snapshot, in which streams use named cursors."""
        return self.read()

    def cursor_streams(self) -> bool:
        """Inside a transaction (the named cursor's lifetime)."""
        status = self.conn.info.transaction_status
        return bool(status != self._psycopg.pq.TransactionStatus.IDLE)

    def stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000) -> Iterator[Any]:
        """A server-side cursor: memory stays flat however many rows there are."""
        self._cursors += 1
        with self.conn.cursor(name=f"enforcement_stream_{self._cursors}") as cur:
            cur.itersize = batch
            cur.execute(self._sql(sql), params or None)
            yield from cur

    def chunks(self, sql: str, params: Sequence[Any] = (), size: int = 4096) -> Iterator[list[Any]]:
        """``fetchmany`` on a server-side cursor."""
        self._cursors += 1
        with self.conn.cursor(name=f"enforcement_chunks_{self._cursors}") as cur:
            cur.execute(self._sql(sql), params or None)
            while rows := cur.fetchmany(size):
                yield rows

    def lock_store(self) -> None:
        """A transaction-level advisory lock keyed by the schema name."""
        self.conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema,))

    def table_names(self) -> set[str]:
        """Tables of the store's schema."""
        rows = self.conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (self.schema,)
        ).fetchall()
        return {name for (name,) in rows}

    def blob(self, column: str) -> str:
        """``convert_to(column, 'UTF8')``."""
        return f"convert_to({column}, 'UTF8')"

    def document(self, column: str) -> str:
        """The text itself: a ``bytea`` would travel as hex text and be decoded twice."""
        return column

    def leaf_input(self, head: str, content: str) -> str:
        """A ``bytea`` built on the server (text cannot hold a NUL byte)."""
        return f"'\\x00'::bytea || convert_to({head} || E'\\n' || {content}, 'UTF8')"

    def json_quote(self, expr: str) -> str:
        """``to_json(expr::text)::text``."""
        return f"to_json(CAST({expr} AS text))::text"

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction (``SAVEPOINT``), rolled back on error."""
        with self.conn.transaction():
            yield

    def any_of(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column = ANY(?)`` with one array parameter."""
        return f"{column} = ANY(?)", [list(values)]

    def is_driver_error(self, exc: Exception) -> bool:
        """psycopg errors."""
        return isinstance(exc, self._psycopg.Error)

    def translate(self, exc: Exception) -> StoreError:
        """Lock timeout, unique violation, lost connection, or other."""
        errors = self._psycopg.errors
        message = str(exc).strip()
        if isinstance(exc, errors.LockNotAvailable):
            return StoreLockedError(
                f"{self.display}: rows are locked by another session (waited {self.timeout:g} s)"
            )
        if isinstance(exc, errors.UniqueViolation):
            return DuplicateIdError([("$", message)], source=self.display)
        if isinstance(exc, self._psycopg.OperationalError):
            return StoreConnectionError(f"{self.display}: {message}")
        return StoreError(f"{self.display}: {message}")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
