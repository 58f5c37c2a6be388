"""Verifying a store from its own content: leaf hashes, tree nodes, log sizes and index rows.

:func:`verify_store` reads every log entry once, recomputes its leaf hash
from the stored bytes, rebuilds the hashes of full subtrees that the store
keeps, computes each log's root, and checks every row of the index tables
(``agencies``, ``officers``, ``cases``, ``records``) against the log. It
cannot tell whether an insider rewrote the content *and* every hash
consistently: that takes a checkpoint signed earlier
(:mod:`enforcement.store.audit`).
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import orjson
from attrs import field, frozen

from enforcement.errors import ChainIntegrityError
from enforcement.store import documents
from enforcement.store.engines import Engine
from enforcement.store.facts import AGENCY_FACTS, CASE_FACTS, agency_columns, case_columns
from enforcement.store.log import KIND_NAMES
from enforcement.store.tree import TILE, Leaves, StoredTree
from enforcement.transparency.merkle import root

Progress = Callable[[int, int], None]

log = logging.getLogger(__name__)

_quote = json.encoder.encode_basestring
_RECORD_MIDDLE = ',"kind":"record","salt":"'


@frozen(kw_only=True)
class LogBreak:
    """One place where the store differs from what its log's content proves."""

    agency_id: str
    """The agency whose log (or index rows) is broken."""
    index: int | None
    """The log entry concerned, or ``None`` for the log as a whole or an index row."""
    kind: str | None
    """``agency``, ``officer``, ``case`` or ``record``, when known."""
    subject: str | None
    """The id of the agency, officer or case concerned, when known."""
    seq: int | None = None
    """For a record entry, its place in the case."""
    problem: str
    """What changed, in words."""

    @property
    def case_id(self) -> str | None:
        """The case concerned, if the break is about a case or one of its record entries."""
        return self.subject if self.kind in ("case", "record") else None

    def __str__(self) -> str:
        what = []
        if self.index is not None:
            what.append(f"entry {self.index}")
        if self.subject is not None:
            name = (
                f"{self.kind} {self.subject}" if self.kind != "record" else f"case {self.subject}"
            )
            if self.kind == "record":
                name += f", record entry {self.seq}" if self.seq is not None else ", a record entry"
            elif self.kind in KIND_NAMES and self.index is not None:
                name += f", {KIND_NAMES[self.kind]}"
            what.append(f"({name})" if self.index is not None else name)
        where = " ".join(what) or "the log"
        return f"log of {self.agency_id}: {where}: {self.problem}"


@frozen(kw_only=True)
class VerifyReport:
    """The result of :meth:`enforcement.store.Store.verify`: what was checked and what failed."""

    cases: int
    """Cases in the index."""
    records: int
    """Record entries in the index."""
    entries: int
    """Log entries read and re-hashed, over every agency's log."""
    breaks: tuple[LogBreak, ...]
    """Every break found, by agency and log position; empty when intact."""
    roots: Mapping[str, tuple[int, bytes]]
    """Each agency's log: ``(size, root hash)`` recomputed from the content."""
    leaves: Mapping[str, Sequence[bytes]] = field(factory=dict, repr=False, eq=False)
    """Each agency's leaf hashes recomputed from the content (to compare with checkpoints)."""

    @property
    def head(self) -> str:
        """One digest over every agency's recomputed root (see :func:`head_of`)."""
        return head_of(self.roots)

    @property
    def intact(self) -> bool:
        """Whether every entry, node, size and index row matches the log's content."""
        return not self.breaks

    def raise_for_breaks(self) -> None:
        """Raise :class:`ChainIntegrityError` listing the breaks, if any."""
        if self.breaks:
            lines = "\n".join(str(b) for b in self.breaks[:20])
            more = f"\n... and {len(self.breaks) - 20} more" if len(self.breaks) > 20 else ""
            raise ChainIntegrityError(
                f"{len(self.breaks)} break(s) in the store's logs:\n{lines}{more}"
            )


def head_of(roots: Mapping[str, tuple[int, bytes]]) -> str:
    """SHA-256 (hex) over one line ``agency id TAB size TAB root hex LF`` per agency, sorted."""
    h = hashlib.sha256()
    for agency_id in sorted(roots):
        size, top = roots[agency_id]
        h.update(f"{agency_id}\t{size}\t{top.hex()}\n".encode())
    return h.hexdigest()


class _LogState:
    """What one agency's log showed while it was read."""

    def __init__(self) -> None:
        self.leaves: list[bytes] = []  # recomputed from the content
        self.stored: dict[int, bytes] = {}  # stored leaf hashes where they differ
        self.latest: dict[tuple[str, str], int] = {}
        self.records: dict[tuple[str, int | None], tuple[int, str | None]] = {}
        """(case, seq) -> (log position, the entry id as JSON text in the head)."""


def verify_store(
    engine: Engine,
    progress: Progress | None = None,
    *,
    workers: int | None = 1,
    url: str | None = None,
) -> VerifyReport:
    """Verify every log of the store and its index tables (call inside a read transaction).

    A quick pass (:func:`_quick_check`) re-hashes every entry and checks the
    stored nodes, sizes and index rows with a few set-wise queries; it only
    answers "all intact" or "look closer". When anything looks off, the
    detailed pass (:func:`verify_in_detail`) reads the log entry by entry and
    names every break. Both check the same properties. On PostgreSQL, with
    the store's ``url``, the quick pass's queries run on a second connection
    in the same exported snapshot while this one re-hashes (measured faster
    than the entry-by-entry pass since 2026-11-30, when the typed columns
    moved from the server's JSON functions to Python).
    """
    quick = _quick_check(engine, progress, workers, url)
    if quick is not None:
        return quick
    return verify_in_detail(engine, progress)


