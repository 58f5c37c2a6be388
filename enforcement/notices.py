"""Public notices (公示): what is published about a decision, and proof it was not altered.

:func:`render_notice` turns a case into a decision notice (决定信息公示) or a
withdrawal notice (撤下说明); :func:`render_roster` lists an agency's officers
and powers before enforcement (事前公开). Each builds a :class:`NoticeDocument`
from the redacted content (see :mod:`enforcement.redaction`), lets plugins adjust
it (``enforcement_notice_document``: letterhead, seal), and hands it to the
renderer registered for its kind and format (``enforcement_notice_renderer``;
the first-party ``enforcement_pdf`` plugin renders PDF).

Every document carries the SHA-256 of its *canonical content*: the redacted,
language-independent fields as sorted, compact JSON. The digest is printed, drawn
as a QR code and stored in the PDF metadata; :func:`verify_notice` recomputes it
from the source and compares.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Literal, cast
from urllib.parse import quote, unquote

import attrs
from attrs import define, field, frozen

from enforcement.calendar import add_months
from enforcement.errors import CalendarError, NoticeError, VerificationError
from enforcement.models import (
    Agency,
    Case,
    CaseCategory,
    Dataset,
    Decision,
    NoticeKind,
    Officer,
    PartyKind,
    PartyRole,
    PenaltyKind,
)
from enforcement.numerals import capital_amount, figure_amount
from enforcement.policy import Policy
from enforcement.redaction import RedactedCase, RedactionManifest, RedactionRule, redact_case
from enforcement.sources import RecordSource, as_source

log = logging.getLogger(__name__)

DocumentKind = Literal["decision", "withdrawal", "roster"]
Lang = Literal["zh", "en"]
CONTENT_FORMAT = "enforcement-notice/1"
"""The ``format`` key of canonical content; part of what the digest covers."""

KEYWORDS_PREFIX = "enforcement-notice"

OutTarget = str | os.PathLike[str] | IO[bytes] | None


# --- the document model the renderers receive ----------------------------------------------


@frozen
class Row:
    """A labelled value. ``code`` values (numbers, identifiers) never use CJK wrapping."""

    label: str
    value: str
    code: bool = False


@frozen
class Fields:
    """A list of labelled values, one paragraph each."""

    rows: tuple[Row, ...]


@frozen
class Text:
    """A heading and a body of free text that may flow onto further pages."""

    heading: str
    text: str


@frozen
class Table:
    """A table; ``widths`` are fractions of the text width, ``code_columns`` hold codes."""

    heading: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    code_columns: tuple[int, ...] = ()


Block = Fields | Text | Table


@define(kw_only=True)
class Letterhead:
    """The 版头: issuing agency lines in red above a red rule (GB/T 9704 发文机关标志)."""

    lines: list[str]
    color: str = "#C00000"
    subtitle: str | None = None


@frozen(kw_only=True)
class DocumentInfo:
    """PDF metadata. ``created`` comes from the record (never the clock)."""

    title: str
    author: str
    subject: str
    created: date
    keywords: str


@define(kw_only=True)
class NoticeDocument:
    """Everything a renderer needs, already redacted and labelled in the document's language.

    Plugins may change it in ``enforcement_notice_document`` (letterhead, seal
    image, extra blocks) before it is rendered. ``content``, ``canonical`` and
    ``digest`` describe the redacted content and must not be changed.
    """

    kind: DocumentKind
    lang: Lang
    title: str
    letterhead: Letterhead
    blocks: list[Block]
    signature: tuple[str, ...]
    info: DocumentInfo
    content: Mapping[str, Any]
    canonical: bytes
    digest: str
    labels: Mapping[str, str]
    case_id: str | None = None
    manifest: RedactionManifest = field(factory=RedactionManifest)
    seal_image: str | None = None
    font: str | None = None
    notes: list[str] = field(factory=list)

    @property
    def qr_payload(self) -> str:
        """What the QR code encodes: ``SHA256:`` and the digest in upper case (QR alphanumeric)."""
        return "SHA256:" + self.digest.upper()


NoticeRenderer = Callable[[NoticeDocument], bytes]
"""A renderer turns a document into the bytes of one format (PDF, HTML, DOCX...)."""


# --- labels -------------------------------------------------------------------------------

_CATEGORY_ZH = {
    CaseCategory.PENALTY: "行政处罚",
    CaseCategory.LICENSING: "行政许可",
    CaseCategory.COERCION: "行政强制",
    CaseCategory.INSPECTION: "行政检查",
    CaseCategory.LEVY: "行政征收",
    CaseCategory.REQUISITION: "行政征用",
    CaseCategory.PAYMENT: "行政给付",
    CaseCategory.CONFIRMATION: "行政确认",
    CaseCategory.REWARD: "行政奖励",
    CaseCategory.ADJUDICATION: "行政裁决",
    CaseCategory.OTHER: "行政执法",
}
_CATEGORY_EN = {
    CaseCategory.PENALTY: "Administrative Penalty",
    CaseCategory.LICENSING: "Administrative Licensing",
    CaseCategory.COERCION: "Administrative Coercion",
    CaseCategory.INSPECTION: "Administrative Inspection",
    CaseCategory.LEVY: "Administrative Levy",
    CaseCategory.REQUISITION: "Administrative Requisition",
    CaseCategory.PAYMENT: "Administrative Payment",
    CaseCategory.CONFIRMATION: "Administrative Confirmation",
    CaseCategory.REWARD: "Administrative Reward",
    CaseCategory.ADJUDICATION: "Administrative Adjudication",
    CaseCategory.OTHER: "Administrative Enforcement",
}
_PENALTY_ZH = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.PUBLIC_CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATION_OF_GAINS: "没收违法所得",
    PenaltyKind.CONFISCATION_OF_PROPERTY: "没收非法财物",
    PenaltyKind.LICENCE_SUSPENSION: "暂扣许可证件",
    PenaltyKind.QUALIFICATION_DOWNGRADE: "降低资质等级",
    PenaltyKind.LICENCE_REVOCATION: "吊销许可证件",
    PenaltyKind.BUSINESS_RESTRICTION: "限制开展生产经营活动",
    PenaltyKind.SUSPENSION_OF_BUSINESS: "责令停产停业",
    PenaltyKind.CLOSURE: "责令关闭",
    PenaltyKind.EMPLOYMENT_RESTRICTION: "限制从业",
    PenaltyKind.DETENTION: "行政拘留",
    PenaltyKind.OTHER: "其他行政处罚",
}
_PENALTY_EN = {k: k.value.replace("_", " ") for k in PenaltyKind}

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "number": "决定文书号",
        "party": "当事人",
        "party_person": "当事人（自然人）",
        "credit_code": "统一社会信用代码",
        "id_number": "身份证件号码",
        "representative": "法定代表人（负责人）",
        "address": "住所",
        "title": "案由",
        "facts": "主要违法事实",
        "facts_other": "主要事实",
        "basis": "法律依据",
        "penalties": "处罚内容",
        "result": "决定内容",
        "agency": "决定机关",
        "decided_on": "决定日期",
        "published_on": "公示日期",
        "term": "公示期限",
        "term_3m": "三个月",
        "term_3y": "三年",
        "until": "至",
        "remedies": "救济途径",
        "remedies_text": (
            "当事人对本决定不服的，可以自知道或者应当知道该决定之日起六十日内依法申请行政复议，"
            "或者自知道或者应当知道作出该决定之日起六个月内依法向人民法院提起行政诉讼。"
        ),
        "verification": "核验信息",
        "digest": "内容摘要（SHA-256）",
        "verify_hint": "核验方法：enforcement notice verify 本文件 数据源",
        "case_id": "案件标识",
        "page": "第 {page} 页 共 {pages} 页",
        "yuan": "元",
        "withdrawal_reason": "撤下原因",
        "revoked_on": "决定撤销（变更）日期",
        "original_published_on": "原公示日期",
        "withdrawn_on": "撤下日期",
        "withdrawal_text": (
            "依据《中华人民共和国行政处罚法》第四十八条，原公示的决定已被撤销或者变更，"
            "现撤下原公示信息并予以说明。"
        ),
        "roster_title": "行政执法人员名单及权责清单（事前公开）",
        "roster_agency": "执法主体",
        "roster_on": "公开基准日",
        "roster_count": "持有效证件执法人员",
        "roster_officers": "行政执法人员名单",
        "roster_powers": "权责清单",
        "col_name": "姓名",
        "col_cert": "执法证号",
        "col_domains": "执法领域",
        "col_valid": "有效期",
        "col_issuer": "发证机关",
        "col_code": "事项编码",
        "col_power": "事项名称",
        "col_category": "类别",
        "col_domain": "领域",
        "col_basis": "设定依据",
        "people": "人",
        "none": "无",
    },
    "en": {
        "number": "Decision No.",
        "party": "Party",
        "party_person": "Party (natural person)",
        "credit_code": "Unified social credit code",
        "id_number": "ID number",
        "representative": "Legal representative",
        "address": "Address",
        "title": "Case",
        "facts": "Facts of the violation",
        "facts_other": "Facts",
        "basis": "Legal basis",
        "penalties": "Penalties",
        "result": "Decision",
        "agency": "Deciding agency",
        "decided_on": "Decision date",
        "published_on": "Published on",
        "term": "Publication term",
        "term_3m": "3 months",
        "term_3y": "3 years",
        "until": "until",
        "remedies": "Remedies",
        "remedies_text": (
            "A party who disagrees with this decision may apply for administrative reconsideration "
            "within 60 days, or bring an administrative lawsuit before a people's court within "
            "6 months, of learning of the decision."
        ),
        "verification": "Verification",
        "digest": "Content digest (SHA-256)",
        "verify_hint": "Verify: enforcement notice verify THIS_FILE SOURCE",
        "case_id": "Case id",
        "page": "Page {page} of {pages}",
        "yuan": "yuan",
        "withdrawal_reason": "Reason for withdrawal",
        "revoked_on": "Decision revoked or changed on",
        "original_published_on": "Originally published on",
        "withdrawn_on": "Withdrawn on",
        "withdrawal_text": (
            "The decision published earlier has been revoked or changed; its notice is withdrawn "
            "(Administrative Penalty Law, art. 48)."
        ),
        "roster_title": "Enforcement Officers and List of Powers (published in advance)",
        "roster_agency": "Agency",
        "roster_on": "As of",
        "roster_count": "Officers with an active certificate",
        "roster_officers": "Enforcement officers",
        "roster_powers": "List of powers",
        "col_name": "Name",
        "col_cert": "Certificate No.",
        "col_domains": "Domains",
        "col_valid": "Valid",
        "col_issuer": "Issuer",
        "col_code": "Code",
        "col_power": "Power",
        "col_category": "Category",
        "col_domain": "Domain",
        "col_basis": "Basis",
        "people": "",
        "none": "none",
    },
}


def notice_title(category: CaseCategory, kind: DocumentKind, lang: Lang = "zh") -> str:
    """The title of a notice: ``行政处罚决定信息公示``, ``行政许可决定信息撤下说明``..."""
    if kind == "roster":
        return LABELS[lang]["roster_title"]
    if lang == "en":
        name = _CATEGORY_EN[category]
        if kind == "withdrawal":
            return f"Withdrawal of the Public Notice of an {name} Decision"
        return f"Public Notice of an {name} Decision"
    name = _CATEGORY_ZH[category]
    if category is CaseCategory.INSPECTION:
        return f"{name}结果信息" + ("撤下说明" if kind == "withdrawal" else "公示")
    return f"{name}决定信息" + ("撤下说明" if kind == "withdrawal" else "公示")


# --- dates and terms ----------------------------------------------------------------------


@frozen
class PublicationTerm:
    """How long a notice stays published (公示期限) and why (SAMR-公示 第十三条)."""

    months: int
    until: date
    reason: str


def publication_term(
    case: Case, published_on: date, *, low_fine_line: Decimal | None = None
) -> PublicationTerm:
    """The publication term of a decision notice (SAMR-公示 第十三条), from ``published_on``.

    The same rule the compliance check PUB004 applies
    (:func:`enforcement.checks.publication.publication_term`): three months for
    通报批评 or a warning, or for a fine of at most ``low_fine_line`` yuan where
    the province sets such a line; three years for everything else.
    """
    from enforcement.checks.publication import publication_term as term_months

    policy = Policy(low_fine_limit=low_fine_line)
    months = term_months(case, policy)
    if months == policy.long_term_months:
        reason = "三年（SAMR-公示 第十三条）"
    elif low_fine_line is not None and case.decision is not None and case.decision.fines_total():
        reason = f"通报批评或者罚款不超过{figure_amount(low_fine_line)}元（SAMR-公示 第十三条）"
    else:
        reason = "通报批评（SAMR-公示 第十三条）"
    return PublicationTerm(months, add_months(published_on, months), reason)


def publication_deadline(case: Case) -> date:
    """The last day to publish the case's decision (118号 二(六)), by the default calendar.

    The deadline the compliance check PUB001 applies (7 working days for 行政处罚
    and 行政许可, 20 for the others); the decision date for a decision that is
    not to be published.
    """
    from enforcement.calendar import default_calendar
    from enforcement.checks.engine import Deadlines
    from enforcement.checks.publication import publication_due

    policy = Policy()
    deadline = publication_due(case, policy, Deadlines(default_calendar(), policy))
    return deadline.due if deadline is not None else _decision(case).decided_on


def notice_published_on(case: Case, kind: DocumentKind) -> date:
    """The publication date of a notice, from the record where it has one.

    A decision notice: the case's decision notice record, else the publication
    deadline (the decision date when the calendar has no data for that year). A
    withdrawal notice: the withdrawal notice record, else the day the decision
    notice was withdrawn, else three working days after the revocation
    (《行政处罚法》第四十八条).
    """
    decision = _decision(case)
    if kind == "withdrawal":
        record = case.notices_of(NoticeKind.WITHDRAWAL)
        if record:
            return record[0].published_on
        withdrawn = [n.withdrawn_on for n in case.notices_of(NoticeKind.DECISION) if n.withdrawn_on]
        if withdrawn:
            return withdrawn[0]
        revoked = _revoked_on(case)
        from enforcement.calendar import add_working_days

        try:
            return add_working_days(revoked, 3)
        except CalendarError:
            return revoked
    record = case.notices_of(NoticeKind.DECISION)
    if record:
        return record[0].published_on
    try:
        return publication_deadline(case)
    except CalendarError:
        log.warning("no calendar data to compute the publication date of %s", case.id)
        return decision.decided_on


def due_notice_kinds(case: Case, policy: Policy | None = None) -> tuple[DocumentKind, ...]:
    """The notices a case calls for: a decision notice and, once revoked, a withdrawal.

    No notice without a decision, for an inspection, or for a penalty decision
    imposing only kinds the policy does not publish (a warning alone by default,
    SAMR-公示 第二条; the same rule as the compliance check PUB003).
    """
    decision = case.decision
    if decision is None or case.category is CaseCategory.INSPECTION:
        return ()
    unpublished = set((policy or Policy()).unpublished_penalty_kinds)
    if decision.penalties and {p.kind for p in decision.penalties} <= unpublished:
        return ()
    kinds: list[DocumentKind] = ["decision"]
    if decision.revoked_on is not None:
        kinds.append("withdrawal")
    return tuple(kinds)


def _decision(case: Case) -> Decision:
    if case.decision is None:
        raise NoticeError(
            "decision", "the case has no decision, so nothing to publish", case_id=case.id
        )
    return case.decision


def _revoked_on(case: Case) -> date:
    decision = _decision(case)
    if decision.revoked_on is None:
        raise NoticeError(
            "decision.revoked_on",
            "the decision was not revoked or changed, so there is no notice to withdraw",
            case_id=case.id,
        )
    return decision.revoked_on


# --- canonical content ---------------------------------------------------------------------


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

    def to_data(self) -> dict[str, Any]:
        """The options as JSON-compatible data (only what differs from the defaults)."""
        data: dict[str, Any] = {}
        if self.published_on is not None:
            data["published_on"] = self.published_on.isoformat()
        if self.low_fine_line is not None:
            data["low_fine_line"] = str(self.low_fine_line)
        if self.mask_representatives:
            data["mask_representatives"] = True
        if self.allow_minor:
            data["allow_minor"] = True
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> NoticeOptions:
        """Options from :meth:`to_data`'s output."""
        published = data.get("published_on")
        return cls(
            published_on=date.fromisoformat(published) if published else None,
            low_fine_line=Decimal(data["low_fine_line"]) if "low_fine_line" in data else None,
            mask_representatives=bool(data.get("mask_representatives", False)),
            allow_minor=bool(data.get("allow_minor", False)),
        )


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
    options: NoticeOptions = NoticeOptions(),
    rules: Iterable[RedactionRule] = (),
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
    if kind == "decision":
        term = publication_term(case, published, low_fine_line=options.low_fine_line)
        content.update(
            facts=redacted.facts,
            legal_basis=list(decision.legal_basis),
            penalties=[
                {"kind": p.kind, "amount": p.amount, "description": p.description}
                for p in redacted.penalties
            ],
            term_months=term.months,
            term_until=term.until.isoformat(),
        )
    else:
        original = case.notices_of(NoticeKind.DECISION)
        content.update(
            revoked_on=_revoked_on(case).isoformat(),
            reason=redacted.revocation_reason,
            original_published_on=original[0].published_on.isoformat() if original else None,
        )
    return content, redacted


