"""The code in docs/storage.md runs: Python blocks in order in one namespace, ``$`` lines as commands."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement.cli import cli

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "storage.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_storage_guide_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ROOT / "examples" / "cases.json", tmp_path / "cases.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENFORCEMENT_DB", raising=False)
    namespace: dict[str, object] = {"__name__": "storage_md"}
    runner = CliRunner()
    for lang, body in FENCE.findall(DOC.read_text(encoding="utf-8")):
        if lang == "python":
            exec(compile(body, str(DOC), "exec"), namespace)
        elif lang == "console":
            for line in body.splitlines():
                if line.startswith("$ enforcement "):
                    result = runner.invoke(cli, shlex.split(line[len("$ enforcement ") :]))
                    assert result.exit_code == 0, (line, result.output)
