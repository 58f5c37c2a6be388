"""The store's contract, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import itertools
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
from enforcement.store.chain import genesis, link
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


def test_append_record_returns_the_entry_chained(store: Store, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[0]
    before = store.head_digest()
    first = store.append_record(case.id, entry("EXTRA-1"))
    second = store.append_record(case.id, entry("EXTRA-2", corrects="EXTRA-1"))
    assert first.seq == len(case.records) + 1
    assert second.seq == first.seq + 1
    assert second.prev_digest == first.digest
    stored = store.records(case.id)
    assert stored[-1] == second
    assert stored[0].prev_digest == genesis(case.id)
    assert all(b.prev_digest == a.digest for a, b in itertools.pairwise(stored))
    assert store.head_digest() != before
    report = store.verify()
    assert report.intact
    assert report.head == store.head_digest()


def test_append_to_a_case_without_records_starts_from_genesis(store: Store, town: Dataset) -> None:
    store.import_dataset(Dataset(agencies=town.agencies, officers=town.officers))
    case = attrs.evolve(town.cases[0], id="EMPTY-1", records=())
    store.add_case(case)
    chained = store.append_record("EMPTY-1", entry("R1"))
    assert chained.seq == 1
    assert chained.prev_digest == genesis("EMPTY-1")
    assert chained.digest == link(
        genesis("EMPTY-1"), enforcement.store.chain.canonical_entry(chained.entry)
    )


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


def test_records_table_refuses_update_and_delete(
    store: Store, store_url: str, town: Dataset
) -> None:
    store.import_dataset(town)
    for statement in ("UPDATE records SET content = 'x'", "DELETE FROM records"):
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
        "UPDATE records SET content = replace(content, '\"on_site\":false', '\"on_site\":true')"
        " WHERE case_id = ? AND seq = 1",
        params=(case.id,),
    )
    report = store.verify()
    assert not report.intact
    assert [(b.case_id, b.seq, b.entry_id) for b in report.breaks] == [
        (case.id, 1, case.records[0].id)
    ]
    assert "content changed" in report.breaks[0].problem


def test_verify_detects_a_rehashed_entry(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[2]
    drop_triggers(store_url)
    # An attacker who recomputes the changed entry's digest breaks the link to the next one.
    raw_sql(
        store_url,
        "UPDATE records SET digest = ? WHERE case_id = ? AND seq = 1",
        params=("0" * 64, case.id),
    )
    report = store.verify()
    assert {(b.case_id, b.seq) for b in report.breaks} == {(case.id, 1), (case.id, 2)}


def test_verify_detects_removed_last_entry(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[5]
    drop_triggers(store_url)
    raw_sql(
        store_url,
        "DELETE FROM records WHERE case_id = ? AND seq = ?",
        params=(case.id, len(case.records)),
    )
    report = store.verify()
    assert len(report.breaks) == 1
    assert report.breaks[0].case_id == case.id
    assert "removed from the end" in report.breaks[0].problem


def test_verify_detects_removed_middle_entry(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    case = town.cases[5]
    drop_triggers(store_url)
    raw_sql(store_url, "DELETE FROM records WHERE case_id = ? AND seq = 2", params=(case.id,))
    report = store.verify()
    assert {(b.case_id, b.seq) for b in report.breaks} == {(case.id, 3)}
    assert any("expected seq 2" in b.problem for b in report.breaks)


def test_verify_detects_a_changed_case_document(
    store: Store, store_url: str, town: Dataset
) -> None:
    store.import_dataset(town)
    case = town.cases[1]
    raw_sql(
        store_url,
        "UPDATE cases SET doc = replace(doc, ?, 'X') WHERE id = ?",
        params=(case.title, case.id),
    )
    report = store.verify()
    assert [(b.case_id, b.seq) for b in report.breaks] == [(case.id, None)]


def test_head_digest_is_the_same_on_both_engines(tmp_path: object, town: Dataset) -> None:
    # The head is a function of the content only: a value to publish and compare anywhere.
    with open_store("sqlite:///:memory:") as one:
        one.import_dataset(town)
        head = one.verify().head
    with open_store("sqlite:///:memory:") as two:
        two.import_dataset(town)
        assert two.head_digest() == head


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