# --- building documents ----------------------------------------------------------------------


def _penalty_line(p: Mapping[str, Any], lang: Lang) -> str:
    kind = PenaltyKind(p["kind"])
    name = _PENALTY_ZH[kind] if lang == "zh" else _PENALTY_EN[kind]
    parts = [name]
    if p["amount"] is not None:
        amount = Decimal(p["amount"])
        if lang == "zh":
            parts.append(f"{figure_amount(amount)}元（{capital_amount(amount)}）")
        else:
            parts.append(f"CNY {figure_amount(amount)} ({capital_amount(amount)})")
    if p["description"] and p["description"] != name:
        parts.append(p["description"])
    return ("，" if lang == "zh" else "; ").join(parts)


def _date(value: str | None, lang: Lang) -> str:
    if not value:
        return LABELS[lang]["none"]
    day = date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def build_notice_document(
    case: Case,
    kind: DocumentKind = "decision",
    *,
    agency: Agency | None = None,
    lang: Lang = "zh",
    options: NoticeOptions = NoticeOptions(),
    font: str | os.PathLike[str] | None = None,
    plugin_manager: Any = None,
) -> NoticeDocument:
    """The :class:`NoticeDocument` of a decision or withdrawal notice, before plugins adjust it."""
    if lang not in LABELS:
        raise NoticeError("lang", f"expected one of {', '.join(LABELS)}, got {lang!r}")
    pm = plugin_manager or _default_pm()
    rules = [r for result in pm.hook.enforcement_redaction_rules(case=case) for r in result or ()]
    content, redacted = notice_content(case, kind, agency=agency, options=options, rules=rules)
    canonical = canonical_bytes(content)
    digest = hashlib.sha256(canonical).hexdigest()
    labels = LABELS[lang]
    sep = "；" if lang == "zh" else "; "
    rows: list[Row] = [Row(labels["number"], content["number"], code=False)]
    for party in content["parties"]:
        if party["kind"] == PartyKind.PERSON.value:
            rows.append(Row(labels["party_person"], party["name"]))
            if party["id_number"]:
                rows.append(Row(labels["id_number"], party["id_number"], code=True))
        else:
            rows.append(Row(labels["party"], party["name"]))
            if party["credit_code"]:
                rows.append(Row(labels["credit_code"], party["credit_code"], code=True))
            if party["representative"]:
                rows.append(Row(labels["representative"], party["representative"]))
    rows.append(Row(labels["title"], content["title"]))
    blocks: list[Block] = [Fields(tuple(rows))]
    agency_name = content["agency"]["name"]
    if kind == "decision":
        facts_label = (
            labels["facts"] if case.category is CaseCategory.PENALTY else labels["facts_other"]
        )
        if content["facts"]:
            blocks.append(Text(facts_label, content["facts"]))
        if content["legal_basis"]:
            blocks.append(Text(labels["basis"], sep.join(content["legal_basis"])))
        if content["penalties"]:
            label = (
                labels["penalties"] if case.category is CaseCategory.PENALTY else labels["result"]
            )
            blocks.append(
                Text(label, "\n".join(_penalty_line(p, lang) for p in content["penalties"]))
            )
        term = labels["term_3m"] if content["term_months"] == 3 else labels["term_3y"]
        blocks.append(
            Fields(
                (
                    Row(labels["agency"], agency_name),
                    Row(labels["decided_on"], _date(content["decided_on"], lang)),
                    Row(labels["published_on"], _date(content["published_on"], lang)),
                    Row(
                        labels["term"],
                        f"{term}（{labels['until']}{_date(content['term_until'], lang)}）"
                        if lang == "zh"
                        else f"{term} ({labels['until']} {_date(content['term_until'], lang)})",
                    ),
                )
            )
        )
        blocks.append(Text(labels["remedies"], labels["remedies_text"]))
        created = date.fromisoformat(content["published_on"])
    else:
        blocks.append(Text(labels["withdrawal_reason"], content["reason"] or labels["none"]))
        blocks.append(
            Fields(
                (
                    Row(labels["agency"], agency_name),
                    Row(labels["decided_on"], _date(content["decided_on"], lang)),
                    Row(
                        labels["original_published_on"],
                        _date(content["original_published_on"], lang),
                    ),
                    Row(labels["revoked_on"], _date(content["revoked_on"], lang)),
                    Row(labels["withdrawn_on"], _date(content["published_on"], lang)),
                )
            )
        )
        blocks.append(Text("", labels["withdrawal_text"]))
        created = date.fromisoformat(content["published_on"])
    title = notice_title(case.category, kind, lang)
    keywords = _keywords(digest, case.id, kind, lang, options)
    document = NoticeDocument(
        kind=kind,
        lang=lang,
        title=title,
        letterhead=Letterhead(lines=[agency_name]),
        blocks=blocks,
        signature=(agency_name, _date(content["published_on"], lang)),
        info=DocumentInfo(
            title=title,
            author=agency_name,
            subject=f"{content['number']} {title}",
            created=created,
            keywords=keywords,
        ),
        content=content,
        canonical=canonical,
        digest=digest,
        labels=labels,
        case_id=case.id,
        manifest=redacted.manifest,
        font=os.fspath(font) if font is not None else None,
    )
    return document


