"""Per-case cost of load, check and summary from 2k to 200k cases: is it flat?

For each size, a child process generates the year (``generate_dataset`` with
defects, ten record entries a case) and writes it as JSON; a fresh child then
measures, in this order and in one process:

- ``json.loads`` of the file's bytes (the baseline of the same run);
- ``enforcement.load`` as the library does it, and inside :func:`enforcement.bulk.paused_gc`
  as the command line does it;
- ``enforcement.check`` and ``enforcement.summarize`` of the loaded year;

and prints each as microseconds per case with the ratio to ``json.loads``, and the
process's peak RSS after each step. Flat per-case cost means the figures stay
level as the size grows.

Run by hand: ``python benchmarks/scale.py [--cases 2000,20000,200000]``. 200,000
cases need several GB of memory and tens of minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

YEAR = 2020


def generate(cases: int, path: Path) -> None:
    import enforcement
    from enforcement.synthetic import generate_dataset

    ds = generate_dataset(cases=cases, defects=0.05, records_per_case=10, year=YEAR)
    enforcement.dump(ds, path, indent=None)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path) -> dict[str, float]:
    import enforcement
    from enforcement.bulk import paused_gc

    raw = path.read_bytes()
    out: dict[str, float] = {}
    start = time.perf_counter()
    json.loads(raw)
    out["json.loads"] = time.perf_counter() - start
    out["rss json.loads"] = rss_mb()
    start = time.perf_counter()
    enforcement.load(path)
    out["load"] = time.perf_counter() - start
    start = time.perf_counter()
    with paused_gc():
        ds = enforcement.load(path)
    out["load, gc paused"] = time.perf_counter() - start
    out["rss load"] = rss_mb()
    on = date(YEAR + 1, 1, 31)
    start = time.perf_counter()
    enforcement.check(ds, on=on)
    out["check"] = time.perf_counter() - start
    out["rss check"] = rss_mb()
    start = time.perf_counter()
    enforcement.summarize(ds, year=YEAR, on=on)
    out["summary"] = time.perf_counter() - start
    out["rss summary"] = rss_mb()
    out["cases"] = len(ds.cases)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", default="2000,20000", help="comma-separated sizes")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, path = args.child
        if what.startswith("generate"):
            generate(int(what.split(":")[1]), Path(path))
        else:
            print(json.dumps(measure(Path(path))))
        return
    sizes = [int(n) for n in args.cases.split(",")]
    print(
        f"{'cases':>8} {'json.loads':>11} {'load':>9} {'load gc-off':>12} {'check':>9}"
        f" {'summary':>9}   (µs a case; ratio to json.loads)   peak RSS after load/check/summary"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"year-{n}.json"
            subprocess.run(
                [sys.executable, __file__, "--child", f"generate:{n}", str(path)], check=True
            )
            done = subprocess.run(
                [sys.executable, __file__, "--child", "measure", str(path)],
                check=True,
                capture_output=True,
                text=True,
            )
        m = json.loads(done.stdout)
        per = {
            k: m[k] / m["cases"] * 1e6
            for k in ("json.loads", "load", "load, gc paused", "check", "summary")
        }
        base = per["json.loads"]
        print(
            f"{n:>8,} {per['json.loads']:>9.0f}µs"
            + "".join(
                f" {per[k]:>6.0f}µs {per[k] / base:4.1f}x"
                for k in ("load", "load, gc paused", "check", "summary")
            )
            + f"   {m['rss load']:.0f}/{m['rss check']:.0f}/{m['rss summary']:.0f} MB"
        )
        print(
            f"{'':>8} check/load {m['check'] / m['load']:.2f}x (target <= 1),"
            f" check/load gc-off {m['check'] / m['load, gc paused']:.2f}x,"
            f" load/json.loads {m['load'] / m['json.loads']:.2f}x (target <= 4),"
            f" gc-off {m['load, gc paused'] / m['json.loads']:.2f}x"
        )


if __name__ == "__main__":
    main()
