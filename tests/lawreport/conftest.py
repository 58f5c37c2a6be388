"""Fixtures of the law report: the seed town's year as records, its words as SECTIONS.toml."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import enforcement
from enforcement.models import Dataset
from enforcement.summary import Summary
from enforcement.synthetic import generate_dataset

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_SECTIONS = FIXTURES / "seed_2020.toml"
SEED_TEXT = FIXTURES / "seed_2020.txt"  # the town's report as published (its web page)
# The disclosure figures of the seed's own report (its section (四) 三是).
DISCLOSURE_2020 = "[2020]\ncarried_over = 16\nreceived = 71\nanswered = 64\ncarried_forward = 7\n"

# The example plugin holding the disclosure section (as pytest puts it on the path for its tests).
sys.path.insert(0, str(ROOT / "examples" / "enforcement-letterhead"))


def seed_dataset() -> Dataset:
    """新城镇's 2020 records, made to match the seed: 80 officers, all trained (the seed's
    "机关全体干部80人全部按时完成学法用法学习计划")."""
    return generate_dataset(cases=60, officers=80, defects=0, year=2020, seed=2020)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return seed_dataset()


@pytest.fixture(scope="session")
def summary(dataset: Dataset) -> Summary:
    return enforcement.summarize(dataset, year=2020, agency_id="xc")


@pytest.fixture
def records_file(dataset: Dataset, tmp_path: Path) -> Path:
    path = tmp_path / "records.json"
    enforcement.dump(dataset, path)
    return path


@pytest.fixture
def disclosure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from enforcement_letterhead.disclosure import ENV_VAR

    path = tmp_path / "disclosure.toml"
    path.write_text(DISCLOSURE_2020, encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(path))
    return path
