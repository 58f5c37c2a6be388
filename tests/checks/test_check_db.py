"""``enforcement check --db``: the same findings from a store as from the file it was imported from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import enforcement
from enforcement.cli import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cases.json"


def test_check_reads_a_store_like_the_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'town.db'}"
    with enforcement.open_store(url) as store:
        store.import_dataset(enforcement.load(EXAMPLE))
    runner = CliRunner()
    from_file = runner.invoke(
        cli, ["check", str(EXAMPLE), "--on", "2021-01-31", "--format", "json"]
    )
    from_db = runner.invoke(cli, ["check", "--db", url, "--on", "2021-01-31", "--format", "json"])
    assert from_file.exit_code == from_db.exit_code == 1
    file_findings = json.loads(from_file.stdout)["findings"]
    assert file_findings, "the example has defects the checks must find"
    assert json.loads(from_db.stdout)["findings"] == file_findings


def test_check_db_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'town.db'}"
    with enforcement.open_store(url) as store:
        store.import_dataset(enforcement.load(EXAMPLE))
    monkeypatch.setenv("ENFORCEMENT_DB", url)
    result = CliRunner().invoke(cli, ["check", "--on", "2021-01-31", "--select", "PUB"])
    assert result.exit_code in (0, 1)
    assert url in result.output


def test_a_missing_store_is_unusable_input_not_a_new_empty_store(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    result = CliRunner().invoke(cli, ["check", "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not missing.exists()


def test_a_file_and_a_store_at_once_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", str(EXAMPLE), "--db", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 2
    assert "not both" in result.output
