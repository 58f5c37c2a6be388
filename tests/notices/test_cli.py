from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement.cli import cli

from .conftest import EXAMPLE


@pytest.fixture
def cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copy(EXAMPLE, tmp_path / "cases.json"))


def test_notice_then_verify_matches(cases: Path) -> None:
    runner = CliRunner()
    rendered = runner.invoke(
        cli, ["notice", str(cases), "XC2020-00004", "-o", "n.pdf", "--manifest", "m.json"]
    )
    assert rendered.exit_code == 0, rendered.output
    assert "sha256 " in rendered.output
    manifest = json.loads(Path("m.json").read_text(encoding="utf-8"))
    assert manifest["case_id"] == "XC2020-00004"
    verified = runner.invoke(cli, ["notice", "verify", "n.pdf", str(cases)])
    assert verified.exit_code == 0
    assert "matches case XC2020-00004" in verified.output


def test_verify_fails_when_the_source_changed(cases: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["notice", str(cases), "XC2020-00004", "-o", "n.pdf"]).exit_code == 0
    data = json.loads(cases.read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["id"] == "XC2020-00004")
    case["decision"]["facts"] += "（补充）"
    cases.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["notice", "verify", "n.pdf", str(cases)])
    assert result.exit_code == 1
    assert "does NOT match case XC2020-00004" in result.output


def test_verify_refuses_a_pdf_without_a_digest(cases: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = CliRunner().invoke(cli, ["notice", "verify", str(other), str(cases)])
    assert result.exit_code == 1
    assert "no enforcement notice digest" in result.output


def test_unknown_case_and_unrevoked_withdrawal_exit_1(cases: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["notice", str(cases), "NOPE"]).exit_code == 1
    result = runner.invoke(cli, ["notice", str(cases), "XC2020-00002", "--kind", "withdrawal"])
    assert result.exit_code == 1
    assert "revoked_on" in result.output


def test_notices_writes_every_due_notice_and_an_index(cases: Path) -> None:
    result = CliRunner().invoke(cli, ["notices", str(cases), "--year", "2020", "--out-dir", "out"])
    assert result.exit_code == 0, result.output
    index = json.loads(Path("out/index.json").read_text(encoding="utf-8"))
    files = {n["file"] for n in index["notices"]}
    assert "XC2020-00004-withdrawal.pdf" in files
    assert all(Path("out", f).exists() for f in files)


def test_roster(cases: Path) -> None:
    result = CliRunner().invoke(
        cli, ["roster", str(cases), "--agency", "xc", "--on", "2020-06-30", "-o", "r.pdf"]
    )
    assert result.exit_code == 0, result.output
    assert Path("r.pdf").read_bytes().startswith(b"%PDF")
    bad = CliRunner().invoke(cli, ["roster", str(cases), "--agency", "zz", "--on", "2020-06-30"])
    assert bad.exit_code == 1
