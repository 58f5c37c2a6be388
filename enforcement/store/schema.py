"""The store's tables, their version, and the migrations between versions.

Version history:

1. First layout: agencies, officers, cases (one canonical JSON document each)
   and the append-only ``records`` table holding per-case hash chains.
2. ``cases.opened_year`` and ``cases.doc_sha256``.
3. Everything is an entry of an agency's append-only ``log`` under a Merkle
   tree (RFC 9162); ``agencies``, ``officers``, ``cases`` and ``records`` are
   indexes pointing into it, and ``log_nodes`` keeps the hashes of full
   256- and 65,536-entry subtrees. A version 1 or 2 store is migrated by
   appending its documents to the new log in their stored order.
4. Typed columns derived from the documents (:mod:`enforcement.store.facts`),
   for the database to count and add up: ``cases`` gains ``category``,
   ``decided_on``, ``heaviest``, ``fines_fen``, ``confiscations_fen``,
   ``fines_places``, ``confiscations_places``, ``revoked`` and ``acts_until``; ``agencies`` gains ``region`` and
   ``parent``. ``verify`` recomputes them from the log. A version 3 store is
   migrated in place, the columns filled from each object's latest version in
   the log.
5. On PostgreSQL (13 and later), ``log`` and ``records`` are partitioned by
   year (:mod:`enforcement.store.partitions`): ``log.year`` is the year of the
   transaction that appended the entry, ``records.year`` the year its case was
   opened, and each table's primary key includes its year. Nothing else
   changes, so a version 4 store is opened as it is, without migration, and
   keeps its plain tables; SQLite stores are never partitioned. The version
   tells an older library (which reads up to 4) to refuse a store it could not
   write; the layout itself is read from the catalog.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from enforcement.errors import ChainIntegrityError
from enforcement.store import documents

if TYPE_CHECKING:
    from enforcement.store.engines import Engine

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
"""The schema version this library writes; older stores are migrated forward on open."""

OPENS_AS_IS = frozenset({4, SCHEMA_VERSION})
"""Versions this library reads and writes without migrating: version 5 only added the
partitioned layout of new PostgreSQL stores, so a version 4 store is left as it is."""

VERSION_TABLE = "enforcement_schema"
"""The one-row table holding a store's schema version."""

APPEND_ONLY = ("log", "log_nodes")
"""Tables whose rows are never updated or deleted (the database refuses it)."""

_TABLES = [
    f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)",
    "CREATE TABLE log (agency_id TEXT NOT NULL, idx INTEGER NOT NULL, kind TEXT NOT NULL,"
    " subject TEXT NOT NULL, head TEXT NOT NULL, content TEXT NOT NULL, leaf {blob} NOT NULL,"
    " PRIMARY KEY (agency_id, idx))",
    # Versions of agencies, officers and cases only: record entries are found through
    # the records index, and a partial index keeps import from paying for them twice.
    "CREATE INDEX log_versions ON log (agency_id, subject, idx) WHERE kind <> 'record'",
    "CREATE TABLE log_nodes (agency_id TEXT NOT NULL, level INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, hash {blob} NOT NULL, PRIMARY KEY (agency_id, level, idx))",
    "CREATE TABLE logs (agency_id TEXT PRIMARY KEY, size INTEGER NOT NULL)",
    "CREATE TABLE agencies (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " region TEXT, parent TEXT)",
    "CREATE TABLE officers (id TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " agency_id TEXT NOT NULL, idx INTEGER NOT NULL)",
    "CREATE INDEX officers_agency ON officers (agency_id, pos)",
    "CREATE TABLE cases (id TEXT PRIMARY KEY, pos INTEGER NOT NULL UNIQUE,"
    " agency_id TEXT NOT NULL, opened_on TEXT NOT NULL, opened_year INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, records INTEGER NOT NULL, {case_facts})",
    "CREATE INDEX cases_agency ON cases (agency_id, pos)",
    "CREATE INDEX cases_year ON cases (opened_year, pos)",
    "CREATE INDEX cases_decided ON cases (decided_on)",
    "CREATE TABLE records (case_id TEXT NOT NULL, seq INTEGER NOT NULL,"
    " entry_id TEXT NOT NULL, agency_id TEXT NOT NULL, idx INTEGER NOT NULL,"
    " PRIMARY KEY (case_id, seq), UNIQUE (case_id, entry_id))",
]


_CASE_FACT_COLUMNS = (
    "category TEXT NOT NULL",
    "decided_on TEXT",
    "heaviest TEXT",
    "fines_fen BIGINT NOT NULL",
    "confiscations_fen BIGINT NOT NULL",
    "fines_places INTEGER NOT NULL",
    "confiscations_places INTEGER NOT NULL",
    "revoked INTEGER NOT NULL",
    "acts_until INTEGER",
)
"""The typed columns of ``cases`` (:data:`enforcement.store.facts.CASE_FACTS`): money in
whole fen (分), exact on both engines."""


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT,"
        f" '{table} is append-only: UPDATE refused (append a new version instead)'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT,"
        f" '{table} is append-only: DELETE refused'); END",
    ]


_POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " RAISE EXCEPTION '% is append-only: % refused (append a new version instead)',"
    " TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$"
)


def _postgres_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION log_append_only()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION log_append_only()",
    ]


