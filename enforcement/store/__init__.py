"""Storage: SQLite by default, PostgreSQL at scale, and a tamper-evident recording log.

>>> import enforcement
>>> with enforcement.open_store("sqlite:///:memory:") as store:
...     store.counts().cases
0
"""

from __future__ import annotations

from enforcement.store.chain import ChainBreak, ChainedEntry, VerifyReport
from enforcement.store.engines import Engine, PostgresEngine, SQLiteEngine
from enforcement.store.schema import SCHEMA_VERSION
from enforcement.store.store import Progress, Store, StoreCounts
from enforcement.store.url import DEFAULT_URL, ENV_VAR, PostgresURL, parse_url, resolve_url


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open (and if needed create or migrate) the store at ``url``.

    ``url`` defaults to ``$ENFORCEMENT_DB``, then to ``sqlite:///enforcement.db``.
    With ``create=False`` a missing SQLite file or PostgreSQL schema is an
    error instead of a new, empty store.
    """
    resolved = resolve_url(url)
    parsed = parse_url(resolved)
    engine: Engine
    if isinstance(parsed, PostgresURL):
        engine = PostgresEngine(parsed, create=create)
    else:
        engine = SQLiteEngine(parsed, create=create)
    return Store(engine, opened_with=resolved)


__all__ = [
    "DEFAULT_URL",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "ChainBreak",
    "ChainedEntry",
    "Progress",
    "Store",
    "StoreCounts",
    "VerifyReport",
    "open_store",
]
