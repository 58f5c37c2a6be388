"""Redaction of a case before anything about it is published (公示信息脱敏).

The rules are the law's, after 《浙江省行政处罚结果信息网上公开暂行办法》第七条
and 《政府信息公开条例》第十五条 (see ``domain.md`` section 2):

- a natural person's name becomes the surname plus 某某 (``王某某``);
- a natural person's ID number keeps its first 6 and last 4 characters;
- phone numbers and bank accounts are masked (an organisation's bank account too);
- a natural person's address is removed;
- names of the other people in the case (witnesses, third parties) are masked;
- free text (facts, penalty descriptions, reasons, the case title) is scanned
  for valid 18-digit ID numbers, mobile numbers, and every name, ID number and
  phone number the case knows about;
- organisations keep their names and credit codes.

A party who was a minor on the decision date is not published at all
(浙江 第五条): :func:`redact_case` raises :class:`PublicationRefusedError`
unless the caller passes ``allow_minor=True``.

Every masking is counted in a :class:`RedactionManifest` (which rule, which
field, how many times) that the caller can store and audit. Plugins add rules
for free text through the ``enforcement_redaction_rules`` hook.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from attrs import frozen

from enforcement.errors import PublicationRefusedError
from enforcement.identifiers import is_valid_id_number
from enforcement.models import Case, Party, PartyKind, PartyRole, Penalty

log = logging.getLogger(__name__)

MASK = "*"

# 复姓: the common two-character surnames; everything else is a one-character surname.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "闻人",
        "端木",
        "澹台",
        "西门",
        "南宫",
        "独孤",
        "百里",
        "呼延",
        "万俟",
        "申屠",
        "太史",
        "公羊",
        "赫连",
        "拓跋",
        "第五",
    ]
)

_ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")


@frozen
class RedactionRule:
    """An extra rule for free text: every match of ``pattern`` is replaced.

    ``replacement`` is a string (``re.sub`` syntax) or a function of the match.
    ``name`` is what the manifest records. Plugins return these from
    ``enforcement_redaction_rules``.
    """

    name: str
    pattern: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]


@frozen
class ManifestEntry:
    """One line of a redaction manifest: ``rule`` masked ``field`` ``count`` times."""

    rule: str
    field: str
    count: int


@frozen
class RedactionManifest:
    """Which rule masked which field how many times, for one published document."""

    entries: tuple[ManifestEntry, ...] = ()

    def count(self, rule: str | None = None, field: str | None = None) -> int:
        """How many maskings match ``rule`` and ``field`` (``None`` matches any)."""
        return sum(
            e.count
            for e in self.entries
            if (rule is None or e.rule == rule) and (field is None or e.field == field)
        )

    def to_data(self) -> list[dict[str, str | int]]:
        """The manifest as JSON-compatible data, one object per entry."""
        return [{"rule": e.rule, "field": e.field, "count": e.count} for e in self.entries]


@frozen(kw_only=True)
class RedactedParty:
    """A party as it may be published.

    ``address``, ``phone`` and ``bank_account`` are ``None`` when removed or
    absent; a natural person's ``id_number`` is masked, an organisation's
    ``credit_code`` and name are kept.
    """

    kind: PartyKind
    role: PartyRole
    name: str
    id_number: str | None = None
    credit_code: str | None = None
    representative: str | None = None
    address: str | None = None
    phone: str | None = None
    bank_account: str | None = None


@frozen(kw_only=True)
class RedactedPenalty:
    """A penalty with its description redacted."""

    kind: str
    amount: str | None
    description: str | None


@frozen(kw_only=True)
class RedactedCase:
    """The publishable parts of a case, redacted, with the manifest that says how."""

    case_id: str
    title: str
    parties: tuple[RedactedParty, ...]
    facts: str | None
    penalties: tuple[RedactedPenalty, ...]
    revocation_reason: str | None
    manifest: RedactionManifest


def surname(name: str) -> str:
    """The surname of a Chinese name (复姓 recognised); the first character otherwise."""
    name = name.strip()
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def mask_name(name: str) -> str:
    """A natural person's name as published: surname plus 某某 (``王某某``)."""
    return surname(name) + "某某"


