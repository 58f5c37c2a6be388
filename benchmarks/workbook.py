"""Reading a 20,000-case workbook: openpyxl against python-calamine, and import against JSON.

Run by hand: ``python benchmarks/workbook.py [--cases 20000]``. Each measurement runs
in a fresh process, so that its peak memory (peak resident set size, which counts
calamine's Rust allocations too) is its own. Prints:

- the raw reading of every cell of the workbook, with openpyxl's read-only mode
  and with python-calamine (the choice of reader);
- importing the same records into a fresh SQLite store from the interchange
  file (the baseline) and from the workbook, the ratio, and each one's peak
  memory. Targets: the workbook import at most 2x the JSON import, under 300 MB.

Figures from one run, and the choice they support, are in ``docs/workbook.md``.
"""

from __future__ import annotations

import argparse
import json
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
    elif kind in ("import-json", "import-xlsx"):
        from enforcement.io import load
        from enforcement.store import open_store
        from enforcement.workbook import read_workbook

        assert db is not None
        dataset = load(path) if kind == "import-json" else read_workbook(path).dataset
        with open_store(f"sqlite:///{db}", create=True) as store:
            cells = store.import_dataset(dataset).cases
    elif kind in ("read-json", "read-xlsx"):
        from enforcement.io import load
        from enforcement.workbook import read_workbook

        dataset = load(path) if kind == "read-json" else read_workbook(path).dataset
        cells = len(dataset.cases)
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


def best(runs: int, kind: str, path: Path, tmp: Path) -> dict[str, float]:
    """The fastest of ``runs`` child runs (each import into a store of its own)."""
    results = []
    for i in range(runs):
        db = tmp / f"{kind}-{i}.db" if kind.startswith("import") else None
        results.append(in_child(kind, path, db))
    return min(results, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=2)
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
        rows: list[tuple[str, dict[str, Any]]] = []
        for label, kind, path in (
            ("read cells, openpyxl read-only", "openpyxl", xlsx_path),
            ("read cells, python-calamine", "calamine", xlsx_path),
            ("load JSON (baseline)", "read-json", json_path),
            ("read workbook", "read-xlsx", xlsx_path),
            ("import JSON (baseline)", "import-json", json_path),
            ("import workbook", "import-xlsx", xlsx_path),
        ):
            result = best(args.runs, kind, path, tmp)
            rows.append((kind, result))
            print(f"{label:34s} {result['seconds']:7.2f} s   peak {result['peak_mb']:6.0f} MB")
        got = dict(rows)
        print(
            f"ratio openpyxl/calamine           {got['openpyxl']['seconds'] / got['calamine']['seconds']:7.2f}x"
        )
        print(
            f"ratio read workbook/load JSON     {got['read-xlsx']['seconds'] / got['read-json']['seconds']:7.2f}x"
        )
        ratio = got["import-xlsx"]["seconds"] / got["import-json"]["seconds"]
        print(f"ratio import workbook/JSON        {ratio:7.2f}x   (target <= 2x)")
        print(
            f"peak memory, import workbook      {got['import-xlsx']['peak_mb']:7.0f} MB "
            f"(JSON {got['import-json']['peak_mb']:.0f} MB; target < 300 MB)"
        )


if __name__ == "__main__":
    main()