def build_roster_document(
    agency: Agency,
    officers: Iterable[Officer],
    on: date,
    *,
    lang: Lang = "zh",
    font: str | os.PathLike[str] | None = None,
) -> NoticeDocument:
    """The 事前公开 document of ``agency`` on day ``on``.

    Lists the agency's officers with a certificate active on ``on`` (certificate
    number, domains, validity; officers' names are published in full, as 118号
    二(四) requires) and the agency's list of powers.
    """
    labels = LABELS[lang]
    listed: list[dict[str, Any]] = []
    for officer in officers:
        if officer.agency_id != agency.id:
            continue
        for cert in officer.active_certificates(on):
            listed.append(
                {
                    "name": officer.name,
                    "certificate": cert.number,
                    "issuer": cert.issuer,
                    "domains": list(cert.domains),
                    "valid_from": cert.valid_from.isoformat(),
                    "valid_until": cert.valid_until.isoformat(),
                }
            )
    listed.sort(key=lambda o: (o["certificate"], o["name"]))
    powers: list[dict[str, Any]] = [
        {
            "code": p.code,
            "name": p.name,
            "category": p.category.value,
            "domain": p.domain,
            "legal_basis": list(p.legal_basis),
        }
        for p in agency.powers
    ]
    content: dict[str, Any] = {
        "format": CONTENT_FORMAT,
        "kind": "roster",
        "agency": {"id": agency.id, "name": agency.name, "credit_code": agency.credit_code},
        "on": on.isoformat(),
        "officers": listed,
        "powers": powers,
    }
    canonical = canonical_bytes(content)
    digest = hashlib.sha256(canonical).hexdigest()
    category_names = _CATEGORY_ZH if lang == "zh" else _CATEGORY_EN
    dsep = "、" if lang == "zh" else ", "
    blocks: list[Block] = [
        Fields(
            (
                Row(labels["roster_agency"], agency.name),
                *(
                    (Row(labels["credit_code"], agency.credit_code, code=True),)
                    if agency.credit_code
                    else ()
                ),
                Row(labels["roster_on"], _date(on.isoformat(), lang)),
                Row(labels["roster_count"], f"{len(listed)}{labels['people']}"),
            )
        ),
        Table(
            labels["roster_officers"],
            (labels["col_name"], labels["col_cert"], labels["col_domains"], labels["col_valid"]),
            tuple(
                (
                    o["name"],
                    o["certificate"],
                    dsep.join(o["domains"]),
                    f"{o['valid_from']} – {o['valid_until']}",
                )
                for o in listed
            ),
            (0.14, 0.2, 0.38, 0.28),
            code_columns=(1, 3),
        ),
        Table(
            labels["roster_powers"],
            (
                labels["col_code"],
                labels["col_power"],
                labels["col_category"],
                labels["col_basis"],
            ),
            tuple(
                (
                    p["code"],
                    p["name"],
                    category_names[CaseCategory(p["category"])],
                    dsep.join(p["legal_basis"]),
                )
                for p in powers
            ),
            (0.16, 0.36, 0.14, 0.34),
            code_columns=(0,),
        ),
    ]
    title = labels["roster_title"]
    return NoticeDocument(
        kind="roster",
        lang=lang,
        title=title,
        letterhead=Letterhead(lines=[agency.name]),
        blocks=blocks,
        signature=(agency.name, _date(on.isoformat(), lang)),
        info=DocumentInfo(
            title=title,
            author=agency.name,
            subject=f"{agency.name} {title}",
            created=on,
            keywords=_keywords(digest, None, "roster", lang, NoticeOptions()),
        ),
        content=content,
        canonical=canonical,
        digest=digest,
        labels=labels,
        font=os.fspath(font) if font is not None else None,
    )


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


