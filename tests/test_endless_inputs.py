"""Every file a command reads is read a bounded amount: /dev/zero ends with one error line.

A device that never ends (``/dev/zero``), given for any input, must be refused
with exit 2 after reading at most the documented limit, never read whole.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement.cli import cli

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "cases.json")
ZERO = "/dev/zero"

pytestmark = pytest.mark.skipif(not os.path.exists(ZERO), reason="no /dev/zero here")


@pytest.mark.parametrize(
    "args",
    [
        ["check", EXAMPLE, "--policy", ZERO],
        ["check", EXAMPLE, "--calendar", ZERO],
        ["check", EXAMPLE, "--public", "--allow", ZERO],
        ["notice", EXAMPLE, "XC2020-00004", "--allow", ZERO, "-o", "{tmp}/n.pdf"],
        ["summary", EXAMPLE, "--year", "2020", "--narrative", ZERO, "-o", "{tmp}/s.pdf"],
        ["law-report", EXAMPLE, "--year", "2020", "--input", ZERO, "-o", "{tmp}/r.pdf"],
        ["site", EXAMPLE, "-o", "{tmp}/site", "--checkpoint", ZERO],
        ["site", EXAMPLE, "-o", "{tmp}/site", "--law-report", "2020", ZERO],
    ],
    ids=lambda args: " ".join(a for a in args[:1] + args[-2:] if "{tmp}" not in a),
)
def test_an_endless_input_is_one_error_line_exit_2(args: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert "error: " in result.output
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())  # nothing written
