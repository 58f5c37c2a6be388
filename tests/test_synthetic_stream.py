"""write_dataset streams the very document that generate_dataset + dump would write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import enforcement
from enforcement.synthetic import generate_dataset, write_dataset


@pytest.mark.parametrize(
    ("kwargs", "indent"),
    [
        ({"cases": 60, "defects": 0.1, "records_per_case": 6}, None),
        ({"cases": 30}, 2),
        ({"cases": 0}, None),
    ],
)
def test_the_streamed_year_is_the_generated_year(
    tmp_path: Path, kwargs: dict[str, Any], indent: int | None
) -> None:
    path = tmp_path / "year.json"
    count = write_dataset(path, indent=indent, **kwargs)
    expected = generate_dataset(**kwargs)
    assert count == len(expected.cases)
    assert path.read_text(encoding="utf-8") == enforcement.dumps(expected, indent=indent) + "\n"
    assert enforcement.load(path) == expected


def test_a_revoked_decision_is_in_the_stream_once(tmp_path: Path) -> None:
    path = tmp_path / "year.json"
    write_dataset(path, cases=200)
    revoked = [c for c in enforcement.load(path).cases if c.decision and c.decision.revoked_on]
    assert len(revoked) == 1


def test_defects_out_of_range_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="defects"):
        write_dataset(tmp_path / "x.json", defects=2)
    assert not (tmp_path / "x.json").exists()