# --- rendering -------------------------------------------------------------------------------


def _default_pm() -> Any:
    from enforcement.plugins import default_plugin_manager

    return default_plugin_manager()


def render_document(
    document: NoticeDocument,
    *,
    out: OutTarget = None,
    format: str = "pdf",
    case: Case | None = None,
    plugin_manager: Any = None,
) -> bytes:
    """Let plugins adjust ``document``, render it with the registered renderer, write ``out``.

    Returns the rendered bytes (also when they were written to ``out``, a path
    or a binary stream). Plugins then receive ``enforcement_notice_rendered``.
    """
    pm = plugin_manager or _default_pm()
    pm.hook.enforcement_notice_document(document=document, case=case)
    renderer = pm.hook.enforcement_notice_renderer(kind=document.kind, format=format)
    if renderer is None:
        raise NoticeError(
            "format",
            f"no renderer for a {document.kind} notice as {format!r}; the PDF renderer is the "
            "enforcement_pdf plugin (check `enforcement plugins`)",
        )
    data: bytes = renderer(document)
    path: str | None = None
    if out is not None:
        if isinstance(out, str | os.PathLike):
            path = os.fspath(out)
            Path(path).write_bytes(data)
        else:
            out.write(data)
    pm.hook.enforcement_notice_rendered(document=document, data=data, path=path)
    return data


