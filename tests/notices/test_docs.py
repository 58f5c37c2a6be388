"""The example script renders a notice (docs/ blocks and the hook reference are tests/test_docs.py's)."""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_script_renders_a_notice(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "examples" / "render_notice.py"))
    out = tmp_path / "n.pdf"
    code = script["main"]([str(ROOT / "examples" / "cases.json"), "XC2020-00004", str(out)])
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