_LEAF_SQL = "SELECT {blob}, leaf FROM log WHERE agency_id = ? AND idx >= ? AND idx < ? ORDER BY idx"


def log_leaves(
    engine: Engine,
    agency_id: str,
    start: int,
    end: int,
    progress: Callable[[int], None] | None,
    each_chunk: Callable[[int, Sequence[bytes]], bool] | None = None,
) -> tuple[bytearray, bool]:
    """Leaf hashes of entries ``[start, end)`` recomputed from their content, concatenated, and
    whether all match the stored ones.

    ``each_chunk``, when given, is called with the log position of each chunk's
    first entry and the chunk's entry bytes (``0x00 || head || LF || content``,
    one per position); when it answers ``False`` the reading stops.
    """
    sha256 = hashlib.sha256
    leaves = bytearray()
    count = 0
    same = True
    # The engine prefixes 0x00 and joins head and content: one blob per entry, hashed as is.
    sql = _LEAF_SQL.format(blob=engine.leaf_input("head", "content"))
    for rows in engine.chunks(sql, (agency_id, start, end)):
        blobs, stored = zip(*rows, strict=True)
        got = [sha256(blob).digest() for blob in blobs]
        if same and tuple(got) != stored:
            same = False
        if each_chunk is not None and not each_chunk(start + count, blobs):
            return leaves, False
        leaves += b"".join(got)
        count += len(got)
        if progress:
            progress(len(rows))
    return leaves, same and count == end - start


def _tiles_of(leaves: Sequence[bytes]) -> Callable[[int], Sequence[bytes]]:
    return lambda t: leaves[t * TILE : (t + 1) * TILE]


_TILE_BYTES = TILE * 32


