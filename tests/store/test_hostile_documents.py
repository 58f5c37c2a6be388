"""An insider rewrites a stored document into something that is not JSON any more.

Cut short, or nested far deeper than a parser follows: every command that reads
the store answers with an error that says a stored document is not valid JSON
and points at ``enforcement db verify`` (exit 2), never a decoder's traceback;
``db verify`` names the entry, even when every hash has been recomputed. Each
test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement import Dataset, Store
from enforcement.cli import cli
from enforcement.errors import ChainIntegrityError
from enforcement.synthetic import generate_dataset

from .helpers import drop_triggers, raw_sql, rehash

DEEP = 100_000
"""Nesting far past Python's recursion limit and orjson's."""


def _cut_short(content: str) -> str:
    return content[:-5]


def _nested(content: str) -> str:
    return content[:-1] + ',"x":' + "[" * DEEP + "]" * DEEP + "}"


DAMAGE = {"cut short": _cut_short, "nested too deeply": _nested}


@pytest.fixture(scope="module")
def small() -> Dataset:
    """Three cases: enough for every kind of document, cheap to re-hash by hand."""
    return generate_dataset(cases=3)


def _damage(url: str, kind: str, how: str) -> int:
    """Rewrite the latest log entry of this kind; its position."""
    drop_triggers(url)
    idx, content = raw_sql(
        url, "SELECT idx, content FROM log WHERE kind = ? ORDER BY idx DESC LIMIT 1", params=(kind,)
    )[0]
    raw_sql(url, "UPDATE log SET content = ? WHERE idx = ?", params=(DAMAGE[how](content), idx))
    return int(idx)


KINDS = ["agency", "officer", "case", "record"]


@pytest.mark.parametrize("how", sorted(DAMAGE))
@pytest.mark.parametrize("kind", KINDS)
def test_reading_commands_name_the_damage_without_a_traceback(
    store: Store, store_url: str, small: Dataset, kind: str, how: str, tmp_path: Path
) -> None:
    store.import_dataset(small)
    _damage(store_url, kind, how)
    runner = CliRunner()
    commands = {
        "export": ["db", "export", str(tmp_path / "out.json"), "--db", store_url],
        "summary": ["summary", "--db", store_url, "--year", "2020"],
        "check": ["check", "--db", store_url],
    }
    for name, args in commands.items():
        if name == "check" and kind == "officer":
            continue  # (check reads officers only through the cases that name them)
        result = runner.invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            name,
            result.exception,
        )
        assert result.exit_code == 2, (name, result.output)
        assert "is not valid JSON" in result.output, (name, result.output)
        assert "db verify" in result.output
        if how == "nested too deeply":
            assert "nested too deeply to read" in result.output
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("how", sorted(DAMAGE))
@pytest.mark.parametrize("kind", ["agency", "case"])
def test_verify_names_an_unreadable_version_even_rehashed(
    store: Store, store_url: str, small: Dataset, kind: str, how: str
) -> None:
    # The versions whose documents verify reads (for their typed columns). A record entry
    # rewritten and re-hashed is found by a checkpoint (tests/store/test_attacks.py).
    store.import_dataset(small)
    idx = _damage(store_url, kind, how)
    rehash(store_url)
    report = store.verify()
    assert not report.intact
    (found,) = [b for b in report.breaks if b.index == idx]
    assert found.kind == kind
    assert "not valid JSON" in found.problem


def test_the_api_raises_a_chain_error(store: Store, store_url: str, small: Dataset) -> None:
    store.import_dataset(small)
    _damage(store_url, "case", "nested too deeply")
    with pytest.raises(ChainIntegrityError, match="nested too deeply"):
        list(store.cases())
    with pytest.raises(ChainIntegrityError, match="nested too deeply"):
        store.history(small.cases[-1].id)
