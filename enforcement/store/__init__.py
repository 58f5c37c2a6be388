"""Storage: SQLite by default, PostgreSQL at scale, and a tamper-evident recording log.

>>> import enforcement
>>> with enforcement.open_store("sqlite:///:memory:") as store:
...     store.counts().cases
0
"""

from __future__ import annotations

from enforcement.store.engines import Engine, PostgresEngine, SQLiteEngine
from enforcement.store.schema import SCHEMA_VERSION
from enforcement.store.store import (
    CaseVersion,
    ChainedEntry,
    LogPosition,
    Progress,
    Store,
    StoreCounts,
)
from enforcement.store.url import DEFAULT_URL, ENV_VAR, PostgresURL, parse_url, resolve_url
from enforcement.store.verify import LogBreak, VerifyReport


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open (and if needed create or migrate) the store at ``url``.

    ``url`` defaults to ``$ENFORCEMENT_DB``, then to ``sqlite:///enforcement.db``.
    With ``create=False`` (every reading command) nothing is created or
    changed: a missing or empty file or schema is a
    :class:`~enforcement.errors.StoreConnectionError` ("not an enforcement
    store"), and an older store a :class:`~enforcement.errors.SchemaVersionError`
    saying how to migrate it.
    """
    resolved = resolve_url(url)
    parsed = parse_url(resolved)
    engine: Engine
    if isinstance(parsed, PostgresURL):
        engine = PostgresEngine(parsed, create=create)
    else:
        engine = SQLiteEngine(parsed, create=create)
    return Store(engine, opened_with=resolved, create=create)


__all__ = [
    "DEFAULT_URL",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "CaseVersion",
    "ChainedEntry",
    "LogBreak",
    "LogPosition",
    "Progress",
    "Store",
    "StoreCounts",
    "VerifyReport",
    "open_store",
]