def render_notice(
    case: Case,
    kind: DocumentKind = "decision",
    *,
    out: OutTarget = None,
    lang: Lang = "zh",
    agency: Agency | None = None,
    published_on: date | None = None,
    low_fine_line: Decimal | None = None,
    mask_representatives: bool = False,
    allow_minor: bool = False,
    font: str | os.PathLike[str] | None = None,
    format: str = "pdf",
    plugin_manager: Any = None,
) -> bytes:
    """Render the public notice of ``case``: ``kind="decision"`` or ``"withdrawal"`` (撤下说明).

    Returns the document's bytes, and writes them to ``out`` (a path or a
    binary stream) when given. ``agency`` supplies the deciding agency's name
    (the case only knows its id). ``published_on`` overrides the publication
    date taken from the case's notice records; ``low_fine_line`` is the
    province's low-fine line for the publication term (SAMR-公示 第十三条), if it
    sets one.
    ``font`` is a TrueType font file to embed instead of the built-in
    ``STSong-Light``.

    Raises :class:`~enforcement.errors.PublicationRefusedError` when the party
    was a minor on the decision date, unless ``allow_minor`` is true, and
    :class:`~enforcement.errors.NoticeError` naming the missing field when the
    case has no decision (or, for a withdrawal, no revocation).
    """
    pm = plugin_manager or _default_pm()
    options = NoticeOptions(
        published_on=published_on,
        low_fine_line=low_fine_line,
        mask_representatives=mask_representatives,
        allow_minor=allow_minor,
    )
    document = build_notice_document(
        case, kind, agency=agency, lang=lang, options=options, font=font, plugin_manager=pm
    )
    return render_document(document, out=out, format=format, case=case, plugin_manager=pm)


