"""What a case knows: every natural person's data (to mask) and the public names (to keep).

Natural persons are the parties, third parties, witnesses and others of kind
``person``, the operator (经营者) of a 个体工商户 (a party whose credit code
starts with ``92``: its representative, whose name its trade name often
embeds), and legal representatives when the caller masks them. For each, the
known values are looked for in the compact view of every published text:

- the name, whatever separators it was typed with, and the given name alone
  when it has two or more characters (each part of a dotted name too);
- the ID number, its first 17 characters (a wrong check digit), and the
  15-digit legacy form of an 18-digit number;
- the phone number, and a landline's local number without its area code;
- the address, and its tails from a town, street or road onward when they
  hold a number (``港城路112号``);
- the bank account.

Public names are kept: officers' names (118号 二(四)), organisations' names
and credit codes, legal representatives (public registration data), the
agency's name and the decision's number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from attrs import frozen

from enforcement.models import Case, Party, PartyKind
from enforcement.redaction.folding import NAME_DOTS, Normalised, fold
from enforcement.redaction.masks import (
    COMPOUND_SURNAMES,
    mask_account,
    mask_id_number,
    mask_name,
    mask_phone,
)
from enforcement.redaction.recognizers import Recognizer, Span


@frozen
class KnownValue:
    """One value the case records for a natural person, folded, and how to mask it."""

    kind: str
    value: str
    field: str
    replacement: str


def is_sole_proprietorship(party: Party) -> bool:
    """A 个体工商户: an organisation whose credit code starts with ``92`` (GB 32100 登记管理部门 9,
    机构类别 2). Its operator is a natural person."""
    return (
        party.kind is PartyKind.ORGANISATION
        and party.credit_code is not None
        and fold(party.credit_code).startswith("92")
    )


def _name_values(name: str, field: str) -> Iterator[KnownValue]:
    whole = fold(name)
    if len(whole) < 2:
        return
    yield KnownValue("name", whole, field, mask_name(whole))
    parts = [fold(p) for p in re.split("[" + re.escape("".join(NAME_DOTS)) + r".．\s]", name)]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        for part in parts:
            if len(part) >= 2:
                yield KnownValue("given_name", part, field, "某某")
        return
    given = whole[2:] if len(whole) >= 3 and whole[:2] in COMPOUND_SURNAMES else whole[1:]
    if len(given) >= 2:
        yield KnownValue("given_name", given, field, "某某")


def _digits(value: str) -> str:
    folded = fold(value)
    return re.sub(r"[^0-9X]", "", folded)


def _id_values(value: str, field: str) -> Iterator[KnownValue]:
    folded = fold(value)
    if len(folded) < 6:
        return
    yield KnownValue("id_number", folded, field, mask_id_number(folded))
    if len(folded) == 18:
        body = folded[:17]
        yield KnownValue("id_number", body, field, mask_id_number(body))
        legacy = folded[:6] + folded[8:17]
        yield KnownValue("id_number", legacy, field, mask_id_number(legacy))


def _phone_values(value: str, field: str) -> Iterator[KnownValue]:
    digits = _digits(value)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) < 7:
        return
    yield KnownValue("phone", digits, field, mask_phone(digits))
    if digits.startswith("0") and len(digits) >= 10:
        local = digits[3:] if digits[1] in "12" else digits[4:]
        if len(local) >= 7:
            yield KnownValue("phone", local, field, mask_phone(local))


_ADDRESS_CUTS = re.compile(
    r"(?:省|自治区|市|自治州|地区|盟|区|县|旗|镇|乡|街道|村|社区|路|街|大道)"
)


def _address_values(value: str, field: str) -> Iterator[KnownValue]:
    folded = fold(value)
    if len(folded) < 4:
        return
    yield KnownValue("address", folded, field, "***")
    for match in _ADDRESS_CUTS.finditer(folded):
        for tail in (
            folded[match.end() :],
            folded[match.start() - 2 :] if match.start() >= 2 else "",
        ):
            if len(tail) >= 4 and re.search(r"[0-9一二三四五六七八九十百]+[号栋幢室楼组]", tail):
                yield KnownValue("address", tail, field, "***")


def _account_values(value: str, field: str) -> Iterator[KnownValue]:
    digits = _digits(value)
    if len(digits) >= 8:
        yield KnownValue("bank_account", digits, field, mask_account(digits))


def natural_persons(case: Case, *, mask_representatives: bool = False) -> Iterator[tuple[int, str]]:
    """``(party index, which field)`` of every natural person's name in ``case``."""
    for index, party in enumerate(case.parties):
        if party.kind is PartyKind.PERSON:
            yield index, "name"
        elif party.representative and (mask_representatives or is_sole_proprietorship(party)):
            yield index, "representative"


def known_values(case: Case, *, mask_representatives: bool = False) -> tuple[KnownValue, ...]:
    """Every value ``case`` records for a natural person (see the module)."""
    values: list[KnownValue] = []
    for index, party in enumerate(case.parties):
        at = f"parties[{index}]"
        person = party.kind is PartyKind.PERSON
        if person:
            values.extend(_name_values(party.name, f"{at}.name"))
            if party.id_number:
                values.extend(_id_values(party.id_number, f"{at}.id_number"))
            if party.phone:
                values.extend(_phone_values(party.phone, f"{at}.phone"))
            if party.address:
                values.extend(_address_values(party.address, f"{at}.address"))
        elif party.representative and (mask_representatives or is_sole_proprietorship(party)):
            values.extend(_name_values(party.representative, f"{at}.representative"))
        if party.bank_account:
            values.extend(_account_values(party.bank_account, f"{at}.bank_account"))
    # Longest first, so that a longer value wins over a shorter one inside it.
    unique = {(v.kind, v.value): v for v in values}
    return tuple(sorted(unique.values(), key=lambda v: -len(v.value)))


def public_values(case: Case | None, *, mask_representatives: bool = False) -> tuple[str, ...]:
    """The case's public names and codes: organisations, credit codes, representatives, number."""
    out: list[str] = []
    if case is None:
        return ()
    for party in case.parties:
        if party.kind is PartyKind.ORGANISATION:
            out.append(party.name)
            if party.credit_code:
                out.append(party.credit_code)
            if party.representative and not (mask_representatives or is_sole_proprietorship(party)):
                out.append(party.representative)
    if case.decision is not None:
        out.append(case.decision.number)
    out.append(case.id)
    return tuple(out)


def known_recognizer(values: Iterable[KnownValue]) -> Recognizer:
    """A recognizer of exactly these values (certain, never allowed away)."""
    frozen_values = tuple(values)

    def detect(view: Normalised) -> Iterator[Span]:
        compact = view.compact
        for v in frozen_values:
            if v.value not in compact:
                continue
            for start, end in view.find_all(v.value):
                yield Span(
                    f"known_{v.kind}" if v.kind != "given_name" else "known_name",
                    v.kind,
                    start,
                    end,
                    1.0,
                    known=True,
                    replacement=v.replacement,
                    reason=f"the value of {v.field}",
                )

    return Recognizer("known_value", "the case's own natural persons' data", 1.0, detect)
