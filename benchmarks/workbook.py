"""Reading a 20,000-case workbook: openpyxl against python-calamine, and import against JSON.

Run by hand: ``python benchmarks/workbook.py [--cases 20000]``. Each measurement runs
in a fresh process, so that its peak memory (peak resident set size, which counts
calamine's Rust allocations too) is its own. Prints:

- the raw reading of every cell of the workbook, with openpyxl's read-only mode
  and with python-calamine (the choice of reader);
- importing the same records into a fresh SQLite store from the interchange
  file (the baseline: the streaming reader of ``enforcement db import``) and
  from the workbook (streamed as ``enforcement import`` does), the ratio, and
  each one's peak memory. Targets: the workbook import at most 2x the JSON
  import, under 300 MB;
- converting the workbook to the interchange format (``enforcement convert``).

The kinds run one after the other in each round, so that baseline and
candidate share the machine's load; the median of the rounds is printed, with
the load average.

Figures from one run, and the choice they support, are in ``docs/workbook.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _peak_mb() -> float:
    """This process's peak resident set size.

    ``VmHWM`` rather than ``ru_maxrss``: the latter carries over the parent's size
    at fork, and the parent holds the whole generated dataset.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, path: Path, db: Path | None) -> dict[str, float]:
    """Run one measurement in this process; returns seconds and peak memory."""
    start = time.perf_counter()
    if kind == "openpyxl":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        cells = sum(len(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
        book.close()
    elif kind == "calamine":
        from python_calamine import CalamineWorkbook

        cal = CalamineWorkbook.from_path(path)
        cells = sum(
            len(row) for name in cal.sheet_names for row in cal.get_sheet_by_name(name).iter_rows()
        )
    elif kind == "import-json":
        from enforcement.reader import DocumentReader
        from enforcement.store import open_store

        assert db is not None
        with DocumentReader(path) as reader, open_store(f"sqlite:///{db}", create=True) as store:
            reader.use_store(store.agencies(), store.officers())
            cells = store.import_records(reader.agencies, reader.officers, reader.cases()).cases
    elif kind == "import-xlsx":
        from enforcement.store import open_store
        from enforcement.workbook import open_workbook

        assert db is not None
        with open_workbook(path) as stream, open_store(f"sqlite:///{db}", create=True) as store:
            stream.use_store(store.agencies(), store.officers())
            cells = store.import_records(
                stream.agencies, stream.officers, stream.cases(), total=stream.total
            ).cases
    elif kind == "convert-xlsx":
        from enforcement.io import dump_records
        from enforcement.workbook import open_workbook

        assert db is not None
        with open_workbook(path) as stream:
            cells = dump_records(stream.agencies, stream.officers, stream.cases(), db)
    else:
        raise SystemExit(f"unknown measurement {kind}")
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb(), "count": cells}


def in_child(kind: str, path: Path, db: Path | None = None) -> dict[str, float]:
    """Run :func:`measure` in a fresh Python process."""
    args = [sys.executable, __file__, "--measure", kind, "--path", str(path)]
    if db is not None:
        args += ["--db", str(db)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out)
    return result


def median(results: list[dict[str, float]]) -> dict[str, float]:
    """The run of median time (its own peak memory), and the largest peak of all runs."""
    ordered = sorted(results, key=lambda r: r["seconds"])
    middle = dict(ordered[(len(ordered) - 1) // 2])
    middle["max_peak_mb"] = max(r["peak_mb"] for r in results)
    return middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the generated files here, and reuse them when they are there",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.path, args.db)))
        return

    from enforcement.io import dump
    from enforcement.synthetic import generate_dataset
    from enforcement.workbook import write_workbook

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        work = args.workdir or tmp
        work.mkdir(parents=True, exist_ok=True)
        json_path = work / f"county-{args.cases}.json"
        xlsx_path = work / f"county-{args.cases}.xlsx"
        t_write = 0.0
        if not (json_path.exists() and xlsx_path.exists()):
            ds = generate_dataset(cases=args.cases)
            dump(ds, json_path)
            start = time.perf_counter()
            write_workbook(ds, xlsx_path)
            t_write = time.perf_counter() - start
            del ds
        print(
            f"dataset: {args.cases:,} cases; "
            f"JSON {json_path.stat().st_size / 1e6:.1f} MB, "
            f"workbook {xlsx_path.stat().st_size / 1e6:.1f} MB"
            + (f" (written in {t_write:.1f} s)" if t_write else "")
        )
        kinds = (
            ("read cells, openpyxl read-only", "openpyxl", xlsx_path),
            ("read cells, python-calamine", "calamine", xlsx_path),
            ("import JSON (db import, baseline)", "import-json", json_path),
            ("import workbook (streamed)", "import-xlsx", xlsx_path),
            ("convert workbook to JSON", "convert-xlsx", xlsx_path),
        )
        runs: dict[str, list[dict[str, float]]] = {kind: [] for _, kind, _ in kinds}
        load_before = os.getloadavg()
        for i in range(args.runs):
            for _, kind, path in kinds:
                out = None
                if kind.startswith("import"):
                    out = tmp / f"{kind}-{i}.db"
                elif kind == "convert-xlsx":
                    out = tmp / f"{kind}-{i}.json"
                runs[kind].append(in_child(kind, path, out))
                if out is not None:
                    out.unlink(missing_ok=True)
        load_after = os.getloadavg()
        got: dict[str, dict[str, Any]] = {}
        for label, kind, _ in kinds:
            result = got[kind] = median(runs[kind])
            print(
                f"{label:36s} {result['seconds']:7.2f} s   peak {result['peak_mb']:6.0f} MB"
                f" (max {result['max_peak_mb']:.0f})"
            )
        print(
            f"ratio openpyxl/calamine             {got['openpyxl']['seconds'] / got['calamine']['seconds']:7.2f}x"
        )
        ratio = got["import-xlsx"]["seconds"] / got["import-json"]["seconds"]
        print(f"ratio import workbook/JSON          {ratio:7.2f}x   (target <= 2x)")
        print(
            f"peak memory, import workbook        {got['import-xlsx']['max_peak_mb']:7.0f} MB "
            f"(JSON {got['import-json']['max_peak_mb']:.0f} MB; target < 300 MB)"
        )
        print(
            f"median of {args.runs} rounds; load average {load_before[0]:.2f} before, "
            f"{load_after[0]:.2f} after (1 min)"
        )


if __name__ == "__main__":
    main()
