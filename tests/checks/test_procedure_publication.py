"""PRO001-PRO004 (《行政处罚法》 procedure), PUB001-PUB004 (publication) and FMT001.

Dates across 国庆 and 春节 are the worked examples of domain.md, recomputed
with chinesecalendar 1.11.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import enforcement
from enforcement.calendar import WorkingCalendar
from enforcement.models import (
    CaseCategory,
    NoticeKind,
    Penalty,
    PenaltyKind,
    Procedure,
    PublicNotice,
    Stage,
)
from tests.checks._builders import (
    DECIDED,
    ON,
    codes,
    dataset,
    fine,
    organisation,
    penalty_case,
    person,
    with_decision,
)

CAL = WorkingCalendar(plugin_manager=None)


def _decided_on(opened: date, decided: date) -> enforcement.Case:
    return penalty_case(opened=opened, decided=decided, notices=())


@pytest.mark.parametrize(
    ("decided", "expected"), [(date(2025, 5, 30), []), (date(2025, 5, 31), ["PRO001"])]
)
def test_pro001_ninety_days_from_filing(decided: date, expected: list[str]) -> None:
    # 立案 2025-03-01 → due 2025-05-30 (domain.md example 4).
    ds = dataset(_decided_on(date(2025, 3, 1), decided))
    findings = enforcement.check(ds, on=date(2025, 7, 1), select=("PRO001",))
    assert [f.code for f in findings] == expected
    assert all(f.due == date(2025, 5, 30) for f in findings)


def test_pro001_a_last_day_in_the_national_day_holiday_rolls_forward() -> None:
    # 2025-07-03 + 90 days = 2025-10-01 (国庆), rolled to 2025-10-09.
    ds = dataset(_decided_on(date(2025, 7, 3), date(2025, 10, 9)))
    assert codes(ds, on=date(2025, 11, 1), select=("PRO001",)) == []
    no_roll = enforcement.Policy(roll_day_periods=False)
    (finding,) = enforcement.check(ds, on=date(2025, 11, 1), select=("PRO001",), policy=no_roll)
    assert finding.due == date(2025, 10, 1)


def test_pro001_undecided_past_the_period() -> None:
    case = attrs.evolve(penalty_case(opened=date(2025, 3, 1)), decision=None, notices=())
    case = attrs.evolve(case, records=case.records[:3])
    assert codes(dataset(case), on=date(2025, 5, 30), select=("PRO001",)) == []
    assert codes(dataset(case), on=date(2025, 5, 31), select=("PRO001",)) == ["PRO001"]


@pytest.mark.parametrize(
    ("served", "expected"), [(date(2025, 10, 13), []), (date(2025, 10, 14), ["PRO002"])]
)
def test_pro002_service_across_the_national_day(served: date, expected: list[str]) -> None:
    # Decision 2025-09-26 → 7 working days → 2025-10-13 (domain.md example 5).
    case = with_decision(_decided_on(date(2025, 9, 1), date(2025, 9, 26)), served_on=served)
    findings = enforcement.check(dataset(case), on=date(2025, 12, 1), select=("PRO002",))
    assert [f.code for f in findings] == expected
    for f in findings:
        assert (f.due, f.actual) == (date(2025, 10, 13), served)
        assert "2025-10-01国庆节" in (f.explanation or "")


def test_pro002_without_counting_makeup_days_the_deadline_moves() -> None:
    case = with_decision(
        _decided_on(date(2025, 9, 1), date(2025, 9, 26)), served_on=date(2025, 10, 14)
    )
    policy = enforcement.Policy.from_toml("makeup_days_are_working = false")
    assert codes(dataset(case), on=date(2025, 12, 1), select=("PRO002",), policy=policy) == []


def test_pro002_unserved_after_the_deadline() -> None:
    case = with_decision(_decided_on(date(2025, 9, 1), date(2025, 9, 26)), served_on=None)
    case = attrs.evolve(
        case, records=tuple(r for r in case.records if r.stage is not Stage.SERVICE)
    )
    assert codes(dataset(case), on=date(2025, 10, 13), select=("PRO",)) == []
    (finding,) = enforcement.check(dataset(case), on=date(2025, 10, 14), select=("PRO",))
    assert (finding.code, finding.actual) == ("PRO002", None)


def _simplified(penalties: tuple[Penalty, ...], party: enforcement.Party) -> enforcement.Case:
    return penalty_case(procedure=Procedure.SIMPLIFIED, penalties=penalties, party=party)


@pytest.mark.parametrize(
    ("amount", "org", "expected"),
    [
        ("200", False, []),
        ("200.01", False, ["PRO003"]),
        ("201", False, ["PRO003"]),
        ("3000", True, []),
        ("3001", True, ["PRO003"]),
    ],
)
def test_pro003_simplified_fine_caps(amount: str, org: bool, expected: list[str]) -> None:
    case = _simplified(fine(amount), organisation() if org else person())
    assert codes(dataset(case), select=("PRO",)) == expected


@given(cents=st.integers(min_value=0, max_value=100_000))
def test_pro003_a_persons_fine_is_simplified_exactly_up_to_200_yuan(cents: int) -> None:
    amount = Decimal(cents) / 100
    case = _simplified((Penalty(kind=PenaltyKind.FINE, amount=amount),), person())
    found = codes(dataset(case), select=("PRO003",))
    assert found == (["PRO003"] if amount > 200 else [])


def test_pro003_only_warnings_and_fines_in_simplified_procedure() -> None:
    case = _simplified(
        (*fine("100"), Penalty(kind=PenaltyKind.CONFISCATION_OF_GAINS, amount=Decimal(50))),
        person(),
    )
    findings = enforcement.check(dataset(case), on=ON, select=("PRO003",))
    assert [f.path for f in findings] == ["$.cases[0].decision.penalties[1].kind"]


def test_pro004_no_notification_before_the_decision() -> None:
    case = penalty_case()
    case = attrs.evolve(
        case, records=tuple(r for r in case.records if r.stage is not Stage.NOTIFICATION)
    )
    assert codes(dataset(case), select=("PRO",)) == ["PRO004"]
    simplified = attrs.evolve(case, procedure=Procedure.SIMPLIFIED)
    assert codes(dataset(simplified), select=("PRO004",)) == []
    licence = attrs.evolve(case, category=CaseCategory.LICENSING)
    assert codes(dataset(licence), select=("PRO004",)) == []


def test_pro004_a_notification_after_the_decision_does_not_count() -> None:
    case = penalty_case()
    records = list(case.records)
    records[2] = attrs.evolve(records[2], at=records[2].at + timedelta(days=30))
    assert codes(dataset(attrs.evolve(case, records=tuple(records))), select=("PRO",)) == ["PRO004"]


def _published(case: enforcement.Case, day: date | None) -> enforcement.Case:
    notices = (
        () if day is None else (PublicNotice(id="N1", kind=NoticeKind.DECISION, published_on=day),)
    )
    return attrs.evolve(case, notices=notices)


@pytest.mark.parametrize(
    ("published", "expected"), [(date(2026, 2, 28), []), (date(2026, 3, 2), ["PUB001"])]
)
def test_pub001_penalty_published_within_seven_working_days_across_spring_festival(
    published: date, expected: list[str]
) -> None:
    # Decided 2026-02-12 → 2026-02-28 (春节 2026-02-15..23 off, 2026-02-14 and -28 worked).
    case = _published(_decided_on(date(2026, 1, 5), date(2026, 2, 12)), published)
    findings = enforcement.check(dataset(case), on=date(2026, 4, 1), select=("PUB",))
    assert [f.code for f in findings] == expected
    for f in findings:
        assert f.due == date(2026, 2, 28)


def test_pub001_other_decisions_have_twenty_working_days() -> None:
    # Decided 2025-09-26 → 20 working days → 2025-10-30 (domain.md example 6).
    case = _published(
        attrs.evolve(
            _decided_on(date(2025, 9, 1), date(2025, 9, 26)), category=CaseCategory.COERCION
        ),
        None,
    )
    assert codes(dataset(case), on=date(2025, 10, 30), select=("PUB",)) == []
    (finding,) = enforcement.check(dataset(case), on=date(2025, 10, 31), select=("PUB",))
    assert (finding.code, finding.due, finding.actual) == ("PUB001", date(2025, 10, 30), None)


@given(lag=st.integers(min_value=0, max_value=40))
def test_pub001_fires_exactly_when_more_than_seven_working_days_passed(lag: int) -> None:
    decided = date(2025, 9, 19)
    published = decided + timedelta(days=lag)
    case = _published(_decided_on(date(2025, 9, 1), decided), published)
    found = codes(dataset(case), on=date(2025, 12, 1), select=("PUB001",))
    # Cross-checked with a different calendar function than the rule uses.
    assert (found == ["PUB001"]) == (CAL.working_days_between(decided, published) > 7)


def _revoked(withdrawn: date | None, explained: date | None) -> enforcement.Case:
    case = with_decision(
        _decided_on(date(2025, 3, 3), date(2025, 4, 1)),
        revoked_on=date(2025, 4, 30),
        revocation_reason="经行政复议撤销",
    )
    notices = [
        PublicNotice(
            id="N1", kind=NoticeKind.DECISION, published_on=date(2025, 4, 2), withdrawn_on=withdrawn
        )
    ]
    if explained is not None:
        notices.append(PublicNotice(id="N2", kind=NoticeKind.WITHDRAWAL, published_on=explained))
    return attrs.evolve(case, notices=tuple(notices))


@pytest.mark.parametrize(
    ("withdrawn", "explained", "expected"),
    [
        (date(2025, 5, 8), date(2025, 5, 8), []),
        (date(2025, 5, 9), date(2025, 5, 8), ["PUB002"]),
        (date(2025, 5, 8), date(2025, 5, 9), ["PUB002"]),
        (None, None, ["PUB002", "PUB002"]),
    ],
)
def test_pub002_withdrawal_within_three_working_days_across_labour_day(
    withdrawn: date | None, explained: date | None, expected: list[str]
) -> None:
    # Revoked 2025-04-30 → due 2025-05-08 (domain.md example 7).
    findings = enforcement.check(
        dataset(_revoked(withdrawn, explained)), on=date(2025, 6, 1), select=("PUB",)
    )
    assert [f.code for f in findings] == expected
    assert all(f.due == date(2025, 5, 8) for f in findings)


def test_pub003_a_minor_party_must_not_be_published() -> None:
    decided = DECIDED
    minor = person(born=date(decided.year - 18, decided.month, decided.day + 1))
    adult = person(born=date(decided.year - 18, decided.month, decided.day))
    assert codes(dataset(penalty_case(party=minor)), select=("PUB",)) == ["PUB003"]
    assert codes(dataset(penalty_case(party=adult)), select=("PUB",)) == []


def test_pub003_no_pub001_for_a_decision_that_must_not_be_published() -> None:
    minor = person(born=date(2010, 1, 1))
    assert codes(dataset(_published(penalty_case(party=minor), None)), select=("PUB",)) == []


def test_pub003_a_warning_only_decision_is_not_published_unless_the_policy_says_so() -> None:
    case = penalty_case(penalties=(Penalty(kind=PenaltyKind.WARNING),))
    assert codes(dataset(case), select=("PUB",)) == ["PUB003"]
    policy = enforcement.Policy(unpublished_penalty_kinds=())
    assert codes(dataset(case), select=("PUB",), policy=policy) == []


def _criticised(published: date, penalties: tuple[Penalty, ...]) -> enforcement.Case:
    return _published(
        penalty_case(opened=date(2025, 1, 2), decided=date(2025, 1, 9), penalties=penalties),
        published,
    )


@pytest.mark.parametrize(
    ("on", "expected"), [(date(2025, 4, 10), []), (date(2025, 4, 11), ["PUB004"])]
)
def test_pub004_public_criticism_is_public_for_three_months(on: date, expected: list[str]) -> None:
    # Published 2025-01-10 → stop 2025-04-10 (domain.md example 15).
    case = _criticised(date(2025, 1, 10), (Penalty(kind=PenaltyKind.PUBLIC_CRITICISM),))
    findings = enforcement.check(dataset(case), on=on, select=("PUB004",))
    assert [f.code for f in findings] == expected
    assert all(f.due == date(2025, 4, 10) for f in findings)


def test_pub004_a_fine_above_the_provincial_low_fine_line_stays_three_years() -> None:
    case = _criticised(date(2025, 1, 10), fine("5000"))
    policy = enforcement.Policy.from_toml('low_fine_limit = "1000"')
    assert codes(dataset(case), on=date(2028, 1, 10), select=("PUB004",), policy=policy) == []
    assert codes(dataset(case), on=date(2028, 1, 11), select=("PUB004",), policy=policy) == [
        "PUB004"
    ]
    low = _criticised(date(2025, 1, 10), fine("1000"))
    assert codes(dataset(low), on=date(2025, 4, 11), select=("PUB004",), policy=policy) == [
        "PUB004"
    ]


def test_pub004_a_notice_withdrawn_in_time_is_fine() -> None:
    case = _criticised(date(2025, 1, 10), (Penalty(kind=PenaltyKind.PUBLIC_CRITICISM),))
    withdrawn = attrs.evolve(
        case, notices=(attrs.evolve(case.notices[0], withdrawn_on=date(2025, 4, 10)),)
    )
    assert codes(dataset(withdrawn), on=date(2026, 1, 1), select=("PUB004",)) == []


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("X罚〔2025〕12号", []),
        ("X罚[25]012号", ["FMT001"]),
        ("X罚〔2025〕012号", ["FMT001"]),
        ("X罚〔2025〕第12号", ["FMT001"]),
        ("〔2025〕12号", ["FMT001"]),
        ("X罚〔2024〕12号", ["FMT001"]),
    ],
)
def test_fmt001_document_numbers(number: str, expected: list[str]) -> None:
    case = with_decision(penalty_case(), number=number)
    assert codes(dataset(case)) == expected
