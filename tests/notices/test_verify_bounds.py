"""Verification reads bounded amounts: an endless file (/dev/zero) ends with an error."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from enforcement.cli import cli

from .test_policy_terms import EXAMPLE, _render


def test_verifying_an_endless_file_ends_with_an_error(tmp_path: Path) -> None:
    # /dev/zero never ends: verification reads a bounded amount, never the whole file.
    result = CliRunner().invoke(cli, ["notice", "verify", "/dev/zero", str(EXAMPLE)])
    assert result.exit_code == 1
    assert "not a notice" in result.output


def test_an_endless_checkpoint_file_ends_with_an_error(tmp_path: Path) -> None:
    pdf = _render(tmp_path)
    result = CliRunner().invoke(
        cli, ["notice", "verify", str(pdf), "--db", "sqlite:///x.db", "--checkpoint", "/dev/zero"]
    )
    assert result.exit_code == 2
    assert "/dev/zero: not a checkpoint" in result.output
