"""Small valid datasets for the rule tests: one compliant penalty case, changed per test."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs

import enforcement
from enforcement.identifiers import id_number_check_char
from enforcement.models import (
    Agency,
    Attachment,
    Case,
    CaseCategory,
    Certificate,
    Dataset,
    Decision,
    NoticeKind,
    Officer,
    Party,
    PartyKind,
    Penalty,
    PenaltyKind,
    PublicNotice,
    RecordEntry,
    RecordKind,
    Stage,
    Training,
)

CST = timezone(timedelta(hours=8))
OPENED = date(2025, 3, 3)  # a Monday
DECIDED = date(2025, 3, 10)
ON = date(2025, 4, 1)
SHA = hashlib.sha256(b"evidence").hexdigest()


def at(day: date, hour: int = 10) -> datetime:
    """A timestamp on ``day`` in China Standard Time."""
    return datetime.combine(day, time(hour), CST)


def id_number(born: date) -> str:
    """A valid ID number for someone born on ``born``."""
    body = f"120116{born:%Y%m%d}123"
    return body + id_number_check_char(body)


def officer(
    oid: str = "o1",
    *,
    domains: tuple[str, ...] = ("城市管理",),
    valid_from: date = date(2021, 1, 1),
    valid_until: date = date(2029, 12, 31),
    hours: int = 40,
    **cert: Any,
) -> Officer:
    """An officer with one certificate and ``hours`` of training in 2024 and 2025."""
    return Officer(
        id=oid,
        name=f"执法员{oid}",
        agency_id="a",
        certificates=(
            Certificate(
                number=f"津执{oid}",
                issuer="天津市人民政府",
                domains=domains,
                valid_from=valid_from,
                valid_until=valid_until,
                **cert,
            ),
        ),
        trainings=tuple(Training(on=date(y, 6, 1), hours=Decimal(hours)) for y in (2024, 2025)),
    )


def entry(
    eid: str,
    stage: Stage,
    day: date,
    *,
    officers: tuple[str, ...] = ("o1", "o2"),
    kind: RecordKind = RecordKind.DOCUMENT,
    **kw: Any,
) -> RecordEntry:
    """A record entry with a well-formed attachment."""
    attachment = kw.pop("attachment", Attachment(uri=f"evidence/{eid}", sha256=SHA))
    return RecordEntry(
        id=eid,
        stage=stage,
        kind=kind,
        at=at(day),
        officer_ids=officers,
        attachment=attachment,
        **kw,
    )


def person(born: date = date(1980, 5, 1)) -> Party:
    """A natural person as the party."""
    return Party(kind=PartyKind.PERSON, name="张伟", id_number=id_number(born))


def organisation() -> Party:
    """An organisation as the party."""
    return Party(kind=PartyKind.ORGANISATION, name="天津市滨海新区某某有限公司")


def fine(amount: str) -> tuple[Penalty, ...]:
    """A single fine."""
    return (Penalty(kind=PenaltyKind.FINE, amount=Decimal(amount)),)


def penalty_case(
    *,
    opened: date = OPENED,
    decided: date = DECIDED,
    penalties: tuple[Penalty, ...] | None = None,
    party: Party | None = None,
    **changes: Any,
) -> Case:
    """A compliant ordinary-procedure penalty case: recorded, notified, served, paid, published."""
    records = (
        entry("R1", Stage.FILING, opened),
        entry(
            "R2",
            Stage.INVESTIGATION,
            opened + timedelta(days=1),
            kind=RecordKind.VIDEO,
            on_site=True,
            act=enforcement.Act.INSPECTION,
        ),
        entry("R3", Stage.NOTIFICATION, opened + timedelta(days=2)),
        entry("R4", Stage.DECISION, decided),
        entry("R5", Stage.SERVICE, decided),
    )
    base = Case(
        id="C1",
        agency_id="a",
        category=CaseCategory.PENALTY,
        domain="城市管理",
        title="占道经营案",
        opened_on=opened,
        parties=(party or person(),),
        officer_ids=("o1", "o2"),
        records=records,
        decision=Decision(
            number=f"津罚〔{decided.year}〕1号",
            decided_on=decided,
            penalties=penalties if penalties is not None else fine("500"),
            served_on=decided,
            paid_on=decided + timedelta(days=3),
        ),
        notices=(
            PublicNotice(
                id="N1",
                kind=NoticeKind.DECISION,
                published_on=decided + timedelta(days=1),
            ),
        ),
    )
    return attrs.evolve(base, **changes)


def with_decision(case: Case, **changes: Any) -> Case:
    """The case with its decision changed."""
    assert case.decision is not None
    return attrs.evolve(case, decision=attrs.evolve(case.decision, **changes))


def dataset(*cases: Case, officers: tuple[Officer, ...] | None = None) -> Dataset:
    """One agency, two officers (unless given) and the cases."""
    return Dataset(
        agencies=(Agency(id="a", name="天津市滨海新区新城镇人民政府", region="120116"),),
        officers=officers if officers is not None else (officer("o1"), officer("o2")),
        cases=cases,
    )


def codes(ds: Dataset, *, on: date = ON, select: tuple[str, ...] = (), **kw: Any) -> list[str]:
    """The codes of the findings, in order."""
    enforcement.validate(ds)
    return [f.code for f in enforcement.check(ds, on=on, select=select, **kw)]
