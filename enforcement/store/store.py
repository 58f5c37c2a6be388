"""The :class:`Store`: one API over an SQLite file or a PostgreSQL schema.

Everything the store holds is an entry of its agency's append-only log
(:mod:`enforcement.store.log`): every version of an agency, an officer and a
case document (the case without its records), and every record entry. The
tables ``agencies``, ``officers``, ``cases`` and ``records`` are indexes into
the log: the position of each object's latest version, and the columns that
are queried. Reads take the documents from the log, and :meth:`Store.verify`
checks every index row against it. A Merkle tree (RFC 9162) over each log is
kept up to date as entries are appended (:mod:`enforcement.store.tree`).
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from types import TracebackType
from typing import Any

import attrs
import orjson
from attrs import frozen

from enforcement.bulk import paused_gc
from enforcement.converter import fast_structure, structure, unstructure
from enforcement.errors import (
    ChainIntegrityError,
    DuplicateIdError,
    FieldError,
    SchemaVersionError,
    StoreConnectionError,
    UnknownIdError,
    ValidationError,
)
from enforcement.models import (
    Agency,
    Case,
    Dataset,
    Decision,
    LegalReview,
    Officer,
    PublicNotice,
    RecordEntry,
    ReviewCheck,
    ReviewOutcome,
)
from enforcement.store import documents
from enforcement.store.engines import Engine
from enforcement.store.facts import AGENCY_FACTS, CASE_FACTS, agency_columns, case_columns
from enforcement.store.log import (
    LogEntry,
    canonical,
    entry_head,
    leaf_of,
    new_salt,
    new_salts,
)
from enforcement.store.partitions import YearPartitions, server_partitions
from enforcement.store.schema import (
    OPENS_AS_IS,
    SCHEMA_VERSION,
    VERSION_TABLE,
    OldDocuments,
    ddl,
    migrate,
)
from enforcement.store.tree import TILE, NodeBuilder, StoredTree
from enforcement.store.verify import VerifyReport, verify_store
from enforcement.transparency.checkpoint import Checkpoint, origin_for, sign_checkpoint
from enforcement.transparency.keys import SigningKey
from enforcement.transparency.merkle import consistency_proof, inclusion_proof
from enforcement.validation import case_problems, dataset_problems

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""A progress callback: ``(done, total)``."""

_BATCH = 500
_quote = json.encoder.encode_basestring
_DUPLICATE = re.compile(r"duplicate|already")


@frozen(kw_only=True)
class StoreCounts:
    """How many of each thing a store holds."""

    agencies: int
    officers: int
    cases: int
    records: int


@frozen(kw_only=True)
class ChainedEntry:
    """A record entry as stored: its place in the case and in its agency's log."""

    case_id: str
    """案件标识: the case whose record holds the entry."""
    seq: int
    """Position in the case's record, from 1."""
    entry: RecordEntry
    """The entry itself."""
    agency_id: str
    """The agency whose log holds it."""
    index: int
    """Its leaf index in the agency's log."""
    leaf: str
    """Its leaf hash (hex)."""


@frozen(kw_only=True)
class CaseVersion:
    """One entry of a case's history: a version of its document, or a record entry."""

    index: int
    """Leaf index in the agency's log."""
    kind: str
    """``case`` (a version of the case document) or ``record``."""
    seq: int | None
    """For a record entry, its place in the case's record."""
    data: dict[str, Any]
    """The document as stored (JSON data of the case without records, or of the entry)."""


@frozen(kw_only=True)
class LogPosition:
    """Where an entry sits in its agency's log, and the tree size that holds it."""

    agency_id: str
    index: int
    size: int


class _LogWriter:
    """Appends entries to one agency's log, inside a write transaction.

    Holds the log's row lock (PostgreSQL) for the transaction, so concurrent
    writers to one agency's log queue up; SQLite's ``BEGIN IMMEDIATE`` does
    the same for the whole file.
    """

    def __init__(self, engine: Engine, agency_id: str) -> None:
        e = self._engine = engine
        self.agency_id = agency_id
        row = e.execute(
            f"SELECT size FROM logs WHERE agency_id = ?{e.for_update}", (agency_id,)
        ).fetchone()
        if row is None:
            e.execute("INSERT INTO logs (agency_id, size) VALUES (?, 0)", (agency_id,))
            size = 0
        else:
            size = int(row[0])
        leaves = [
            bytes(leaf)
            for (leaf,) in e.execute(
                "SELECT leaf FROM log WHERE agency_id = ? AND idx >= ? ORDER BY idx",
                (agency_id, size - size % TILE),
            ).fetchall()
        ]
        tiles = size // TILE
        nodes = [
            bytes(h)
            for (h,) in e.execute(
                "SELECT hash FROM log_nodes WHERE agency_id = ? AND level = 8 AND idx >= ?"
                " ORDER BY idx",
                (agency_id, tiles - tiles % TILE),
            ).fetchall()
        ]
        if len(leaves) != size % TILE:
            raise ChainIntegrityError(
                f"the log of agency {agency_id!r} holds {len(leaves)} entries in its last tile,"
                f" its size says {size % TILE}; run `enforcement db verify`"
            )
        self._builder = NodeBuilder(size, leaves, nodes[: tiles % TILE])
        self._size = size
        self._rows: list[tuple[Any, ...]] = []
        self._leaves: list[bytes] = []  # leaves not yet given to the builder

    @property
    def size(self) -> int:
        """The log's size, counting what was added."""
        return self._size

    def add(
        self,
        kind: str,
        subject: str,
        doc: str,
        *,
        seq: int | None = None,
        entry_id: str | None = None,
    ) -> tuple[int, bytes]:
        """Queue one entry; return its index and leaf hash."""
        head = entry_head(kind, subject, salt=new_salt(), seq=seq, entry_id=entry_id)
        leaf = leaf_of(head, doc)
        index = self._size
        self._size += 1
        self._rows.append((self.agency_id, index, kind, subject, head, doc, leaf))
        self._leaves.append(leaf)
        return index, leaf

    def add_case(self, case_id: str, doc: str, entries: Sequence[tuple[str, str]]) -> int:
        """Queue a case version and its record entries ``(entry id, doc)``, seq from 1.

        The same entries as :meth:`add` writes, one by one (tests check it),
        with the per-entry work done inline: import spends its time here.
        Returns the index of the case version; record entry ``seq`` follows it
        at ``index + seq``.
        """
        quote = _quote
        sha256 = hashlib.sha256
        agency_id = self.agency_id
        subject = quote(case_id)
        salts = new_salts(len(entries) + 1)
        first = self._size
        rows = self._rows
        leaves = self._leaves
        head = f'{{"kind":"case","salt":"{salts[0]}","subject":{subject}}}'
        leaf = sha256(f"\x00{head}\n{doc}".encode()).digest()
        rows.append((agency_id, first, "case", case_id, head, doc, leaf))
        leaves.append(leaf)
        tail = f',"subject":{subject}}}'
        index = first
        for (entry_id, content), salt in zip(entries, salts[1:], strict=True):
            index += 1
            head = (
                f'{{"entry":{quote(entry_id)},"kind":"record","salt":"{salt}",'
                f'"seq":{index - first}{tail}'
            )
            leaf = sha256(f"\x00{head}\n{content}".encode()).digest()
            rows.append((agency_id, index, "record", case_id, head, content, leaf))
            leaves.append(leaf)
        self._size = index + 1
        return first

    def take(self) -> list[_Insert]:
        """The inserts of the queued entries and of the tree nodes they complete, dequeued."""
        out: list[_Insert] = []
        nodes = [
            (self.agency_id, level, i, h) for level, i, h in self._builder.extend(self._leaves)
        ]
        self._leaves = []
        if self._rows:
            out.append(("log", _LOG_COLUMNS, self._rows))
            self._rows = []
        if nodes:
            out.append(("log_nodes", _NODE_COLUMNS, nodes))
        return out

    def flush(self) -> None:
        """Write the queued entries and the tree nodes they complete."""
        for table, columns, rows in self.take():
            self._engine.bulk_insert(table, columns, rows)

    def finish(self) -> None:
        """Write what is queued and the log's new size."""
        self.flush()
        self._engine.execute(
            "UPDATE logs SET size = ? WHERE agency_id = ?", (self.size, self.agency_id)
        )


