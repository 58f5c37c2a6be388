"""The :class:`Store`: one API over an SQLite file or a PostgreSQL schema.

Agencies, officers and cases are kept as canonical JSON documents made by the
library's converter (a case without its records), with indexed columns for
what is queried. Record entries live in their own append-only table, chained
per case (see :mod:`enforcement.store.chain`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any

import attrs
from attrs import frozen

from enforcement.converter import structure, unstructure
from enforcement.errors import (
    ChainIntegrityError,
    DuplicateIdError,
    FieldError,
    SchemaVersionError,
    UnknownIdError,
    ValidationError,
)
from enforcement.models import (
    Agency,
    Case,
    Dataset,
    Decision,
    LegalReview,
    Officer,
    PublicNotice,
    RecordEntry,
    ReviewCheck,
    ReviewOutcome,
)
from enforcement.store.chain import (
    ChainBreak,
    ChainedEntry,
    VerifyReport,
    canonical,
    content_digest,
    genesis,
    head_digest,
    link,
)
from enforcement.store.engines import Engine
from enforcement.store.schema import SCHEMA_VERSION, VERSION_TABLE, ddl, migrate
from enforcement.validation import CaseIndex, case_problems, dataset_problems

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""A progress callback: ``(done, total)``."""

_BATCH = 500
_DUPLICATE = re.compile(r"duplicate|already")


@frozen(kw_only=True)
class StoreCounts:
    """How many of each thing a store holds."""

    agencies: int
    officers: int
    cases: int
    records: int


