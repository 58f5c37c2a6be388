"""Per-case cost of reading, checking and summarising from 2k to 200k cases: is it flat?

For each size, a child process writes the year case by case
(``enforcement.synthetic.write_dataset``: defects, ten record entries a case, nothing held
in memory); a fresh child then measures, in one process:

- stdlib: the cases array parsed element by element with the C decoder
  (``json.JSONDecoder.raw_decode``), no validation, no models: the streaming floor;
- read: :class:`enforcement.reader.DocumentReader` streaming every case with full
  validation, as ``validate``, ``check`` and ``db import`` read a file;
- check: the compliance checks over that stream (``check_records``), counted as the extra
  time over reading; target ``check <= 1x`` read;
- up to ``--whole-max`` cases (default 20,000) also the whole-document path: ``json.loads``
  of the file, ``enforcement.load`` (target ``<= 4x json.loads``) and ``enforcement.summarize``
  of the loaded year. Beyond that the whole document does not fit in memory; ``summary
  --db`` is measured store-side by ``benchmarks/memory.py``.

Each figure is printed in microseconds a case with its ratio, and the process's peak RSS
after the streaming steps and after the whole-document ones. Flat per-case cost means the
figures stay level as the size grows.

Run by hand: ``python benchmarks/scale.py [--cases 2000,20000,200000]`` (200,000 cases is a
file of about 1.8 GB; run it alone).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

YEAR = 2020
ON = date(YEAR + 1, 1, 31)


def generate(cases: int, path: Path) -> None:
    from enforcement.synthetic import write_dataset

    write_dataset(path, cases=cases, defects=0.05, records_per_case=10, year=YEAR)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stdlib_stream(path: Path) -> int:
    """Parse every element of the ``cases`` array with the stdlib's C decoder, holding one."""
    decoder = json.JSONDecoder()
    count = 0
    with open(path, encoding="utf-8") as f:
        buf = f.read(1 << 20)
        while '"cases": [' not in buf:  # the officers of a county's year run to megabytes
            more = f.read(1 << 20)
            if not more:
                raise ValueError(f"{path}: no cases array")
            buf += more
        pos = buf.index('"cases": [') + len('"cases": [')
        while True:
            while pos < len(buf) and buf[pos] in " ,\n":
                pos += 1
            if pos < len(buf) and buf[pos] == "]":
                return count
            try:
                _, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                more = f.read(1 << 20)
                if not more:
                    raise
                buf, pos = buf[pos:] + more, 0
                continue
            count += 1
            pos = end


def measure(path: Path, whole_max: int) -> dict[str, float]:
    import enforcement
    from enforcement.bulk import paused_gc
    from enforcement.checks import check_records
    from enforcement.reader import DocumentReader

    out: dict[str, float] = {}
    gc.collect()
    start = time.perf_counter()
    with paused_gc():
        out["cases"] = stdlib_stream(path)
    out["stdlib"] = time.perf_counter() - start

    start = time.perf_counter()
    with paused_gc(), DocumentReader(path) as reader:
        for _ in reader.cases():
            pass
    out["read"] = time.perf_counter() - start

    start = time.perf_counter()
    with paused_gc(), DocumentReader(path) as reader:
        findings = sum(
            1
            for _ in check_records(
                agencies=reader.agencies, officers=reader.officers, cases=reader.cases(), on=ON
            )
        )
    out["read+check"] = time.perf_counter() - start
    out["check"] = out["read+check"] - out["read"]
    out["findings"] = findings
    out["rss stream"] = rss_mb()

    if out["cases"] <= whole_max:
        raw = path.read_bytes()
        start = time.perf_counter()
        json.loads(raw)
        out["json.loads"] = time.perf_counter() - start
        del raw
        gc.collect()
        start = time.perf_counter()
        ds = enforcement.load(path)
        out["load"] = time.perf_counter() - start
        start = time.perf_counter()
        enforcement.summarize(ds, year=YEAR, on=ON)
        out["summary"] = time.perf_counter() - start
        out["rss whole"] = rss_mb()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="2000,20000", help="comma-separated sizes")
    parser.add_argument("--whole-max", type=int, default=20000, help="largest whole-file load")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, path = args.child
        if what.startswith("generate"):
            generate(int(what.split(":")[1]), Path(path))
        else:
            print(json.dumps(measure(Path(path), args.whole_max)))
        return
    sizes = [int(n) for n in args.cases.split(",")]
    print("µs a case (ratio); peak RSS of the measuring process")
    print(
        f"{'cases':>8} {'write':>7} {'stdlib':>8} {'read':>14} {'check':>14} {'RSS':>7}"
        f" | {'json.loads':>10} {'load':>14} {'summary':>9} {'RSS':>7}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"year-{n}.json"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--child", f"generate:{n}", str(path)], check=True
            )
            written = time.perf_counter() - start
            size = path.stat().st_size
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--whole-max",
                    str(args.whole_max),
                    "--child",
                    "measure",
                    str(path),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
        m = json.loads(done.stdout)
        us = {k: m[k] / m["cases"] * 1e6 for k in m if not k.startswith(("rss", "cases", "find"))}
        line = (
            f"{n:>8,} {written:>6.0f}s {us['stdlib']:>6.0f}µs"
            f" {us['read']:>6.0f}µs {m['read'] / m['stdlib']:>5.2f}x"
            f" {us['check']:>6.0f}µs {m['check'] / m['read']:>5.2f}x {m['rss stream']:>5.0f}MB"
        )
        if "load" in m:
            line += (
                f" | {us['json.loads']:>8.0f}µs {us['load']:>6.0f}µs"
                f" {m['load'] / m['json.loads']:>5.2f}x {us['summary']:>7.0f}µs"
                f" {m['rss whole']:>5.0f}MB"
            )
        print(line + f"   ({size / 2**20:,.0f} MB file, {m['findings']:,} findings)")
        print(
            f"{'':>8} targets: check/read {m['check'] / m['read']:.2f}x (<= 1)"
            + (
                f", load/json.loads {m['load'] / m['json.loads']:.2f}x (<= 4)"
                if "load" in m
                else ", whole-file load not measured at this size"
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
