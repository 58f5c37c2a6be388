"""Hypothesis strategies for valid datasets (references resolve, identifiers check out)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from enforcement.identifiers import USCC_ALPHABET, credit_code_check_char, id_number_check_char
from enforcement.models import (
    Act,
    Agency,
    Attachment,
    Case,
    CaseCategory,
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    Dataset,
    Decision,
    LegalReview,
    NoticeKind,
    Officer,
    Party,
    PartyKind,
    PartyRole,
    Penalty,
    PenaltyKind,
    Power,
    Procedure,
    PublicNotice,
    RecordEntry,
    RecordKind,
    ReviewCheck,
    ReviewOutcome,
    Stage,
    Training,
)
from enforcement.models.agency import PROVINCES

# Any text a user might type, Chinese included, but no control characters, surrogates or
# invisible format characters, which the format refuses (docs/format.md, "Text").
text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")
maybe_text = st.none() | text
days = st.dates(date(2000, 1, 1), date(2030, 12, 31))
offsets = st.sampled_from(
    [timezone(timedelta(hours=8)), UTC, timezone(timedelta(hours=-5, minutes=-30))]
)
datetimes = st.builds(
    lambda d, s, us, tz: (
        datetime(d.year, d.month, d.day, tzinfo=tz) + timedelta(seconds=s, microseconds=us)
    ),
    days,
    st.integers(0, 86399),
    st.integers(0, 999_999),
    offsets,
)
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
hours = st.decimals(
    min_value=0, max_value=200, places=1, allow_nan=False, allow_infinity=False
).map(lambda d: d.normalize() if d == d.to_integral_value() else d)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.text("0123456789", min_size=6, max_size=6))
    born = draw(st.dates(date(1930, 1, 1), date(2020, 12, 31)))
    body = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + id_number_check_char(body)


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    body = draw(st.text(USCC_ALPHABET, min_size=17, max_size=17))
    return body + credit_code_check_char(body)


@st.composite
def certificates(draw: st.DrawFn, number: str) -> Certificate:
    start = draw(days)
    end = start + timedelta(days=draw(st.integers(0, 3000)))
    events = draw(
        st.lists(
            st.builds(
                CertificateEvent,
                on=days,
                kind=st.sampled_from(CertificateEventKind),
                reason=maybe_text,
            ),
            max_size=3,
        )
    )
    return Certificate(
        number=number,
        issuer=draw(text),
        domains=tuple(draw(st.lists(text, max_size=3))),
        valid_from=start,
        valid_until=end,
        events=tuple(events),
    )


@st.composite
def parties(draw: st.DrawFn) -> Party:
    kind = draw(st.sampled_from(PartyKind))
    person = kind is PartyKind.PERSON
    return Party(
        kind=kind,
        name=draw(text),
        id_number=draw(st.none() | id_numbers()) if person else None,
        credit_code=None if person else draw(st.none() | credit_codes()),
        address=draw(maybe_text),
        phone=draw(maybe_text),
        representative=draw(maybe_text),
        bank_account=draw(maybe_text),
        role=draw(st.sampled_from(PartyRole)),
    )


@st.composite
def records(
    draw: st.DrawFn, case_id: str, officer_ids: list[str], count: int
) -> tuple[RecordEntry, ...]:
    out: list[RecordEntry] = []
    for i in range(count):
        at = draw(datetimes)
        correcting: bool = bool(out) and draw(st.booleans())
        out.append(
            RecordEntry(
                id=f"{case_id}-R{i}",
                stage=draw(st.sampled_from(Stage)),
                kind=draw(st.sampled_from(RecordKind)),
                at=at,
                officer_ids=tuple(draw(st.lists(st.sampled_from(officer_ids), max_size=3)))
                if officer_ids
                else (),
                location=draw(maybe_text),
                on_site=draw(st.booleans()),
                summary=draw(maybe_text),
                device=draw(maybe_text),
                attachment=draw(
                    st.none()
                    | st.builds(
                        Attachment,
                        uri=text,
                        sha256=st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
                        bytes=st.none() | st.integers(0, 10**12),
                        media_type=maybe_text,
                    )
                ),
                act=draw(st.none() | st.sampled_from(Act)),
                ended_at=draw(
                    st.none() | st.just(at + timedelta(minutes=draw(st.integers(0, 600))))
                ),
                corrects=out[draw(st.integers(0, len(out) - 1))].id if correcting else None,
            )
        )
    return tuple(out)


@st.composite
def cases(draw: st.DrawFn, case_id: str, agency: Agency, officer_ids: list[str]) -> Case:
    opened = draw(days)
    decision = None
    notices: tuple[PublicNotice, ...] = ()
    if draw(st.booleans()):
        decided = opened + timedelta(days=draw(st.integers(0, 120)))
        revoked = draw(st.booleans())
        penalties = []
        for kind in draw(st.lists(st.sampled_from(PenaltyKind), max_size=3)):
            needs = kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION_OF_GAINS)
            penalties.append(
                Penalty(
                    kind=kind,
                    amount=draw(money) if needs else draw(st.none() | money),
                    description=draw(maybe_text),
                )
            )
        decision = Decision(
            number=draw(text),
            decided_on=decided,
            facts=draw(maybe_text),
            legal_basis=tuple(draw(st.lists(text, max_size=2))),
            penalties=tuple(penalties),
            served_on=draw(st.none() | st.just(decided + timedelta(days=draw(st.integers(0, 30))))),
            revoked_on=decided + timedelta(days=9) if revoked else None,
            revocation_reason=draw(text) if revoked else None,
        )
        n = draw(st.integers(0, 2))
        notices = tuple(
            PublicNotice(
                id=f"{case_id}-N{i}",
                kind=draw(st.sampled_from(NoticeKind)),
                published_on=decided + timedelta(days=draw(st.integers(0, 40))),
                channel=draw(maybe_text),
                withdrawn_on=None,
            )
            for i in range(n)
        )
    review = None
    if draw(st.booleans()):
        outcome = draw(st.sampled_from(ReviewOutcome))
        submitted = opened + timedelta(days=draw(st.integers(0, 30)))
        review = LegalReview(
            reasons=tuple(draw(st.lists(text, max_size=2))),
            submitted_on=submitted,
            reviewer=draw(maybe_text),
            checks=tuple(
                draw(
                    st.lists(
                        st.builds(ReviewCheck, item=text, passed=st.booleans(), note=maybe_text),
                        max_size=3,
                    )
                )
            ),
            outcome=outcome,
            opinion=draw(maybe_text),
            completed_on=None
            if outcome is ReviewOutcome.PENDING
            else submitted + timedelta(days=draw(st.integers(0, 20))),
        )
    closed = None
    if draw(st.booleans()):
        base = decision.decided_on if decision else opened
        closed = base + timedelta(days=draw(st.integers(0, 60)))
    power = (
        draw(st.none() | st.sampled_from([p.code for p in agency.powers]))
        if agency.powers
        else None
    )
    return Case(
        id=case_id,
        agency_id=agency.id,
        category=draw(st.sampled_from(CaseCategory)),
        domain=draw(text),
        power_code=power,
        procedure=draw(st.sampled_from(Procedure)),
        title=draw(text),
        opened_on=opened,
        closed_on=closed,
        parties=tuple(draw(st.lists(parties(), max_size=3))),
        officer_ids=tuple(draw(st.lists(st.sampled_from(officer_ids), max_size=3)))
        if officer_ids
        else (),
        records=draw(records(case_id, officer_ids, draw(st.integers(0, 4)))),
        review=review,
        decision=decision,
        notices=notices,
    )


@st.composite
def region_codes(draw: st.DrawFn) -> str:
    """A GB/T 2260 code: a province prefix and four digits."""
    province = draw(st.sampled_from(sorted(PROVINCES)))
    return f"{province}{draw(st.text('0123456789', min_size=4, max_size=4))}"


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    n_powers = draw(st.integers(0, 3))
    agency = Agency(
        id=draw(text),
        name=draw(text),
        credit_code=draw(st.none() | credit_codes()),
        region=draw(st.none() | region_codes()),
        powers=tuple(
            Power(
                code=f"P{i}",
                name=draw(text),
                category=draw(st.sampled_from(CaseCategory)),
                domain=draw(text),
                legal_basis=tuple(draw(st.lists(text, max_size=2))),
            )
            for i in range(n_powers)
        ),
    )
    officers = []
    for i in range(draw(st.integers(0, 3))):
        officers.append(
            Officer(
                id=f"o{i}",
                name=draw(text),
                agency_id=agency.id,
                certificates=tuple(
                    draw(certificates(f"C-{i}-{j}")) for j in range(draw(st.integers(0, 2)))
                ),
                trainings=tuple(
                    draw(
                        st.lists(
                            st.builds(Training, on=days, hours=hours, topic=maybe_text), max_size=3
                        )
                    )
                ),
            )
        )
    officer_ids = [o.id for o in officers]
    case_list = [
        draw(cases(f"case-{i}", agency, officer_ids)) for i in range(draw(st.integers(0, 3)))
    ]
    return Dataset(agencies=(agency,), officers=tuple(officers), cases=tuple(case_list))


# Values that break one rule of docs/format.md or another, or that a lax reader would coerce.
TRICKY_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    -1,
    12,
    1.5,
    10**25,
    float("inf"),
    "",
    " ",
    "false",
    "true",
    "12",
    "1.5",
    "o1",
    "penalty",
    "fine",
    "2020-03-02",
    "2020-3-2",
    "2020/03/02",
    "2020-02-30",
    "1899-12-31",
    "3000-01-01",
    "2020-03-02T09:30:00",
    "2020-03-02T09:30:00+08:00",
    "2020-03-02 09:30:00+08:00",
    "2020-03-02T09:30:00Z",
    "5000.00",
    "5000.001",
    "-1.00",
    "1e3",
    "0x10",
    "NaN",
    "Infinity",
    "8785",
    "1" * 16 + ".00",
    "a\tb",
    "a\nb",
    "a\rb",
    "\x00",
    "\x7f",
    "\x85",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\xad",
    "\ud800",
    "0123456789abcdef" * 4,
    "0123456789ABCDEF" * 4,
    [],
    {},
    ["o1"],
    [{}],
    {"id": "x"},
)

_CHARACTERS = ("\t", "\n", "\r", "\x00", "\x1f", "\x7f", "\x9f", "\u200b", "\u2066", "\ud800")


def _positions(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a JSON tree."""
    found: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            found.append((node, key))
            if isinstance(value, dict | list):
                stack.append(value)
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The JSON data of a valid dataset (without ``format``), then one to three changes.

    A change replaces a value with a tricky one, deletes a key or an element, adds an
    unknown key, or puts a control or invisible character into a string. Most results
    are invalid, some stay valid: both readers must agree on every one.
    """
    from enforcement.converter import unstructure

    data: dict[str, Any] = unstructure(draw(datasets()))
    for _ in range(draw(st.integers(1, 3))):
        positions = _positions(data)
        if not positions:
            break
        node, key = draw(st.sampled_from(positions))
        action = draw(st.sampled_from(["replace", "delete", "unknown", "character", "wrap"]))
        if action == "replace":
            node[key] = draw(st.sampled_from(TRICKY_VALUES))
        elif action == "delete":
            del node[key]
        elif action == "unknown" and isinstance(node, dict):
            node[draw(st.sampled_from(["extra", "Id", "ids", "note"]))] = draw(
                st.sampled_from(TRICKY_VALUES)
            )
        elif action == "character" and isinstance(node[key], str):
            value = node[key]
            at = draw(st.integers(0, len(value)))
            node[key] = value[:at] + draw(st.sampled_from(_CHARACTERS)) + value[at:]
        elif action == "wrap":
            node[key] = [node[key]]
    return data


__all__ = ["TRICKY_VALUES", "Decimal", "datasets", "id_numbers", "mutated_documents"]
