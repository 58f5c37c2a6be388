"""Peak memory (RSS) and time of the commands that read or write a whole year, against 300 MB.

Writes an interchange file of ``--cases`` cases with ``--entries`` record entries each
(``enforcement.synthetic.write_dataset``, case by case: nothing is held, so a county's
200,000 cases and 2 million entries can be written), then runs, each in a fresh process:

- ``enforcement validate FILE`` and ``enforcement check FILE``;
- the store-backed commands on a new store (SQLite, or ``--db URL``): ``db import FILE``, ``check --db``,
  ``summary --db --year``, ``db export`` and ``db verify``;
- baseline (up to ``--baseline-max`` cases, default 20,000; beyond that it needs many GB):
  the whole-document path the commands used before (``json.load`` of the file, then
  ``enforcement.from_data``), on the same file in the same run.

``--file PATH`` keeps the file there and reuses it on the next run (the same ``--cases``
and ``--entries``: a county's year takes minutes to write).

Each figure is the peak resident set size of the process (``ru_maxrss`` of a child waited for
by an otherwise idle parent), its time, and the time a case. Run:
``python benchmarks/memory.py [--cases 20000] [--entries 10]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from enforcement.synthetic import write_dataset

TARGET_MB = 300
YEAR = 2020

_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code, seconds)
"""

_BASELINE = """
import json, sys
import enforcement
with open(sys.argv[1], encoding="utf-8") as f:
    enforcement.from_data(json.load(f))
"""


def _peak(command: list[str]) -> tuple[float, int, float]:
    """Peak RSS in MB, exit status and seconds of ``command`` run in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]) / 1024, int(out[1]), float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=10, help="record entries per case")
    parser.add_argument("--baseline-max", type=int, default=20_000)
    parser.add_argument(
        "--db",
        help="URL of a new, empty store (default: a new SQLite file); for PostgreSQL a new "
        "schema, e.g. postgresql://127.0.0.1/test?schema=bench_county (left in place)",
    )
    parser.add_argument(
        "--file",
        type=Path,
        help="write the file here, or reuse it if it exists (written with the same arguments)",
    )
    args = parser.parse_args()
    exe = [sys.executable, "-c", "from enforcement.cli import main; main()"]
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp) / "year.json"
        started = time.perf_counter()
        reused = path.exists()
        if not reused:
            write_dataset(
                path, cases=args.cases, defects=0.05, records_per_case=args.entries, year=YEAR
            )
        size = path.stat().st_size / 1024**2
        how = "reused" if reused else f"written in {time.perf_counter() - started:.0f} s"
        print(
            f"file: {args.cases:,} cases, {args.cases * args.entries:,} entries or more, "
            f"{size:,.0f} MB ({how})",
            flush=True,
        )
        db = args.db or f"sqlite:///{tmp}/year.db"
        print(f"store: {db.split('://')[0]}", flush=True)
        on = f"{YEAR + 1}-03-31"
        runs = [
            ("validate FILE", [*exe, "validate", str(path)]),
            ("check FILE", [*exe, "check", str(path), "--on", on]),
            ("db import FILE", [*exe, "db", "import", str(path), "--db", db]),
            ("check --db", [*exe, "check", "--db", db, "--on", on]),
            ("summary --db", [*exe, "summary", "--db", db, "--year", str(YEAR)]),
            ("db export", [*exe, "db", "export", f"{tmp}/out.json", "--db", db]),
            ("db verify", [*exe, "db", "verify", "--db", db]),
        ]
        if args.cases <= args.baseline_max:
            runs.insert(
                0,
                ("baseline: json.load + from_data", [sys.executable, "-c", _BASELINE, str(path)]),
            )
        print(
            f"{'command':<34} {'peak RSS':>10} {'target':>8} {'seconds':>8} {'µs a case':>10}"
            f" {'exit':>5}",
            flush=True,
        )
        for label, command in runs:
            mb, code, seconds = _peak(command)
            verdict = "ok" if mb <= TARGET_MB else "OVER"
            if label.startswith("baseline"):
                verdict = "-"
            per_case = seconds / max(args.cases, 1) * 1e6
            print(
                f"{label:<34} {mb:>7,.0f} MB {verdict:>8} {seconds:>8.1f} {per_case:>10.0f}"
                f" {code:>5}",
                flush=True,
            )


if __name__ == "__main__":
    main()