def tile_nodes(leaves: bytes | bytearray, first_tile: int = 0) -> dict[int, bytes]:
    """The level-8 nodes (roots of full 256-leaf tiles) of concatenated leaf hashes ``leaves``,
    which start at tile ``first_tile``.

    A full tile is a perfect binary tree, so its RFC 9162 hash pairs
    neighbours level by level; each pair is hashed from one slice of the
    level's buffer (tests compare it with :func:`enforcement.transparency.merkle.root`).
    """
    sha256 = hashlib.sha256
    out: dict[int, bytes] = {}
    for t in range(len(leaves) // _TILE_BYTES):
        level = bytes(leaves[t * _TILE_BYTES : (t + 1) * _TILE_BYTES])
        while len(level) > 32:
            level = b"".join(
                [sha256(b"\x01" + level[i : i + 64]).digest() for i in range(0, len(level), 64)]
            )
        out[first_tile + t] = level
    return out


def _quick_check(
    engine: Engine, progress: Progress | None, workers: int | None = 1, url: str | None = None
) -> VerifyReport | None:
    """A report when the whole store is intact; ``None`` when anything looks off.

    Checks, set-wise, what :func:`verify_in_detail` checks entry by entry:
    each log holds entries 0 to size - 1 and its recorded size; every entry
    hashes to its stored leaf; the stored level-8 and level-16 nodes are
    exactly those of the recomputed leaves; every entry's kind and subject
    columns (and a record entry's place, id and index row) are those of its
    head; every agency, officer and case index row points at the latest
    version of its object and every object has one; a case row's id, agency,
    opening date and typed columns, and an agency row's, are those its
    document gives (parsed here, as the detailed pass does), and a case's
    record count is its last record entry's place.

    The work is cut into ``workers`` parts (:class:`Part`): ranges of whole
    tiles of the logs and ranges of case rows. This process does the first
    part, each other part runs in a process of its own, on its own
    connection (see :func:`_part_job`). ``None`` chooses: two parts where
    there are two cores, the store can be reopened and it holds at least
    :data:`PARALLEL_FROM` entries.
    """
    e = engine
    snapshot = None
    if e.name == "postgresql" and url is not None:  # (not possible inside the savepoint)
        snapshot = str(e.execute("SELECT pg_export_snapshot()").fetchone()[0])
    try:
        with e.savepoint():
            return _quick(e, progress, workers, url, snapshot)
    except Exception as exc:  # a malformed document makes the JSON functions fail
        if not e.is_driver_error(exc):
            raise
        log.debug("the quick verification stopped (%s): checking in detail", exc)
        return None


Span = tuple[str, int, int]
"""``(agency id, start, end)``: a range of one agency's log."""

PARALLEL_FROM = 40_000
"""Log entries from which ``verify`` runs in two processes by default (below, starting a
process costs more than it saves)."""

_FIRST_SHARE = 0.45
"""The share of the log entries the first part takes: it also runs the checks that span the
whole store (measured at 20,000 cases: they cost about a tenth of a part's time)."""


@frozen(kw_only=True)
class Part:
    """One process's share of the quick pass."""

    spans: tuple[Span, ...]
    """Ranges of whole tiles of the logs: re-hash them, check their heads and index rows."""
    cases: tuple[int, int]
    """Case index rows whose ``pos`` is in ``[low, high)``: check their columns and counts."""
    whole_store: bool
    """Also run the checks that span the whole store (:func:`_global_intact`)."""


@frozen(kw_only=True)
class RangeResult:
    """What one range of a log showed: its recomputed leaves and tile nodes, and whether its checks held."""

    leaves: bytes | bytearray
    """The recomputed leaf hashes, concatenated."""
    tiles: Mapping[int, bytes]
    """The level-8 nodes of the range's full tiles, by tile index."""
    intact: bool
    """Every leaf matches its stored hash and every head its columns and index row."""
    records: int
    """Record entries of the range that their index row names exactly."""
    cases: int
    """Case index rows that point into the range (each checked against its document)."""


def range_heads(e: Engine, span: Span) -> tuple[bool, int]:
    """Whether the heads of entries ``[start, end)`` are those of their columns and index rows.

    Returns that and the number of record entries of the range that their
    ``records`` index row names exactly. Two queries, no hashing: the part of
    the quick pass that the database does.
    """
    agency_id, start, end = span
    q = e.json_quote
    # The versions of a range, through the partial index log_versions: "+idx" keeps SQLite
    # from reading the range's every row through the primary key (a no-op on PostgreSQL).
    versions = "agency_id = ? AND kind <> 'record' AND +idx >= ? AND +idx < ?"
    params = (agency_id, start, end)

    def one(sql: str) -> int:
        return int(e.execute(sql, params).fetchone()[0])

    # A version's head is {"kind":K,"salt":"<32>","subject":S}: rebuilt around its own salt.
    salt_at = f"length({q('kind')}) + {_VERSION_SALT_AT}"
    rebuilt = " || ".join(
        [
            "'{\"kind\":'",
            q("kind"),
            '\',"salt":"\'',
            f"substr(head, {salt_at}, 32)",
            '\'","subject":\'',
            q("subject"),
            "'}'",
        ]
    )
    versions_ok = not one(f"SELECT count(*) FROM log WHERE {versions} AND head <> {rebuilt}")
    # A record entry's head, rebuilt from the index row that points at it.
    salt_at = f"length({q('r.entry_id')}) + {_RECORD_SALT_AT}"
    rebuilt = " || ".join(
        [
            "'{\"entry\":'",
            q("r.entry_id"),
            '\',"kind":"record","salt":"\'',
            f"substr(l.head, {salt_at}, 32)",
            '\'","seq":\'',
            "CAST(r.seq AS TEXT)",
            "',\"subject\":'",
            q("r.case_id"),
            "'}'",
        ]
    )
    matched = one(
        # CROSS JOIN: SQLite then drives the join from the index rows (each a primary-key
        # lookup in the log), never the other way round; PostgreSQL plans it as any join.
        "SELECT count(*) FROM records r CROSS JOIN log l WHERE r.agency_id = ? AND r.idx >= ?"
        " AND r.idx < ? AND l.agency_id = r.agency_id AND l.idx = r.idx AND l.kind = 'record'"
        f" AND l.subject = r.case_id AND l.head = {rebuilt}"
    )
    in_log = end - start - one(f"SELECT count(*) FROM log WHERE {versions}")
    return versions_ok and matched == in_log, matched


def _part_sql(e: Engine, part: Part) -> tuple[bool, list[int]]:
    """The database's share of a part: the whole-store checks if it has them, each span's heads
    and index rows (:func:`range_heads`), and its cases' record counts.

    Returns whether all held, and each span's record entries named exactly by
    their index row.
    """
    if part.whole_store and not _global_intact(e):
        return False, []
    heads = [range_heads(e, span) for span in part.spans]
    if not all(ok for ok, _ in heads):
        return False, []
    # Each case's record count is its last record entry's place (a primary-key lookup a case).
    miscounted = e.execute(
        "SELECT count(*) FROM cases c WHERE c.pos >= ? AND c.pos < ? AND c.records <> coalesce("
        "(SELECT max(r.seq) FROM records r WHERE r.case_id = c.id AND r.agency_id = c.agency_id),"
        " 0)",
        part.cases,
    ).fetchone()[0]
    return not miscounted, [matched for _, matched in heads]


class _CaseRows:
    """The case index rows that point into one range of a log, checked against the documents
    at those positions as the range is re-hashed (no second read of the documents).

    The rows are read in log order beside the range, one chunk at a time.
    """

    def __init__(self, e: Engine, span: Span) -> None:
        self.agency_id = span[0]
        columns = ", ".join(CASE_FACTS)
        self._rows = (
            row
            for chunk in e.chunks(
                f"SELECT idx, id, opened_on, opened_year, {columns} FROM cases"
                " WHERE agency_id = ? AND idx >= ? AND idx < ? ORDER BY idx",
                span,
            )
            for row in chunk
        )
        self._row: Any = next(self._rows, None)
        self.checked = 0
        """Rows checked so far."""

    @property
    def done(self) -> bool:
        """Whether every row has been checked."""
        return self._row is None

    def __call__(self, first: int, blobs: Sequence[bytes]) -> bool:
        """Check the rows whose positions fall in this chunk (see :func:`log_leaves`)."""
        loads = orjson.loads
        end = first + len(blobs)
        row = self._row
        try:
            while row is not None and row[0] < end:
                idx, case_id, opened_on, year, *stored = row
                blob = blobs[idx - first]
                # orjson reads the bytes strictly (an encoded surrogate is an error, as for
                # the detailed pass, which reads text). It refuses more than the stdlib (an
                # escaped lone surrogate, NaN): such a document is left to the detailed pass.
                data = loads(memoryview(blob)[blob.index(b"\n") + 1 :])
                if (
                    (data["id"], data["agency_id"], data["opened_on"])
                    != (case_id, self.agency_id, opened_on)
                    or year != int(opened_on[:4])
                    or case_columns(data) != tuple(stored)
                ):
                    return False
                self.checked += 1
                row = self._row = next(self._rows, None)
        except (ValueError, KeyError, TypeError, ArithmeticError, AttributeError, IndexError):
            return False  # a document that is not what the store writes: look closer
        return True


def _hash_span(e: Engine, span: Span, progress: Callable[[int], None] | None) -> RangeResult:
    """Re-hash a range of whole tiles, build its tile nodes and check the case rows that point
    into it (``records`` left at 0)."""
    agency_id, start, end = span
    cases = _CaseRows(e, span)
    leaves, same = log_leaves(e, agency_id, start, end, progress, cases)
    return RangeResult(
        leaves=leaves,
        tiles=tile_nodes(leaves, start // TILE),
        intact=same and cases.done,
        records=0,
        cases=cases.checked,
    )


def _run_part(
    e: Engine,
    part: Part,
    progress: Callable[[int], None] | None,
    sql: Callable[[], tuple[bool, list[int]] | None] | None = None,
) -> list[RangeResult] | None:
    """Run one part on connection ``e``; ``None`` when anything is off.

    ``sql``, when given, waits for the part's queries run elsewhere (see
    :func:`_beside`); when it gives ``None`` they run here.
    """
    checked = _part_sql(e, part) if sql is None else None
    if checked is not None and not checked[0]:
        return None
    if part.whole_store and not _agency_facts_intact(e):
        return None
    hashed = [_hash_span(e, span, progress) for span in part.spans]
    if checked is None:
        checked = (sql() if sql is not None else None) or _part_sql(e, part)
    ok, matched = checked
    if not ok:
        return None
    return [attrs.evolve(r, records=m) for r, m in zip(hashed, matched, strict=True)]


def _part_job(url: str, snapshot: str | None, sizes: dict[str, int], part: Part) -> Any:
    """A worker process: run ``part`` on its own connection, in the parent's snapshot.

    Returns its :class:`RangeResult` list, ``None`` when anything is off, or
    ``"moved"`` when the store is not in the parent's state (SQLite, after a
    write in between): the parent then runs the part itself.
    """
    from enforcement.store import open_store

    with open_store(url, create=False) as store:
        e = store._engine
        with e.read():
            if snapshot is not None:
                e.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "") + "'")
            seen = {a: int(n) for a, n in e.execute("SELECT agency_id, size FROM logs").fetchall()}
            if seen != sizes:
                return "moved"
            try:
                with e.savepoint():
                    return _run_part(e, part, None)
            except Exception as exc:
                if not e.is_driver_error(exc):
                    raise
                return None


