"""The example third-party plugin, installed by pip and found through its entry point."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import enforcement
from enforcement.models import Agency

from .conftest import pdf_text, person_case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "enforcement-letterhead"
CASES = Path(__file__).resolve().parents[2] / "examples" / "cases.json"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """pip-install the example into a private directory and put it on ``sys.path``."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(EXAMPLE),
        ],
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(target))
    # The example's own tests may have imported it from the source tree; load the installed copy.
    sys.modules.pop("enforcement_letterhead", None)
    importlib.invalidate_caches()
    try:
        yield target
    finally:
        sys.path.remove(str(target))
        sys.modules.pop("enforcement_letterhead", None)
        importlib.invalidate_caches()


def test_the_installed_example_is_discovered_and_changes_the_notice(
    installed: Path, agency: Agency
) -> None:
    pm = enforcement.make_plugin_manager()
    assert pm.get_plugin("letterhead") is not None, pm.load_errors
    assert pm.origins["letterhead"][0] == "enforcement-letterhead"
    case = person_case(facts="当事人王小明将津A12345号车辆停放于人行道。")
    text = pdf_text(enforcement.render_notice(case, agency=agency, plugin_manager=pm))
    assert "天津市滨海新区新城镇综合行政执法大队" in text
    assert "津A12345" not in text
    assert "津A*****" in text
    module = sys.modules["enforcement_letterhead"]
    assert module.__file__ is not None
    assert module.__file__.startswith(str(installed))


def test_the_installed_example_adds_the_disclosure_section(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures = tmp_path / "disclosure.toml"
    figures.write_text(
        "[2020]\ncarried_over = 16\nreceived = 71\nanswered = 64\ncarried_forward = 7\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ENFORCEMENT_DISCLOSURE", str(figures))
    pm = enforcement.make_plugin_manager()
    assert "enforcement_summary_sections" in {
        h.name for h in pm.get_hookcallers(pm.get_plugin("letterhead")) or ()
    }
    summary = enforcement.summarize(enforcement.load(CASES), year=2020, agency_id="xc")
    text = pdf_text(enforcement.render_summary(summary, plugin_manager=pm))
    assert "政府信息公开申请办理情况" in text
    assert "本年度收到政府信息公开申请71件" in text
