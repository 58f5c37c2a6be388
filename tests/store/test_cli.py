"""``enforcement db``: init, import, export, verify."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement import load
from enforcement.cli import cli

from .helpers import drop_triggers, raw_sql

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cases.json"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner in a temporary directory holding cases.json."""
    shutil.copy(EXAMPLE, tmp_path / "cases.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENFORCEMENT_DB", raising=False)
    return CliRunner()


def test_import_export_round_trip(runner: CliRunner, store_url: str) -> None:
    assert runner.invoke(cli, ["db", "init", "--db", store_url]).exit_code == 0
    result = runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "added 1 agency, 12 officers, 30 cases" in result.output
    result = runner.invoke(cli, ["db", "export", "out.json", "--db", store_url])
    assert result.exit_code == 0, result.output
    assert load("out.json") == load("cases.json")


def test_importing_twice_is_refused(runner: CliRunner, store_url: str) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    result = runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    assert result.exit_code == 1
    assert "is already in the store" in result.output
    assert "nothing imported" in result.output


def test_verify_reports_intact_chain_and_head(runner: CliRunner, store_url: str) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    result = runner.invoke(cli, ["db", "verify", "--db", store_url])
    assert result.exit_code == 0
    assert result.output.startswith("30 cases, 238 records, chain intact, head ")


def test_verify_exits_1_naming_the_changed_entry(runner: CliRunner, store_url: str) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    drop_triggers(store_url)
    raw_sql(
        store_url,
        "UPDATE records SET content = replace(content, 'R', 'r') WHERE case_id = ? AND seq = 2",
        params=("XC2020-00003",),
    )
    result = runner.invoke(cli, ["db", "verify", "--db", store_url])
    assert result.exit_code == 1
    assert (
        "BROKEN case XC2020-00003, entry XC2020-00003-R02 (seq 2): content changed" in result.output
    )


def test_verify_of_a_missing_store_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["db", "verify", "--db", "sqlite:///missing.db"])
    assert result.exit_code == 2
    assert "no store at missing.db" in result.output
    assert not Path("missing.db").exists()


def test_db_option_reads_the_environment(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENFORCEMENT_DB", "sqlite:///env.db")
    assert runner.invoke(cli, ["db", "init"]).exit_code == 0
    assert Path("env.db").exists()
