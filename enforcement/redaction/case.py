"""A case's publishable parts, redacted: the structured party fields and every free text."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from attrs import frozen

from enforcement.errors import PublicationRefusedError
from enforcement.models import Case, Party, PartyKind, PartyRole, Penalty
from enforcement.redaction.engine import Redactor
from enforcement.redaction.known import is_sole_proprietorship, known_recognizer, known_values
from enforcement.redaction.known import public_values as case_public_values
from enforcement.redaction.manifest import (
    NO_ALLOW_LIST,
    AllowList,
    ManifestEntry,
    RedactionManifest,
    span_digest,
)
from enforcement.redaction.masks import mask_account, mask_id_number, mask_name, mask_phone
from enforcement.redaction.recognizers import Recognizer, RedactionRule

log = logging.getLogger(__name__)


@frozen(kw_only=True)
class RedactedParty:
    """A party as it may be published.

    ``address``, ``phone`` and ``bank_account`` are ``None`` when removed or
    absent; a natural person's ``id_number`` is masked, an organisation's
    ``credit_code`` and name are kept (a 个体工商户's name with its operator's
    name masked).
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


@lru_cache(maxsize=1)
def default_detectors() -> tuple[Recognizer, ...]:
    """The built-in detectors of what is not on record, in the order they run."""
    from enforcement.redaction.names import DOTTED_NAME, PERSON_NAME
    from enforcement.redaction.recognizers import _pattern_detectors

    return (*_pattern_detectors(), PERSON_NAME, DOTTED_NAME)


def as_recognizers(extra: Iterable[RedactionRule | Recognizer]) -> list[Recognizer]:
    """Plugin rules and recognizers as recognizers."""
    return [r.recognizer() if isinstance(r, RedactionRule) else r for r in extra]


