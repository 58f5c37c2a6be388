"""Store benchmark: a large county's year (20,000 cases, 200,000 record entries).

Measures, beside a raw stdlib sqlite3 baseline in the same run: import
throughput (log entries, leaf hashes and tree nodes included), ``verify()``
throughput against a bare read + SHA-256 loop, one-at-a-time
``append_record`` throughput, streaming every case of a year with its peak
memory, and, on the log of some 220,000 entries: signing a checkpoint, a
consistency proof and its verification, an inclusion proof and its
verification, and signing a notice PDF. Then the same on PostgreSQL when a
server is reachable (``$ENFORCEMENT_BENCH_PG``, default
``postgresql://postgres@127.0.0.1:5432/test``).

Run: ``python benchmarks/store.py [--cases 20000] [--records 200000] [--repeat 3]``.
Each figure is the median of ``--repeat`` runs (the machine is shared); the
import and verify ratios are medians of per-run ratios, each store run right
after a baseline run, so that both see the same load. ``append_record`` is
shown beside a bare sqlite3 loop of one-row commits (the disk's fsync rate).
CPU-time ratios (this process, every thread, and verify's worker processes)
are printed beside the wall-clock ones: on a shared machine they move less. On
PostgreSQL they leave out the server's work, so only the SQLite ones compare
like with like. The bare loops read the store's own log: each document's
content (the target's baseline) and, as a second reference, each entry's whole
bytes (head and content, what a leaf hash covers).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from enforcement import Dataset, RecordEntry, RecordKind, Stage, Store, open_store, render_notice
from enforcement.converter import unstructure
from enforcement.signing import TZ, SigningOptions, sign_pdf
from enforcement.synthetic import generate_dataset
from enforcement.transparency.keys import generate_agency_key, load_signing_key
from enforcement.transparency.merkle import verify_consistency, verify_inclusion

PG_URL = os.environ.get("ENFORCEMENT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def build(cases: int, records: int) -> Dataset:
    """The synthetic year, each case padded to ``records / cases`` entries."""
    return generate_dataset(cases=cases, year=2020, records_per_case=records // cases)


def best(repeat: int, run: Callable[[], float]) -> float:
    """The median of ``repeat`` timings."""
    return statistics.median(run() for _ in range(repeat))


def bare_commits(path: Path, n: int = 300) -> float:
    """One-row commits per second, sqlite3 in WAL mode with synchronous=FULL (the store's default)."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    start = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?, ?)", (i, "记录" * 100))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed


def baseline_import(ds: Dataset, path: Path) -> float:
    """stdlib sqlite3: json.dumps of every document the store logs, executemany in one transaction.

    The same data the store imports: the agencies, the officers, each case's document (without
    its entries) and every record entry. (Until 2026-11-30 the baseline wrote the record
    entries alone, which left out about a third of the bytes the store must write.)
    """
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE documents (kind TEXT, id TEXT, content TEXT)")
    conn.execute("CREATE TABLE records (case_id TEXT, seq INTEGER, content TEXT)")
    start = time.perf_counter()
    dumps = json.dumps
    documents = [("agency", a.id, dumps(unstructure(a), ensure_ascii=False)) for a in ds.agencies]
    documents += [("officer", o.id, dumps(unstructure(o), ensure_ascii=False)) for o in ds.officers]
    rows = []
    for case in ds.cases:
        data = unstructure(case)
        entries = data.pop("records")
        documents.append(("case", case.id, dumps(data, ensure_ascii=False)))
        rows += [
            (case.id, seq, dumps(entry, ensure_ascii=False)) for seq, entry in enumerate(entries, 1)
        ]
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO documents VALUES (?, ?, ?)", documents)
    conn.executemany("INSERT INTO records VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


_CONTENT = "CAST(content AS BLOB)"
_ENTRY = "CAST(x'00' || head || x'0a' || content AS BLOB)"


def bare_verify_sqlite(url: str, entry: bool = False) -> float:
    """A bare loop over the store's own log: read every document's content and SHA-256 it.

    With ``entry``, each entry's whole bytes (``0x00 || head || LF || content``, what a leaf
    hash covers) instead of its content alone. (Until 2026-11-30 the SQLite loop read the
    baseline's smaller file of the same documents, while the PostgreSQL loop read the
    store's log: both now read the store's log.)
    """
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    start = time.perf_counter()
    for (content,) in conn.execute(f"SELECT {_ENTRY if entry else _CONTENT} FROM log"):
        hashlib.sha256(content).hexdigest()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def bare_verify_pg(url: str, entry: bool = False) -> float:
    """The same bare loop on PostgreSQL (server-side cursor), over the store's log."""
    import psycopg

    schema = url.rsplit("=", 1)[1]
    blob = (
        "'\\x00'::bytea || convert_to(head || E'\\n' || content, 'UTF8')"
        if entry
        else "convert_to(content, 'UTF8')"
    )
    with psycopg.connect(PG_URL) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        start = time.perf_counter()
        with conn.cursor(name="bare") as cur:
            cur.itersize = 2000
            cur.execute(f"SELECT {blob} FROM log")
            for (content,) in cur:
                hashlib.sha256(content).hexdigest()
        return time.perf_counter() - start


def _cpu() -> float:
    """CPU time of this process and of its children that have ended (verify's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def measure_store(
    label: str,
    make_url: Callable[[], str],
    cleanup: Callable[[str], None],
    ds: Dataset,
    repeat: int,
    baseline: Callable[[], float],
    bare: Callable[[str, bool], float],
) -> dict[str, float]:
    """Import, verify, append and stream on one engine; return seconds, rates and ratios.

    ``baseline`` (the raw import) runs before each import and ``bare`` (the
    bare read + SHA-256 loop) before each verify, so each ratio compares runs
    made within seconds of each other.
    """
    n_records = sum(len(c.records) for c in ds.cases)
    imports, import_ratios, cpu_ratios = [], [], []
    url = ""
    for i in range(repeat):
        if url:
            cleanup(url)
        url = make_url()
        cpu = time.process_time()
        base = baseline()
        base_cpu = time.process_time() - cpu
        with open_store(url) as store:
            cpu = time.process_time()
            start = time.perf_counter()
            store.import_dataset(ds)
            imports.append(time.perf_counter() - start)
            cpu = time.process_time() - cpu
        import_ratios.append(imports[-1] / base)
        cpu_ratios.append(cpu / base_cpu)
        print(
            f"  [{label}] import run {i + 1}: {imports[-1]:.2f} s, baseline {base:.2f} s,"
            f" ratio {import_ratios[-1]:.2f}x; CPU time (this process, all threads)"
            f" {cpu:.2f} s against {base_cpu:.2f} s, {cpu_ratios[-1]:.2f}x"
            f" (load {os.getloadavg()[0]:.1f})"
        )
    out = {
        "import": statistics.median(imports),
        "import_ratio": statistics.median(import_ratios),
        "import_cpu_ratio": statistics.median(cpu_ratios),
    }
    with open_store(url) as store:
        for workers, key in ((1, "verify1"), (None, "verify")):
            times, ratios, entry_ratios, cpus = [], [], [], []
            for _ in range(repeat):
                cpu = _cpu()
                loop = bare(url, False)
                loop_cpu = _cpu() - cpu
                entry_loop = bare(url, True)
                cpu = _cpu()
                start = time.perf_counter()
                report = store.verify(workers=workers)
                times.append(time.perf_counter() - start)
                cpus.append(loop_cpu / (_cpu() - cpu))
                ratios.append(loop / times[-1])
                entry_ratios.append(entry_loop / times[-1])
                assert report.intact
                assert report.records == n_records
            out[key] = statistics.median(times)
            out[key + "_ratio"] = statistics.median(ratios)
            out[key + "_entry_ratio"] = statistics.median(entry_ratios)
            out[key + "_cpu_ratio"] = statistics.median(cpus)
            print(
                f"  [{label}] verify (workers={workers or 'auto'}): {out[key]:.2f} s,"
                f" {out[key + '_ratio']:.2f}x the bare loop over the documents,"
                f" {out[key + '_entry_ratio']:.2f}x over the entries' whole bytes;"
                f" in CPU time (workers included) {out[key + '_cpu_ratio']:.2f}x"
                f" (load {os.getloadavg()[0]:.1f})"
            )

        case_ids = [c.id for c in ds.cases[:50]]
        appends = 300

        def append_run() -> float:
            token = uuid.uuid4().hex[:6]
            start = time.perf_counter()
            for k in range(appends):
                store.append_record(
                    case_ids[k % len(case_ids)],
                    RecordEntry(
                        id=f"A-{token}-{k}",
                        stage=Stage.INVESTIGATION,
                        kind=RecordKind.TEXT,
                        at=ds.cases[0].records[0].at,
                        summary="追加记录",
                    ),
                )
            return time.perf_counter() - start

        out["append"] = appends / best(repeat, append_run)

        def stream_run() -> float:
            start = time.perf_counter()
            n = sum(1 for _ in store.cases(year=2020))
            assert n == len(ds.cases)
            return time.perf_counter() - start

        out["stream"] = best(repeat, stream_run)
        tracemalloc.start()
        for _ in store.cases(year=2020):
            pass
        out["stream_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        out.update(measure_log(store, ds, repeat))
    out["url"] = 0.0
    cleanup(url)
    return out


def measure_log(store: Store, ds: Dataset, repeat: int) -> dict[str, float]:
    """Checkpoint, proofs and signing on the store's log; seconds each (best of ``repeat``)."""
    with tempfile.TemporaryDirectory() as tmp:
        agency = ds.agencies[0]
        key_path, cert_path = generate_agency_key(agency, tmp)
        key = load_signing_key(key_path, cert_path)
        out: dict[str, float] = {}
        size, top = store.tree_head()
        out["entries"] = float(size)

        def timed(run: Callable[[], object]) -> float:
            start = time.perf_counter()
            run()
            return time.perf_counter() - start

        out["checkpoint"] = best(repeat, lambda: timed(lambda: store.checkpoint(key)))
        old = size // 2 + 12_345 % max(size // 2, 1)
        old_root = store.tree_head(size=old)[1]
        out["consistency_proof"] = best(repeat, lambda: timed(lambda: store.consistency_proof(old)))
        proof = store.consistency_proof(old)
        out["consistency_verify"] = best(
            repeat, lambda: timed(lambda: verify_consistency(old, size, proof, old_root, top))
        )
        index = size // 3
        out["inclusion_proof"] = best(repeat, lambda: timed(lambda: store.inclusion_proof(index)))
        leaf = store.leaf_hashes(agency.id, index + 1)[index]
        path = store.inclusion_proof(index)
        out["inclusion_verify"] = best(
            repeat, lambda: timed(lambda: verify_inclusion(index, size, leaf, path, top))
        )
        case = next(c for c in ds.cases if c.decision is not None and c.notices)
        pdf = render_notice(case, agency=agency)
        options = SigningOptions(key=key, signing_time=datetime(2021, 1, 5, tzinfo=TZ))
        out["sign_notice"] = best(repeat, lambda: timed(lambda: sign_pdf(pdf, options)))
        return out


def main() -> None:
    """Run the benchmark and print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    ds = build(args.cases, args.records)
    n = sum(len(c.records) for c in ds.cases)
    print(
        f"dataset: {len(ds.cases):,} cases, {n:,} record entries (built in {time.perf_counter() - start:.1f} s)"
    )

    print(f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        base_path = Path(tmp) / "baseline.db"
        base = best(args.repeat, lambda: baseline_import(ds, base_path))
        commits = best(args.repeat, lambda: bare_commits(Path(tmp) / "commits.db"))
        print(
            f"baseline (stdlib sqlite3, json.dumps + executemany): {base:.2f} s, {n / base:,.0f} rows/s"
        )
        print(f"bare one-row commits (sqlite3, WAL, synchronous=FULL): {commits:,.0f}/s")

        counter = iter(range(10**6))

        def sqlite_url() -> str:
            return f"sqlite:///{Path(tmp) / f'store{next(counter)}.db'}"

        def sqlite_cleanup(url: str) -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)

        def baseline() -> float:
            return baseline_import(ds, base_path)

        results = {
            "SQLite": measure_store(
                "sqlite",
                sqlite_url,
                sqlite_cleanup,
                ds,
                args.repeat,
                baseline,
                bare_verify_sqlite,
            )
        }
        if not args.no_postgres:
            try:
                import psycopg

                psycopg.connect(PG_URL, connect_timeout=3).close()
            except Exception as exc:
                print(f"PostgreSQL skipped: {exc}")
            else:
                schemas: list[str] = []

                def pg_url() -> str:
                    schemas.append(f"bench_{uuid.uuid4().hex[:8]}")
                    return f"{PG_URL}?schema={schemas[-1]}"

                def pg_cleanup(url: str) -> None:
                    with psycopg.connect(PG_URL, autocommit=True) as conn:
                        conn.execute(f'DROP SCHEMA IF EXISTS "{url.rsplit("=", 1)[1]}" CASCADE')

                results["PostgreSQL"] = measure_store(
                    "postgresql",
                    pg_url,
                    lambda _: None,
                    ds,
                    args.repeat,
                    baseline,
                    bare_verify_pg,
                )
                for schema in schemas:
                    pg_cleanup(f"x?schema={schema}")

    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    for label, r in results.items():
        print(f"\n{label}")
        print(
            f"  import:  {r['import']:.2f} s, {n / r['import']:,.0f} rows/s"
            f"  -> {r['import_ratio']:.2f}x the SQLite baseline's time in the same runs (target <= 2x);"
            f" CPU time {r['import_cpu_ratio']:.2f}x"
        )
        for key, what in (("verify1", "one process"), ("verify", "default workers")):
            print(
                f"  verify ({what}):  {r[key]:.2f} s, {n / r[key]:,.0f} rows/s"
                f"  -> {r[key + '_ratio']:.2f}x the bare {label} loop's throughput over the"
                f" documents (target >= 0.5x), {r[key + '_entry_ratio']:.2f}x over the entries;"
                f" CPU time {r[key + '_cpu_ratio']:.2f}x"
            )
        print(
            f"  append_record one at a time: {r['append']:,.0f} entries/s"
            f" (bare sqlite3 one-row commits: {commits:,.0f}/s)"
        )
        print(
            f"  stream all {len(ds.cases):,} cases of 2020: {r['stream']:.2f} s "
            f"({len(ds.cases) / r['stream']:,.0f} cases/s), peak traced memory "
            f"{r['stream_peak_mb']:.1f} MB (target < 150 MB)"
        )
        print(f"  on the log of {r['entries']:,.0f} entries:")
        for name, label in [
            ("checkpoint", "sign a checkpoint"),
            ("consistency_proof", "consistency proof from half the log"),
            ("consistency_verify", "  and its verification"),
            ("inclusion_proof", "inclusion proof"),
            ("inclusion_verify", "  and its verification"),
            ("sign_notice", "sign a notice PDF (PAdES)"),
        ]:
            print(f"    {label:<38} {r[name] * 1000:8.2f} ms")


if __name__ == "__main__":
    main()
