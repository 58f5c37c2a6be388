"""The store's contract, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

import enforcement
from enforcement import (
    Dataset,
    Decision,
    LegalReview,
    NoticeKind,
    PublicNotice,
    RecordEntry,
    RecordKind,
    ReviewOutcome,
    Stage,
    Store,
    open_store,
)
from enforcement.errors import DuplicateIdError, StoreError, UnknownIdError, ValidationError
from enforcement.synthetic import generate_dataset

from .helpers import drop_triggers, raw_sql

CST = timezone(timedelta(hours=8))


def entry(entry_id: str, **changes: Any) -> RecordEntry:
    """A text record entry made now-ish."""
    base = RecordEntry(
        id=entry_id,
        stage=Stage.INVESTIGATION,
        kind=RecordKind.TEXT,
        at=datetime(2020, 12, 1, 9, 30, tzinfo=CST),
        summary="补充询问笔录",
    )
    return attrs.evolve(base, **changes)


def test_import_then_read_back_gives_the_same_dataset(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    assert store.dataset() == town
    assert store.agencies() == list(town.agencies)
    assert store.officers("xc") == list(town.officers)
    assert store.case(town.cases[3].id) == town.cases[3]
    assert store.case("nope") is None


def test_counts_after_import(store: Store, town: Dataset) -> None:
    added = store.import_dataset(town)
    counts = store.counts()
    assert counts == added
    assert counts.records == sum(len(c.records) for c in town.cases)


def test_import_reports_progress(store: Store, town: Dataset) -> None:
    seen: list[tuple[int, int]] = []
    store.import_dataset(town, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 40)
    assert seen[-1] == (40, 40)


def test_cases_filter_by_year_of_opening_and_agency(store: Store) -> None:
    ds = generate_dataset(cases=12, year=2021)
    store.import_dataset(ds)
    assert [c.id for c in store.cases(year=2021)] == [c.id for c in ds.cases]
    assert list(store.cases(year=2020)) == []
    assert len(list(store.cases(year=2021, agency_id="xc"))) == 12
    assert list(store.cases(agency_id="other")) == []


def test_cases_stream_in_pages_past_the_batch_size(store: Store) -> None:
    ds = generate_dataset(cases=1100)
    store.import_dataset(ds)
    ids = [c.id for c in store.cases()]
    assert ids == [c.id for c in ds.cases]
    # Inside reading() (PostgreSQL: one snapshot, one server-side cursor) the same cases
    # come, each once, in order, with their records, whatever the filter or shard.
    with store.reading():
        assert list(store.cases()) == list(ds.cases)
        shards = [[c.id for c in store.cases(year=2020, shard=(i, 3))] for i in range(3)]
        assert [i for shard in shards for i in shard] == ids
        assert all(shards)
        assert [c.id for c in store.cases(agency_id="xc")] == ids
    assert store.dataset() == ds
    # Outside it, pages are read one by one: the caller may write between them.
    seen: list[enforcement.Case] = []
    for case in store.cases():
        if not seen:
            store.append_record(ds.cases[-1].id, entry("BETWEEN-PAGES-1"))
        seen.append(case)
    assert [c.id for c in seen] == ids
    assert seen[-1].records[-1].id == "BETWEEN-PAGES-1"


def test_append_record_returns_the_entry_with_its_place_in_the_log(
    store: Store, town: Dataset
) -> None:
    store.import_dataset(town)
    case = town.cases[0]
    before = store.head_digest()
    size, _ = store.tree_head()
    first = store.append_record(case.id, entry("EXTRA-1"))
    second = store.append_record(case.id, entry("EXTRA-2", corrects="EXTRA-1"))
    assert first.seq == len(case.records) + 1
    assert second.seq == first.seq + 1
    assert (first.index, second.index) == (size, size + 1)
    stored = store.records(case.id)
    assert stored[-1] == second
    assert [c.seq for c in stored] == list(range(1, second.seq + 1))
    assert store.tree_head()[0] == size + 2
    assert store.head_digest() != before
    report = store.verify()
    assert report.intact
    assert report.head == store.head_digest()


def test_append_to_a_case_without_records_starts_at_seq_1(store: Store, town: Dataset) -> None:
    store.import_dataset(Dataset(agencies=town.agencies, officers=town.officers))
    case = attrs.evolve(town.cases[0], id="EMPTY-1", records=())
    store.add_case(case)
    chained = store.append_record("EMPTY-1", entry("R1"))
    assert chained.seq == 1
    logged = list(store.log_entries(chained.agency_id, chained.index, chained.index + 1))
    assert logged[0].leaf.hex() == chained.leaf
    assert (logged[0].kind, logged[0].subject, logged[0].seq) == ("record", "EMPTY-1", 1)


def test_a_change_to_a_case_appends_a_version_and_keeps_the_old_one(
    store: Store, town: Dataset
) -> None:
    store.import_dataset(town)
    case = next(c for c in town.cases if c.decision is not None)
    assert case.decision is not None
    day = case.decision.decided_on + timedelta(days=3)
    store.publish_notice(case.id, PublicNotice(id="N9", kind=NoticeKind.DECISION, published_on=day))
    versions = [v for v in store.history(case.id) if v.kind == "case"]
    assert len(versions) == 2
    assert [n["id"] for n in versions[-1].data["notices"]][-1] == "N9"
    assert "N9" not in [n["id"] for n in versions[0].data["notices"]]
    assert versions[0].index < versions[1].index
    records = [v for v in store.history(case.id) if v.kind == "record"]
    assert [v.seq for v in records] == list(range(1, len(case.records) + 1))
    assert store.position(case.id).index == versions[-1].index


def test_history_of_an_unknown_case_is_an_error(store: Store) -> None:
    with pytest.raises(UnknownIdError, match="no case 'nope'"):
        store.history("nope")


def test_append_refuses_a_duplicate_entry_id(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[0]
    with pytest.raises(DuplicateIdError, match="duplicate record id"):
        store.append_record(case.id, entry(case.records[0].id))
    assert store.case(case.id) == case


def test_append_refuses_a_correction_of_an_unknown_entry(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    with pytest.raises(ValidationError, match=r"corrects 'nope'") as info:
        store.append_record(town.cases[0].id, entry("C1", corrects="nope"))
    assert info.value.errors[0][0].endswith(".corrects")


def test_append_refuses_an_unknown_officer(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    with pytest.raises(ValidationError, match="no officer with id 'ghost'"):
        store.append_record(town.cases[0].id, entry("C1", officer_ids=("ghost",)))


def test_append_to_an_unknown_case_is_an_error(store: Store) -> None:
    with pytest.raises(UnknownIdError, match="no case 'C-404'"):
        store.append_record("C-404", entry("R1"))


def test_a_decision_before_the_case_opened_is_refused(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[0]
    early = Decision(number="X罚〔2019〕1号", decided_on=case.opened_on - timedelta(days=1))
    with pytest.raises(ValidationError) as info:
        store.record_decision(case.id, early)
    assert info.value.errors == [
        (
            "$.decision.decided_on",
            f"{early.decided_on} is before the case was opened ({case.opened_on})",
        )
    ]
    assert store.case(case.id) == case


def test_review_submission_and_outcome(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[0]
    on = case.opened_on + timedelta(days=5)
    store.submit_review(case.id, LegalReview(submitted_on=on, reasons=("经过听证程序",)))
    assert store.case(case.id).review.outcome is ReviewOutcome.PENDING  # type: ignore[union-attr]
    store.complete_review(case.id, ReviewOutcome.APPROVED, on + timedelta(days=3), opinion="同意")
    review = store.case(case.id).review  # type: ignore[union-attr]
    assert review is not None
    assert (review.outcome, review.completed_on, review.opinion) == (
        ReviewOutcome.APPROVED,
        on + timedelta(days=3),
        "同意",
    )


def test_review_outcome_before_submission_is_refused(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[0]
    on = case.opened_on + timedelta(days=5)
    store.submit_review(case.id, LegalReview(submitted_on=on))
    with pytest.raises(ValidationError, match="completed_on"):
        store.complete_review(case.id, ReviewOutcome.APPROVED, on - timedelta(days=1))


def test_publish_and_withdraw_a_notice(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    case = next(c for c in town.cases if c.decision is not None)
    assert case.decision is not None
    day = case.decision.decided_on + timedelta(days=3)
    store.publish_notice(case.id, PublicNotice(id="N9", kind=NoticeKind.DECISION, published_on=day))
    store.withdraw_notice(case.id, "N9", day + timedelta(days=10))
    stored = store.case(case.id)
    assert stored is not None
    assert stored.notices[-1].withdrawn_on == day + timedelta(days=10)
    with pytest.raises(ValidationError, match="already withdrawn"):
        store.withdraw_notice(case.id, "N9", day + timedelta(days=11))


def test_withdrawal_before_publication_is_refused(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    case = next(c for c in town.cases if c.notices)
    notice = case.notices[0]
    with pytest.raises(ValidationError) as info:
        store.withdraw_notice(case.id, notice.id, notice.published_on - timedelta(days=1))
    assert info.value.errors[0][0] == "$.notices[0].withdrawn_on"
    with pytest.raises(UnknownIdError, match="no notice 'nope'"):
        store.withdraw_notice(case.id, "nope", notice.published_on)


def test_duplicate_notice_id_is_refused(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    case = next(c for c in town.cases if c.notices)
    with pytest.raises(DuplicateIdError):
        store.publish_notice(case.id, case.notices[0])


def test_import_of_a_duplicate_case_writes_nothing(store: Store, town: Dataset) -> None:
    store.import_dataset(
        Dataset(agencies=town.agencies, officers=town.officers, cases=town.cases[:5])
    )
    before = store.dataset()
    with pytest.raises(DuplicateIdError) as info:
        store.import_dataset(Dataset(cases=town.cases[4:]))
    assert info.value.errors == [
        ("$.cases[0].id", f"case {town.cases[4].id!r} is already in the store")
    ]
    assert store.dataset() == before


def test_import_of_an_invalid_dataset_writes_nothing(store: Store, town: Dataset) -> None:
    with pytest.raises(ValidationError, match="no agency with id 'xc'"):
        store.import_dataset(Dataset(officers=town.officers))
    assert store.counts().officers == 0


def test_cases_may_refer_to_stored_agencies_and_officers(store: Store, town: Dataset) -> None:
    store.import_dataset(Dataset(agencies=town.agencies, officers=town.officers))
    store.import_dataset(Dataset(cases=town.cases))
    assert store.dataset() == town


def test_the_log_refuses_update_and_delete(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    for statement in (
        "UPDATE log SET content = 'x'",
        "DELETE FROM log",
        "UPDATE log_nodes SET hash = leaf_placeholder",
    ):
        statement = statement.replace("leaf_placeholder", "hash")
        with pytest.raises(Exception, match="append-only"):
            raw_sql(store_url, statement)
    assert store.verify().intact


def test_verify_names_the_entry_whose_content_changed(
    store: Store, store_url: str, town: Dataset
) -> None:
    store.import_dataset(town)
    case = town.cases[7]
    drop_triggers(store_url)
    raw_sql(
        store_url,
        "UPDATE log SET content = replace(content, '\"on_site\":false', '\"on_site\":true')"
        " WHERE subject = ? AND kind = 'record' AND head LIKE ?",
        params=(case.id, '%"seq":1,%'),
    )
    report = store.verify()
    assert not report.intact
    assert [(b.case_id, b.seq) for b in report.breaks] == [(case.id, 1)]
    assert "rewritten" in report.breaks[0].problem


def test_verify_detects_a_rehashed_entry(store: Store, store_url: str, town: Dataset) -> None:
    # Many small cases: the rehashed entry falls in a full tile, whose stored hash then disagrees.
    ds = generate_dataset(cases=120, seed=5)
    store.import_dataset(ds)
    case = ds.cases[2]
    drop_triggers(store_url)
    raw_sql(
        store_url,
        "UPDATE log SET content = replace(content, '\"on_site\":false', '\"on_site\":true')"
        " WHERE subject = ? AND kind = 'record'",
        params=(case.id,),
    )
    for agency_id, idx, head, content in raw_sql(
        store_url,
        "SELECT agency_id, idx, head, content FROM log WHERE subject = ? AND kind = 'record'",
        params=(case.id,),
    ):
        leaf = hashlib.sha256(b"\x00" + f"{head}\n{content}".encode()).digest()
        raw_sql(
            store_url,
            "UPDATE log SET leaf = ? WHERE agency_id = ? AND idx = ?",
            params=(leaf, agency_id, idx),
        )
    report = store.verify()
    assert not report.intact
    assert any("stored hash of entries 0 to 255 does not match" in b.problem for b in report.breaks)


def test_verify_detects_a_removed_last_entry(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    size, _ = store.tree_head()
    drop_triggers(store_url)
    raw_sql(store_url, "DELETE FROM log WHERE idx = ?", params=(size - 1,))
    report = store.verify()
    problems = [str(b) for b in report.breaks]
    assert any(
        f"the log holds {size - 1} entries, its recorded size is {size}" in p for p in problems
    )
    assert any("the records index points at" in p or "index" in p for p in problems)


def test_verify_detects_a_removed_middle_entry(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[5]
    drop_triggers(store_url)
    (idx,) = raw_sql(
        store_url,
        "SELECT idx FROM records WHERE case_id = ? AND seq = 2",
        params=(case.id,),
    )[0]
    raw_sql(store_url, "DELETE FROM log WHERE idx = ?", params=(idx,))
    report = store.verify()
    assert any(b.index == idx and "missing from the log" in b.problem for b in report.breaks)
    assert any(b.case_id == case.id and b.seq == 2 for b in report.breaks)


def test_verify_detects_an_index_row_pointing_at_an_old_version(
    store: Store, store_url: str, town: Dataset
) -> None:
    store.import_dataset(town)
    case = next(c for c in town.cases if c.decision is not None)
    assert case.decision is not None
    old = store.position(case.id).index
    store.record_decision(case.id, attrs.evolve(case.decision, number="X罚〔2020〕999号"))
    raw_sql(store_url, "UPDATE cases SET idx = ? WHERE id = ?", params=(old, case.id))
    report = store.verify()
    assert [(b.case_id, b.kind) for b in report.breaks] == [(case.id, "case")]
    assert "the latest version is entry" in report.breaks[0].problem


def test_verify_detects_a_changed_index_column(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[1]
    raw_sql(store_url, "UPDATE cases SET opened_year = 1999 WHERE id = ?", params=(case.id,))
    report = store.verify()
    assert [b.case_id for b in report.breaks] == [case.id]


def test_head_digest_is_the_root_of_every_agencys_log(store: Store, town: Dataset) -> None:
    from enforcement.store.verify import head_of

    store.import_dataset(town)
    size, top = store.tree_head("xc")
    assert store.head_digest() == head_of({"xc": (size, top)}) == store.verify().head


def test_store_is_a_context_manager(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.counts().cases == 0
    with pytest.raises(StoreError):
        store.counts()


def test_shards_split_the_selection_without_overlap(tmp_path: Path) -> None:
    from enforcement.synthetic import generate_dataset

    ds = generate_dataset(cases=50, seed=3)
    with enforcement.open_store(f"sqlite:///{tmp_path / 'shards.db'}") as store:
        store.import_dataset(ds)
        whole = [c.id for c in store.cases(year=2020)]
        parts = [[c.id for c in store.cases(year=2020, shard=(i, 3))] for i in range(3)]
        assert [i for part in parts for i in part] == whole
        assert all(parts)
        assert list(store.cases(year=1999, shard=(0, 2))) == []
        with pytest.raises(ValueError, match="shard"):
            list(store.cases(shard=(2, 2)))


def test_more_officers_than_a_batch_are_all_logged_and_indexed(store: Store) -> None:
    # Officers are written in batches of 500 (a county holds thousands): every one is in the
    # log and the index, in order, and the log verifies.
    from enforcement.synthetic import generate_dataset

    ds = generate_dataset(cases=40, officers=1_130, seed=11)
    store.import_dataset(ds)
    assert [o.id for o in store.officers()] == [o.id for o in ds.officers]
    report = store.verify()
    assert report.intact, report.breaks
    assert store.counts().officers == 1_130
