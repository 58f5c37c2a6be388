"""The annual summary of a large county's year from SQLite, against a raw stream of the same rows.

Builds ``generate_dataset(cases=20000, records_per_case=10)`` (20,000 cases, 200,000 record
entries), imports it into a temporary SQLite store, then measures in the same run:

- raw: the stdlib's ``sqlite3`` reading the year's case documents and every record row of
  those cases, each parsed with ``json.loads`` (no models, no checks): the floor, and the
  target's baseline; beside it the same stream read as bytes and parsed with orjson (the
  store's own decoder), so that the lead the decoder gives is shown;
- summarize: ``enforcement.summarize`` over the store (models, every figure and every
  compliance check), time and peak memory (tracemalloc); the plain counts and sums come
  from the database (``GROUP BY`` over the typed columns);
- streamed: the same summary with every figure counted case by case (the store wrapped
  so that summarize sees only a record source: the path before the typed columns), run
  alternately with summarize; both must give the same data file;
- render: ``enforcement.render_summary`` of the result to PDF.

Target (issue 6): summarize at most 3x the raw stream, peak memory under 200 MB.
Run: ``python benchmarks/summary.py [--cases 20000] [--records 10] [--repeat 3]
[--previous-year]``. Each time is the best of ``--repeat`` runs, because other jobs share the
machine. ``--previous-year`` also stores as many cases opened the year before (whose decisions
and acts may fall in the year: the tables read them).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import orjson

import enforcement
from enforcement import Dataset
from enforcement.converter import structure, unstructure
from enforcement.models import Agency, Case, Officer
from enforcement.summary import Summary
from enforcement.synthetic import generate_dataset

YEAR = 2020


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


class Streamed:
    """The store as a plain record source: summarize counts every figure from the cases."""

    def __init__(self, store: enforcement.Store) -> None:
        self.store = store

    def agencies(self) -> list[Agency]:
        return self.store.agencies()

    def officers(self, agency_id: str | None = None) -> list[Officer]:
        return self.store.officers(agency_id)

    def case(self, case_id: str) -> Case | None:
        return self.store.case(case_id)

    def cases(self, *, year: int | None = None, agency_id: str | None = None) -> Iterator[Case]:
        return self.store.cases(year=year, agency_id=agency_id)


def previous_year(cases: int, records: int) -> Dataset:
    """The year before's cases of the same town, its officers with ids of their own."""
    earlier = generate_dataset(cases=cases, records_per_case=records, year=YEAR - 1, seed=YEAR - 1)
    text = json.dumps(unstructure(earlier), ensure_ascii=False).replace('"xc-', '"xc-y')
    renamed = structure(json.loads(text), Dataset)
    return attrs.evolve(renamed, agencies=())


def raw_stream(path: str, fast: bool = False) -> int:
    """Read the year's case documents and their record entries with the stdlib, parsing each.

    The same rows the store reads (each document is in the log, found through the index
    tables), with no models and no checks: the floor. With ``fast``, the stored bytes
    parsed by orjson, as the store reads them since 2026-11-30: the floor with the
    library's own decoder (the target's baseline stays the stdlib stream).
    """
    con = sqlite3.connect(path)
    column = "CAST(l.content AS BLOB)" if fast else "l.content"
    loads: Callable[[Any], Any] = orjson.loads if fast else json.loads
    try:
        n = 0
        for (doc,) in con.execute(
            f"SELECT {column} FROM cases c JOIN log l ON l.agency_id = c.agency_id"
            " AND l.idx = c.idx WHERE c.opened_year = ? ORDER BY c.pos",
            (YEAR,),
        ):
            loads(doc)
            n += 1
        for (content,) in con.execute(
            f"SELECT {column} FROM records r JOIN log l ON l.agency_id = r.agency_id"
            " AND l.idx = r.idx WHERE r.case_id IN"
            " (SELECT id FROM cases WHERE opened_year = ?) ORDER BY r.case_id, r.seq",
            (YEAR,),
        ):
            loads(content)
            n += 1
        return n
    finally:
        con.close()


_PARALLEL = """
import json, resource, sys, time
import enforcement
url, workers, repeat, year = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
times = []
with enforcement.open_store(url) as store:
    for _ in range(repeat):
        start = time.perf_counter()
        result = enforcement.summarize(store, year=year, workers=workers)
        times.append(time.perf_counter() - start)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"time": min(times), "rss": rss, "data": result.to_data()}, default=str))
"""