def mask_id_number(value: str) -> str:
    """An ID number keeping its first 6 and last 4 characters (``120116********1234``)."""
    value = value.strip()
    if len(value) <= 10:
        return MASK * len(value)
    return value[:6] + MASK * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """A phone number with every digit but the first three masked (``138********``)."""
    digits = [c for c in value if c.isdigit()]
    keep = 3 if len(digits) >= 7 else 0
    seen = 0
    out = []
    for c in value:
        if c.isdigit():
            out.append(c if seen < keep else MASK)
            seen += 1
        else:
            out.append(c)
    return "".join(out)


def mask_mobile(value: str) -> str:
    """A mobile number found in free text, masked but for its first three digits.

    The common 138****5678 form would leave 7 of 11 digits; the prefix alone
    says no more than the carrier.
    """
    return mask_phone(value)


def mask_account(value: str) -> str:
    """A bank account masked entirely but its last 4 characters."""
    value = value.strip()
    return MASK * max(len(value) - 4, 0) + value[-4:] if len(value) > 8 else MASK * len(value)


class _Text:
    """Free-text redaction for one case: the names, numbers and rules it knows."""

    def __init__(self, case: Case, rules: Sequence[RedactionRule], mask_representatives: bool):
        names: dict[str, str] = {}
        literals: dict[str, tuple[str, str]] = {}
        for party in case.parties:
            if party.kind is PartyKind.PERSON and len(party.name.strip()) >= 2:
                names[party.name.strip()] = mask_name(party.name)
            if mask_representatives and party.representative and len(party.representative) >= 2:
                names[party.representative.strip()] = mask_name(party.representative)
            if party.kind is PartyKind.PERSON:
                if party.id_number and party.id_number.strip():
                    value = party.id_number.strip()
                    literals[value] = ("id_number", mask_id_number(value))
                if party.phone and party.phone.strip():
                    literals[party.phone.strip()] = ("phone", mask_phone(party.phone.strip()))
            if party.bank_account and party.bank_account.strip():
                value = party.bank_account.strip()
                literals[value] = ("bank_account", mask_account(value))
        self.names = names
        # Longest first, so that a longer value is never half-replaced by a shorter one.
        self.literals = sorted(literals.items(), key=lambda kv: -len(kv[0]))
        self._name_re = (
            re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
            if names
            else None
        )
        self.rules = rules

    def redact(self, text: str | None, where: str, counts: Counter[tuple[str, str]]) -> str | None:
        if text is None:
            return None
        for value, (rule, masked) in self.literals:
            n = text.count(value)
            if n:
                text = text.replace(value, masked)
                counts[(f"known_{rule}", where)] += n

        def id_sub(m: re.Match[str]) -> str:
            value = m.group(0).upper()
            if not is_valid_id_number(value):
                return m.group(0)
            counts[("id_number_in_text", where)] += 1
            return mask_id_number(value)

        text = _ID_RE.sub(id_sub, text)
        text, n = _MOBILE_RE.subn(lambda m: mask_mobile(m.group(0)), text)
        if n:
            counts[("mobile_in_text", where)] += n
        if self._name_re is not None:
            text, n = self._name_re.subn(lambda m: self.names[m.group(0)], text)
            if n:
                counts[("name_in_text", where)] += n
        for extra in self.rules:
            text, n = extra.pattern.subn(extra.replacement, text)
            if n:
                counts[(extra.name, where)] += n
        return text


def _redact_party(
    party: Party,
    index: int,
    text: _Text,
    counts: Counter[tuple[str, str]],
    mask_representatives: bool,
) -> RedactedParty:
    at = f"parties[{index}]"
    person = party.kind is PartyKind.PERSON
    name = party.name
    if person:
        name = mask_name(party.name)
        rule = "person_name" if party.role is PartyRole.PARTY else "other_person_name"
        counts[(rule, f"{at}.name")] += 1
    id_number = None
    if party.id_number:
        id_number = mask_id_number(party.id_number) if person else party.id_number
        if person:
            counts[("id_number", f"{at}.id_number")] += 1
    address = party.address
    if person and party.address:
        address = None
        counts[("address_removed", f"{at}.address")] += 1
    elif address is not None:
        address = text.redact(address, f"{at}.address", counts)
    phone = None
    if party.phone:
        if person:
            phone = mask_phone(party.phone)
            counts[("phone", f"{at}.phone")] += 1
        else:
            phone = party.phone
    account = None
    if party.bank_account:
        account = mask_account(party.bank_account)
        counts[("bank_account", f"{at}.bank_account")] += 1
    representative = party.representative
    if representative and mask_representatives:
        representative = mask_name(representative)
        counts[("representative_name", f"{at}.representative")] += 1
    return RedactedParty(
        kind=party.kind,
        role=party.role,
        name=name,
        id_number=id_number,
        credit_code=party.credit_code,
        representative=representative,
        address=address,
        phone=phone,
        bank_account=account,
    )


