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


def test_verify_reports_an_intact_log_and_its_root(runner: CliRunner, store_url: str) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    result = runner.invoke(cli, ["db", "verify", "--db", store_url])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "30 cases, 238 records; logs: xc 281 entries: intact"
    assert lines[1].startswith("xc: size 281, root ")


def test_verify_exits_1_naming_the_changed_entry(runner: CliRunner, store_url: str) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    drop_triggers(store_url)
    (idx,) = raw_sql(
        store_url,
        "SELECT idx FROM records WHERE case_id = ? AND seq = 2",
        params=("XC2020-00003",),
    )[0]
    raw_sql(
        store_url,
        "UPDATE log SET content = replace(content, 'R', 'r') WHERE idx = ?",
        params=(idx,),
    )
    result = runner.invoke(cli, ["db", "verify", "--db", store_url])
    assert result.exit_code == 1
    assert (
        f"BROKEN log of xc: entry {idx} (case XC2020-00003, record entry 2): rewritten"
        in result.output
    )


def test_checkpoint_then_verify_against_it(runner: CliRunner, store_url: str) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    made = runner.invoke(
        cli, ["keys", "init", "--agency", "xc", "--dir", "keys", "--db", store_url]
    )
    assert made.exit_code == 0, made.output
    signed = runner.invoke(
        cli,
        ["db", "checkpoint", "--db", store_url, "--key", "keys/xc.key.pem", "-o", "pub/cp.txt"],
    )
    assert signed.exit_code == 0, signed.output
    assert Path("pub/tile/0/000").stat().st_size == 256 * 32
    args = ["db", "verify", "--db", store_url, "--checkpoint", "pub/cp.txt"]
    result = runner.invoke(cli, [*args, "--cert", "keys/xc.cert.pem"])
    assert result.exit_code == 0, result.output
    assert "pub/cp.txt: xc's log extends the checkpoint at size 281, signed by" in result.output


def test_verify_against_a_checkpoint_names_a_rewritten_case(
    runner: CliRunner, store_url: str
) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    runner.invoke(cli, ["keys", "init", "--agency", "xc", "--dir", "keys", "--db", store_url])
    runner.invoke(
        cli,
        ["db", "checkpoint", "--db", store_url, "--key", "keys/xc.key.pem", "-o", "pub/cp.txt"],
    )
    drop_triggers(store_url)
    (idx,) = raw_sql(store_url, "SELECT idx FROM cases WHERE id = 'XC2020-00003'")[0]
    raw_sql(
        store_url,
        "UPDATE log SET content = replace(content, '新城', '旧城') WHERE idx = ?",
        params=(idx,),
    )
    from .helpers import rehash

    rehash(store_url)
    args = ["db", "verify", "--db", store_url, "--checkpoint", "pub/cp.txt", "--cert"]
    result = runner.invoke(cli, [*args, "keys/xc.cert.pem"])
    assert result.exit_code == 1
    assert (
        f"BROKEN pub/cp.txt: entry {idx} (case XC2020-00003, case version) rewritten"
        in result.output
    )


def test_checkpoint_with_a_missing_key_exits_2_without_showing_a_key(
    runner: CliRunner, store_url: str
) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    Path("bad.pem").write_text(
        "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"
    )
    result = runner.invoke(cli, ["db", "checkpoint", "--db", store_url, "--key", "bad.pem"])
    assert result.exit_code == 2
    assert "bad.pem: not a readable private key" in result.output
    assert "not a key" not in result.output


def test_reading_commands_refuse_an_empty_file(runner: CliRunner) -> None:
    Path("empty.db").write_bytes(b"")
    for args in (["db", "verify"], ["db", "export", "out.json"]):
        result = runner.invoke(cli, [*args, "--db", "sqlite:///empty.db"])
        assert result.exit_code == 2, args
        assert "not an enforcement store" in result.output
    assert Path("empty.db").read_bytes() == b""


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


def test_checkpoint_refuses_to_overwrite_the_store(runner: CliRunner) -> None:
    url = "sqlite:///town.db"
    runner.invoke(cli, ["db", "import", "cases.json", "--db", url])
    runner.invoke(cli, ["keys", "init", "--agency", "xc", "--dir", "keys", "--db", url])
    before = Path("town.db").read_bytes()
    result = runner.invoke(
        cli, ["db", "checkpoint", "--db", url, "--key", "keys/xc.key.pem", "-o", "town.db"]
    )
    assert result.exit_code == 2
    assert "refusing to write the checkpoint over the store" in result.output
    assert Path("town.db").read_bytes() == before


def test_verify_refuses_a_huge_or_malformed_checkpoint(runner: CliRunner, store_url: str) -> None:
    runner.invoke(cli, ["db", "import", "cases.json", "--db", store_url])
    Path("huge.txt").write_bytes(b"x" * (1 << 20))
    Path("bad.txt").write_text("origin\nnot a size\nAAAA\n\n— origin AAAAAAAA\n")
    for name in ("huge.txt", "bad.txt"):
        result = runner.invoke(cli, ["db", "verify", "--db", store_url, "--checkpoint", name])
        assert result.exit_code == 2, name
        assert f"{name}: not a checkpoint" in result.output
