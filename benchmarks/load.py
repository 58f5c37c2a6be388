"""How fast ``enforcement.load`` reads a large county's year, beside ``json.loads``.

Run by hand: ``python benchmarks/load.py [--cases 20000]``. Prints the best of
several runs of each, and the ratio. Target: ``load`` at most 4x ``json.loads``,
with every validation on.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import enforcement
from enforcement.synthetic import generate_dataset


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    ds = generate_dataset(cases=args.cases, records_per_case=10)
    records = sum(len(c.records) for c in ds.cases)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "county.json"
        enforcement.dump(ds, path)
        size = path.stat().st_size
        raw = path.read_bytes()
        t_json = best_of(args.runs, lambda: json.loads(raw))
        t_load = best_of(args.runs, lambda: enforcement.load(path))
        assert enforcement.load(path) == ds

    print(
        f"dataset: {len(ds.cases):,} cases, {records:,} record entries, {size / 1e6:.1f} MB of JSON"
    )
    print(f"json.loads           {t_json:7.3f} s")
    print(f"enforcement.load     {t_load:7.3f} s   ({records / t_load:,.0f} record entries/s)")
    print(f"ratio load/json      {t_load / t_json:7.2f}x   (target <= 4x)")


if __name__ == "__main__":
    main()
