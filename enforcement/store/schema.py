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
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from enforcement.store.engines import Engine

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
"""The schema version this library writes; older stores are migrated forward on open."""

VERSION_TABLE = "enforcement_schema"
"""The one-row table holding a store's schema version."""

APPEND_ONLY = ("log", "log_nodes")
"""Tables whose rows are never updated or deleted (the database refuses it)."""

_TABLES_V3 = [
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
    "CREATE TABLE agencies (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, idx INTEGER NOT NULL)",
    "CREATE TABLE officers (id TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " agency_id TEXT NOT NULL, idx INTEGER NOT NULL)",
    "CREATE INDEX officers_agency ON officers (agency_id, pos)",
    "CREATE TABLE cases (id TEXT PRIMARY KEY, pos INTEGER NOT NULL UNIQUE,"
    " agency_id TEXT NOT NULL, opened_on TEXT NOT NULL, opened_year INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, records INTEGER NOT NULL)",
    "CREATE INDEX cases_agency ON cases (agency_id, pos)",
    "CREATE INDEX cases_year ON cases (opened_year, pos)",
    "CREATE TABLE records (case_id TEXT NOT NULL, seq INTEGER NOT NULL,"
    " entry_id TEXT NOT NULL, agency_id TEXT NOT NULL, idx INTEGER NOT NULL,"
    " PRIMARY KEY (case_id, seq), UNIQUE (case_id, entry_id))",
]


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


def ddl(engine_name: str) -> list[str]:
    """The statements that create an empty store of the current version on an engine."""
    sqlite = engine_name == "sqlite"
    blob = "BLOB" if sqlite else "BYTEA"
    statements = [s.replace("{blob}", blob) for s in _TABLES_V3]
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
    """Migrate a version 1 or 2 store to :data:`SCHEMA_VERSION`; the caller holds the transaction.

    The old documents are read, the old tables dropped, the new ones created,
    and ``append`` writes the documents to the new log, in the old order.
    The old per-case chains were verified by nothing outside the store, so
    there is nothing to carry over but the documents themselves; run
    ``enforcement db verify`` with the old version first if in doubt.
    """
    log.info("migrating %s from schema version %d to %d", engine.display, found, SCHEMA_VERSION)
    documents = read_old_documents(engine)
    for doc in documents[0]:
        json.loads(doc)  # a damaged store stops the migration before anything is dropped
    drop_old_tables(engine)
    for statement in ddl(engine.name):
        engine.execute(statement)
    append(documents)