def ddl(engine_name: str, *, by_year: bool = False) -> list[str]:
    """The statements that create an empty store of the current version on an engine.

    ``by_year`` (PostgreSQL only) partitions ``log`` and ``records`` by year
    (:func:`enforcement.store.partitions.partitioned_tables`); their year
    partitions are created when a write first needs them.
    """
    sqlite = engine_name == "sqlite"
    blob = "BLOB" if sqlite else "BYTEA"
    statements = [
        s.replace("{blob}", blob).replace("{case_facts}", ", ".join(_CASE_FACT_COLUMNS))
        for s in _TABLES
    ]
    if by_year:
        from enforcement.store.partitions import partitioned_tables

        statements = partitioned_tables(statements)
    if sqlite:
        statements = [
            s + " WITHOUT ROWID" if s.startswith("CREATE TABLE log_nodes") else s
            for s in statements
        ]
        for table in APPEND_ONLY:
            statements += _sqlite_triggers(table)
    else:
        statements.append(_POSTGRES_FUNCTION)
        for table in APPEND_ONLY:
            statements += _postgres_triggers(table)
    statements.append(f"INSERT INTO {VERSION_TABLE} (version) VALUES ({SCHEMA_VERSION})")
    return statements


OldDocuments = tuple[list[str], list[str], list[tuple[str, list[str]]]]
"""Agency documents, officer documents, and (case document, record entries) of an old store."""


def read_old_documents(engine: Engine) -> OldDocuments:
    """Every document of a version 1 or 2 store, in stored order."""
    agencies = [d for (d,) in engine.execute("SELECT doc FROM agencies ORDER BY pos").fetchall()]
    officers = [d for (d,) in engine.execute("SELECT doc FROM officers ORDER BY pos").fetchall()]
    records: dict[str, list[str]] = {}
    for case_id, content in engine.execute(
        "SELECT case_id, content FROM records ORDER BY case_id, seq"
    ).fetchall():
        records.setdefault(case_id, []).append(content)
    cases = [
        (doc, records.get(case_id, []))
        for case_id, doc in engine.execute("SELECT id, doc FROM cases ORDER BY pos").fetchall()
    ]
    return agencies, officers, cases


def drop_old_tables(engine: Engine) -> None:
    """Remove a version 1 or 2 store's tables (after :func:`read_old_documents`)."""
    if engine.name == "postgresql":
        engine.execute("DROP TABLE records CASCADE")
        engine.execute("DROP FUNCTION IF EXISTS records_append_only() CASCADE")
    else:
        engine.execute("DROP TABLE records")
    for table in ("cases", "officers", "agencies", VERSION_TABLE):
        engine.execute(f"DROP TABLE {table}")


def migrate(engine: Engine, found: int, append: Callable[[OldDocuments], None]) -> None:
    """Migrate a store of version ``found`` to :data:`SCHEMA_VERSION`; the caller holds the transaction.

    Version 1 or 2: the old documents are read, the old tables dropped, the
    new ones created, and ``append`` writes the documents to the new log, in
    the old order. The old per-case chains were verified by nothing outside
    the store, so there is nothing to carry over but the documents themselves;
    run ``enforcement db verify`` with the old version first if in doubt.

    Version 3: the log stays as it is; the index tables gain their typed
    columns, filled from each case's and agency's latest version in the log.
    """
    log.info("migrating %s from schema version %d to %d", engine.display, found, SCHEMA_VERSION)
    if found == 3:
        _migrate_3_to_4(engine)
        return
    documents = read_old_documents(engine)
    for doc in documents[0]:
        json.loads(doc)  # a damaged store stops the migration before anything is dropped
    drop_old_tables(engine)
    from enforcement.store.partitions import server_partitions

    for statement in ddl(engine.name, by_year=server_partitions(engine)):
        engine.execute(statement)
    append(documents)


def _migrate_3_to_4(engine: Engine) -> None:
    from enforcement.store.facts import AGENCY_FACTS, CASE_FACTS, agency_columns, case_columns

    e = engine
    for column in ("region TEXT", "parent TEXT"):
        e.execute(f"ALTER TABLE agencies ADD COLUMN {column}")
    for column in _CASE_FACT_COLUMNS:
        # NOT NULL columns get a placeholder default for the existing rows, filled below.
        default = " DEFAULT ''" if column.startswith("category") else " DEFAULT 0"
        e.execute(f"ALTER TABLE cases ADD COLUMN {column}{default if 'NOT NULL' in column else ''}")
    e.execute("CREATE INDEX cases_decided ON cases (decided_on)")
    doc = "(SELECT l.content FROM log l WHERE l.agency_id = {a} AND l.idx = {i})"
    rows = [
        (*agency_columns(documents.read(content)), agency_id)
        for agency_id, content in e.execute(
            f"SELECT a.id, {doc.format(a='a.id', i='a.idx')} FROM agencies a"
        ).fetchall()
    ]
    sets = ", ".join(f"{c} = ?" for c in AGENCY_FACTS)
    e.executemany(f"UPDATE agencies SET {sets} WHERE id = ?", rows)
    sets = ", ".join(f"{c} = ?" for c in CASE_FACTS)
    sql = (
        f"SELECT c.id, c.pos, {doc.format(a='c.agency_id', i='c.idx')} FROM cases c"
        " WHERE c.pos > ? ORDER BY c.pos LIMIT 1000"
    )
    after = -1
    while True:
        page = e.execute(sql, (after,)).fetchall()
        if not page:
            break
        batch: list[tuple[object, ...]] = []
        for case_id, _pos, content in page:
            try:
                batch.append((*case_columns(documents.read(content)), case_id))
            except (TypeError, ValueError, KeyError) as exc:
                raise ChainIntegrityError(
                    f"case {case_id!r}: its latest document in the log cannot be read ({exc});"
                    " run `enforcement db verify` with the previous version first"
                ) from None
        e.executemany(f"UPDATE cases SET {sets} WHERE id = ?", batch)
        after = page[-1][1]
    e.execute(f"UPDATE {VERSION_TABLE} SET version = {SCHEMA_VERSION}")
