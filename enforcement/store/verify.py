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
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from attrs import field, frozen

from enforcement.errors import ChainIntegrityError
from enforcement.store.engines import Engine
from enforcement.store.facts import AGENCY_FACTS, CASE_FACTS, agency_columns, case_columns
from enforcement.store.log import KIND_NAMES
from enforcement.store.tree import TILE, StoredTree
from enforcement.transparency.merkle import root

Progress = Callable[[int, int], None]

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


def verify_store(engine: Engine, progress: Progress | None = None) -> VerifyReport:
    """Verify every log of the store and its index tables (call inside a read transaction)."""
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
        " (SELECT l.content FROM log l WHERE l.agency_id = c.agency_id AND l.idx = c.idx),"
        f" {facts_sql} FROM cases c"
    ).fetchall():
        seen.add((agency_id, "case", case_id))
        want = latest(agency_id, "case", case_id)
        if want != idx:
            out.append(_index_break(agency_id, "case", case_id, idx, want))
            continue
        facts: tuple[Any, ...] | None
        derived: tuple[Any, ...] | None
        try:
            data = json.loads(doc)
            facts = (data["id"], data["agency_id"], data["opened_on"])
            derived = case_columns(data)
        except (ValueError, KeyError, TypeError, ArithmeticError):
            facts = derived = None
        if derived is not None and tuple(stored) != derived:
            changed = [
                f"{name} {have!r} (the document gives {given!r})"
                for name, have, given in zip(CASE_FACTS, stored, derived, strict=True)
                if have != given
            ]
            out.append(
                _log_break(
                    agency_id,
                    "the index row's typed columns differ from the case document: "
                    + "; ".join(changed),
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
        "SELECT a.id, a.idx,"
        " (SELECT l.content FROM log l WHERE l.agency_id = a.id AND l.idx = a.idx),"
        f" {columns} FROM agencies a"
    ).fetchall():
        if doc is None or latest(agency_id, "agency", agency_id) != idx:
            continue  # reported as an index break
        try:
            derived = agency_columns(json.loads(doc))
        except (ValueError, TypeError, AttributeError):
            continue  # the entry itself is reported as rewritten
        if tuple(stored) != derived:
            changed = [
                f"{name} {have!r} (the document gives {given!r})"
                for name, have, given in zip(AGENCY_FACTS, stored, derived, strict=True)
                if have != given
            ]
            out.append(
                _log_break(
                    agency_id,
                    "the index row's typed columns differ from the agency document: "
                    + "; ".join(changed),
                    kind="agency",
                    subject=agency_id,
                )
            )
    return out


def _index_break(agency_id: str, kind: str, subject: str, idx: int, want: int | None) -> LogBreak:
    problem = (
        f"the index names {kind} {subject}, which the log does not hold"
        if want is None
        else f"the index points at entry {idx}, the latest version is entry {want}"
    )
    return _log_break(agency_id, problem, kind=kind, subject=subject)
