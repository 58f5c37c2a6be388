"""The portal's templates and static files ship in the wheel (package data)."""

from __future__ import annotations

import zipfile
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_holds_every_template_and_static_file(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(
        iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    )
    names = set(zipfile.ZipFile(wheel).namelist())
    package = files("enforcement.site")
    expected = {
        f"enforcement/site/{folder}/{item.name}"
        for folder in ("templates", "static")
        for item in (package / folder).iterdir()
    }
    assert expected
    assert expected <= names