def render_roster(
    agency: Agency,
    officers: Iterable[Officer],
    on: date,
    *,
    out: OutTarget = None,
    lang: Lang = "zh",
    font: str | os.PathLike[str] | None = None,
    format: str = "pdf",
    plugin_manager: Any = None,
) -> bytes:
    """Render the pre-enforcement roster (事前公开) of ``agency`` on day ``on``."""
    document = build_roster_document(agency, officers, on, lang=lang, font=font)
    return render_document(document, out=out, format=format, plugin_manager=plugin_manager)


# --- batches -----------------------------------------------------------------------------------


@frozen
class BatchItem:
    """One notice of a batch: the case, the kind and the agency that decided it."""

    case: Case
    kind: DocumentKind
    agency: Agency | None = None


@frozen
class BatchResult:
    """What became of one :class:`BatchItem`: the file written, or why it was skipped."""

    case_id: str
    kind: str
    path: str | None
    digest: str | None
    manifest: tuple[dict[str, str | int], ...] = ()
    error: str | None = None


def notice_filename(case_id: str, kind: str) -> str:
    """A safe file name for a notice: ``XC2020-00005-decision.pdf``."""
    return re.sub(r"[^\w.-]+", "_", case_id) + f"-{kind}.pdf"


def _render_item(job: tuple[BatchItem, str, Lang, NoticeOptions, str | None]) -> BatchResult:
    item, out_dir, lang, options, font = job
    path = os.path.join(out_dir, notice_filename(item.case.id, item.kind))
    try:
        document = build_notice_document(
            item.case, item.kind, agency=item.agency, lang=lang, options=options, font=font
        )
        render_document(document, out=path, case=item.case)
    except NoticeError as exc:
        return BatchResult(item.case.id, item.kind, None, None, error=str(exc))
    return BatchResult(
        item.case.id,
        item.kind,
        path,
        document.digest,
        tuple(document.manifest.to_data()),
    )


