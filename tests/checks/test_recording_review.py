"""REC001-REC003 (full-process record) and REV001-REV003 (legal review)."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest

import enforcement
from enforcement.models import (
    Act,
    Attachment,
    CaseCategory,
    LegalReview,
    Penalty,
    PenaltyKind,
    Procedure,
    RecordKind,
    ReviewOutcome,
    Stage,
)
from tests.checks._builders import (
    DECIDED,
    ON,
    OPENED,
    codes,
    dataset,
    entry,
    fine,
    organisation,
    penalty_case,
    with_decision,
)


def _without(stage: Stage) -> enforcement.Case:
    case = penalty_case()
    return attrs.evolve(case, records=tuple(r for r in case.records if r.stage is not stage))


@pytest.mark.parametrize(
    ("stage", "path"),
    [
        (Stage.FILING, "$.cases[0].opened_on"),
        (Stage.DECISION, "$.cases[0].decision"),
        (Stage.SERVICE, "$.cases[0].decision.served_on"),
    ],
)
def test_rec001_a_stage_reached_without_a_record(stage: Stage, path: str) -> None:
    findings = enforcement.check(dataset(_without(stage)), on=ON, select=("REC",))
    assert [(f.code, f.path) for f in findings] == [("REC001", path)]


def test_rec001_closing_needs_a_record_once_the_case_is_closed() -> None:
    closed = attrs.evolve(penalty_case(), closed_on=DECIDED + timedelta(days=5))
    assert codes(dataset(closed), select=("REC",)) == ["REC001"]


def test_rec001_an_unserved_decision_needs_no_service_record() -> None:
    case = with_decision(_without(Stage.SERVICE), served_on=None)
    assert codes(dataset(case), select=("REC",)) == []


def test_rec001_a_simplified_case_needs_no_filing_record() -> None:
    case = attrs.evolve(_without(Stage.FILING), procedure=Procedure.SIMPLIFIED)
    assert codes(dataset(case), select=("REC",)) == []


def _coercion(kinds: tuple[RecordKind, ...], act: Act = Act.SEIZURE) -> enforcement.Case:
    case = penalty_case(category=CaseCategory.COERCION)
    extra = tuple(
        entry(f"S{i}", Stage.EXECUTION, DECIDED, kind=kind, on_site=True, act=act)
        for i, kind in enumerate(kinds)
    )
    return attrs.evolve(case, records=(*case.records, *extra))


@pytest.mark.parametrize("act", [Act.SEIZURE, Act.SEALING, Act.FORCED_DEMOLITION])
def test_rec002_a_coercive_act_recorded_only_in_writing(act: Act) -> None:
    findings = enforcement.check(dataset(_coercion((RecordKind.TEXT,), act)), on=ON)
    assert [(f.code, f.path) for f in findings] == [("REC002", "$.cases[0].records[5]")]


@pytest.mark.parametrize("av", [RecordKind.VIDEO, RecordKind.AUDIO])
def test_rec002_an_audio_or_video_record_of_the_act_suffices(av: RecordKind) -> None:
    assert codes(dataset(_coercion((RecordKind.TEXT, av)))) == []


def test_rec002_acts_needing_av_come_from_the_policy() -> None:
    policy = enforcement.Policy(av_required_acts=(Act.SEALING,))
    assert codes(dataset(_coercion((RecordKind.TEXT,))), policy=policy) == []


def test_rec003_entries_before_filing_or_after_the_check_date() -> None:
    case = penalty_case()
    early = entry("E1", Stage.INVESTIGATION, OPENED - timedelta(days=1), kind=RecordKind.TEXT)
    late = entry("E2", Stage.EXECUTION, ON + timedelta(days=1), kind=RecordKind.TEXT)
    ontime = entry("E3", Stage.EXECUTION, ON, kind=RecordKind.TEXT)
    case = attrs.evolve(case, records=(*case.records, early, late, ontime))
    findings = enforcement.check(dataset(case), on=ON, select=("REC003",))
    assert [f.path for f in findings] == ["$.cases[0].records[5].at", "$.cases[0].records[6].at"]


@pytest.mark.parametrize(
    ("sha", "expected"),
    [
        (None, ["REC003"]),
        ("ab" * 32, []),
    ],
)
def test_rec003_attachment_hashes(sha: str | None, expected: list[str]) -> None:
    case = penalty_case()
    bad = entry("E1", Stage.EXECUTION, DECIDED, attachment=Attachment(uri="x", sha256=sha))
    case = attrs.evolve(case, records=(*case.records, bad))
    assert codes(dataset(case), select=("REC003",)) == expected


def _review(
    submitted: date = DECIDED - timedelta(days=5),
    completed: date | None = DECIDED - timedelta(days=1),
    outcome: ReviewOutcome = ReviewOutcome.APPROVED,
    reasons: tuple[str, ...] = (),
) -> LegalReview:
    return LegalReview(
        submitted_on=submitted, completed_on=completed, outcome=outcome, reasons=reasons
    )


@pytest.mark.parametrize(
    ("amount", "org", "expected"),
    [
        ("9999.99", False, []),
        ("10000", False, ["REV001"]),
        ("99999.99", True, []),
        ("100000", True, ["REV001"]),
    ],
)
def test_rev001_fine_thresholds_by_party(amount: str, org: bool, expected: list[str]) -> None:
    case = penalty_case(penalties=fine(amount), party=organisation() if org else None)
    assert codes(dataset(case), select=("REV",)) == expected


@pytest.mark.parametrize(
    "kind",
    [PenaltyKind.LICENCE_REVOCATION, PenaltyKind.SUSPENSION_OF_BUSINESS, PenaltyKind.CLOSURE],
)
def test_rev001_major_penalty_kinds(kind: PenaltyKind) -> None:
    case = penalty_case(penalties=(Penalty(kind=kind),), party=organisation())
    assert codes(dataset(case), select=("REV",)) == ["REV001"]


def test_rev001_a_hearing_held_makes_the_decision_major() -> None:
    case = penalty_case()
    hearing = entry("H1", Stage.HEARING, DECIDED - timedelta(days=2), kind=RecordKind.VIDEO)
    case = attrs.evolve(case, records=(*case.records, hearing))
    assert codes(dataset(case), select=("REV",)) == ["REV001"]
    reviewed = attrs.evolve(case, review=_review())
    assert codes(dataset(reviewed), select=("REV",)) == []


def test_rev001_a_pending_review_is_no_review() -> None:
    case = penalty_case(
        penalties=fine("10000"), review=_review(completed=None, outcome=ReviewOutcome.PENDING)
    )
    findings = enforcement.check(dataset(case), on=ON, select=("REV001",))
    assert [f.path for f in findings] == ["$.cases[0].review.outcome"]


def test_rev001_thresholds_from_the_policy() -> None:
    case = penalty_case(penalties=fine("10000"))
    policy = enforcement.Policy.from_toml("major_fine_person = 20000")
    assert codes(dataset(case), select=("REV",), policy=policy) == []


def test_rev002_review_completed_after_the_decision() -> None:
    case = penalty_case(review=_review(completed=DECIDED + timedelta(days=1)))
    findings = enforcement.check(dataset(case), on=ON, select=("REV002",))
    assert [(f.due, f.actual) for f in findings] == [(DECIDED, DECIDED + timedelta(days=1))]


def test_rev002_review_completed_on_the_decision_day_is_in_time() -> None:
    case = penalty_case(review=_review(completed=DECIDED))
    assert codes(dataset(case), select=("REV002",)) == []


@pytest.mark.parametrize("outcome", [ReviewOutcome.REVISE, ReviewOutcome.REJECTED])
def test_rev002_a_failed_review_blocks_the_decision(outcome: ReviewOutcome) -> None:
    case = penalty_case(review=_review(outcome=outcome))
    assert codes(dataset(case), select=("REV002",)) == ["REV002"]


def test_rev003_review_within_seven_working_days() -> None:
    # Submitted Friday 2025-09-26: the 7th working day is 2025-10-13 (9/28 and 10/11 are 调休).
    submitted = date(2025, 9, 26)
    on_time = penalty_case(
        opened=date(2025, 9, 1),
        decided=date(2025, 10, 20),
        review=_review(submitted, date(2025, 10, 13)),
    )
    late = attrs.evolve(on_time, review=_review(submitted, date(2025, 10, 14)))
    assert codes(dataset(on_time), on=date(2025, 11, 30), select=("REV003",)) == []
    (finding,) = enforcement.check(dataset(late), on=date(2025, 11, 30), select=("REV003",))
    assert (finding.due, finding.actual) == (date(2025, 10, 13), date(2025, 10, 14))
    assert "2025-09-28国庆节调休上班" in (finding.explanation or "")


def test_rev003_a_review_still_pending_past_its_limit() -> None:
    review = _review(DECIDED - timedelta(days=5), None, ReviewOutcome.PENDING)
    case = attrs.evolve(penalty_case(review=review), decision=None, notices=())
    case = attrs.evolve(case, records=case.records[:3])
    assert codes(dataset(case), select=("REV003",)) == ["REV003"]
    assert codes(dataset(case), on=DECIDED, select=("REV003",)) == []


@pytest.mark.parametrize("sha", ["AB" * 32, "ab" * 31, "ab" * 32 + "a", "ab" * 32 + "\n", "g" * 64])
def test_rec003_flags_a_malformed_hash_in_models_that_were_never_validated(sha: str) -> None:
    """``check`` of models built in code (not read, so not validated) still flags the hash."""
    case = penalty_case()
    bad = entry("E1", Stage.EXECUTION, DECIDED, attachment=Attachment(uri="x", sha256=sha))
    case = attrs.evolve(case, records=(*case.records, bad))
    found = enforcement.check(dataset(case), on=ON, select=("REC003",))
    assert [f.path for f in found] == [
        f"$.cases[0].records[{len(case.records) - 1}].attachment.sha256"
    ]
