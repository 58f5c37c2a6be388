"""Notices print the publication term the agency's policy sets (PUB004), and verify with it."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from enforcement.cli import cli
from enforcement.notices import NoticeOptions, read_stamp
from enforcement.policy import Policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cases.json"
CASE = "XC2020-00004"  # a fine of 50,000 yuan: the long term, three years by default


def _text(pdf: Path) -> str:
    return "".join("".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())


def _render(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "n.pdf"
    result = CliRunner().invoke(
        cli, ["notice", str(EXAMPLE), CASE, "-o", str(out), "--force", *extra]
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_default_policy_prints_three_years(tmp_path: Path) -> None:
    assert "公示期限：三年" in _text(_render(tmp_path))


def test_the_agencys_policy_sets_the_term_printed_and_verify_agrees(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("long_term_months = 24\n", encoding="utf-8")
    pdf = _render(tmp_path, "--policy", str(policy))
    assert "公示期限：两年" in _text(pdf) or "公示期限：二年" in _text(pdf)
    assert read_stamp(pdf).options.long_term_months == 24
    verified = CliRunner().invoke(cli, ["notice", "verify", str(pdf), str(EXAMPLE)])
    assert verified.exit_code == 0, verified.output


def test_options_from_the_default_policy_are_the_default_options() -> None:
    # Notices rendered before agency terms existed keep their digests.
    assert NoticeOptions.from_policy(Policy()) == NoticeOptions()


def test_malformed_terms_in_the_metadata_are_a_clear_verification_error(tmp_path: Path) -> None:
    pdf = _render(tmp_path)
    data = pdf.read_bytes()
    keywords = re.search(rb"/Keywords \((enforcement-notice [^)]*)\)", data)
    assert keywords is not None
    forged = keywords.group(1) + b" options=%7B%22long_term_months%22%3A%20%22x%22%7D"
    (tmp_path / "forged.pdf").write_bytes(data.replace(keywords.group(1), forged, 1))
    result = CliRunner().invoke(
        cli, ["notice", "verify", str(tmp_path / "forged.pdf"), str(EXAMPLE)]
    )
    assert result.exit_code == 1
    assert "malformed" in result.output
    assert "Traceback" not in result.output