_LOG_COLUMNS = ("agency_id", "idx", "kind", "subject", "head", "content", "leaf")
_NODE_COLUMNS = ("agency_id", "level", "idx", "hash")

_Insert = tuple[str, Sequence[str], list[tuple[Any, ...]]]
"""``(table, columns, rows)`` for :meth:`Engine.bulk_insert`."""


class _Pipeline:
    """Runs one batch's inserts in a background thread while the caller prepares the next.

    Only for SQLite: ``sqlite3`` releases the GIL while SQLite steps through
    an ``executemany``, so serialising, hashing and validating the next batch
    overlap with writing this one. At most one batch is in flight, and the
    caller touches the connection only after :meth:`wait`, so statements never
    interleave. Without a thread (``enabled=False``) every insert runs at once.
    """

    def __init__(self, engine: Engine, *, enabled: bool) -> None:
        self._engine = engine
        self._pool = ThreadPoolExecutor(1, "enforcement-import") if enabled else None
        self._pending: Future[None] | None = None

    def submit(self, inserts: list[_Insert]) -> None:
        """Write ``inserts`` in order, in the background when enabled."""
        if self._pool is None:
            self._run(inserts)
            return
        self.wait()
        self._pending = self._pool.submit(self._run, inserts)

    def _run(self, inserts: list[_Insert]) -> None:
        for table, columns, rows in inserts:
            if rows:
                self._engine.bulk_insert(table, columns, rows)

    def wait(self) -> None:
        """Wait for the batch in flight; re-raise its error."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Stop the thread once the batch in flight (if any) is done (errors already raised or moot)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)


class _Writers:
    """One :class:`_LogWriter` per agency, opened on first use."""

    def __init__(self, engine: Engine, pipeline: _Pipeline | None = None) -> None:
        self._engine = engine
        self._pipeline = pipeline
        self._open: dict[str, _LogWriter] = {}

    def __getitem__(self, agency_id: str) -> _LogWriter:
        writer = self._open.get(agency_id)
        if writer is None:
            if self._pipeline is not None:
                self._pipeline.wait()  # opening a writer reads the log's tail
            writer = self._open[agency_id] = _LogWriter(self._engine, agency_id)
        return writer

    def take(self) -> list[_Insert]:
        return [insert for writer in self._open.values() for insert in writer.take()]

    def flush(self) -> None:
        for writer in self._open.values():
            writer.flush()

    def finish(self) -> None:
        for writer in self._open.values():
            writer.finish()


class Store:
    """Enforcement records kept in a database, every fact an entry of a signed-able Merkle log.

    Open one with :func:`enforcement.open_store`. A store is a context manager;
    :meth:`close` releases its connection. One ``Store`` object is not meant to
    be shared between threads; open one per thread or process.
    """

    def __init__(
        self, engine: Engine, *, opened_with: str | None = None, create: bool = True
    ) -> None:
        self._engine = engine
        self._opened_with = opened_with
        self._power_codes: dict[tuple[str, int], set[str]] = {}
        self._partitions: YearPartitions | None = None
        self._layout_read = False
        try:
            self._ensure_schema(create)
        except BaseException:
            engine.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The store's URL (without any password)."""
        return self._engine.display

    @property
    def opened_with(self) -> str | None:
        """The URL this store was opened with, to open it again in another process.

        It may contain a password: never log or print it (use :attr:`url`).
        """
        return self._opened_with

    @property
    def engine(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.name

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        self._engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.url}>"

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        with self._engine.read():
            return int(self._engine.execute(f"SELECT version FROM {VERSION_TABLE}").fetchone()[0])

    def _read_version(self) -> int | None:
        e = self._engine
        tables = e.table_names()
        if VERSION_TABLE not in tables:
            if tables:
                raise SchemaVersionError(
                    0,
                    SCHEMA_VERSION,
                    f"{self.url} is a database but not an enforcement store "
                    f"(it holds tables {', '.join(sorted(tables)[:5])})",
                )
            return None
        rows = e.execute(f"SELECT version FROM {VERSION_TABLE}").fetchall()
        if len(rows) != 1 or not isinstance(rows[0][0], int):
            raise SchemaVersionError(0, SCHEMA_VERSION, f"{self.url}: damaged schema version table")
        version: int = rows[0][0]
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                version,
                SCHEMA_VERSION,
                f"{self.url} was written by a newer version of enforcement "
                f"(schema version {version}; this version reads up to {SCHEMA_VERSION}); "
                "upgrade the enforcement package",
            )
        return version

    def _ensure_schema(self, create: bool) -> None:
        e = self._engine
        with e.read():
            version = self._read_version()
        if version in OPENS_AS_IS:
            return
        if not create:
            if version is None:
                raise StoreConnectionError(
                    f"{self.url}: not an enforcement store (empty; create one with "
                    "`enforcement db init` or `enforcement db import`)"
                )
            raise SchemaVersionError(
                version,
                SCHEMA_VERSION,
                f"{self.url} has schema version {version}; this version writes "
                f"{SCHEMA_VERSION}: migrate it once with `enforcement db init --db URL`",
            )
        with e.write():
            e.lock_store()
            version = self._read_version()  # another process may have got there first
            if version is None:
                log.info(
                    "creating an enforcement store (schema version %d) at %s",
                    SCHEMA_VERSION,
                    self.url,
                )
                for statement in ddl(e.name, by_year=server_partitions(e)):
                    e.execute(statement)
                years = self._year_partitions()
                if years is not None:
                    years.prepare()
            elif version < SCHEMA_VERSION:
                migrate(e, version, self._append_old)

    def _year_partitions(self) -> YearPartitions | None:
        """The year partitions of a partitioned PostgreSQL store; ``None`` for plain tables.

        Read from the catalog on first use (after the tables exist).
        """
        if not self._layout_read:
            self._partitions = YearPartitions.of(self._engine)
            self._layout_read = True
        return self._partitions

    def prepare_partitions(self) -> list[str]:
        """Create this year's and next year's log partitions where missing; the names created.

        Only a partitioned PostgreSQL store has them (see
        :mod:`enforcement.store.partitions`); elsewhere this does nothing.
        Writers create a partition when they first need it, which takes the
        rights of the tables' owner: ``enforcement db init`` runs this, so the
        owner can prepare the year for writers that lack them.
        """
        years = self._year_partitions()
        if years is None:
            return []
        with self._engine.write():
            return years.prepare()

    def _append_old(self, old: OldDocuments) -> None:
        agencies, officers, cases = old
        self._write_all(
            [documents.build(d, Agency) for d in agencies],
            [documents.build(d, Officer) for d in officers],
            (_build_case(doc, records) for doc, records in cases),
            problems=[],
            progress=None,
            total=None,
        )

    # -- reads -------------------------------------------------------------------------------

    def counts(self) -> StoreCounts:
        """How many agencies, officers, cases and record entries the store holds."""
        e = self._engine
        with e.read():
            n = [
                int(e.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("agencies", "officers", "cases", "records")
            ]
        return StoreCounts(agencies=n[0], officers=n[1], cases=n[2], records=n[3])

    def agencies(self) -> list[Agency]:
        """Every agency, in the order they were added."""
        with self._engine.read():
            rows = self._engine.execute(
                f"SELECT {_DOC.format(agency='a.id', idx='a.idx')} FROM agencies a ORDER BY a.pos"
            ).fetchall()
        return [documents.build(doc, Agency) for (doc,) in rows]

    def officers(self, agency_id: str | None = None) -> list[Officer]:
        """Every officer (of one agency, if given), in the order they were added."""
        sql = f"SELECT {_DOC.format(agency='o.agency_id', idx='o.idx')} FROM officers o"
        params = [] if agency_id is None else [agency_id]
        if agency_id is not None:
            sql += " WHERE o.agency_id = ?"
        with self._engine.read():
            rows = self._engine.execute(sql + " ORDER BY o.pos", params).fetchall()
        return [documents.build(doc, Officer) for (doc,) in rows]

    def case(self, case_id: str) -> Case | None:
        """The case with this id, with all its record entries, or ``None``."""
        e = self._engine
        with e.read():
            row = e.execute(
                "SELECT l.content FROM cases c JOIN log l ON l.agency_id = c.agency_id"
                " AND l.idx = c.idx WHERE c.id = ?",
                (case_id,),
            ).fetchone()
            if row is None:
                return None
            contents = e.execute(
                "SELECT l.content FROM records r JOIN log l ON l.agency_id = r.agency_id"
                " AND l.idx = r.idx WHERE r.case_id = ? ORDER BY r.seq",
                (case_id,),
            ).fetchall()
        return _build_case(row[0], [c for (c,) in contents])

    def cases(
        self,
        *,
        year: int | None = None,
        agency_id: str | None = None,
        shard: tuple[int, int] | None = None,
        acts_from: int | None = None,
    ) -> Iterator[Case]:
        """Stream cases in the order they were added, optionally filtered.

        ``year`` selects cases by the year of ``opened_on`` (立案日期); ``agency_id``
        by agency. ``shard=(i, n)`` streams the ``i``-th of ``n`` contiguous
        slices of the selection, so that ``n`` processes can share the work. Cases
        are read in pages of a few hundred, so memory stays flat however large the
        store. Outside :meth:`reading`, and always on SQLite, each page is read by
        position in its own transaction: each page is a consistent snapshot, the
        whole iteration is not (a case added meanwhile may or may not appear), and
        the caller may write to the store between pages. Inside :meth:`reading` on
        PostgreSQL the whole iteration reads one snapshot through one server-side
        cursor. ``acts_from`` keeps only the
        cases with an act that the annual tables count by its own date (other than
        the decision's penalty) in that year or later: its typed column
        ``acts_until`` reaches it (see :mod:`enforcement.store.facts`).
        """
        e = self._engine
        filters: list[str] = []
        params: list[Any] = []
        if acts_from is not None:
            filters.append("c.acts_until >= ?")
            params.append(acts_from)
        if year is not None:
            filters.append("c.opened_year = ?")
            params.append(year)
        if agency_id is not None:
            filters.append("c.agency_id = ?")
            params.append(agency_id)
        where = ["c.pos > ?", *filters]
        params.insert(0, -1)
        if shard is not None:
            index, count = shard
            if not 0 <= index < count:
                raise ValueError(f"shard must be (i, n) with 0 <= i < n, got {shard!r}")
            condition = " AND ".join(filters) or "1 = 1"
            with e.read():
                low, high = e.execute(
                    f"SELECT min(c.pos), max(c.pos) FROM cases c WHERE {condition}", params[1:]
                ).fetchone()
            if low is None:
                return
            span = high - low + 1
            where += ["c.pos >= ?", "c.pos < ?"]
            params += [low + span * index // count, low + span * (index + 1) // count]
        # The documents come as the driver hands them over fastest (bytes on SQLite): see
        # _build_case.
        sql = (
            f"SELECT c.id, c.pos, {e.document('l.content')} FROM cases c JOIN log l"
            f" ON l.agency_id = c.agency_id AND l.idx = c.idx WHERE {' AND '.join(where)}"
            " ORDER BY c.pos"
        )
        if e.cursor_streams():
            # Inside a read transaction (PostgreSQL, Store.reading()): one named cursor,
            # a page fetched at a time. The collector is paused per page, not across yields.
            for rows in e.chunks(sql, params, _BATCH):
                with paused_gc():
                    page = self._case_page(rows)
                del rows
                yield from page
            return
        sql += f" LIMIT {_BATCH}"
        while True:
            with paused_gc(), e.read():
                rows = e.execute(sql, params).fetchall()
                if not rows:
                    return
                page = self._case_page(rows)
            params[0] = rows[-1][1]
            del rows
            yield from page

    def _case_page(self, rows: Sequence[tuple[str, int, str | bytes]]) -> list[Case]:
        """The cases of ``rows`` (id, position, document), each with its record entries."""
        e = self._engine
        clause, values = e.any_of("r.case_id", [r[0] for r in rows])
        records: dict[str, list[str | bytes]] = {}
        current, entries = None, []
        for case_id, content in e.execute(
            f"SELECT r.case_id, {e.document('l.content')} FROM records r JOIN log l"
            " ON l.agency_id = r.agency_id AND l.idx = r.idx"
            f" WHERE {clause} ORDER BY r.case_id, r.seq",
            values,
        ).fetchall():
            if case_id != current:  # the rows come case by case
                current = case_id
                entries = records.setdefault(case_id, [])
            entries.append(content)
        return [_build_case(doc, records.pop(case_id, [])) for case_id, _pos, doc in rows]

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A block of reads over the whole store (an export, a report, a check of every case).

        On PostgreSQL the block is one ``REPEATABLE READ READ ONLY`` transaction:
        everything read in it (agencies, officers, counts, cases) comes from one
        snapshot, and :meth:`cases` streams through a server-side (named) cursor
        instead of paging by position. Writes through this store inside the block are
        refused (the transaction is read-only), and a stream of :meth:`cases` must be
        finished or closed within it. On SQLite the block changes nothing: each read
        keeps its own transaction, so a long report never holds back the WAL.
        """
        with self._engine.reading():
            yield

    def opened_counts(self, year: int, agency_id: str | None = None) -> list[tuple[str, int, int]]:
        """``(category, month, cases)`` of the cases opened in ``year``, counted by the database."""
        e = self._engine
        sql = "SELECT category, substr(opened_on, 6, 2), count(*) FROM cases WHERE opened_year = ?"
        params: list[Any] = [year]
        if agency_id is not None:
            sql += " AND agency_id = ?"
            params.append(agency_id)
        with e.read():
            rows = e.execute(sql + " GROUP BY category, substr(opened_on, 6, 2)", params)
            return [(c, int(m), int(n)) for c, m, n in rows.fetchall()]

    def decision_counts(
        self, year: int, opened_from: int, agency_id: str | None = None
    ) -> list[tuple[str, str | None, int, int, int, int, int, int]]:
        """The decisions made in ``year`` (of cases opened from ``opened_from`` to ``year``).

        Rows of ``(category, heaviest penalty kind or None, decisions, fines in fen,
        quantified confiscations in fen, most decimal places of the fines, of the
        confiscations, decisions since revoked)``, counted and
        added up by the database from the typed columns. The sums are exact
        integers; should they overflow SQLite's 64-bit integers (amounts of
        hostile size), the rows are added up here instead.
        """
        e = self._engine
        where = "opened_year >= ? AND opened_year <= ? AND decided_on >= ? AND decided_on <= ?"
        params: list[Any] = [opened_from, year, f"{year:04d}-01-01", f"{year:04d}-12-31"]
        if agency_id is not None:
            where += " AND agency_id = ?"
            params.append(agency_id)
        with e.read():
            try:
                rows = e.execute(
                    "SELECT category, heaviest, count(*), sum(fines_fen), sum(confiscations_fen),"
                    " max(fines_places), max(confiscations_places), sum(revoked)"
                    f" FROM cases WHERE {where} GROUP BY category, heaviest",
                    params,
                ).fetchall()
            except Exception as exc:  # an overflow of SQLite's integer sum
                if e.name != "sqlite" or "overflow" not in str(exc):
                    raise
                totals: dict[tuple[str, str | None], list[int]] = {}
                for category, heaviest, *values in e.stream(
                    "SELECT category, heaviest, fines_fen, confiscations_fen, fines_places,"
                    f" confiscations_places, revoked FROM cases WHERE {where}",
                    params,
                ):
                    t = totals.setdefault((category, heaviest), [0] * 6)
                    t[0] += 1
                    t[1] += values[0]
                    t[2] += values[1]
                    t[3] = max(t[3], values[2])
                    t[4] = max(t[4], values[3])
                    t[5] += values[4]
                rows = [(c, h, *t) for (c, h), t in totals.items()]
        return [(c, h, *(int(v) for v in values)) for c, h, *values in rows]

    def agency_ids_in_region(self, prefix: str) -> list[str]:
        """The agencies whose region code starts with ``prefix`` (digits), in the order added.

        See :func:`enforcement.models.agency.region_prefix` for the prefix of a region.
        """
        if not prefix.isascii() or not prefix.isdigit():
            raise ValueError(f"a region prefix is digits, got {prefix!r}")
        with self._engine.read():
            rows = self._engine.execute(
                "SELECT id FROM agencies WHERE substr(region, 1, ?) = ? ORDER BY pos",
                (len(prefix), prefix),
            ).fetchall()
        return [i for (i,) in rows]

    def dataset(self) -> Dataset:
        """Everything in the store as one :class:`Dataset` (as ``db export`` writes it).

        Read inside :meth:`reading`: on PostgreSQL, from one snapshot.
        """
        with self.reading():
            return Dataset(
                agencies=tuple(self.agencies()),
                officers=tuple(self.officers()),
                cases=tuple(self.cases()),
            )

    def records(self, case_id: str) -> list[ChainedEntry]:
        """A case's record entries with their place in the case and in the log."""
        e = self._engine
        with e.read():
            rows = e.execute(
                "SELECT r.seq, r.agency_id, r.idx, l.content, l.leaf FROM records r JOIN log l"
                " ON l.agency_id = r.agency_id AND l.idx = r.idx WHERE r.case_id = ?"
                " ORDER BY r.seq",
                (case_id,),
            ).fetchall()
        return [
            ChainedEntry(
                case_id=case_id,
                seq=seq,
                entry=documents.build(content, RecordEntry),
                agency_id=agency_id,
                index=int(idx),
                leaf=bytes(leaf).hex(),
            )
            for seq, agency_id, idx, content, leaf in rows
        ]

    def history(self, case_id: str) -> list[CaseVersion]:
        """Every version of a case's document and every record entry, in log order.

        A change to a case (a decision, a review, a notice, its withdrawal)
        appends a new version; earlier versions stay readable here.
        Raises :class:`~enforcement.errors.UnknownIdError` for an unknown case.
        """
        e = self._engine
        with e.read():
            row = e.execute("SELECT agency_id FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None:
                raise UnknownIdError(f"no case {case_id!r} in {self.url}")
            rows = e.execute(
                "SELECT idx, kind, head, content FROM log WHERE agency_id = ? AND subject = ?"
                " AND kind <> 'record' AND kind = 'case'",
                (row[0], case_id),
            ).fetchall()
            rows += e.execute(
                "SELECT l.idx, l.kind, l.head, l.content FROM records r JOIN log l"
                " ON l.agency_id = r.agency_id AND l.idx = r.idx WHERE r.case_id = ?",
                (case_id,),
            ).fetchall()
            rows.sort(key=lambda r: int(r[0]))
        return [
            CaseVersion(
                index=int(idx),
                kind=kind,
                seq=documents.seq_of(head),
                data=documents.read(content),
            )
            for idx, kind, head, content in rows
        ]

    def log_entries(
        self, agency_id: str, start: int = 0, end: int | None = None
    ) -> Iterator[LogEntry]:
        """The entries of an agency's log from ``start`` to ``end`` (exclusive), as stored."""
        e = self._engine
        sql = "SELECT idx, kind, subject, head, content, leaf FROM log WHERE agency_id = ? AND idx >= ?"
        params: list[Any] = [agency_id, start]
        if end is not None:
            sql += " AND idx < ?"
            params.append(end)
        with e.read():
            rows = e.execute(sql + " ORDER BY idx", params).fetchall()
        for idx, kind, subject, head, content, leaf in rows:
            yield LogEntry(
                agency_id=agency_id,
                index=int(idx),
                kind=kind,
                subject=subject,
                seq=documents.seq_of(head),
                doc=content,
                leaf=bytes(leaf),
            )

    def indexed_from(self, agency_id: str, index: int) -> list[tuple[str, str]]:
        """``(kind, id)`` of every index row of an agency pointing at entry ``index`` or later.

        After a truncation these name what the cut entries were about, when
        only the log was cut.
        """
        e = self._engine
        with e.read():
            rows = e.execute(
                "SELECT 'agency', id, idx FROM agencies WHERE id = ? AND idx >= ?"
                " UNION ALL SELECT 'officer', id, idx FROM officers WHERE agency_id = ? AND idx >= ?"
                " UNION ALL SELECT 'case', id, idx FROM cases WHERE agency_id = ? AND idx >= ?"
                " UNION ALL SELECT 'case', case_id, idx FROM records WHERE agency_id = ? AND idx >= ?",
                (agency_id, index) * 4,
            ).fetchall()
        seen: dict[tuple[str, str], int] = {}
        for kind, subject, idx in rows:
            key = (str(kind), str(subject))
            seen[key] = min(seen.get(key, int(idx)), int(idx))
        return sorted(seen, key=seen.__getitem__)

    def entry_head(self, agency_id: str, index: int) -> str:
        """The stored head of one log entry (see :mod:`enforcement.store.log`)."""
        with self._engine.read():
            row = self._engine.execute(
                "SELECT head FROM log WHERE agency_id = ? AND idx = ?", (agency_id, index)
            ).fetchone()
        if row is None:
            raise UnknownIdError(f"no entry {index} in the log of {agency_id!r}")
        return str(row[0])

    def log_sizes(self) -> dict[str, int]:
        """Each agency's log size, as recorded."""
        with self._engine.read():
            rows = self._engine.execute(
                "SELECT agency_id, size FROM logs ORDER BY agency_id"
            ).fetchall()
        return {a: int(n) for a, n in rows}

    def position(self, case_id: str) -> LogPosition:
        """Where the latest version of a case's document sits in its agency's log."""
        e = self._engine
        with e.read():
            row = e.execute(
                "SELECT c.agency_id, c.idx, g.size FROM cases c JOIN logs g"
                " ON g.agency_id = c.agency_id WHERE c.id = ?",
                (case_id,),
            ).fetchone()
        if row is None:
            raise UnknownIdError(f"no case {case_id!r} in {self.url}")
        return LogPosition(agency_id=row[0], index=int(row[1]), size=int(row[2]))

    # -- the tree ----------------------------------------------------------------------------

    def _tree(self, agency_id: str) -> StoredTree:
        e = self._engine
        nodes: dict[int, dict[int, bytes]] = {8: {}, 16: {}}
        for level, idx, h in e.execute(
            "SELECT level, idx, hash FROM log_nodes WHERE agency_id = ?", (agency_id,)
        ).fetchall():
            nodes.setdefault(int(level), {})[int(idx)] = bytes(h)

        def leaves(tile: int) -> list[bytes]:
            return [
                bytes(leaf)
                for (leaf,) in e.execute(
                    "SELECT leaf FROM log WHERE agency_id = ? AND idx >= ? AND idx < ? ORDER BY idx",
                    (agency_id, tile * TILE, (tile + 1) * TILE),
                ).fetchall()
            ]

        return StoredTree(nodes, leaves)

    def _size(self, agency_id: str) -> int:
        row = self._engine.execute(
            "SELECT size FROM logs WHERE agency_id = ?", (agency_id,)
        ).fetchone()
        if row is None:
            raise UnknownIdError(f"no log for agency {agency_id!r} in {self.url}")
        return int(row[0])

    def agency_ids(self) -> list[str]:
        """The agencies that have a log, sorted."""
        return list(self.log_sizes())

    def _only_agency(self, agency_id: str | None) -> str:
        if agency_id is not None:
            return agency_id
        ids = self.agency_ids()
        if len(ids) != 1:
            raise UnknownIdError(
                f"{self.url} holds the logs of {len(ids)} agencies ({', '.join(ids[:5])}): name one"
            )
        return ids[0]

    def tree_head(self, agency_id: str | None = None, size: int | None = None) -> tuple[int, bytes]:
        """``(size, root hash)`` of an agency's log (at ``size``, default its current size)."""
        with self._engine.read():
            agency_id = self._only_agency(agency_id)
            current = self._size(agency_id)
            n = current if size is None else size
            if not 0 <= n <= current:
                raise ValueError(f"the log of {agency_id!r} has {current} entries, not {n}")
            return n, self._tree(agency_id).root(n)

    def inclusion_proof(
        self, index: int, size: int | None = None, agency_id: str | None = None
    ) -> list[bytes]:
        """The RFC 9162 inclusion proof of entry ``index`` in the tree of ``size`` entries."""
        with self._engine.read():
            agency_id = self._only_agency(agency_id)
            n = self._size(agency_id) if size is None else size
            tree = self._tree(agency_id)
            return inclusion_proof(index, n, tree.subtree)

    def consistency_proof(
        self, old_size: int, size: int | None = None, agency_id: str | None = None
    ) -> list[bytes]:
        """The RFC 9162 proof that the log at ``old_size`` is a prefix of the log at ``size``."""
        with self._engine.read():
            agency_id = self._only_agency(agency_id)
            n = self._size(agency_id) if size is None else size
            if old_size > n:
                raise ValueError(f"the log of {agency_id!r} has {n} entries, fewer than {old_size}")
            return consistency_proof(old_size, n, self._tree(agency_id).subtree)

    def leaf_hashes(self, agency_id: str, size: int | None = None) -> list[bytes]:
        """The stored leaf hashes of the first ``size`` entries of an agency's log (default all)."""
        e = self._engine
        sql = "SELECT leaf FROM log WHERE agency_id = ?"
        params: list[Any] = [agency_id]
        if size is not None:
            sql += " AND idx < ?"
            params.append(size)
        with e.read():
            return [bytes(h) for (h,) in e.execute(sql + " ORDER BY idx", params).fetchall()]

    def origin(self, agency_id: str) -> str:
        """The checkpoint origin of an agency's log (``enforcement-log/`` and its credit code)."""
        for agency in self.agencies():
            if agency.id == agency_id:
                return origin_for(agency)
        return origin_for(agency_id)

    def agency_for_origin(self, origin: str) -> str | None:
        """The agency whose log has this checkpoint origin, if the store holds it."""
        logs = set(self.agency_ids())
        for agency in self.agencies():
            if agency.id in logs and origin_for(agency) == origin:
                return agency.id
        return None

    def checkpoint(self, key: SigningKey, agency_id: str | None = None) -> str:
        """A signed checkpoint (C2SP tlog-checkpoint) of an agency's log as it is now.

        ``agency_id`` may be left out when the store holds one agency's log.
        """
        with self._engine.read():
            agency_id = self._only_agency(agency_id)
            size, top = self.tree_head(agency_id)
            origin = self.origin(agency_id)
        return sign_checkpoint(Checkpoint(origin=origin, size=size, root=top), key)

    def head_digest(self) -> str:
        """One value over every agency's log: see :func:`enforcement.store.verify.head_of`."""
        from enforcement.store.verify import head_of

        heads = {}
        for agency_id in self.agency_ids():
            heads[agency_id] = self.tree_head(agency_id)
        return head_of(heads)

    # -- bulk writes -------------------------------------------------------------------------

    def import_dataset(self, dataset: Dataset, progress: Progress | None = None) -> StoreCounts:
        """Add every agency, officer and case of ``dataset`` in one transaction.

        The same as :meth:`import_records` with the dataset's parts.
        """
        return self.import_records(
            dataset.agencies,
            dataset.officers,
            dataset.cases,
            progress=progress,
            total=len(dataset.cases),
        )

    def import_records(
        self,
        agencies: Iterable[Agency],
        officers: Iterable[Officer],
        cases: Iterable[Case],
        *,
        progress: Progress | None = None,
        total: int | None = None,
    ) -> StoreCounts:
        """Append agencies, officers and a stream of cases to their logs, all or nothing.

        Everything is validated together with the agencies and officers already
        stored (so a file of cases may refer to them). Cases are read and
        written a few hundred at a time, so memory stays flat; any problem,
        including an id already in the store
        (:class:`~enforcement.errors.DuplicateIdError`), raises once every case
        has been seen, listing them all, and nothing is written. A failure or a
        crash midway leaves the store as it was. ``progress`` is called with
        ``(cases done, total)`` (``total`` as given, or 0 when unknown); on
        SQLite it runs while the last batch is being written, so it must not
        use this store.
        """
        e = self._engine
        agencies, officers = list(agencies), list(officers)
        with e.write():
            old_agencies = self._all(Agency, "agencies")
            old_officers = self._all(Officer, "officers")
            problems = _import_problems(
                Dataset(agencies=tuple(agencies), officers=tuple(officers)),
                old_agencies,
                old_officers,
            )
            added = self._write_all(
                agencies,
                officers,
                cases,
                problems=problems,
                progress=progress,
                total=total,
                old_agencies=old_agencies,
                old_officers=old_officers,
            )
        log.info("imported %s into %s", added, self.url)
        return added

    def _write_all(
        self,
        agencies: Sequence[Agency],
        officers: Sequence[Officer],
        cases: Iterable[Case],
        *,
        problems: list[tuple[str, str]],
        progress: Progress | None,
        total: int | None,
        old_agencies: Sequence[Agency] = (),
        old_officers: Sequence[Officer] = (),
    ) -> StoreCounts:
        pipeline = _Pipeline(self._engine, enabled=self._engine.name == "sqlite")
        try:
            return self._write_all_with(
                pipeline,
                agencies,
                officers,
                cases,
                problems=problems,
                progress=progress,
                total=total,
                old_agencies=old_agencies,
                old_officers=old_officers,
            )
        finally:
            pipeline.close()

    def _write_all_with(
        self,
        pipeline: _Pipeline,
        agencies: Sequence[Agency],
        officers: Sequence[Officer],
        cases: Iterable[Case],
        *,
        problems: list[tuple[str, str]],
        progress: Progress | None,
        total: int | None,
        old_agencies: Sequence[Agency],
        old_officers: Sequence[Officer],
    ) -> StoreCounts:
        e = self._engine
        writers = _Writers(e, pipeline)
        years = self._year_partitions()
        if years is not None:
            years.begin()
        record_columns = _RECORD_COLUMNS if years is None else (*_RECORD_COLUMNS, "year")
        if not problems:  # with problems, only validate the cases: it will all be rolled back
            pos = self._next_pos("agencies")
            rows: list[tuple[Any, ...]] = []
            for i, agency in enumerate(agencies):
                data = unstructure(agency)
                index, _ = writers[agency.id].add("agency", agency.id, canonical(data))
                rows.append((agency.id, pos + i, index, *agency_columns(data)))
            e.bulk_insert("agencies", ("id", "pos", "idx", *AGENCY_FACTS), rows)
            pos = self._next_pos("officers")
            rows = []
            for i, officer in enumerate(officers):
                index, _ = writers[officer.agency_id].add(
                    "officer", officer.id, canonical(unstructure(officer))
                )
                rows.append((officer.id, pos + i, officer.agency_id, index))
                if len(rows) == _BATCH:  # a county's thousands of officers, a batch at a time
                    pipeline.wait()
                    writers.flush()
                    e.bulk_insert("officers", ("id", "pos", "agency_id", "idx"), rows)
                    rows = []
            e.bulk_insert("officers", ("id", "pos", "agency_id", "idx"), rows)
        powers: dict[str, set[str] | None] = {
            a.id: {p.code for p in a.powers} for a in (*old_agencies, *agencies)
        }
        officer_ids = {o.id for o in (*old_officers, *officers)}
        seen: set[str] = set()
        pos = self._next_pos("cases")
        done = records = 0
        if progress:
            progress(0, total or 0)
        batch: list[Case] = []

        def write(batch: list[Case]) -> None:
            with paused_gc():  # per batch, not across the caller's stream of cases
                write_batch(batch)

        def write_batch(batch: list[Case]) -> None:
            nonlocal done, records
            for i, case in enumerate(batch, done):
                path = f"$.cases[{i}]"
                if case.id in seen:
                    problems.append((f"{path}.id", f"duplicate case id {case.id!r}"))
                seen.add(case.id)
                problems.extend(case_problems(case, path, powers, officer_ids))
            prepared: list[_Insert] = []
            if not problems:  # serialise and hash while the previous batch is being written
                case_rows, record_rows = _append_cases(
                    writers, batch, pos + done, with_year=years is not None
                )
                prepared = [
                    *writers.take(),
                    ("cases", _CASE_COLUMNS, case_rows),
                    ("records", record_columns, record_rows),
                ]
            pipeline.wait()
            problems.extend(self._stored_case_ids(batch, done))
            if problems:  # keep validating, stop writing: it will all be rolled back
                done += len(batch)
                return
            if years is not None:
                years.ensure("records", {case.opened_on.year for case in batch})
            pipeline.submit(prepared)
            done += len(batch)
            records += len(record_rows)
            if progress:
                progress(done, max(total or 0, done))

        for case in cases:
            batch.append(case)
            if len(batch) == _BATCH:
                write(batch)
                batch = []
        if batch:
            write(batch)
        pipeline.wait()
        if problems:
            _raise(problems, source=None)
        writers.finish()
        if years is not None:
            years.analyze(done + records)
        return StoreCounts(
            agencies=len(agencies), officers=len(officers), cases=done, records=records
        )

    def add_agency(self, agency: Agency) -> None:
        """Add one agency (执法主体)."""
        self.import_records([agency], [], [])

    def add_officer(self, officer: Officer) -> None:
        """Add one officer (执法人员); the agency must be in the store."""
        self.import_records([], [officer], [])

    def add_case(self, case: Case) -> None:
        """Add one case (立案), with any record entries it already has."""
        self.import_records([], [], [case])

    # -- case writes -------------------------------------------------------------------------

    def append_record(self, case_id: str, entry: RecordEntry) -> ChainedEntry:
        """Append an entry to a case's recording log (执法全过程记录) and return it as stored.

        Entries are never changed or removed: a correction is a new entry whose
        ``corrects`` names the entry it corrects. Concurrent appends to the same
        case from several processes are serialised; none is lost.
        """
        chained = self._change_case(
            case_id, lambda case: attrs.evolve(case, records=(*case.records, entry))
        )
        return chained[0]

    def record_decision(self, case_id: str, decision: Decision) -> None:
        """Record a case's decision (行政执法决定), or replace it (e.g. to add service or revocation).

        The case's previous version stays in its :meth:`history`.
        """
        self._change_case(case_id, lambda case: attrs.evolve(case, decision=decision))

    def submit_review(self, case_id: str, review: LegalReview) -> None:
        """Submit a decision for legal review (法制审核), or resubmit it after revision."""
        self._change_case(case_id, lambda case: attrs.evolve(case, review=review))

    def complete_review(
        self,
        case_id: str,
        outcome: ReviewOutcome,
        on: Any,
        *,
        opinion: str | None = None,
        checks: Sequence[ReviewCheck] | None = None,
    ) -> None:
        """Record the outcome of a submitted legal review (审核意见) on date ``on``."""

        def change(case: Case) -> Case:
            if case.review is None:
                raise ValidationError([("$.review", "no legal review has been submitted")])
            review = attrs.evolve(
                case.review,
                outcome=outcome,
                completed_on=on,
                opinion=opinion if opinion is not None else case.review.opinion,
                checks=tuple(checks) if checks is not None else case.review.checks,
            )
            return attrs.evolve(case, review=review)

        self._change_case(case_id, change, field_path="$.review")

    def publish_notice(self, case_id: str, notice: PublicNotice) -> None:
        """Record a public notice (公示) of the case's decision, or of its withdrawal."""
        self._change_case(case_id, lambda case: attrs.evolve(case, notices=(*case.notices, notice)))

    def withdraw_notice(self, case_id: str, notice_id: str, on: Any) -> None:
        """Record that a published notice was withdrawn (撤下) on date ``on``.

        Publish the explanation (撤下说明) as a notice of kind ``withdrawal``.
        """
        index: list[int] = []

        def change(case: Case) -> Case:
            for i, notice in enumerate(case.notices):
                if notice.id == notice_id:
                    index.append(i)
                    if notice.withdrawn_on is not None:
                        raise ValidationError(
                            [
                                (
                                    f"$.notices[{i}].withdrawn_on",
                                    f"notice {notice_id!r} was already withdrawn on {notice.withdrawn_on}",
                                )
                            ]
                        )
                    notices = list(case.notices)
                    notices[i] = attrs.evolve(notice, withdrawn_on=on)
                    return attrs.evolve(case, notices=tuple(notices))
            raise UnknownIdError(f"case {case_id!r} has no notice {notice_id!r}")

        self._change_case(case_id, change, field_path=lambda: f"$.notices[{index[-1]}]")

    def _change_case(
        self,
        case_id: str,
        change: Callable[[Case], Case],
        *,
        field_path: str | Callable[[], str] = "$",
    ) -> list[ChainedEntry]:
        e = self._engine
        with e.write():
            row = e.execute(
                f"SELECT agency_id, idx, records, opened_year FROM cases WHERE id = ?{e.for_update}",
                (case_id,),
            ).fetchone()
            if row is None:
                raise UnknownIdError(f"no case {case_id!r} in {self.url}")
            agency_id, _idx, count = row[0], int(row[1]), int(row[2])
            years = self._year_partitions()
            by_year = () if years is None else (int(row[3]),)
            doc = e.execute(
                "SELECT l.content FROM cases c JOIN log l ON l.agency_id = c.agency_id"
                " AND l.idx = c.idx WHERE c.id = ?",
                (case_id,),
            ).fetchone()[0]
            contents = e.execute(
                "SELECT l.content FROM records r JOIN log l ON l.agency_id = r.agency_id"
                " AND l.idx = r.idx WHERE r.case_id = ? ORDER BY r.seq",
                (case_id,),
            ).fetchall()
            old = _build_case(doc, [c for (c,) in contents])
            try:
                new = change(old)
            except FieldError as exc:
                base = field_path() if callable(field_path) else field_path
                raise ValidationError(
                    [(f"{base}.{exc.field}", exc.message)], source=f"case {case_id!r}"
                ) from None
            if new.records[: len(old.records)] != old.records:
                raise ValidationError([("$.records", "record entries are append-only")])
            problems = self._new_problems(old, new)
            if problems:
                _raise(problems, source=f"case {case_id!r}")
            data = unstructure(new)
            entries = data.pop("records")[len(old.records) :]
            new_doc = canonical(data)
            if years is not None:
                years.begin()
                years.ensure("records", by_year)
            writer = _LogWriter(e, agency_id)
            if new_doc != doc:
                index, _ = writer.add("case", case_id, new_doc)
                # The typed columns follow the new version (verify recomputes them from it).
                e.execute(
                    f"UPDATE cases SET idx = ?, {_SET_FACTS} WHERE id = ?",
                    (index, *case_columns(data), case_id),
                )
            chained: list[ChainedEntry] = []
            seq = count
            for entry, entry_data in zip(new.records[len(old.records) :], entries, strict=True):
                seq += 1
                index, leaf = writer.add(
                    "record", case_id, canonical(entry_data), seq=seq, entry_id=entry.id
                )
                e.execute(
                    f"INSERT INTO records ({', '.join(_RECORD_COLUMNS)}{', year' * len(by_year)})"
                    f" VALUES (?, ?, ?, ?, ?{', ?' * len(by_year)})",
                    (case_id, seq, entry.id, agency_id, index, *by_year),
                )
                chained.append(
                    ChainedEntry(
                        case_id=case_id,
                        seq=seq,
                        entry=entry,
                        agency_id=agency_id,
                        index=index,
                        leaf=leaf.hex(),
                    )
                )
            if chained:
                e.execute("UPDATE cases SET records = ? WHERE id = ?", (seq, case_id))
            writer.finish()
        return chained

    def _new_problems(self, old: Case, new: Case) -> list[tuple[str, str]]:
        e = self._engine
        powers: dict[str, set[str] | None] = {}
        row = e.execute("SELECT idx FROM agencies WHERE id = ?", (new.agency_id,)).fetchone()
        if row is not None:
            # A log entry never changes, so its power codes are kept by position: each
            # change to a case no longer reads and structures the whole agency.
            key = (new.agency_id, int(row[0]))
            codes = self._power_codes.get(key)
            if codes is None:
                doc = e.execute(
                    "SELECT content FROM log WHERE agency_id = ? AND idx = ?", key
                ).fetchone()[0]
                codes = {p.code for p in documents.build(doc, Agency).powers}
                self._power_codes = {key: codes}
            powers[new.agency_id] = codes
        wanted = sorted({*new.officer_ids, *(o for r in new.records for o in r.officer_ids)})
        officer_ids: set[str] = set()
        if wanted:
            clause, values = e.any_of("id", wanted)
            officer_ids = {
                i
                for (i,) in e.execute(f"SELECT id FROM officers WHERE {clause}", values).fetchall()
            }
        before = set(case_problems(old, "$", powers, officer_ids))
        return [p for p in case_problems(new, "$", powers, officer_ids) if p not in before]

    def _all(self, cls: type[Any], table: str) -> list[Any]:
        agency = "t.id" if table == "agencies" else "t.agency_id"
        rows = self._engine.execute(
            f"SELECT {_DOC.format(agency=agency, idx='t.idx')} FROM {table} t ORDER BY t.pos"
        ).fetchall()
        return [documents.build(doc, cls) for (doc,) in rows]

    def _next_pos(self, table: str) -> int:
        value = self._engine.execute(f"SELECT max(pos) FROM {table}").fetchone()[0]
        return 0 if value is None else int(value) + 1

    def _stored_case_ids(self, cases: Sequence[Case], offset: int) -> list[tuple[str, str]]:
        e = self._engine
        index = {c.id: i for i, c in enumerate(cases, offset)}
        clause, values = e.any_of("id", list(index))
        found = [i for (i,) in e.execute(f"SELECT id FROM cases WHERE {clause}", values).fetchall()]
        return [
            (f"$.cases[{index[i]}].id", f"case {i!r} is already in the store")
            for i in sorted(found, key=index.__getitem__)
        ]

    # -- integrity ---------------------------------------------------------------------------

    def verify(
        self, progress: Progress | None = None, *, workers: int | None = None
    ) -> VerifyReport:
        """Recompute every log's leaf hashes, stored nodes and roots, and check every index row.

        Runs in one read transaction (a consistent snapshot). ``progress`` is
        called with ``(log entries done, total)``. The work is cut into
        ``workers`` parts, each a range of whole tiles of the logs and a range
        of case rows; this process runs the first, and each other part runs in
        a process of its own on its own connection (PostgreSQL: in this
        transaction's exported snapshot; SQLite: a worker that finds the logs'
        sizes changed leaves its part to this process). The default (``None``)
        is two parts when the machine has two cores or more, the store can be
        reopened (not ``:memory:``) and it holds at least
        :data:`enforcement.store.verify.PARALLEL_FROM` log entries; else one.
        To check the logs against signed checkpoints as well, see
        :func:`enforcement.store.verify.verify_checkpoint`.
        """
        with self._engine.read():
            return verify_store(self._engine, progress, workers=workers, url=self._opened_with)


_DOC = "(SELECT l.content FROM log l WHERE l.agency_id = {agency} AND l.idx = {idx})"
"""A document by its log position, as a scalar subquery: both engines then look it up by
primary key for each index row, instead of possibly scanning the log to join it."""

_CASE_COLUMNS = (
    "id",
    "pos",
    "agency_id",
    "opened_on",
    "opened_year",
    "idx",
    "records",
    *CASE_FACTS,
)
_SET_FACTS = ", ".join(f"{c} = ?" for c in CASE_FACTS)
_RECORD_COLUMNS = ("case_id", "seq", "entry_id", "agency_id", "idx")


def _append_cases(
    writers: _Writers, cases: Iterable[Case], first_pos: int, *, with_year: bool = False
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The case and records rows of ``cases``, their entries queued; ``with_year``: records
    rows end with the year the case was opened (partitioned PostgreSQL stores)."""
    case_rows: list[tuple[Any, ...]] = []
    record_rows: list[tuple[Any, ...]] = []
    add_record = record_rows.append
    for pos, case in enumerate(cases, first_pos):
        writer = writers[case.agency_id]
        data = unstructure(case)
        entries = data.pop("records")
        ids = [entry.id for entry in case.records]
        index = writer.add_case(
            case.id, canonical(data), list(zip(ids, map(canonical, entries), strict=True))
        )
        opened = case.opened_on
        year = (opened.year,) if with_year else ()
        for seq, entry_id in enumerate(ids, 1):
            add_record((case.id, seq, entry_id, case.agency_id, index + seq, *year))
        case_rows.append(
            (
                case.id,
                pos,
                case.agency_id,
                opened.isoformat(),
                opened.year,
                index,
                len(ids),
                *case_columns(data),
            )
        )
    return case_rows, record_rows


def _build_case(doc: str | bytes, contents: Sequence[str | bytes]) -> Case:
    """A case from its stored document and its record entries' canonical JSON, in order.

    The entries are parsed in one call (they are JSON objects; joined they make
    an array) and everything goes through the one converter.

    The quick way first: orjson reads the stored document (from bytes on SQLite: no
    ``str`` is built per document; about twice as fast as the stdlib on a case's
    Chinese text) and the generated fast path structures the result. orjson can only
    refuse more than the stdlib: it rejects an escaped lone surrogate and NaN, and
    reads an integer beyond 64 bits as a float, which no field of a case accepts (a
    case holds no field that takes a float). So when both succeed the case is the
    one the stdlib path gives, and anything either refuses is read again the stdlib
    way (:mod:`enforcement.store.documents`), whose result or error is the answer
    (``tests/store/test_read_path.py``).
    """
    try:
        data = orjson.loads(doc)
        data["records"] = orjson.loads(_array(contents))
        return fast_structure(data, Case)
    except Exception:  # looked at again below, the stdlib way
        pass
    data = documents.read(doc, "case")
    records = documents.read(_array(contents), "record entry")
    if isinstance(data, dict):  # (anything else: the converter's error says what it is)
        data["records"] = records
    return structure(data, Case)


def _array(contents: Sequence[str | bytes]) -> str | bytes:
    """The JSON array of the entries' contents, all bytes or all text as they came."""
    if all(isinstance(c, bytes) for c in contents):
        return b"[" + b",".join(contents) + b"]"  # type: ignore[arg-type]
    return "[" + ",".join(map(documents.text, contents)) + "]"


def _import_problems(
    dataset: Dataset, old_agencies: Sequence[Agency], old_officers: Sequence[Officer]
) -> list[tuple[str, str]]:
    """The dataset's problems, validated as if appended to what the store holds."""
    combined = Dataset(
        agencies=(*old_agencies, *dataset.agencies),
        officers=(*old_officers, *dataset.officers),
        cases=dataset.cases,
    )
    old_agency_ids = {a.id for a in old_agencies}
    old_officer_ids = {o.id for o in old_officers}
    shift = {"agencies": len(old_agencies), "officers": len(old_officers)}
    out = []
    for path, message in dataset_problems(combined):
        m = re.match(r"\$\.(agencies|officers)\[(\d+)\](.*)", path)
        if m:
            kind, i, rest = m.group(1), int(m.group(2)) - shift[m.group(1)], m.group(3)
            path = f"$.{kind}[{i}]{rest}"
            item: Agency | Officer = (dataset.agencies if kind == "agencies" else dataset.officers)[
                i
            ]
            old_ids = old_agency_ids if kind == "agencies" else old_officer_ids
            if rest == ".id" and item.id in old_ids:
                noun = "agency" if kind == "agencies" else "officer"
                message = f"{noun} {item.id!r} is already in the store"
        out.append((path, message))
    return out


def _raise(problems: list[tuple[str, str]], *, source: str | None) -> None:
    if any(_DUPLICATE.search(message) for _, message in problems):
        raise DuplicateIdError(problems, source=source)
    raise ValidationError(problems, source=source)