def render_notices(
    items: Iterable[BatchItem],
    out_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
    lang: Lang = "zh",
    options: NoticeOptions = NoticeOptions(),
    font: str | os.PathLike[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[BatchResult]:
    """Render many notices into ``out_dir``, yielding a result per notice as each finishes.

    ``workers > 1`` renders in that many processes (each uses its own default
    plugin manager, so plugins must be installed, not registered by hand).
    Notices the law forbids (a minor party) or the data cannot support come
    back with ``error`` set instead of stopping the batch. Results come in the
    order of ``items``. ``progress(done, total)`` is called after each notice
    (``total`` is 0 when ``items`` has no length).
    """
    os.makedirs(out_dir, exist_ok=True)
    total = len(items) if isinstance(items, Sized) else 0
    font_path = os.fspath(font) if font is not None else None
    jobs = ((item, os.fspath(out_dir), lang, options, font_path) for item in items)
    if workers <= 1:
        results: Iterator[BatchResult] = map(_render_item, jobs)
        yield from _counted(results, total, progress)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker) as pool:
        yield from _counted(pool.map(_render_item, jobs, chunksize=4), total, progress)


def _counted(
    results: Iterator[BatchResult], total: int, progress: Callable[[int, int], None] | None
) -> Iterator[BatchResult]:
    for done, result in enumerate(results, 1):
        if progress is not None:
            progress(done, total)
        yield result


def _warm_worker() -> None:
    # Load plugins and fonts once per process, before the first timed notice.
    pm = _default_pm()
    pm.hook.enforcement_notice_renderer(kind="decision", format="pdf")


# --- verification ----------------------------------------------------------------------------

_KEYWORDS_RE = re.compile(rb"/Keywords \((" + KEYWORDS_PREFIX.encode() + rb" [^)]*)\)")


@frozen
class EmbeddedStamp:
    """What a notice PDF says about itself in its metadata."""

    digest: str
    kind: str
    lang: str
    case_id: str | None
    options: NoticeOptions


def read_stamp(pdf: bytes | str | os.PathLike[str] | IO[bytes]) -> EmbeddedStamp:
    """Read the digest, case id and options a notice PDF carries in its metadata.

    Raises :class:`~enforcement.errors.VerificationError` for a PDF without them.
    """
    data = _read_bytes(pdf)
    matches = _KEYWORDS_RE.findall(data)
    if not matches:
        raise VerificationError(
            "metadata.Keywords", "the PDF carries no enforcement notice digest in its metadata"
        )
    # A PDF edited in place keeps the old info dictionary and appends a new one: the last wins.
    fields = dict(
        part.split("=", 1) for part in matches[-1].decode("ascii").split()[1:] if "=" in part
    )
    if not re.fullmatch(r"[0-9a-f]{64}", fields.get("sha256", "")):
        raise VerificationError("metadata.Keywords", "the digest in the metadata is malformed")
    options = NoticeOptions.from_data(json.loads(unquote(fields.get("options", "%7B%7D"))))
    case_id = unquote(fields["case"]) if "case" in fields else None
    return EmbeddedStamp(
        fields["sha256"], fields.get("kind", ""), fields.get("lang", "zh"), case_id, options
    )


@frozen
class VerificationResult:
    """The outcome of :func:`verify_notice`."""

    matches: bool
    case_id: str | None
    expected: str
    found: str
    message: str


def verify_notice(
    pdf: bytes | str | os.PathLike[str] | IO[bytes],
    cases: Dataset | RecordSource | Callable[[str], Case | None] | Sequence[Case],
    *,
    agency_of: Callable[[str], Agency | None] | None = None,
    plugin_manager: Any = None,
) -> VerificationResult:
    """Check a notice PDF against its source.

    Reads the digest, case id and options from the PDF's metadata, looks the
    case up, recomputes the canonical content with the same redaction rules and
    options, and compares digests. ``cases`` is a dataset or a store (which also
    know the agencies), a list of cases, or a function from id to case; with the
    last two, pass ``agency_of`` when the notice was rendered with its agency.
    """
    stamp = read_stamp(pdf)
    if stamp.case_id is None or stamp.kind not in ("decision", "withdrawal"):
        raise VerificationError("metadata.Keywords", "the PDF is not a case notice")
    lookup: Callable[[str], Case | None]
    if isinstance(cases, Dataset | RecordSource):
        source = as_source(cases)
        lookup = source.case
        if agency_of is None:
            agencies = {a.id: a for a in source.agencies()}
            agency_of = agencies.get
    elif callable(cases):
        lookup = cases
    else:
        lookup = {c.id: c for c in cases}.get
    case = lookup(stamp.case_id)
    if case is None:
        return VerificationResult(
            False,
            stamp.case_id,
            "",
            stamp.digest,
            f"case {stamp.case_id} is not in the source",
        )
    pm = plugin_manager or _default_pm()
    rules = [r for result in pm.hook.enforcement_redaction_rules(case=case) for r in result or ()]
    agency = agency_of(case.agency_id) if agency_of else None
    content, _ = notice_content(
        case,
        cast(DocumentKind, stamp.kind),
        agency=agency,
        options=stamp.options,
        rules=rules,
    )
    expected = content_digest(content)
    if expected == stamp.digest:
        return VerificationResult(True, case.id, expected, stamp.digest, f"matches case {case.id}")
    return VerificationResult(
        False,
        case.id,
        expected,
        stamp.digest,
        f"does NOT match case {case.id}: the PDF states {stamp.digest}, "
        f"the source gives {expected}",
    )


def _read_bytes(pdf: bytes | str | os.PathLike[str] | IO[bytes]) -> bytes:
    if isinstance(pdf, bytes):
        return pdf
    if isinstance(pdf, str | os.PathLike):
        try:
            return Path(pdf).read_bytes()
        except OSError as exc:
            raise VerificationError("pdf", f"cannot read {os.fspath(pdf)}: {exc}") from None
    return pdf.read()


def evolve_document(document: NoticeDocument, **changes: Any) -> NoticeDocument:
    """A copy of ``document`` with ``changes`` (for plugins that prefer not to mutate)."""
    return attrs.evolve(document, **changes)


__all__ = [
    "CONTENT_FORMAT",
    "BatchItem",
    "BatchResult",
    "Block",
    "DocumentInfo",
    "DocumentKind",
    "EmbeddedStamp",
    "Fields",
    "Lang",
    "Letterhead",
    "NoticeDocument",
    "NoticeOptions",
    "NoticeRenderer",
    "PublicationTerm",
    "Row",
    "Table",
    "Text",
    "VerificationResult",
    "build_notice_document",
    "build_roster_document",
    "canonical_bytes",
    "content_digest",
    "due_notice_kinds",
    "notice_content",
    "notice_filename",
    "notice_published_on",
    "notice_title",
    "publication_deadline",
    "publication_term",
    "read_stamp",
    "render_document",
    "render_notice",
    "render_notices",
    "render_roster",
    "verify_notice",
]
