"""Benchmark: checking a synthetic year versus loading it from JSON.

20,000 cases with about 200,000 record entries (the generator's cases padded
to ten entries each). Both timings are taken
in the same run; each is repeated and the best kept, because the machine is
shared. Target: checking costs no more than loading.

    python benchmarks/check.py [--cases 20000] [--repeat 3]

"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import enforcement
from enforcement.synthetic import generate_dataset


def build(cases: int, per_case: int, directory: Path) -> Path:
    """Write the benchmark document into ``directory`` and return its path."""
    ds = generate_dataset(cases=cases, defects=0.05, records_per_case=per_case)
    path = directory / f"year-{cases}-{per_case}.json"
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
    with tempfile.TemporaryDirectory() as tmp:
        run(build(args.cases, args.per_case, Path(tmp)), args.repeat)


def run(path: Path, repeat: int) -> None:
    """Time loading ``path`` and checking what it holds."""
    ds = enforcement.load(path)
    records = sum(len(c.records) for c in ds.cases)
    last = max(r.at.date() for c in ds.cases for r in c.records)
    on = max(last, date(ds.cases[0].opened_on.year + 1, 1, 31)) + timedelta(days=1)
    findings = enforcement.check(ds, on=on)  # warm the calendars' year tables
    load_s = best_of(repeat, lambda: enforcement.load(path))
    check_s = best_of(repeat, lambda: enforcement.check(ds, on=on))
    print(
        f"dataset: {len(ds.cases):,} cases, {records:,} record entries, {len(findings):,} findings"
    )
    print(f"load  (JSON -> validated Dataset): {load_s:8.3f} s")
    print(f"check (all rules, on {on}):   {check_s:8.3f} s")
    print(f"check / load = {check_s / load_s:.2f}  (target <= 1)")


if __name__ == "__main__":
    main()