def in_fresh_process(
    url: str, workers: int, repeat: int, single: Summary
) -> tuple[float, float, bool]:
    """``summarize(workers=...)`` timed in a new interpreter: best time, the largest worker's
    peak RSS in MB, and whether its data file equals the one-process summary's."""
    out = subprocess.run(
        [sys.executable, "-c", _PARALLEL, url, str(workers), str(repeat), str(YEAR)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    got = json.loads(out.splitlines()[-1])
    expected = json.loads(json.dumps(single.to_data(), default=str))
    return float(got["time"]), float(got["rss"]), got["data"] == expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--records", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="also measure this many processes")
    parser.add_argument("--previous-year", action="store_true", help="store the year before too")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    dataset = generate_dataset(cases=args.cases, records_per_case=args.records, year=YEAR)
    records = sum(len(c.records) for c in dataset.cases)
    print(f"dataset: {len(dataset.cases):,} cases, {records:,} record entries "
          f"({time.perf_counter() - start:.1f} s to generate)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "county.db")
        url = f"sqlite:///{path}"
        start = time.perf_counter()
        with enforcement.open_store(url, create=True) as store:
            store.import_dataset(dataset)
            if args.previous_year:
                earlier = previous_year(args.cases, args.records)
                store.import_dataset(earlier)
                print(f"previous year: {len(earlier.cases):,} cases")
                del earlier
        print(f"import: {time.perf_counter() - start:.1f} s")
        del dataset
        gc.collect()

        rows = raw_stream(path)
        raw = best(args.repeat, lambda: raw_stream(path))
        print(f"raw sqlite3 + json.loads:  {raw:6.2f} s  ({rows:,} rows)")
        raw_fast = best(args.repeat, lambda: raw_stream(path, fast=True))
        print(f"raw sqlite3 + orjson:      {raw_fast:6.2f} s  (bytes, the store's decoder)")

        result: list[Summary] = []
        with enforcement.open_store(url) as store:

            def summarise() -> None:
                result[:] = [enforcement.summarize(store, year=YEAR)]

            streamed: list[Summary] = []
            summary_times, streamed_times = [], []
            for _ in range(args.repeat):  # alternately, so that both see the same machine
                summary_times.append(best(1, summarise))
                streamed_times.append(
                    best(
                        1,
                        lambda: streamed.__setitem__(
                            slice(None), [enforcement.summarize(Streamed(store), year=YEAR)]
                        ),
                    )
                )
            summary_time, streamed_time = min(summary_times), min(streamed_times)
            assert streamed[0].to_data() == result[0].to_data(), "the two paths differ"
            gc.collect()
            tracemalloc.start()
            summarise()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        summary = result[0]
        print(
            f"summarize, streamed:       {streamed_time:6.2f} s  "
            f"({streamed_time / raw:.2f}x raw; database counts are "
            f"{streamed_time / summary_time:.2f}x faster; load average "
            f"{os.getloadavg()[0]:.2f})"
        )
        print(
            f"summarize:                 {summary_time:6.2f} s  "
            f"({summary.cases.total:,} cases; {summary_time / raw:.2f}x raw, "
            f"{summary_time / raw_fast:.2f}x the orjson stream; "
            f"peak {peak / 2**20:.1f} MB under tracemalloc)"
        )
        # In a fresh interpreter: a worker forked from this process would count, in its RSS,
        # the pages it shares with a process that generated the whole dataset.
        parallel_time, children_rss, same = in_fresh_process(
            url, args.workers, args.repeat, summary
        )
        assert same, "the processes' summary differs from the single one"
        print(
            f"summarize, {args.workers} processes:    {parallel_time:6.2f} s  "
            f"({parallel_time / raw:.2f}x raw; largest worker's peak RSS {children_rss:.0f} MB)"
        )
        render_time = best(args.repeat, lambda: enforcement.render_summary(summary))
        data = enforcement.render_summary(summary)
        print(f"render_summary (PDF):      {render_time:6.2f} s  ({len(data) / 1024:.0f} KB)")
        total = summary_time + render_time
        print(f"summary + report:          {total:6.2f} s  ({total / raw:.2f}x raw)")
        for label, seconds in (
            ("one process", summary_time),
            (f"{args.workers} processes", parallel_time),
        ):
            ok = seconds <= 3 * raw and peak < 200 * 2**20 and children_rss < 200
            print(
                f"target (summarize <= 3x raw, peak < 200 MB), {label}: "
                + ("met" if ok else "MISSED"),
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
