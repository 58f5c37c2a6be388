"""Synthetic benchmark data shared by the benchmarks: a large county's year."""

from __future__ import annotations

from datetime import timedelta

import attrs

from enforcement.models import Act, Case, Dataset, RecordEntry, RecordKind, Stage
from enforcement.synthetic import generate_dataset


def county_year(cases: int = 20_000, records_per_case: int = 10, seed: int = 2020) -> Dataset:
    """``cases`` synthetic cases with about ``records_per_case`` record entries each.

    The generator's cases carry four to ten entries; extra on-site video
    entries (further inspections) are appended to reach the target count.
    """
    ds = generate_dataset(cases=cases, seed=seed, year=2020)
    padded = [_pad(c, records_per_case) for c in ds.cases]
    return attrs.evolve(ds, cases=tuple(padded))


def _pad(case: Case, target: int) -> Case:
    if len(case.records) >= target or not case.records:
        return case
    first = case.records[0]
    extra = []
    for i in range(target - len(case.records)):
        extra.append(
            RecordEntry(
                id=f"{case.id}-X{i:02d}",
                stage=Stage.INVESTIGATION,
                kind=RecordKind.VIDEO,
                at=first.at + timedelta(hours=2 + i),
                officer_ids=case.officer_ids,
                location=first.location,
                on_site=True,
                summary="补充现场检查，执法记录仪全程录像",
                device="ZFJLY-007",
                act=Act.INSPECTION,
            )
        )
    return attrs.evolve(case, records=case.records + tuple(extra))
