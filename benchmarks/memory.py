"""Peak memory (RSS) of the commands that read or write a whole year, against the 300 MB target.

Writes an interchange file of ``--cases`` cases with ``--entries`` record entries each (the
issue's figure: 20,000 cases and 400,000 entries, about 340 MB), then runs, each in a fresh
process:

- ``enforcement validate FILE``
- ``enforcement check FILE``
- ``enforcement db import FILE`` into a new SQLite store
- ``enforcement db export`` of that store
- baseline: the whole-document path the commands used before (``json.loads`` of the file, then
  ``enforcement.from_data``), measured on the same file in the same run.

Each figure is the peak resident set size of the process (``ru_maxrss`` of a child waited for
by an otherwise idle parent). Run: ``python benchmarks/memory.py [--cases 20000] [--entries 20]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import attrs

from enforcement.io import dump_records
from enforcement.models import Case
from enforcement.synthetic import generate_dataset

TARGET_MB = 300

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


def _cases(base: tuple[Case, ...], count: int) -> Iterator[Case]:
    for i in range(count):
        case = base[i % len(base)]
        yield attrs.evolve(case, id=f"{case.id}-{i // len(base)}")


def _peak(command: list[str]) -> tuple[float, int, float]:
    """Peak RSS in MB, exit status and seconds of ``command`` run in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]) / 1024, int(out[1]), float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=20, help="record entries per case")
    args = parser.parse_args()
    exe = [sys.executable, "-c", "from enforcement.cli import main; main()"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "year.json"
        started = time.perf_counter()
        base = generate_dataset(
            cases=min(args.cases, 500), officers=40, seed=1, records_per_case=args.entries
        )
        dump_records(base.agencies, base.officers, _cases(base.cases, args.cases), path)
        size = path.stat().st_size / 1024**2
        entries = args.cases * args.entries
        print(
            f"file: {args.cases:,} cases, about {entries:,} entries, {size:,.0f} MB "
            f"(written in {time.perf_counter() - started:.0f} s)"
        )
        db = f"sqlite:///{tmp}/year.db"
        runs = [
            ("baseline: json.loads + from_data", [sys.executable, "-c", _BASELINE, str(path)]),
            ("validate FILE", [*exe, "validate", str(path)]),
            ("check FILE", [*exe, "check", str(path), "--on", "2021-03-31"]),
            ("db import FILE", [*exe, "db", "import", str(path), "--db", db]),
            ("db export", [*exe, "db", "export", f"{tmp}/out.json", "--db", db]),
        ]
        print(f"{'command':<34} {'peak RSS':>10} {'target':>8} {'seconds':>8} {'exit':>5}")
        for label, command in runs:
            mb, code, seconds = _peak(command)
            verdict = "ok" if mb <= TARGET_MB else "OVER"
            if label.startswith("baseline"):
                verdict = "-"
            print(f"{label:<34} {mb:>7,.0f} MB {verdict:>8} {seconds:>8.1f} {code:>5}")


if __name__ == "__main__":
    main()
