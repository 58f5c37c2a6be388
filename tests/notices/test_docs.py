"""The notice docs run: python blocks in order in one namespace, ``$ enforcement`` lines as commands.

Also: every hook in ``enforcement/hookspecs.py`` has a section in ``docs/plugins.md``.
"""

from __future__ import annotations

import inspect
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement import hookspecs
from enforcement.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def _blocks(name: str) -> list[tuple[str, str]]:
    return FENCE.findall((ROOT / "docs" / name).read_text(encoding="utf-8"))


def test_every_hook_is_in_the_hook_reference() -> None:
    reference = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [n for n, f in inspect.getmembers(hookspecs) if n.startswith("enforcement_")]
    assert "enforcement_notice_renderer" in hooks
    for name in hooks:
        assert re.search(rf"^### `{name}\(", reference, re.M), f"{name} is not documented"


def test_plugin_reference_examples_run() -> None:
    namespace: dict[str, object] = {}
    for lang, code in _blocks("plugins.md"):
        if lang == "python":
            exec(compile(code, "docs/plugins.md", "exec"), namespace)


def test_notices_doc_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ROOT / "examples" / "cases.json", tmp_path / "cases.json")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "docs_notices"}
    runner = CliRunner()
    for lang, code in _blocks("notices.md"):
        if lang == "python":
            exec(compile(code, "docs/notices.md", "exec"), namespace)
        elif lang == "console":
            for line in code.splitlines():
                if not line.startswith("$ enforcement "):
                    continue
                args = shlex.split(line[len("$ enforcement ") :])
                result = runner.invoke(cli, args, catch_exceptions=False)
                assert result.exit_code == 0, (line, result.output)
    assert os.listdir(tmp_path)


def test_the_example_script_renders_a_notice(tmp_path: Path) -> None:
    import runpy

    script = runpy.run_path(str(ROOT / "examples" / "render_notice.py"))
    out = tmp_path / "n.pdf"
    code = script["main"]([str(ROOT / "examples" / "cases.json"), "XC2020-00004", str(out)])
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
