"""docs/rules.md documents every rule, and its examples run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from enforcement.checks.builtin import RULES

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "rules.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def test_every_rule_has_a_section_with_its_source() -> None:
    text = DOC.read_text(encoding="utf-8")
    for rule in RULES:
        match = re.search(rf"^### {rule.code} .*?(?=^### |\Z)", text, re.S | re.M)
        assert match, rule.code
        section = match.group(0)
        assert "```python" in section, rule.code


def test_the_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ROOT / "examples" / "cases.json", tmp_path / "cases.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ENFORCEMENT_DISABLE_PLUGIN_AUTOLOAD", "1")
    namespace: dict[str, object] = {"__name__": "rules_md"}
    for lang, body in FENCE.findall(DOC.read_text(encoding="utf-8")):
        if lang == "python":
            exec(compile(body, str(DOC), "exec"), namespace)
        elif lang == "console":
            lines = body.splitlines()
            for i, line in enumerate(lines):
                if not line.startswith("$ "):
                    continue
                args = line[2:].split()
                assert args[0] == "enforcement"
                result = subprocess.run(
                    [str(Path(sys.executable).parent / "enforcement"), *args[1:]],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                expected = []
                for out in lines[i + 1 :]:
                    if out.startswith("$ "):
                        break
                    expected.append(out)
                assert result.stdout.splitlines() == expected, result.stderr