def redactor_for(
    case: Case | None = None,
    *,
    rules: Iterable[RedactionRule | Recognizer] = (),
    public: Iterable[str] = (),
    allow: AllowList = NO_ALLOW_LIST,
    mask_representatives: bool = False,
) -> Redactor:
    """The :class:`Redactor` of everything published about ``case`` (or about no case).

    It masks every value the case records for a natural person, runs the
    built-in detectors and the plugins' ``rules``, keeps ``public`` names
    (officers, the agency) and the case's organisations, credit codes and
    legal representatives, and lets ``allow`` override the detectors.
    """
    recognizers: list[Recognizer] = []
    if case is not None:
        recognizers.append(
            known_recognizer(known_values(case, mask_representatives=mask_representatives))
        )
    recognizers.extend(as_recognizers(rules))
    names = (*case_public_values(case, mask_representatives=mask_representatives), *public)
    return Redactor(
        recognizers,
        public=names,
        allow=allow,
        case_id=case.id if case is not None else None,
        builtins=True,
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


class _Collector:
    """Runs the redactor over the case's fields and keeps the manifest and the texts."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.entries: list[ManifestEntry] = []
        self.published: list[tuple[str, str]] = []

    def text(self, value: str | None, field: str) -> str | None:
        if value is None:
            return None
        result = self.redactor.redact(value, field)
        self.entries.extend(result.entries)
        self.published.append((field, result.text))
        return result.text

    def whole(self, rule: str, value: str, field: str) -> None:
        self.entries.append(
            ManifestEntry(
                rule=rule, field=field, offset=0, length=len(value), sha256=span_digest(value)
            )
        )


def _redact_party(party: Party, index: int, c: _Collector, mask_reps: bool) -> RedactedParty:
    at = f"parties[{index}]"
    person = party.kind is PartyKind.PERSON
    operator = is_sole_proprietorship(party)
    if person:
        name = mask_name(party.name)
        rule = "person_name" if party.role is PartyRole.PARTY else "other_person_name"
        c.whole(rule, party.name, f"{at}.name")
    else:
        # An organisation keeps its name; a 个体工商户's often embeds its operator's.
        name = c.text(party.name, f"{at}.name") or party.name
    id_number = None
    if party.id_number:
        id_number = mask_id_number(party.id_number) if person else party.id_number
        if person:
            c.whole("id_number", party.id_number, f"{at}.id_number")
    address = None
    if party.address:
        if person:
            c.whole("address_removed", party.address, f"{at}.address")
        else:
            address = c.text(party.address, f"{at}.address")
    phone = None
    if party.phone:
        if person:
            phone = mask_phone(party.phone)
            c.whole("phone", party.phone, f"{at}.phone")
        else:
            phone = party.phone
    account = None
    if party.bank_account:
        account = mask_account(party.bank_account)
        c.whole("bank_account", party.bank_account, f"{at}.bank_account")
    representative = party.representative
    if representative and (mask_reps or operator):
        c.whole(
            "operator_name" if operator else "representative_name",
            representative,
            f"{at}.representative",
        )
        representative = mask_name(representative)
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


def _redact_penalty(penalty: Penalty, index: int, c: _Collector) -> RedactedPenalty:
    return RedactedPenalty(
        kind=penalty.kind.value,
        amount=None if penalty.amount is None else f"{penalty.amount:.2f}",
        description=c.text(penalty.description, f"decision.penalties[{index}].description"),
    )


def redact_case(
    case: Case,
    *,
    rules: Iterable[RedactionRule | Recognizer] = (),
    mask_representatives: bool = False,
    allow_minor: bool = False,
    allow: AllowList = NO_ALLOW_LIST,
    public: Iterable[str] = (),
) -> RedactedCase:
    """The publishable, redacted parts of ``case`` and the manifest of what was masked.

    ``rules`` are extra free-text rules or recognizers (plugins supply them
    through ``enforcement_redaction_rules``). A legal representative's name is
    public registration data and is kept unless ``mask_representatives`` is
    true; a 个体工商户's operator is a natural person and always masked.

    Raises :class:`~enforcement.errors.PublicationRefusedError` when the party
    was a minor (unless ``allow_minor``), or when the residual scan finds
    something that may be a natural person's data in a redacted text (unless
    ``allow``, a reviewed allow-list, lets it through).
    """
    check_publishable(case, allow_minor=allow_minor)
    redactor = redactor_for(
        case, rules=rules, allow=allow, public=public, mask_representatives=mask_representatives
    )
    c = _Collector(redactor)
    parties = tuple(
        _redact_party(p, i, c, mask_representatives) for i, p in enumerate(case.parties)
    )
    decision = case.decision
    facts = c.text(decision.facts, "decision.facts") if decision else None
    penalties = tuple(
        _redact_penalty(p, i, c) for i, p in enumerate(decision.penalties if decision else ())
    )
    reason = c.text(decision.revocation_reason, "decision.revocation_reason") if decision else None
    title = c.text(case.title, "title") or case.title
    redactor.check(c.published)
    manifest = RedactionManifest(tuple(c.entries), allow.source if allow.entries else None)
    log.debug("redacted case %s: %d spans", case.id, len(manifest.entries))
    return RedactedCase(
        case_id=case.id,
        title=title,
        parties=parties,
        facts=facts,
        penalties=penalties,
        revocation_reason=reason,
        manifest=manifest,
    )


def redact_text(
    case: Case | None,
    text: str,
    *,
    rules: Iterable[RedactionRule | Recognizer] = (),
    allow: AllowList = NO_ALLOW_LIST,
    public: Iterable[str] = (),
    field: str = "text",
) -> str:
    """One piece of free text as it may be published, with everything ``case`` knows.

    Raises :class:`~enforcement.errors.PublicationRefusedError` when the residual
    scan finds something that may be personal data.
    """
    redactor = redactor_for(case, rules=rules, allow=allow, public=public)
    return redactor.publish(text, field).text
