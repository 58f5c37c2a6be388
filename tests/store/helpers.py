"""Raw SQL access behind the library's back, for the tamper tests."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from enforcement.store.facts import CASE_FACTS, case_columns
from enforcement.store.tree import NodeBuilder
from enforcement.store.url import PostgresURL, SQLiteURL, parse_url


def raw_sql(url: str, *statements: str, params: tuple[Any, ...] = ()) -> list[Any]:
    """Run statements on the store's database directly; returns the last one's rows."""
    parsed = parse_url(url)
    rows: list[Any] = []
    if isinstance(parsed, SQLiteURL):
        conn = sqlite3.connect(parsed.path, isolation_level=None)
        try:
            for statement in statements:
                rows = conn.execute(statement, params if "?" in statement else ()).fetchall()
        finally:
            conn.close()
        return rows
    assert isinstance(parsed, PostgresURL)
    import psycopg

    with psycopg.connect(parsed.conninfo, autocommit=True) as pg:
        pg.execute(f'SET search_path TO "{parsed.schema}"')
        for statement in statements:
            sql = statement.replace("?", "%s")
            cur = pg.execute(sql, params if "%s" in sql else None)
            rows = cur.fetchall() if cur.description else []
    return rows


def drop_triggers(url: str) -> None:
    """Remove the append-only triggers, as an attacker with full access could."""
    for table in ("log", "log_nodes"):
        if url.startswith("sqlite"):
            raw_sql(url, f"DROP TRIGGER {table}_no_update", f"DROP TRIGGER {table}_no_delete")
        else:
            raw_sql(
                url,
                f"DROP TRIGGER {table}_no_update_delete ON {table}",
                f"DROP TRIGGER {table}_no_truncate ON {table}",
            )


def rehash(url: str) -> None:
    """Recompute every leaf hash, stored node and log size from the content, as an insider would."""
    agencies = [a for (a,) in raw_sql(url, "SELECT DISTINCT agency_id FROM log")]
    raw_sql(url, "DELETE FROM log_nodes")
    for agency in agencies:
        rows = raw_sql(
            url,
            "SELECT idx, head, content FROM log WHERE agency_id = ? ORDER BY idx",
            params=(agency,),
        )
        builder = NodeBuilder(0, [], [])
        for idx, head, content in rows:
            leaf = hashlib.sha256(b"\x00" + f"{head}\n{content}".encode()).digest()
            raw_sql(
                url,
                "UPDATE log SET leaf = ? WHERE agency_id = ? AND idx = ?",
                params=(leaf, agency, idx),
            )
            for level, i, h in builder.add(leaf):
                raw_sql(
                    url,
                    "INSERT INTO log_nodes (agency_id, level, idx, hash) VALUES (?, ?, ?, ?)",
                    params=(agency, level, i, h),
                )
        raw_sql(url, "UPDATE logs SET size = ? WHERE agency_id = ?", params=(len(rows), agency))
    # The index's typed columns too: the insider knows verify recomputes them from the log.
    sets = ", ".join(f"{c} = ?" for c in CASE_FACTS)
    for case_id, content in raw_sql(
        url,
        "SELECT c.id, l.content FROM cases c JOIN log l"
        " ON l.agency_id = c.agency_id AND l.idx = c.idx",
    ):
        try:
            facts = case_columns(json.loads(content))
        except (ValueError, RecursionError):
            continue  # a document the insider broke on purpose keeps its columns
        raw_sql(url, f"UPDATE cases SET {sets} WHERE id = ?", params=(*facts, case_id))
