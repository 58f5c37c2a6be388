"""The store fixtures (``store_url`` on SQLite and on PostgreSQL) for the workbook tests."""

from tests.store.conftest import engine, store_url

__all__ = ["engine", "store_url"]
