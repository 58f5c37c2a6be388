"""A small demo year and portals built from it, shared by the portal tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from enforcement.models import Dataset
from enforcement.site import SiteOptions, build_site
from enforcement.sources import DatasetSource
from enforcement.synthetic import generate_dataset

ON = date(2021, 3, 31)
BASE_URL = "https://gs.example.gov.cn/zfgs"


@pytest.fixture(scope="session")
def demo_dataset() -> Dataset:
    """The demo's town, smaller: the same generator, seed and defects as ``enforcement demo``."""
    return generate_dataset(cases=60, officers=16, year=2020, seed=2020, defects=0.08)


def build(dataset: Dataset, out: Path, on: date = ON, **options: object) -> dict[str, bytes]:
    """Build a portal of ``dataset`` into ``out``; every file written, by relative path."""
    build_site(DatasetSource(dataset), out, SiteOptions(on=on, **options))  # type: ignore[arg-type]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="session")
def demo_site(demo_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's portal as of 31 March 2021, served at :data:`BASE_URL`."""
    out = tmp_path_factory.mktemp("site") / "site"
    build(demo_dataset, out, base_url=BASE_URL)
    return out
