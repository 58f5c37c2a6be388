"""OFF001-OFF005: two officers, certificates on the day of the act, domains, training, expiry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest

import enforcement
from enforcement.models import (
    CertificateEvent,
    CertificateEventKind,
    Procedure,
    RecordKind,
    Stage,
)
from tests.checks._builders import DECIDED, ON, OPENED, codes, dataset, entry, officer, penalty_case

ACT_DAY = OPENED + timedelta(days=1)  # the on-site inspection of the base case


def _one_officer_inspection(procedure: Procedure = Procedure.ORDINARY) -> enforcement.Case:
    case = penalty_case(procedure=procedure)
    records = list(case.records)
    records[1] = attrs.evolve(records[1], officer_ids=("o1",))
    return attrs.evolve(case, records=tuple(records))


def test_off001_an_on_site_act_by_one_officer() -> None:
    findings = enforcement.check(dataset(_one_officer_inspection()), on=ON)
    assert [(f.code, f.path) for f in findings] == [("OFF001", "$.cases[0].records[1].officer_ids")]


def test_off001_the_same_officer_twice_is_one_officer() -> None:
    case = penalty_case()
    records = list(case.records)
    records[1] = attrs.evolve(records[1], officer_ids=("o1", "o1"))
    assert codes(dataset(attrs.evolve(case, records=tuple(records)))) == ["OFF001"]


def test_off001_a_decision_with_one_officer_in_charge() -> None:
    case = attrs.evolve(penalty_case(), officer_ids=("o1",))
    findings = enforcement.check(dataset(case), on=ON)
    assert [(f.code, f.path) for f in findings] == [("OFF001", "$.cases[0].officer_ids")]


def test_off001_a_document_entry_by_one_officer_is_not_an_act() -> None:
    case = penalty_case()
    records = list(case.records)
    records[0] = attrs.evolve(records[0], officer_ids=("o1",))  # the filing form
    assert codes(dataset(attrs.evolve(case, records=tuple(records)))) == []


def test_off001_policy_allows_one_officer_in_simplified_procedure_only() -> None:
    allow = enforcement.Policy(one_officer_simplified=True)
    simplified = dataset(_one_officer_inspection(Procedure.SIMPLIFIED))
    ordinary = dataset(_one_officer_inspection(Procedure.ORDINARY))
    assert "OFF001" in codes(simplified, select=("OFF001",))
    assert codes(simplified, select=("OFF001",), policy=allow) == []
    assert codes(ordinary, select=("OFF001",), policy=allow) == ["OFF001"]


def test_off002_a_certificate_expiring_the_day_before_the_act() -> None:
    officers = (officer("o1", valid_until=ACT_DAY - timedelta(days=1)), officer("o2"))
    findings = enforcement.check(dataset(penalty_case(), officers=officers), on=ON)
    off002 = [f for f in findings if f.code == "OFF002"]
    assert [(f.officer_id, f.path, f.actual) for f in off002] == [
        ("o1", "$.cases[0].records[1]", ACT_DAY)
    ]
    assert "已过期" in off002[0].message


def test_off002_a_certificate_expiring_on_the_day_of_the_acts_is_still_valid() -> None:
    # Every act of the base case is on or before the decision day.
    officers = (officer("o1", valid_until=DECIDED), officer("o2"))
    assert codes(dataset(penalty_case(), officers=officers), select=("OFF002",)) == []


def test_off002_judged_on_the_day_of_the_act_not_today() -> None:
    # Expired long before the check date, but valid when the officer acted.
    officers = (officer("o1", valid_until=DECIDED), officer("o2"))
    assert codes(dataset(penalty_case(), officers=officers), select=("OFF002",)) == []


def test_off002_a_not_yet_valid_certificate() -> None:
    officers = (officer("o1", valid_from=ACT_DAY + timedelta(days=1)), officer("o2"))
    assert codes(dataset(penalty_case(), officers=officers), select=("OFF002",)) == ["OFF002"]


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ((CertificateEvent(on=OPENED, kind=CertificateEventKind.SUSPENDED),), ["OFF002"]),
        ((CertificateEvent(on=OPENED, kind=CertificateEventKind.REVOKED),), ["OFF002"]),
        (
            (
                CertificateEvent(on=date(2025, 1, 1), kind=CertificateEventKind.SUSPENDED),
                CertificateEvent(on=OPENED, kind=CertificateEventKind.REINSTATED),
            ),
            [],
        ),
        ((CertificateEvent(on=ON, kind=CertificateEventKind.SUSPENDED),), []),
    ],
)
def test_off002_suspension_and_revocation_count_from_their_day(
    events: tuple[CertificateEvent, ...], expected: list[str]
) -> None:
    officers = (officer("o1", events=events), officer("o2"))
    assert codes(dataset(penalty_case(), officers=officers), select=("OFF002",)) == expected


def test_off003_certificates_not_covering_the_case_domain() -> None:
    officers = (officer("o1", domains=("安全生产",)), officer("o2"))
    findings = enforcement.check(dataset(penalty_case(), officers=officers), on=ON)
    assert [(f.code, f.officer_id) for f in findings] == [("OFF003", "o1")]
    assert "城市管理" in findings[0].message


def test_off003_is_silent_when_off002_already_applies() -> None:
    officers = (officer("o1", domains=("安全生产",), valid_until=date(2024, 12, 31)), officer("o2"))
    assert codes(dataset(penalty_case(), officers=officers), select=("OFF",)) == ["OFF002"]


@pytest.mark.parametrize(("hours", "expected"), [(39, ["OFF004"]), (40, [])])
def test_off004_training_hours_of_the_last_full_year(hours: int, expected: list[str]) -> None:
    officers = (officer("o1", hours=hours), officer("o2"))
    findings = enforcement.check(dataset(officers=officers), on=ON)
    assert [f.code for f in findings] == expected
    assert all(f.officer_id == "o1" and f.case_id is None for f in findings)


def test_off004_requirement_from_a_toml_policy() -> None:
    policy = enforcement.Policy.from_toml('training_hours = "60"')
    assert policy.training_hours == Decimal(60)
    found = codes(dataset(), select=("OFF004",), policy=policy)
    assert found == ["OFF004", "OFF004"]


def test_off004_only_officers_certified_that_year_must_train() -> None:
    officers = (officer("o1", hours=0, valid_from=date(2025, 1, 2)), officer("o2"))
    assert codes(dataset(officers=officers), select=("OFF004",)) == []


@pytest.mark.parametrize(("days_left", "expected"), [(30, ["OFF005"]), (31, []), (0, ["OFF005"])])
def test_off005_a_certificate_expiring_within_the_warning_window(
    days_left: int, expected: list[str]
) -> None:
    officers = (officer("o1", valid_until=ON + timedelta(days=days_left)), officer("o2"))
    findings = enforcement.check(dataset(officers=officers), on=ON, select=("OFF005",))
    assert [f.code for f in findings] == expected
    if findings:
        assert findings[0].due == ON + timedelta(days=days_left)
        assert findings[0].path == "$.officers[0].certificates[0]"


def test_off005_window_from_the_policy() -> None:
    officers = (officer("o1", valid_until=ON + timedelta(days=45)), officer("o2"))
    policy = enforcement.Policy(certificate_warning_days=60)
    assert codes(dataset(officers=officers), select=("OFF005",), policy=policy) == ["OFF005"]


def test_off_rules_see_officers_on_any_entry_naming_them() -> None:
    case = penalty_case()
    extra = entry("R6", Stage.EXECUTION, DECIDED, officers=("o3",), kind=RecordKind.TEXT)
    case = attrs.evolve(case, records=(*case.records, extra))
    officers = (officer("o1"), officer("o2"), officer("o3", valid_until=date(2025, 1, 1)))
    assert codes(dataset(case, officers=officers), select=("OFF002",)) == ["OFF002"]
