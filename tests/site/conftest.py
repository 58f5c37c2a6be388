"""A small demo year and portals built from it, shared by the portal tests."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from enforcement.models import Dataset
from enforcement.signing import TZ, SigningOptions
from enforcement.site import SiteOptions, build_site
from enforcement.sources import DatasetSource
from enforcement.synthetic import generate_dataset
from enforcement.transparency.keys import generate_agency_key, load_signing_key

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


SIGNED_AT = datetime(2021, 3, 31, 9, 0, tzinfo=TZ)
"""The signing time of the signed portals (a fixed time gives the same bytes)."""


@pytest.fixture(scope="session")
def agency_keys(
    demo_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The demo agency's key and certificate files (``enforcement keys init``)."""
    directory = tmp_path_factory.mktemp("keys")
    return generate_agency_key(
        demo_dataset.agencies[0], directory, now=datetime(2020, 1, 1, tzinfo=TZ)
    )


@pytest.fixture(scope="session")
def signing(agency_keys: tuple[Path, Path]) -> SigningOptions:
    """Signing with the demo agency's key at :data:`SIGNED_AT`."""
    return SigningOptions(key=load_signing_key(*agency_keys), signing_time=SIGNED_AT)
