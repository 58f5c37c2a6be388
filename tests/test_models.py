"""Derived facts of the models: certificate status, officer qualification, training, penalties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from enforcement.errors import FieldError
from enforcement.models import (
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    CertificateStatus,
    Decision,
    Penalty,
    PenaltyKind,
    Training,
)
from enforcement.testing import make_officer, make_person

K = CertificateEventKind
S = CertificateStatus


def cert(
    *events: CertificateEvent,
    valid_from: date = date(2020, 1, 1),
    valid_until: date = date(2024, 12, 31),
) -> Certificate:
    return Certificate(
        number="津执0001",
        issuer="天津市人民政府",
        domains=("城市管理",),
        valid_from=valid_from,
        valid_until=valid_until,
        events=events,
    )


def test_validity_dates_are_inclusive() -> None:
    c = cert()
    assert c.status_on(date(2019, 12, 31)) is S.NOT_YET_VALID
    assert c.status_on(date(2020, 1, 1)) is S.ACTIVE
    assert c.status_on(date(2024, 12, 31)) is S.ACTIVE
    assert c.status_on(date(2025, 1, 1)) is S.EXPIRED


def test_suspension_holds_until_reinstatement() -> None:
    c = cert(
        CertificateEvent(on=date(2021, 3, 1), kind=K.SUSPENDED, reason="新法考试不合格"),
        CertificateEvent(on=date(2021, 6, 1), kind=K.REINSTATED),
    )
    assert c.status_on(date(2021, 2, 28)) is S.ACTIVE
    assert c.status_on(date(2021, 3, 1)) is S.SUSPENDED
    assert c.status_on(date(2021, 5, 31)) is S.SUSPENDED
    assert c.status_on(date(2021, 6, 1)) is S.ACTIVE


def test_failed_annual_review_suspends_until_passed() -> None:
    c = cert(
        CertificateEvent(on=date(2022, 1, 15), kind=K.REVIEW_FAILED),
        CertificateEvent(on=date(2022, 4, 1), kind=K.REVIEW_PASSED),
    )
    assert c.status_on(date(2022, 2, 1)) is S.SUSPENDED
    assert c.status_on(date(2022, 4, 1)) is S.ACTIVE


def test_revocation_and_cancellation_are_final() -> None:
    revoked = cert(
        CertificateEvent(on=date(2021, 3, 1), kind=K.REVOKED),
        CertificateEvent(on=date(2021, 6, 1), kind=K.REINSTATED),
    )
    assert revoked.status_on(date(2021, 2, 28)) is S.ACTIVE
    assert revoked.status_on(date(2021, 7, 1)) is S.REVOKED
    assert revoked.status_on(date(2030, 1, 1)) is S.REVOKED
    cancelled = cert(CertificateEvent(on=date(2023, 1, 1), kind=K.CANCELLED, reason="退休"))
    assert cancelled.status_on(date(2023, 1, 1)) is S.CANCELLED


def test_events_are_applied_in_date_order_whatever_their_order_in_the_list() -> None:
    c = cert(
        CertificateEvent(on=date(2021, 6, 1), kind=K.REINSTATED),
        CertificateEvent(on=date(2021, 3, 1), kind=K.SUSPENDED),
    )
    assert c.status_on(date(2021, 4, 1)) is S.SUSPENDED
    assert c.status_on(date(2021, 7, 1)) is S.ACTIVE


def test_suspension_of_an_expired_certificate_reads_expired() -> None:
    c = cert(CertificateEvent(on=date(2024, 6, 1), kind=K.SUSPENDED))
    assert c.status_on(date(2025, 3, 1)) is S.EXPIRED


def test_certificate_for_requires_domain_and_activity_on_the_day() -> None:
    officer = make_officer("o1", domains=("城市管理", "安全生产"), valid_until=date(2020, 6, 30))
    assert officer.certificate_for("安全生产", date(2020, 6, 30)) is not None
    assert officer.certificate_for("安全生产", date(2020, 7, 1)) is None
    assert officer.certificate_for("生态环境", date(2020, 1, 1)) is None


def test_certificate_for_prefers_the_longest_valid() -> None:
    officer = make_officer("o1")
    newer = Certificate(
        number="N2",
        issuer="x",
        domains=("城市管理",),
        valid_from=date(2019, 1, 1),
        valid_until=date(2029, 1, 1),
    )
    officer = make_officer("o1", certificates=(*officer.certificates, newer))
    assert officer.certificate_for("城市管理", date(2020, 1, 1)) == newer


def test_training_hours_sum_one_year_only() -> None:
    officer = make_officer(
        "o1",
        trainings=(
            Training(on=date(2020, 3, 1), hours=Decimal("16")),
            Training(on=date(2020, 11, 1), hours=Decimal("1.5")),
            Training(on=date(2021, 1, 1), hours=Decimal("40")),
        ),
    )
    assert officer.training_hours(2020) == Decimal("17.5")
    assert officer.training_hours(2019) == 0


def test_invariants_raise_field_errors_naming_the_field() -> None:
    with pytest.raises(FieldError) as info:
        cert(valid_from=date(2025, 1, 1), valid_until=date(2024, 1, 1))
    assert info.value.field == "valid_until"
    with pytest.raises(FieldError) as info:
        Penalty(kind=PenaltyKind.FINE, amount=Decimal("-1"))
    assert info.value.field == "amount"
    with pytest.raises(FieldError) as info:
        Decision(number="x", decided_on=date(2020, 5, 1), served_on=date(2020, 4, 30))
    assert info.value.field == "served_on"


def test_heaviest_penalty_follows_the_statistics_order() -> None:
    d = Decision(
        number="x",
        decided_on=date(2020, 5, 1),
        penalties=(
            Penalty(kind=PenaltyKind.FINE, amount=Decimal("5000.00")),
            Penalty(kind=PenaltyKind.LICENCE_REVOCATION),
            Penalty(kind=PenaltyKind.WARNING),
        ),
    )
    assert d.heaviest_penalty() is PenaltyKind.LICENCE_REVOCATION
    assert d.fines_total() == Decimal("5000.00")
    order = [k for k in PenaltyKind if k is not PenaltyKind.OTHER]
    assert [k.severity for k in order] == list(range(len(order)))


def test_minor_from_id_number() -> None:
    party = make_person(born=date(2003, 6, 1))
    assert party.is_minor_on(date(2021, 5, 31)) is True
    assert party.is_minor_on(date(2021, 6, 1)) is False
    assert make_person(id_number=None).is_minor_on(date(2021, 1, 1)) is None
