"""The canonical, redacted content of a notice and its digest (what verification recomputes)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from attrs import frozen

from enforcement.errors import NoticeError
from enforcement.models import (
    Agency,
    Case,
    NoticeKind,
    PartyKind,
    PartyRole,
)
from enforcement.notices.document import DocumentKind
from enforcement.notices.law import _decision, _revoked_on, notice_published_on, publication_term
from enforcement.policy import Policy
from enforcement.redaction import (
    AllowList,
    Recognizer,
    RedactedCase,
    RedactionRule,
    redact_case,
)
from enforcement.redaction.manifest import NO_ALLOW_LIST

CONTENT_FORMAT = "enforcement-notice/1"
"""The ``format`` key of canonical content; part of what the digest covers."""

KEYWORDS_PREFIX = "enforcement-notice"


@frozen(kw_only=True)
class NoticeOptions:
    """The choices that change a notice's content (and therefore its digest).

    They are written into the PDF metadata so that verification can recompute the
    same digest.
    """

    published_on: date | None = None
    low_fine_line: Decimal | None = None
    mask_representatives: bool = False
    allow_minor: bool = False
    short_term_months: int | None = None
    """The agency policy's term for 通报批评 or a low fine (``Policy.short_term_months``)."""
    long_term_months: int | None = None
    """The agency policy's term for other penalties (``Policy.long_term_months``)."""
    category_term_months: tuple[tuple[str, int], ...] = ()
    """The agency policy's terms per category (``Policy.category_term_months``)."""

    @classmethod
    def from_policy(cls, policy: Policy, **options: Any) -> NoticeOptions:
        """Options whose publication terms are the ones ``policy`` sets (PUB004).

        Only what differs from the default policy is kept, so a notice rendered
        under the defaults keeps its digest. ``options`` are the other fields.
        """
        default = Policy()
        terms: dict[str, Any] = {}
        if policy.short_term_months != default.short_term_months:
            terms["short_term_months"] = policy.short_term_months
        if policy.long_term_months != default.long_term_months:
            terms["long_term_months"] = policy.long_term_months
        if policy.category_term_months != default.category_term_months:
            terms["category_term_months"] = tuple(
                (category.value, months) for category, months in policy.category_term_months
            )
        if policy.low_fine_limit is not None and options.get("low_fine_line") is None:
            terms["low_fine_line"] = policy.low_fine_limit
        return cls(**terms, **options)

    def policy(self) -> Policy:
        """The policy whose publication terms these options state (the defaults otherwise)."""
        changes: dict[str, Any] = {}
        if self.short_term_months is not None:
            changes["short_term_months"] = self.short_term_months
        if self.long_term_months is not None:
            changes["long_term_months"] = self.long_term_months
        if self.category_term_months:
            changes["category_term_months"] = dict(self.category_term_months)
        if self.low_fine_line is not None:
            changes["low_fine_limit"] = self.low_fine_line
        return Policy(**changes)

    def to_data(self) -> dict[str, Any]:
        """The options as JSON-compatible data (only what differs from the defaults)."""
        data: dict[str, Any] = {}
        if self.published_on is not None:
            data["published_on"] = self.published_on.isoformat()
        if self.low_fine_line is not None:
            data["low_fine_line"] = str(self.low_fine_line)
        if self.short_term_months is not None:
            data["short_term_months"] = self.short_term_months
        if self.long_term_months is not None:
            data["long_term_months"] = self.long_term_months
        if self.category_term_months:
            data["category_term_months"] = dict(self.category_term_months)
        if self.mask_representatives:
            data["mask_representatives"] = True
        if self.allow_minor:
            data["allow_minor"] = True
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> NoticeOptions:
        """Options from :meth:`to_data`'s output."""
        published = data.get("published_on")
        terms = data.get("category_term_months", {})
        options = cls(
            published_on=date.fromisoformat(published) if published else None,
            low_fine_line=Decimal(data["low_fine_line"]) if "low_fine_line" in data else None,
            mask_representatives=bool(data.get("mask_representatives", False)),
            allow_minor=bool(data.get("allow_minor", False)),
            short_term_months=_months(data.get("short_term_months")),
            long_term_months=_months(data.get("long_term_months")),
            category_term_months=tuple(
                (str(category), _months(months) or 0) for category, months in terms.items()
            ),
        )
        options.policy()  # a category that is none raises here, not when the content is built
        return options


