"""Benchmark: checking a synthetic year versus loading it from JSON.

20,000 cases with about 200,000 record entries (the generator's cases padded
with extra evidence photos to about ten entries each). Both timings are taken
in the same run; each is repeated and the best kept, because the machine is
shared. Target: checking costs no more than loading.

    python benchmarks/check.py [--cases 20000] [--repeat 3]

The generated document is cached under ``benchmarks/.cache`` (the generator
is slow at this size).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import time
from datetime import date, timedelta
from pathlib import Path

import attrs

import enforcement
from enforcement.models import Attachment, Case, Dataset, RecordEntry, RecordKind, Stage
from enforcement.synthetic import generate_dataset

CACHE = Path(__file__).parent / ".cache"


def pad(case: Case, target: int) -> Case:
    """Add evidence photos to the investigation until the case has ``target`` entries."""
    base = next((r for r in case.records if r.stage is Stage.INVESTIGATION), None)
    if base is None or len(case.records) >= target:
        return case
    extra = tuple(
        RecordEntry(
            id=f"{case.id}-P{k:02d}",
            stage=Stage.INVESTIGATION,
            kind=RecordKind.PHOTO,
            at=base.at,
            officer_ids=base.officer_ids,
            location=base.location,
            summary="现场照片",
            attachment=Attachment(
                uri=f"evidence/{case.id}/P{k:02d}.jpg",
                sha256=hashlib.sha256(f"{case.id}/{k}".encode()).hexdigest(),
                media_type="image/jpeg",
            ),
        )
        for k in range(target - len(case.records))
    )
    return attrs.evolve(case, records=(*case.records, *extra))


def build(cases: int, per_case: int) -> Path:
    """Generate (or reuse) the benchmark document and return its path."""
    path = CACHE / f"year-{cases}-{per_case}.json"
    if path.exists():
        return path
    CACHE.mkdir(exist_ok=True)
    print(f"generating {cases:,} cases (cached at {path}) ...", flush=True)
    ds = generate_dataset(cases=cases, defects=0.05)
    ds = Dataset(
        agencies=ds.agencies,
        officers=ds.officers,
        cases=tuple(pad(c, per_case) for c in ds.cases),
    )
    enforcement.dump(ds, path, indent=None)
    return path


def best_of(repeat: int, fn: object) -> float:
    """The fastest of ``repeat`` timed calls."""
    assert callable(fn)
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Time loading and checking; print both and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--per-case", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = build(args.cases, args.per_case)
    ds = enforcement.load(path)
    records = sum(len(c.records) for c in ds.cases)
    last = max(r.at.date() for c in ds.cases for r in c.records)
    on = max(last, date(ds.cases[0].opened_on.year + 1, 1, 31)) + timedelta(days=1)
    findings = enforcement.check(ds, on=on)  # warm the calendars' year tables
    load_s = best_of(args.repeat, lambda: enforcement.load(path))
    check_s = best_of(args.repeat, lambda: enforcement.check(ds, on=on))
    print(
        f"dataset: {len(ds.cases):,} cases, {records:,} record entries, {len(findings):,} findings"
    )
    print(f"load  (JSON -> validated Dataset): {load_s:8.3f} s")
    print(f"check (all rules, on {on}):   {check_s:8.3f} s")
    print(f"check / load = {check_s / load_s:.2f}  (target <= 1)")


if __name__ == "__main__":
    main()