def check_publishable(case: Case, on: date | None = None, *, allow_minor: bool = False) -> None:
    """Refuse to publish a case whose party was a minor on the decision date (浙江 第五条).

    ``on`` defaults to the decision date (the case's filing date without a
    decision). Raises :class:`~enforcement.errors.PublicationRefusedError`
    naming the party's field unless ``allow_minor`` is true.
    """
    if allow_minor:
        return
    day = on or (case.decision.decided_on if case.decision else case.opened_on)
    for index, party in enumerate(case.parties):
        if party.role is PartyRole.PARTY and party.is_minor_on(day):
            raise PublicationRefusedError(
                f"parties[{index}].id_number",
                f"the party was a minor (under 18) on {day.isoformat()}; a minor's case is "
                "not published (浙江省行政处罚结果信息网上公开暂行办法 第五条). "
                "Pass allow_minor=True (--allow-minor) only where the law requires publication.",
                case_id=case.id,
            )


def redact_case(
    case: Case,
    *,
    rules: Iterable[RedactionRule] = (),
    mask_representatives: bool = False,
    allow_minor: bool = False,
) -> RedactedCase:
    """The publishable, redacted parts of ``case`` and the manifest of what was masked.

    ``rules`` are extra free-text rules (plugins supply them through
    ``enforcement_redaction_rules``). A legal representative's name is public
    registration data and is kept unless ``mask_representatives`` is true.
    """
    check_publishable(case, allow_minor=allow_minor)
    counts: Counter[tuple[str, str]] = Counter()
    text = _Text(case, tuple(rules), mask_representatives)
    parties = tuple(
        _redact_party(p, i, text, counts, mask_representatives) for i, p in enumerate(case.parties)
    )
    decision = case.decision
    facts = text.redact(decision.facts, "decision.facts", counts) if decision else None
    penalties = tuple(
        _redact_penalty(p, i, text, counts)
        for i, p in enumerate(decision.penalties if decision else ())
    )
    reason = (
        text.redact(decision.revocation_reason, "decision.revocation_reason", counts)
        if decision
        else None
    )
    title = text.redact(case.title, "title", counts) or case.title
    manifest = RedactionManifest(
        tuple(ManifestEntry(rule, where, n) for (rule, where), n in sorted(counts.items()))
    )
    log.debug("redacted case %s: %d maskings", case.id, manifest.count())
    return RedactedCase(
        case_id=case.id,
        title=title,
        parties=parties,
        facts=facts,
        penalties=penalties,
        revocation_reason=reason,
        manifest=manifest,
    )


def _redact_penalty(
    penalty: Penalty, index: int, text: _Text, counts: Counter[tuple[str, str]]
) -> RedactedPenalty:
    return RedactedPenalty(
        kind=penalty.kind.value,
        amount=None if penalty.amount is None else f"{penalty.amount:.2f}",
        description=text.redact(
            penalty.description, f"decision.penalties[{index}].description", counts
        ),
    )


def redact_text(case: Case, text: str, *, rules: Iterable[RedactionRule] = ()) -> str:
    """Redact one piece of free text with everything ``case`` knows (names, numbers, rules)."""
    counts: Counter[tuple[str, str]] = Counter()
    return text_redactor(case, rules).redact(text, "text", counts) or ""


def text_redactor(case: Case, rules: Iterable[RedactionRule] = ()) -> _Text:
    """The free-text redactor of ``case`` (internal; used by renderers of extra fields)."""
    return _Text(case, tuple(rules), False)


__all__ = [
    "COMPOUND_SURNAMES",
    "ManifestEntry",
    "RedactedCase",
    "RedactedParty",
    "RedactedPenalty",
    "RedactionManifest",
    "RedactionRule",
    "check_publishable",
    "mask_account",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "redact_case",
    "redact_text",
    "surname",
]