class Store:
    """Enforcement records kept in a database, with a tamper-evident recording log.

    Open one with :func:`enforcement.open_store`. A store is a context manager;
    :meth:`close` releases its connection. One ``Store`` object is not meant to
    be shared between threads; open one per thread or process.
    """

    def __init__(self, engine: Engine, *, opened_with: str | None = None) -> None:
        self._engine = engine
        self._opened_with = opened_with
        try:
            self._ensure_schema()
        except BaseException:
            engine.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The store's URL (without any password)."""
        return self._engine.display

    @property
    def opened_with(self) -> str | None:
        """The URL this store was opened with, to open it again in another process.

        It may contain a password: never log or print it (use :attr:`url`).
        """
        return self._opened_with

    @property
    def engine(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.name

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        self._engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.url}>"

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        with self._engine.read():
            return int(self._engine.execute(f"SELECT version FROM {VERSION_TABLE}").fetchone()[0])

    def _read_version(self) -> int | None:
        e = self._engine
        tables = e.table_names()
        if VERSION_TABLE not in tables:
            if tables:
                raise SchemaVersionError(
                    0,
                    SCHEMA_VERSION,
                    f"{self.url} is a database but not an enforcement store "
                    f"(it holds tables {', '.join(sorted(tables)[:5])})",
                )
            return None
        rows = e.execute(f"SELECT version FROM {VERSION_TABLE}").fetchall()
        if len(rows) != 1 or not isinstance(rows[0][0], int):
            raise SchemaVersionError(0, SCHEMA_VERSION, f"{self.url}: damaged schema version table")
        version: int = rows[0][0]
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                version,
                SCHEMA_VERSION,
                f"{self.url} was written by a newer version of enforcement "
                f"(schema version {version}; this version reads up to {SCHEMA_VERSION}); "
                "upgrade the enforcement package",
            )
        return version

    def _ensure_schema(self) -> None:
        e = self._engine
        with e.read():
            version = self._read_version()
        if version == SCHEMA_VERSION:
            return
        with e.write():
            e.lock_store()
            version = self._read_version()  # another process may have got there first
            if version is None:
                log.info(
                    "creating an enforcement store (schema version %d) at %s",
                    SCHEMA_VERSION,
                    self.url,
                )
                for statement in ddl(e.name):
                    e.execute(statement)
            elif version < SCHEMA_VERSION:
                migrate(e, version)

    # -- reads -------------------------------------------------------------------------------

    def counts(self) -> StoreCounts:
        """How many agencies, officers, cases and record entries the store holds."""
        e = self._engine
        with e.read():
            n = [
                int(e.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("agencies", "officers", "cases", "records")
            ]
        return StoreCounts(agencies=n[0], officers=n[1], cases=n[2], records=n[3])

    def agencies(self) -> list[Agency]:
        """Every agency, in the order they were added."""
        with self._engine.read():
            rows = self._engine.execute("SELECT doc FROM agencies ORDER BY pos").fetchall()
        return [structure(json.loads(doc), Agency) for (doc,) in rows]

    def officers(self, agency_id: str | None = None) -> list[Officer]:
        """Every officer (of one agency, if given), in the order they were added."""
        sql, params = "SELECT doc FROM officers", [] if agency_id is None else [agency_id]
        if agency_id is not None:
            sql += " WHERE agency_id = ?"
        with self._engine.read():
            rows = self._engine.execute(sql + " ORDER BY pos", params).fetchall()
        return [structure(json.loads(doc), Officer) for (doc,) in rows]

    def case(self, case_id: str) -> Case | None:
        """The case with this id, with all its record entries, or ``None``."""
        e = self._engine
        with e.read():
            row = e.execute("SELECT doc FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None:
                return None
            contents = e.execute(
                "SELECT content FROM records WHERE case_id = ? ORDER BY seq", (case_id,)
            ).fetchall()
        return _build_case(row[0], [c for (c,) in contents])

    def cases(
        self,
        *,
        year: int | None = None,
        agency_id: str | None = None,
        shard: tuple[int, int] | None = None,
    ) -> Iterator[Case]:
        """Stream cases in the order they were added, optionally filtered.

        ``year`` selects cases by the year of ``opened_on`` (立案日期); ``agency_id``
        by agency. ``shard=(i, n)`` streams the ``i``-th of ``n`` contiguous
        slices of the selection, so that ``n`` processes can share the work. Cases
        are read in pages of a few hundred, so memory stays flat however large the
        store; each page is a consistent snapshot, the whole iteration is not (a
        case added meanwhile may or may not appear).
        """
        e = self._engine
        filters: list[str] = []
        params: list[Any] = []
        if year is not None:
            filters.append("opened_year = ?")
            params.append(year)
        if agency_id is not None:
            filters.append("agency_id = ?")
            params.append(agency_id)
        where = ["pos > ?", *filters]
        params.insert(0, -1)
        if shard is not None:
            index, count = shard
            if not 0 <= index < count:
                raise ValueError(f"shard must be (i, n) with 0 <= i < n, got {shard!r}")
            condition = " AND ".join(filters) or "1 = 1"
            with e.read():
                low, high = e.execute(
                    f"SELECT min(pos), max(pos) FROM cases WHERE {condition}", params[1:]
                ).fetchone()
            if low is None:
                return
            span = high - low + 1
            where += ["pos >= ?", "pos < ?"]
            params += [low + span * index // count, low + span * (index + 1) // count]
        sql = f"SELECT id, pos, doc FROM cases WHERE {' AND '.join(where)} ORDER BY pos LIMIT {_BATCH}"
        while True:
            with e.read():
                rows = e.execute(sql, params).fetchall()
                if not rows:
                    return
                clause, values = e.any_of("case_id", [r[0] for r in rows])
                records: dict[str, list[str]] = {}
                for case_id, content in e.execute(
                    f"SELECT case_id, content FROM records WHERE {clause} ORDER BY case_id, seq",
                    values,
                ).fetchall():
                    records.setdefault(case_id, []).append(content)
            for case_id, _pos, doc in rows:
                yield _build_case(doc, records.get(case_id, []))
            params[0] = rows[-1][1]

    def dataset(self) -> Dataset:
        """Everything in the store as one :class:`Dataset` (as ``db export`` writes it)."""
        return Dataset(
            agencies=tuple(self.agencies()),
            officers=tuple(self.officers()),
            cases=tuple(self.cases()),
        )

    def records(self, case_id: str) -> list[ChainedEntry]:
        """A case's record entries with their place in the chain and their digests."""
        e = self._engine
        with e.read():
            rows = e.execute(
                "SELECT seq, content, prev_digest, digest FROM records WHERE case_id = ? ORDER BY seq",
                (case_id,),
            ).fetchall()
        return [
            ChainedEntry(
                case_id=case_id,
                seq=seq,
                entry=structure(json.loads(content), RecordEntry),
                prev_digest=prev,
                digest=digest,
            )
            for seq, content, prev, digest in rows
        ]

    def head_digest(self) -> str:
        """The head digest over every case's chain, as stored (see :meth:`verify` to recompute it)."""
        with self._engine.read():
            rows = self._engine.execute("SELECT id, head_seq, head_digest FROM cases").fetchall()
        return head_digest((case_id, int(seq), digest) for case_id, seq, digest in rows)

    # -- bulk writes -------------------------------------------------------------------------

    def import_dataset(self, dataset: Dataset, progress: Progress | None = None) -> StoreCounts:
        """Add every agency, officer and case of ``dataset`` in one transaction.

        The dataset is validated together with the agencies and officers already
        stored (so a file of cases may refer to them). Any problem, including an
        id already in the store (:class:`~enforcement.errors.DuplicateIdError`),
        raises and nothing is written; a failure or a crash midway leaves
        the store as it was. Returns what was added. ``progress`` is called with
        ``(cases done, cases total)``.
        """
        return self.import_records(
            dataset.agencies,
            dataset.officers,
            dataset.cases,
            progress=progress,
            total=len(dataset.cases),
        )

    def import_records(
        self,
        agencies: Iterable[Agency],
        officers: Iterable[Officer],
        cases: Iterable[Case],
        *,
        progress: Progress | None = None,
        total: int | None = None,
    ) -> StoreCounts:
        """Add agencies, officers and a stream of cases in one transaction, all or nothing.

        Like :meth:`import_dataset`, but ``cases`` may be any iterable (a
        :class:`~enforcement.reader.DocumentReader`'s): they are validated one by
        one against the stored and the given agencies and officers, and written in
        batches inside the transaction, so memory stays flat however many there
        are. Any problem raises once the iterable is exhausted (an exception from
        the iterable itself propagates at once), and nothing is written.
        ``progress`` is called with ``(cases done, total)``; ``total`` is 0 when
        not given.
        """
        e = self._engine
        agencies, officers = tuple(agencies), tuple(officers)
        done = records = 0
        with e.write():
            old_agencies = self._all(Agency, "agencies")
            old_officers = self._all(Officer, "officers")
            problems = _import_problems(
                Dataset(agencies=agencies, officers=officers), old_agencies, old_officers
            )
            index = CaseIndex((*old_agencies, *agencies), (*old_officers, *officers))
            pos = self._next_pos("agencies")
            e.bulk_insert(
                "agencies",
                ("id", "pos", "doc"),
                []
                if problems
                else [(a.id, pos + i, canonical(unstructure(a))) for i, a in enumerate(agencies)],
            )
            pos = self._next_pos("officers")
            e.bulk_insert(
                "officers",
                ("id", "pos", "agency_id", "doc"),
                []
                if problems
                else [
                    (o.id, pos + i, o.agency_id, canonical(unstructure(o)))
                    for i, o in enumerate(officers)
                ],
            )
            pos = self._next_pos("cases")
            if progress:
                progress(0, total or 0)
            batch: list[Case] = []

            def flush() -> None:
                problems.extend(self._stored_case_ids(batch, first=done - len(batch)))
                if not problems:
                    case_rows, record_rows = _case_rows(batch, pos + done - len(batch))
                    e.bulk_insert("cases", _CASE_COLUMNS, case_rows)
                    e.bulk_insert("records", _RECORD_COLUMNS, record_rows)
                batch.clear()
                if progress:
                    progress(done, total or 0)

            for case in cases:
                problems.extend(index.check(case, f"$.cases[{done}]"))
                batch.append(case)
                done += 1
                records += len(case.records)
                if len(batch) == _BATCH:
                    flush()
            if batch:
                flush()
            if problems:
                _raise(problems, source=None)
        added = StoreCounts(
            agencies=len(agencies), officers=len(officers), cases=done, records=records
        )
        log.info("imported %s into %s", added, self.url)
        return added

    def add_agency(self, agency: Agency) -> None:
        """Add one agency (执法主体)."""
        self.import_dataset(Dataset(agencies=(agency,)))

    def add_officer(self, officer: Officer) -> None:
        """Add one officer (执法人员); the agency must be in the store."""
        self.import_dataset(Dataset(officers=(officer,)))

    def add_case(self, case: Case) -> None:
        """Add one case (立案), with any record entries it already has, chained."""
        self.import_dataset(Dataset(cases=(case,)))

    # -- case writes -------------------------------------------------------------------------

    def append_record(self, case_id: str, entry: RecordEntry) -> ChainedEntry:
        """Append an entry to a case's recording log (执法全过程记录) and return it chained.

        Entries are never changed or removed: a correction is a new entry whose
        ``corrects`` names the entry it corrects. Concurrent appends to the same
        case from several processes are serialised; none is lost.
        """
        chained = self._change_case(
            case_id, lambda case: attrs.evolve(case, records=(*case.records, entry))
        )
        return chained[0]

    def record_decision(self, case_id: str, decision: Decision) -> None:
        """Record a case's decision (行政执法决定), or replace it (e.g. to add service or revocation)."""
        self._change_case(case_id, lambda case: attrs.evolve(case, decision=decision))

    def submit_review(self, case_id: str, review: LegalReview) -> None:
        """Submit a decision for legal review (法制审核), or resubmit it after revision."""
        self._change_case(case_id, lambda case: attrs.evolve(case, review=review))

    def complete_review(
        self,
        case_id: str,
        outcome: ReviewOutcome,
        on: Any,
        *,
        opinion: str | None = None,
        checks: Sequence[ReviewCheck] | None = None,
    ) -> None:
        """Record the outcome of a submitted legal review (审核意见) on date ``on``."""

        def change(case: Case) -> Case:
            if case.review is None:
                raise ValidationError([("$.review", "no legal review has been submitted")])
            review = attrs.evolve(
                case.review,
                outcome=outcome,
                completed_on=on,
                opinion=opinion if opinion is not None else case.review.opinion,
                checks=tuple(checks) if checks is not None else case.review.checks,
            )
            return attrs.evolve(case, review=review)

        self._change_case(case_id, change, field_path="$.review")

    def publish_notice(self, case_id: str, notice: PublicNotice) -> None:
        """Record a public notice (公示) of the case's decision, or of its withdrawal."""
        self._change_case(case_id, lambda case: attrs.evolve(case, notices=(*case.notices, notice)))

    def withdraw_notice(self, case_id: str, notice_id: str, on: Any) -> None:
        """Record that a published notice was withdrawn (撤下) on date ``on``.

        Publish the explanation (撤下说明) as a notice of kind ``withdrawal``.
        """
        index: list[int] = []

        def change(case: Case) -> Case:
            for i, notice in enumerate(case.notices):
                if notice.id == notice_id:
                    index.append(i)
                    if notice.withdrawn_on is not None:
                        raise ValidationError(
                            [
                                (
                                    f"$.notices[{i}].withdrawn_on",
                                    f"notice {notice_id!r} was already withdrawn on {notice.withdrawn_on}",
                                )
                            ]
                        )
                    notices = list(case.notices)
                    notices[i] = attrs.evolve(notice, withdrawn_on=on)
                    return attrs.evolve(case, notices=tuple(notices))
            raise UnknownIdError(f"case {case_id!r} has no notice {notice_id!r}")

        self._change_case(case_id, change, field_path=lambda: f"$.notices[{index[-1]}]")

    def _change_case(
        self,
        case_id: str,
        change: Callable[[Case], Case],
        *,
        field_path: str | Callable[[], str] = "$",
    ) -> list[ChainedEntry]:
        e = self._engine
        with e.write():
            row = e.execute(
                f"SELECT doc, head_seq, head_digest FROM cases WHERE id = ?{e.for_update}",
                (case_id,),
            ).fetchone()
            if row is None:
                raise UnknownIdError(f"no case {case_id!r} in {self.url}")
            doc, head_seq, prev = row
            contents = e.execute(
                "SELECT content FROM records WHERE case_id = ? ORDER BY seq", (case_id,)
            ).fetchall()
            old = _build_case(doc, [c for (c,) in contents])
            try:
                new = change(old)
            except FieldError as exc:
                base = field_path() if callable(field_path) else field_path
                raise ValidationError(
                    [(f"{base}.{exc.field}", exc.message)], source=f"case {case_id!r}"
                ) from None
            if new.records[: len(old.records)] != old.records:
                raise ValidationError([("$.records", "record entries are append-only")])
            problems = self._new_problems(old, new)
            if problems:
                _raise(problems, source=f"case {case_id!r}")
            data = unstructure(new)
            entries = data.pop("records")[len(old.records) :]
            new_doc = canonical(data)
            if new_doc != doc:
                e.execute(
                    "UPDATE cases SET doc = ?, doc_sha256 = ? WHERE id = ?",
                    (new_doc, content_digest(new_doc), case_id),
                )
            chained: list[ChainedEntry] = []
            seq = int(head_seq)
            for entry, entry_data in zip(new.records[len(old.records) :], entries, strict=True):
                seq += 1
                content = canonical(entry_data)
                digest = link(prev, content)
                e.execute(
                    "INSERT INTO records (case_id, seq, entry_id, content, prev_digest, digest)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (case_id, seq, entry.id, content, prev, digest),
                )
                chained.append(
                    ChainedEntry(
                        case_id=case_id, seq=seq, entry=entry, prev_digest=prev, digest=digest
                    )
                )
                prev = digest
            if chained:
                e.execute(
                    "UPDATE cases SET head_seq = ?, head_digest = ? WHERE id = ?",
                    (seq, prev, case_id),
                )
        return chained

    def _new_problems(self, old: Case, new: Case) -> list[tuple[str, str]]:
        e = self._engine
        row = e.execute("SELECT doc FROM agencies WHERE id = ?", (new.agency_id,)).fetchone()
        powers: dict[str, set[str]] = {}
        if row is not None:
            powers[new.agency_id] = {p.code for p in structure(json.loads(row[0]), Agency).powers}
        wanted = sorted({*new.officer_ids, *(o for r in new.records for o in r.officer_ids)})
        officer_ids: set[str] = set()
        if wanted:
            clause, values = e.any_of("id", wanted)
            officer_ids = {
                i
                for (i,) in e.execute(f"SELECT id FROM officers WHERE {clause}", values).fetchall()
            }
        before = set(case_problems(old, "$", powers, officer_ids))
        return [p for p in case_problems(new, "$", powers, officer_ids) if p not in before]

    def _all(self, cls: type[Any], table: str) -> list[Any]:
        rows = self._engine.execute(f"SELECT doc FROM {table} ORDER BY pos").fetchall()
        return [structure(json.loads(doc), cls) for (doc,) in rows]

    def _next_pos(self, table: str) -> int:
        value = self._engine.execute(f"SELECT max(pos) FROM {table}").fetchone()[0]
        return 0 if value is None else int(value) + 1

    def _stored_case_ids(self, cases: Sequence[Case], first: int = 0) -> list[tuple[str, str]]:
        e = self._engine
        index = {c.id: i + first for i, c in enumerate(cases)}
        ids = list(index)
        found: list[str] = []
        for start in range(0, len(ids), _BATCH):
            clause, values = e.any_of("id", ids[start : start + _BATCH])
            found += [
                i for (i,) in e.execute(f"SELECT id FROM cases WHERE {clause}", values).fetchall()
            ]
        return [
            (f"$.cases[{index[i]}].id", f"case {i!r} is already in the store")
            for i in sorted(found, key=index.__getitem__)
        ]

    # -- integrity ---------------------------------------------------------------------------

    def verify(self, progress: Progress | None = None) -> VerifyReport:
        """Recompute every chain and every case document digest; report each break.

        Runs in one read transaction (a consistent snapshot). ``progress`` is
        called with ``(record entries done, total)``.
        """
        e = self._engine
        breaks: list[ChainBreak] = []
        with e.read():
            total = int(e.execute("SELECT count(*) FROM records").fetchone()[0])
            stored: dict[str, tuple[int, str]] = {}
            for case_id, seq, digest, doc_sha, doc in e.stream(
                f"SELECT id, head_seq, head_digest, doc_sha256, {e.blob('doc')} FROM cases"
            ):
                stored[case_id] = (int(seq), digest)
                if content_digest(bytes(doc)) != doc_sha:
                    breaks.append(
                        ChainBreak(
                            case_id=case_id,
                            seq=None,
                            entry_id=None,
                            problem="the case document (parties, decision, review, notices) "
                            "does not match its digest",
                        )
                    )
            computed: dict[str, tuple[int, str]] = {}  # from the content: the true head
            chained: dict[str, tuple[int, str]] = {}  # as stored: checks the head's link
            current: str | None = None
            expected, prev_stored = 1, ""
            last_actual = ""
            done = reported = 0
            sha256 = hashlib.sha256
            newline = b"\n"
            # The hot loop: one row per record entry, kept as lean as it can be.
            # Per-case bookkeeping (heads, progress) happens when the case changes;
            # an entry's id is read only to name a break.
            rows = e.stream(
                "SELECT case_id, seq, prev_digest, digest, "
                f"{e.blob('content')} FROM records ORDER BY case_id, seq"
            )

            def entry_id_of(case_id: str, seq: int) -> str | None:
                row = e.execute(
                    "SELECT entry_id FROM records WHERE case_id = ? AND seq = ?", (case_id, seq)
                ).fetchone()
                return None if row is None else str(row[0])

            for case_id, seq, prev, digest, content in rows:
                if case_id != current:
                    if current is not None:
                        computed[current] = (expected - 1, last_actual)
                        chained[current] = (expected - 1, prev_stored)
                        done += expected - 1
                        if progress and done - reported >= 5000:
                            progress(done, total)
                            reported = done
                    current, expected, prev_stored = case_id, 1, genesis(case_id)
                    if case_id not in stored:
                        breaks.append(
                            ChainBreak(
                                case_id=case_id,
                                seq=seq,
                                entry_id=entry_id_of(case_id, seq),
                                problem="record entries for a case the store does not hold",
                            )
                        )
                # Both engines return the stored bytes (see Engine.blob).
                actual = sha256(prev.encode() + newline + content).hexdigest()
                if actual != digest or prev != prev_stored or seq != expected:
                    breaks += _link_breaks(
                        case_id,
                        seq,
                        entry_id_of(case_id, seq),
                        expected,
                        prev,
                        prev_stored,
                        digest,
                        actual,
                    )
                last_actual = actual
                expected = seq + 1
                prev_stored = digest
            if current is not None:
                computed[current] = (expected - 1, last_actual)
                chained[current] = (expected - 1, prev_stored)
            done = total  # every row of the snapshot was read
            for case_id, (seq, digest) in stored.items():
                last = chained.get(case_id, (0, genesis(case_id)))
                if last[0] != seq:
                    what = "removed from" if last[0] < seq else "added to"
                    breaks.append(
                        ChainBreak(
                            case_id=case_id,
                            seq=None,
                            entry_id=None,
                            problem=f"entries {what} the end of the chain: the head records "
                            f"seq {seq}, the chain ends at seq {last[0]}",
                        )
                    )
                elif last[1] != digest:
                    breaks.append(
                        ChainBreak(
                            case_id=case_id,
                            seq=None,
                            entry_id=None,
                            problem="the stored head digest does not match the last entry",
                        )
                    )
        if progress:
            progress(done, total)
        heads = [(c, *computed.get(c, (0, genesis(c)))) for c in stored]
        breaks.sort(key=lambda b: (b.case_id, b.seq if b.seq is not None else 1 << 62))
        return VerifyReport(
            cases=len(stored), records=done, breaks=tuple(breaks), head=head_digest(heads)
        )


_CASE_COLUMNS = (
    "id",
    "pos",
    "agency_id",
    "opened_on",
    "opened_year",
    "doc",
    "doc_sha256",
    "head_seq",
    "head_digest",
)
_RECORD_COLUMNS = ("case_id", "seq", "entry_id", "content", "prev_digest", "digest")


def _case_rows(
    cases: Iterable[Case], first_pos: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    case_rows: list[tuple[Any, ...]] = []
    record_rows: list[tuple[Any, ...]] = []
    for pos, case in enumerate(cases, first_pos):
        data = unstructure(case)
        entries = data.pop("records")
        doc = canonical(data)
        prev = genesis(case.id)
        for seq, (entry, entry_data) in enumerate(zip(case.records, entries, strict=True), 1):
            content = canonical(entry_data)
            digest = link(prev, content)
            record_rows.append((case.id, seq, entry.id, content, prev, digest))
            prev = digest
        case_rows.append(
            (
                case.id,
                pos,
                case.agency_id,
                case.opened_on.isoformat(),
                case.opened_on.year,
                doc,
                content_digest(doc),
                len(case.records),
                prev,
            )
        )
    return case_rows, record_rows


def _link_breaks(
    case_id: str,
    seq: int,
    entry_id: str | None,
    expected: int,
    prev: str,
    prev_stored: str,
    digest: str,
    actual: str,
) -> list[ChainBreak]:
    out = []
    if seq != expected:
        out.append(f"entries missing: expected seq {expected}, found seq {seq}")
    if prev != prev_stored:
        out.append(
            "prev_digest does not match the previous entry's digest "
            "(an entry before it was removed, inserted or re-hashed)"
        )
    if actual != digest:
        out.append(
            f"content changed: it hashes to {actual[:16]}…, the chain recorded {digest[:16]}…"
        )
    return [ChainBreak(case_id=case_id, seq=seq, entry_id=entry_id, problem=p) for p in out]


def _build_case(doc: str, contents: Sequence[str]) -> Case:
    """A case from its stored document and its record entries' canonical JSON, in order.

    The entries are parsed in one call (they are JSON objects; joined they make
    an array) and everything goes through the one converter.
    """
    try:
        data = json.loads(doc)
        data["records"] = json.loads("[" + ",".join(contents) + "]")
    except ValueError as exc:
        raise ChainIntegrityError(
            f"a stored case or record entry is not valid JSON ({exc}); "
            "run `enforcement db verify` to find which"
        ) from None
    return structure(data, Case)


def _import_problems(
    dataset: Dataset, old_agencies: Sequence[Agency], old_officers: Sequence[Officer]
) -> list[tuple[str, str]]:
    """The dataset's problems, validated as if appended to what the store holds."""
    combined = Dataset(
        agencies=(*old_agencies, *dataset.agencies),
        officers=(*old_officers, *dataset.officers),
        cases=dataset.cases,
    )
    old_agency_ids = {a.id for a in old_agencies}
    old_officer_ids = {o.id for o in old_officers}
    shift = {"agencies": len(old_agencies), "officers": len(old_officers)}
    out = []
    for path, message in dataset_problems(combined):
        m = re.match(r"\$\.(agencies|officers)\[(\d+)\](.*)", path)
        if m:
            kind, i, rest = m.group(1), int(m.group(2)) - shift[m.group(1)], m.group(3)
            path = f"$.{kind}[{i}]{rest}"
            item: Agency | Officer = (dataset.agencies if kind == "agencies" else dataset.officers)[
                i
            ]
            old_ids = old_agency_ids if kind == "agencies" else old_officer_ids
            if rest == ".id" and item.id in old_ids:
                noun = "agency" if kind == "agencies" else "officer"
                message = f"{noun} {item.id!r} is already in the store"
        out.append((path, message))
    return out


def _raise(problems: list[tuple[str, str]], *, source: str | None) -> None:
    if any(_DUPLICATE.search(message) for _, message in problems):
        raise DuplicateIdError(problems, source=source)
    raise ValidationError(problems, source=source)