def _spans(sizes: dict[str, int], parts: int, first_share: float = 0.0) -> list[list[Span]]:
    """Split the logs into ``parts`` lists of ranges of whole tiles, of about equal entries
    (the first list about ``first_share`` of them, when given)."""
    total = sum(sizes.values())
    share = -(-total // parts)
    shares = [share] * parts
    if first_share and parts > 1:
        shares[0] = int(total * first_share)
        shares[1:] = [-(-(total - shares[0]) // (parts - 1))] * (parts - 1)
    out: list[list[Span]] = [[] for _ in range(parts)]
    part, room = 0, shares[0]
    for agency_id in sorted(sizes):
        start, n = 0, sizes[agency_id]
        while start < n:
            take = min(n - start, max(room - room % TILE, TILE))
            if part == parts - 1:
                take = n - start
            out[part].append((agency_id, start, start + take))
            start += take
            room -= take
            if room <= 0 and part < parts - 1:
                part += 1
                room = shares[part]
    return out


def _parts(e: Engine, sizes: dict[str, int], n: int) -> list[Part]:
    """The quick pass cut into ``n`` parts: ranges of whole tiles and of case rows."""
    spans = _spans(sizes, n, _FIRST_SHARE)
    low, high = e.execute(
        "SELECT coalesce(min(pos), 0), coalesce(max(pos), 0) FROM cases"
    ).fetchone()
    low, high = int(low), int(high) + 1
    first = low + int((high - low) * _FIRST_SHARE) if n > 1 else high
    bounds = [low, first, *(first + (high - first) * k // (n - 1) for k in range(1, n))]
    bounds[-1] = high
    return [
        Part(spans=tuple(spans[k]), cases=(bounds[k], bounds[k + 1]), whole_store=k == 0)
        for k in range(n)
    ]


def _how_many(workers: int | None, url: str | None, total: int) -> int:
    """How many parts: ``workers`` if given, else 2 for a large store on a machine with 2 cores."""
    if url is None or ":memory:" in url or total < 4 * TILE:
        return 1  # the store cannot be reopened by another process, or is too small to cut
    if workers is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        workers = 2 if (cores or 1) >= 2 and total >= PARALLEL_FROM else 1
    return max(1, workers)


def _quick(
    e: Engine,
    progress: Progress | None,
    workers: int | None,
    url: str | None,
    snapshot: str | None = None,
) -> VerifyReport | None:
    sizes = {a: int(n) for a, n in e.execute("SELECT agency_id, size FROM logs").fetchall()}
    spans = {
        a: (int(n), int(low), int(high))
        for a, n, low, high in e.execute(
            "SELECT agency_id, count(*), min(idx), max(idx) FROM log GROUP BY agency_id"
        ).fetchall()
    }
    for agency_id, (n, low, high) in spans.items():
        if sizes.get(agency_id) != n or low != 0 or high != n - 1:
            return None
    if any(n != 0 for a, n in sizes.items() if a not in spans):
        return None
    total = sum(sizes.values())
    done = 0

    def step(k: int) -> None:
        nonlocal done
        done += k
        if progress:
            progress(done, total)

    if progress:
        progress(0, total)
    parts = _parts(e, sizes, _how_many(workers, url, total))
    if len(parts) > 1:
        results = _in_processes(e, url or "", snapshot, sizes, parts, step)
    else:
        # PostgreSQL: the part's queries run on a second connection in this snapshot while
        # this one re-hashes. (On SQLite that was measured: on two cores it cost 10% more
        # CPU time and saved no time, so the queries run here.)
        beside = _beside(url, snapshot, sizes, parts[0]) if snapshot is not None else None
        results = _run_part(e, parts[0], step, beside)
    if results is None or not all(r.intact for r in results):
        return None
    # Each log's leaf hashes copied into one buffer, each range's own dropped once copied:
    # a county's two million hashes are held about once, not three times.
    buffers = {a: bytearray(32 * n) for a, n in sizes.items()}
    level8: dict[str, dict[int, bytes]] = {a: {} for a in sizes}
    flat = [span for part in parts for span in part.spans]
    records = sum(r.records for r in results)
    cases_seen = sum(r.cases for r in results)
    for k, (agency_id, start, end) in enumerate(flat):
        result = results[k]
        if len(result.leaves) != 32 * (end - start):
            return None
        buffers[agency_id][32 * start : 32 * end] = result.leaves
        level8[agency_id].update(result.tiles)
        results[k] = attrs.evolve(result, leaves=b"")
    joined = {a: Leaves(buffer) for a, buffer in buffers.items()}
    del buffers
    if records != int(e.execute("SELECT count(*) FROM records").fetchone()[0]):
        return None
    roots: dict[str, tuple[int, bytes]] = {}
    for agency_id, n in sizes.items():
        leaves = joined[agency_id]
        computed = {8: level8[agency_id], 16: {}}
        nodes8 = computed[8]
        for g in range(n // (TILE * TILE)):
            computed[16][g] = root([nodes8[t] for t in range(g * TILE, (g + 1) * TILE)])
        stored: dict[int, dict[int, bytes]] = {8: {}, 16: {}}
        for level, idx, h in e.execute(
            "SELECT level, idx, hash FROM log_nodes WHERE agency_id = ?", (agency_id,)
        ).fetchall():
            stored.setdefault(int(level), {})[int(idx)] = bytes(h)
        if stored != computed:
            return None
        roots[agency_id] = (n, StoredTree(computed, _tiles_of(leaves)).root(n))
    cases = int(e.execute("SELECT count(*) FROM cases").fetchone()[0])
    if cases != cases_seen:  # a row that points at no case version's place
        return None
    return VerifyReport(
        cases=cases, records=records, entries=total, breaks=(), roots=roots, leaves=joined
    )


def _beside(
    url: str | None, snapshot: str, sizes: dict[str, int], part: Part
) -> Callable[[], tuple[bool, list[int]] | None] | None:
    """PostgreSQL: start :func:`_part_sql` on a second connection, in this one's snapshot.

    The server runs the queries while this process re-hashes the log (psycopg
    releases the GIL while it waits). Returns what waits for the answer,
    which is ``None`` if the second connection failed.
    """
    if url is None:
        return None

    def run() -> tuple[bool, list[int]] | None:
        from enforcement.store import open_store

        try:
            with open_store(url, create=False) as store:
                other = store._engine
                with other.read():
                    other.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "") + "'")
                    seen = {
                        a: int(n)
                        for a, n in other.execute("SELECT agency_id, size FROM logs").fetchall()
                    }
                    if seen != sizes:
                        return None
                    return _part_sql(other, part)
        except Exception as exc:  # the queries are run again on the main connection
            log.debug("verification queries on a second connection failed (%s)", exc)
            return None

    pool = ThreadPoolExecutor(1, "enforcement-verify")
    job = pool.submit(run)
    pool.shutdown(wait=False)
    return job.result


def _in_processes(
    e: Engine,
    url: str,
    snapshot: str | None,
    sizes: dict[str, int],
    parts: list[Part],
    progress: Callable[[int], None],
) -> list[RangeResult] | None:
    """Run ``parts[0]`` here and each other part in a process of its own; ``None`` if anything is off.

    The processes are forked where the platform can (they inherit the loaded
    library instead of importing it again). A worker that fails, or finds the
    store in another state, leaves its part to this process.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=len(parts) - 1, mp_context=context) as pool:
        jobs = [pool.submit(_part_job, url, snapshot, sizes, part) for part in parts[1:]]
        mine = _run_part(e, parts[0], progress)
        if mine is None:
            for job in jobs:
                job.cancel()
            return None
        out = list(mine)
        for job, part in zip(jobs, parts[1:], strict=True):
            try:
                got = job.result()
            except Exception as exc:  # e.g. the worker could not connect
                log.warning("a verification worker failed (%s): its part is checked here", exc)
                got = "moved"
            if got == "moved":
                got = _run_part(e, part, None)
            if got is None:
                return None
            out += got
            progress(sum(end - start for _, start, end in part.spans))
    return out


_VERSION_SALT_AT = len('{"kind":,"salt":"') + 1
"""Where a version head's salt starts (1-based), after the length of its quoted kind."""
_RECORD_SALT_AT = len('{"entry":,"kind":"record","salt":"') + 1
"""Where a record head's salt starts (1-based), after the length of its quoted entry id."""


def _global_intact(e: Engine) -> bool:
    """The index checks of the quick pass that span the whole store, as a few queries."""

    def one(sql: str) -> int:
        return int(e.execute(sql).fetchone()[0])

    # The records are the entries that are not versions (the entries are counted by _quick).
    if one("SELECT count(*) FROM records") != one("SELECT count(*) FROM log") - one(
        "SELECT count(*) FROM log WHERE kind <> 'record'"
    ):
        return False
    # Every index row points at the latest version of its object, and every object has one:
    # one query, the latest versions grouped once (MATERIALIZED: SQLite and PostgreSQL 12+).
    counts = [
        "(SELECT count(*) FROM v)",
        *(
            f"(SELECT count(*) FROM {table} t JOIN v ON v.kind = '{kind}'"
            f" AND v.agency_id = {agency} AND v.subject = t.id AND v.top = t.idx),"
            f" (SELECT count(*) FROM {table})"
            for table, kind, agency in (
                ("agencies", "agency", "t.id"),
                ("officers", "officer", "t.agency_id"),
                ("cases", "case", "t.agency_id"),
            )
        ),
    ]
    versions, *pairs = (
        int(n)
        for n in e.execute(
            "WITH v AS MATERIALIZED (SELECT agency_id, kind, subject, max(idx) AS top FROM log"
            " WHERE kind <> 'record' GROUP BY agency_id, kind, subject)"
            f" SELECT {', '.join(counts)}"
        ).fetchone()
    )
    found, rows = pairs[0::2], pairs[1::2]
    return found == rows and sum(found) == versions


def _agency_facts_intact(e: Engine) -> bool:
    """Every agency index row has the typed columns its latest document gives (the case rows
    are checked as their documents are re-hashed: :class:`_CaseRows`)."""
    columns = ", ".join(f"a.{c}" for c in AGENCY_FACTS)
    try:
        for doc, *stored in e.execute(
            f"SELECT {_document(e, 'a.id', 'a.idx')}, {columns} FROM agencies a"
        ).fetchall():
            if agency_columns(documents.parse(doc)) != tuple(stored):
                return False
    except (ValueError, KeyError, TypeError, ArithmeticError, AttributeError):
        return False  # a document that is not what the store writes: look closer
    return True


def _document(e: Engine, agency: str, idx: str) -> str:
    """SQL: the stored bytes of the document at log position (``agency``, ``idx``), as a scalar
    subquery (a primary-key lookup per row); bytes, so that text that is not UTF-8 is a
    problem to report, not a driver error."""
    return (
        f"(SELECT {e.blob('l.content')} FROM log l WHERE l.agency_id = {agency} AND l.idx = {idx})"
    )


def verify_in_detail(engine: Engine, progress: Progress | None = None) -> VerifyReport:
    """Verify every log entry by entry, naming every break (call inside a read transaction)."""
    e = engine
    breaks: list[LogBreak] = []
    sizes = {a: int(n) for a, n in e.execute("SELECT agency_id, size FROM logs").fetchall()}
    total = int(e.execute("SELECT count(*) FROM log").fetchone()[0])
    states: dict[str, _LogState] = {}
    sha256 = hashlib.sha256
    quote = _quote
    done = 0
    current: str | None = None
    state = _LogState()
    expected = 0
    rows = e.stream(
        "SELECT agency_id, idx, kind, subject, head, "
        f"{e.blob('content')}, leaf FROM log ORDER BY agency_id, idx"
    )
    for agency_id, idx, kind, subject, head, content, leaf in rows:
        if agency_id != current:
            current, expected = agency_id, 0
            state = states[agency_id] = _LogState()
            if progress:
                progress(done, total)
        if idx != expected:
            breaks.append(
                LogBreak(
                    agency_id=agency_id,
                    index=expected,
                    kind=None,
                    subject=None,
                    problem=f"entries {expected} to {idx - 1} are missing from the log",
                )
            )
        leaf = bytes(leaf)
        actual = sha256(b"\x00" + head.encode() + b"\n" + content).digest()
        # The head is canonical JSON of a known shape: compare it with the
        # columns by slicing rather than parsing it (this loop is the hot one).
        seq = entry = None
        if kind == "record":
            # {"entry":E,"kind":"record","salt":"<32 hex>","seq":N,"subject":S}
            tail = f',"subject":{quote(subject)}}}'
            front, _, digits = head[: len(head) - len(tail)].rpartition(',"seq":')
            named = (
                head.endswith(tail)
                and digits.isdigit()
                and front.endswith('"')
                and front[:-33].endswith(_RECORD_MIDDLE)
                and front.startswith('{"entry":')
            )
            if named:
                seq, entry = int(digits), front[9 : -33 - len(_RECORD_MIDDLE)]
        else:
            start = f'{{"kind":{quote(kind)},"salt":"'
            named = (
                head.startswith(start)
                and head[len(start) + 32 :] == f'","subject":{quote(subject)}}}'
            )
        if actual != leaf:
            state.stored[len(state.leaves)] = leaf
            breaks.append(
                LogBreak(
                    agency_id=agency_id,
                    index=idx,
                    kind=kind,
                    subject=subject,
                    seq=seq,
                    problem="rewritten: the entry no longer hashes to its stored leaf hash "
                    f"({actual.hex()[:16]}… ≠ {leaf.hex()[:16]}…)",
                )
            )
        if not named:
            breaks.append(
                LogBreak(
                    agency_id=agency_id,
                    index=idx,
                    kind=kind,
                    subject=subject,
                    seq=seq,
                    problem="the kind and subject columns do not match the entry's own head",
                )
            )
        state.leaves.append(actual)
        if kind == "record":
            state.records[(subject, seq)] = (idx, entry)
        else:
            state.latest[(kind, subject)] = idx
        expected = idx + 1
        done += 1
    if progress:
        progress(done, total)
    roots: dict[str, tuple[int, bytes]] = {}
    for agency_id in sorted(set(states) | set(sizes)):
        state = states.get(agency_id, _LogState())
        n = len(state.leaves)
        recorded = sizes.get(agency_id)
        if recorded is None:
            breaks.append(_log_break(agency_id, "the log has no recorded size (logs row deleted)"))
        elif recorded != n:
            breaks.append(
                _log_break(
                    agency_id,
                    f"truncated or extended: the log holds {n} entries, its recorded size is {recorded}",
                )
            )
        roots[agency_id] = (n, _check_nodes(e, agency_id, state, breaks))
    breaks += _check_index(e, states)
    breaks.sort(key=lambda b: (b.agency_id, b.index if b.index is not None else 1 << 62))
    counts = [
        int(e.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in ("cases", "records")
    ]
    return VerifyReport(
        cases=counts[0],
        records=counts[1],
        entries=done,
        breaks=tuple(breaks),
        roots=roots,
        leaves={a: st.leaves for a, st in states.items()},
    )


def _log_break(agency_id: str, problem: str, **where: Any) -> LogBreak:
    fields: dict[str, Any] = {"index": None, "kind": None, "subject": None, **where}
    return LogBreak(agency_id=agency_id, problem=problem, **fields)


def _check_nodes(e: Engine, agency_id: str, state: _LogState, breaks: list[LogBreak]) -> bytes:
    """Compare the stored subtree hashes with the leaves; return the root recomputed from content."""
    leaves = state.leaves
    n = len(leaves)
    computed: dict[int, dict[int, bytes]] = {8: {}, 16: {}}
    for t in range(n // TILE):
        computed[8][t] = root(leaves[t * TILE : (t + 1) * TILE])
    for g in range(n // (TILE * TILE)):
        computed[16][g] = root([computed[8][t] for t in range(g * TILE, (g + 1) * TILE)])
    # What the stored nodes should be: built from the stored leaves (so a changed
    # entry whose leaf was not recomputed is reported once, above, not again here).
    expected = {level: dict(nodes) for level, nodes in computed.items()}
    for t in {i // TILE for i in state.stored if i // TILE < n // TILE}:
        tile = [state.stored.get(i, leaves[i]) for i in range(t * TILE, (t + 1) * TILE)]
        expected[8][t] = root(tile)
    for g in range(n // (TILE * TILE)):
        expected[16][g] = root([expected[8][t] for t in range(g * TILE, (g + 1) * TILE)])
    stored: dict[int, dict[int, bytes]] = {8: {}, 16: {}}
    for level, idx, h in e.execute(
        "SELECT level, idx, hash FROM log_nodes WHERE agency_id = ?", (agency_id,)
    ).fetchall():
        stored.setdefault(int(level), {})[int(idx)] = bytes(h)
    for level in sorted(set(stored) | set(expected)):
        width = 1 << level
        for i in sorted(set(stored.get(level, {})) | set(expected.get(level, {}))):
            have, want = stored.get(level, {}).get(i), expected.get(level, {}).get(i)
            if have == want:
                continue
            span = f"entries {i * width} to {(i + 1) * width - 1}"
            problem = (
                f"the stored hash of {span} is missing"
                if have is None
                else f"a stored hash for {span}, which the log does not hold"
                if want is None
                else f"the stored hash of {span} does not match them"
            )
            breaks.append(_log_break(agency_id, problem, index=i * width))
    return StoredTree(computed, lambda t: leaves[t * TILE : (t + 1) * TILE]).root(n)


def _check_index(e: Engine, states: Mapping[str, _LogState]) -> list[LogBreak]:
    """Every index row points at the latest version of its object, and every object has one."""
    out: list[LogBreak] = []
    empty = _LogState()

    def latest(agency_id: str, kind: str, subject: str) -> int | None:
        return states.get(agency_id, empty).latest.get((kind, subject))

    last_seq: dict[tuple[str, str], int] = {}
    for agency_id, state in states.items():
        for case_id, seq in state.records:
            key = (agency_id, case_id)
            if isinstance(seq, int) and seq > last_seq.get(key, 0):
                last_seq[key] = seq
    seen: set[tuple[str, str, str]] = set()
    tables = [
        ("agency", "SELECT id, id, idx FROM agencies"),
        ("officer", "SELECT id, agency_id, idx FROM officers"),
    ]
    for kind, sql in tables:
        for subject, agency_id, idx in e.execute(sql).fetchall():
            seen.add((agency_id, kind, subject))
            want = latest(agency_id, kind, subject)
            if want != idx:
                out.append(_index_break(agency_id, kind, subject, idx, want))
    out += _check_agency_facts(e, latest)
    facts_sql = ", ".join(f"c.{c}" for c in CASE_FACTS)
    for case_id, agency_id, opened_on, year, idx, count, doc, *stored in e.execute(
        "SELECT c.id, c.agency_id, c.opened_on, c.opened_year, c.idx, c.records,"
        f" {_document(e, 'c.agency_id', 'c.idx')}, {facts_sql} FROM cases c"
    ).fetchall():
        seen.add((agency_id, "case", case_id))
        want = latest(agency_id, "case", case_id)
        if want != idx:
            out.append(_index_break(agency_id, "case", case_id, idx, want))
            continue
        facts: tuple[Any, ...] | None
        derived: tuple[Any, ...] | None
        try:
            data = documents.parse(doc)
        except ValueError as exc:  # not UTF-8, not JSON, nested too deeply
            out.append(_unreadable(agency_id, "case", case_id, idx, exc))
            continue
        try:
            facts = (data["id"], data["agency_id"], data["opened_on"])
            derived = case_columns(data)
        except (ValueError, KeyError, TypeError, ArithmeticError):
            facts = derived = None
        if derived is not None and tuple(stored) != derived:
            out.append(
                _log_break(
                    agency_id,
                    "the index row's typed columns differ from the case document: "
                    + _differences(CASE_FACTS, tuple(stored), derived),
                    kind="case",
                    subject=case_id,
                )
            )
        if facts != (case_id, agency_id, opened_on) or int(year) != int(opened_on[:4]):
            out.append(
                _log_break(
                    agency_id,
                    "the index row's id, agency or opening date differs from the case document",
                    kind="case",
                    subject=case_id,
                )
            )
        highest = last_seq.get((agency_id, case_id), 0)
        if int(count) != highest:
            out.append(
                _log_break(
                    agency_id,
                    f"the index counts {count} record entries, the log holds {highest}",
                    kind="case",
                    subject=case_id,
                )
            )
    indexed: set[tuple[str, str, int]] = set()
    for case_id, seq, entry_id, agency_id, idx in e.execute(
        "SELECT case_id, seq, entry_id, agency_id, idx FROM records"
    ).fetchall():
        indexed.add((agency_id, case_id, int(seq)))
        got = states.get(agency_id, empty).records.get((case_id, int(seq)))
        if got != (idx, _quote(entry_id)):
            out.append(
                _log_break(
                    agency_id,
                    "the records index points at the wrong log entry"
                    if got
                    else "the records index holds an entry the log does not",
                    kind="record",
                    subject=case_id,
                    seq=int(seq),
                    index=int(idx),
                )
            )
    for agency_id, state in states.items():
        for (kind, subject), idx in state.latest.items():
            if (agency_id, kind, subject) not in seen:
                out.append(
                    _log_break(
                        agency_id,
                        f"deleted: the log holds this {kind} but the index does not",
                        kind=kind,
                        subject=subject,
                        index=idx,
                    )
                )
        for (case_id, seq), (idx, _entry) in state.records.items():
            if (agency_id, case_id, seq) not in indexed:
                out.append(
                    _log_break(
                        agency_id,
                        "deleted: the log holds this record entry but the index does not",
                        kind="record",
                        subject=case_id,
                        seq=seq,
                        index=idx,
                    )
                )
    return out


def _check_agency_facts(e: Engine, latest: Callable[[str, str, str], int | None]) -> list[LogBreak]:
    """The ``agencies`` index's typed columns (region, parent) against the agency's document."""
    out: list[LogBreak] = []
    columns = ", ".join(f"a.{c}" for c in AGENCY_FACTS)
    for agency_id, idx, doc, *stored in e.execute(
        f"SELECT a.id, a.idx, {_document(e, 'a.id', 'a.idx')}, {columns} FROM agencies a"
    ).fetchall():
        if doc is None or latest(agency_id, "agency", agency_id) != idx:
            continue  # reported as an index break
        try:
            data = documents.parse(doc)
        except ValueError as exc:
            out.append(_unreadable(agency_id, "agency", agency_id, idx, exc))
            continue
        try:
            derived = agency_columns(data)
        except (TypeError, AttributeError):
            continue  # the entry itself is reported as rewritten
        if tuple(stored) != derived:
            out.append(
                _log_break(
                    agency_id,
                    "the index row's typed columns differ from the agency document: "
                    + _differences(AGENCY_FACTS, tuple(stored), derived),
                    kind="agency",
                    subject=agency_id,
                )
            )
    return out


def _unreadable(agency_id: str, kind: str, subject: str, idx: int, exc: ValueError) -> LogBreak:
    """The break of a latest version whose document cannot be read (the library never writes
    one: it was written behind its back, and re-hashed if nothing else is reported)."""
    return _log_break(
        agency_id,
        f"the document is not valid JSON ({exc})",
        index=int(idx),
        kind=kind,
        subject=subject,
    )


def _differences(names: Sequence[str], stored: tuple[Any, ...], derived: tuple[Any, ...]) -> str:
    """``name stored (the document gives derived)`` of each typed column that differs."""
    return "; ".join(
        f"{name} {have!r} (the document gives {given!r})"
        for name, have, given in zip(names, stored, derived, strict=True)
        if have != given
    )


def _index_break(agency_id: str, kind: str, subject: str, idx: int, want: int | None) -> LogBreak:
    problem = (
        f"the index names {kind} {subject}, which the log does not hold"
        if want is None
        else f"the index points at entry {idx}, the latest version is entry {want}"
    )
    return _log_break(agency_id, problem, kind=kind, subject=subject)
