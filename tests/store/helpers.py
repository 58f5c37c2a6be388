"""Raw SQL access behind the library's back, for the tamper tests."""

from __future__ import annotations

import sqlite3
from typing import Any

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
