"""Store fixtures: every test that takes ``store_url`` runs on SQLite and on PostgreSQL.

PostgreSQL tests use a schema of their own in the database named by
``$ENFORCEMENT_TEST_PG`` (default ``postgresql://postgres@127.0.0.1:5432/test``)
and drop it afterwards. Without a reachable server they skip, except when
``$CI`` is set: then a missing server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from enforcement import Dataset, Store, open_store
from enforcement.synthetic import generate_dataset

PG_URL = os.environ.get("ENFORCEMENT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@cache
def _pg_problem() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'enforcement[postgres]')"
    try:
        with psycopg.connect(PG_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {PG_URL}: {str(exc).strip().splitlines()[-1]}"


def require_postgres() -> None:
    """Skip (or, under CI, fail) when no PostgreSQL server is reachable."""
    problem = _pg_problem()
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so PostgreSQL tests must run: {problem}")
    pytest.skip(problem)


def drop_schema(schema: str) -> None:
    """Drop a test schema and everything in it."""
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> str:
    """The engine under test."""
    if request.param == "postgresql":
        require_postgres()
    return str(request.param)


@pytest.fixture
def store_url(engine: str, tmp_path: Path) -> Iterator[str]:
    """A URL for a fresh, empty store on the engine under test."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}schema={schema}"
    drop_schema(schema)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, empty store on the engine under test."""
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def town() -> Dataset:
    """A small synthetic year: 40 cases with their records, decisions and notices."""
    return generate_dataset(cases=40, defects=0.1)
