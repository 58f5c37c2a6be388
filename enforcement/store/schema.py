"""The store's tables, their version, and the migrations between versions.

Version history:

1. First layout: agencies, officers, cases (one canonical JSON document each)
   and the append-only ``records`` table holding the hash chains.
2. ``cases.opened_year`` (indexed, so a year streams without a scan) and
   ``cases.doc_sha256`` (so a changed case document is detected by ``verify``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from enforcement.store.chain import content_digest

if TYPE_CHECKING:
    from enforcement.store.engines import Engine

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
"""The schema version this library writes; older stores are migrated forward on open."""

VERSION_TABLE = "enforcement_schema"
"""The one-row table holding a store's schema version."""

_COMMON_V1 = [
    f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)",
    "CREATE TABLE agencies (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL)",
    "CREATE TABLE officers (id TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " agency_id TEXT NOT NULL, doc TEXT NOT NULL)",
    "CREATE INDEX officers_agency ON officers (agency_id, pos)",
    "CREATE TABLE cases (id TEXT PRIMARY KEY, pos INTEGER NOT NULL UNIQUE,"
    " agency_id TEXT NOT NULL, opened_on TEXT NOT NULL, doc TEXT NOT NULL,"
    " head_seq INTEGER NOT NULL, head_digest TEXT NOT NULL)",
    "CREATE INDEX cases_agency ON cases (agency_id, pos)",
]

_RECORDS = (
    "CREATE TABLE records (case_id TEXT NOT NULL REFERENCES cases (id),"
    " seq INTEGER NOT NULL, entry_id TEXT NOT NULL, content TEXT NOT NULL,"
    " prev_digest TEXT NOT NULL, digest TEXT NOT NULL,"
    " PRIMARY KEY (case_id, seq), UNIQUE (case_id, entry_id))"
)

SQLITE_TRIGGERS = [
    "CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN SELECT RAISE(ABORT,"
    " 'records are append-only: UPDATE refused (append a correcting entry instead)'); END",
    "CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN SELECT RAISE(ABORT,"
    " 'records are append-only: DELETE refused'); END",
]

POSTGRES_TRIGGERS = [
    "CREATE FUNCTION records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " RAISE EXCEPTION 'records are append-only: % refused (append a correcting entry instead)',"
    " TG_OP USING ERRCODE = 'insufficient_privilege'; END $$",
    "CREATE TRIGGER records_no_update_delete BEFORE UPDATE OR DELETE ON records"
    " FOR EACH ROW EXECUTE FUNCTION records_append_only()",
    "CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records"
    " FOR EACH STATEMENT EXECUTE FUNCTION records_append_only()",
]


def ddl(engine_name: str, version: int = SCHEMA_VERSION) -> list[str]:
    """The statements that create an empty store of ``version`` on an engine."""
    if version not in (1, 2):
        raise ValueError(f"no DDL for schema version {version}")
    sqlite = engine_name == "sqlite"
    statements = list(_COMMON_V1)
    statements.append(_RECORDS + (" WITHOUT ROWID" if sqlite else ""))
    statements += SQLITE_TRIGGERS if sqlite else POSTGRES_TRIGGERS
    if version >= 2:
        statements += _V2_COLUMNS
    statements.append(f"INSERT INTO {VERSION_TABLE} (version) VALUES ({version})")
    return statements


_V2_COLUMNS = [
    "ALTER TABLE cases ADD COLUMN opened_year INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE cases ADD COLUMN doc_sha256 TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX cases_year ON cases (opened_year, pos)",
]


def _migrate_1_to_2(engine: Engine) -> None:
    for statement in _V2_COLUMNS:
        engine.execute(statement)
    engine.execute("UPDATE cases SET opened_year = CAST(substr(opened_on, 1, 4) AS INTEGER)")
    rows = engine.execute("SELECT id, doc FROM cases").fetchall()
    engine.executemany(
        "UPDATE cases SET doc_sha256 = ? WHERE id = ?",
        [(content_digest(doc), case_id) for case_id, doc in rows],
    )


MIGRATIONS: dict[int, Callable[[Engine], None]] = {1: _migrate_1_to_2}
"""``MIGRATIONS[n]`` moves a store from version ``n`` to ``n + 1`` (inside one transaction)."""


def migrate(engine: Engine, found: int) -> None:
    """Migrate a store from version ``found`` to :data:`SCHEMA_VERSION`; the caller holds the transaction."""
    for version in range(found, SCHEMA_VERSION):
        log.info("migrating %s from schema version %d to %d", engine.display, version, version + 1)
        MIGRATIONS[version](engine)
    engine.execute(f"UPDATE {VERSION_TABLE} SET version = ?", (SCHEMA_VERSION,))