def _months(value: Any) -> int | None:
    """A number of months read back from a notice's metadata (a hostile file may say anything)."""
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= 1200:
        raise ValueError(f"expected a number of months, got {value!r}")
    return value


DEFAULT_OPTIONS = NoticeOptions()
"""The options of a notice rendered with every default."""


def canonical_bytes(content: Mapping[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, no whitespace, UTF-8, Chinese unescaped."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_digest(content: Mapping[str, Any]) -> str:
    """The SHA-256 (lower-case hex) of the canonical form of ``content``."""
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def _party_data(redacted: RedactedCase) -> list[dict[str, Any]]:
    out = []
    for p in redacted.parties:
        if p.role is not PartyRole.PARTY:
            continue
        item: dict[str, Any] = {"kind": p.kind.value, "name": p.name}
        if p.kind is PartyKind.PERSON:
            item["id_number"] = p.id_number
        else:
            item["credit_code"] = p.credit_code
            item["representative"] = p.representative
            item["address"] = p.address
        out.append(item)
    return out


def notice_content(
    case: Case,
    kind: DocumentKind,
    *,
    agency: Agency | None = None,
    options: NoticeOptions = DEFAULT_OPTIONS,
    rules: Iterable[RedactionRule | Recognizer] = (),
    allow: AllowList = NO_ALLOW_LIST,
) -> tuple[dict[str, Any], RedactedCase]:
    """The canonical, redacted content of a notice and the redaction it came from.

    This is what the digest covers: language- and layout-independent.
    """
    if kind not in ("decision", "withdrawal"):
        raise NoticeError("kind", f"expected 'decision' or 'withdrawal', got {kind!r}")
    decision = _decision(case)
    redacted = redact_case(
        case,
        rules=rules,
        mask_representatives=options.mask_representatives,
        allow_minor=options.allow_minor,
        allow=allow,
        public=[agency.name] if agency else (),
    )
    published = options.published_on or notice_published_on(case, kind)
    content: dict[str, Any] = {
        "format": CONTENT_FORMAT,
        "kind": kind,
        "case_id": case.id,
        "category": case.category.value,
        "number": decision.number,
        "title": redacted.title,
        "parties": _party_data(redacted),
        "agency": {
            "id": case.agency_id,
            "name": agency.name if agency else case.agency_id,
            "credit_code": agency.credit_code if agency else None,
        },
        "decided_on": decision.decided_on.isoformat(),
        "published_on": published.isoformat(),
    }
    # The remedies name these bodies (APL 第五十九条(五)), so the digest covers them; only
    # when the agency's settings give them, so that earlier notices keep their digests.
    for key in ("reconsideration_body", "court"):
        value = getattr(agency, key, None) if agency is not None else None
        if value:
            content["agency"][key] = value
    if kind == "decision":
        term = publication_term(case, published, policy=options.policy())
        content.update(
            facts=redacted.facts,
            legal_basis=list(decision.legal_basis),
            penalties=[
                {"kind": p.kind, "amount": p.amount, "description": p.description}
                for p in redacted.penalties
            ],
            term_months=term.months,
            term_until=term.until.isoformat() if term.until is not None else None,
        )
    else:
        original = case.notices_of(NoticeKind.DECISION)
        content.update(
            revoked_on=_revoked_on(case).isoformat(),
            reason=redacted.revocation_reason,
            original_published_on=original[0].published_on.isoformat() if original else None,
        )
    return content, redacted


def _keywords(
    digest: str, case_id: str | None, kind: str, lang: str, options: NoticeOptions
) -> str:
    # Plain ASCII so that verification can read it back without a PDF parser.
    parts = [KEYWORDS_PREFIX, f"sha256={digest}", f"kind={kind}", f"lang={lang}"]
    if case_id is not None:
        parts.append(f"case={quote(case_id, safe='')}")
    opts = options.to_data()
    if opts:
        parts.append(f"options={quote(json.dumps(opts, sort_keys=True), safe='')}")
    return " ".join(parts)
