"""Building :class:`NoticeDocument` objects for decisions, withdrawals and rosters."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from enforcement.errors import NoticeError
from enforcement.models import (
    Agency,
    Case,
    CaseCategory,
    Officer,
    PartyKind,
    PenaltyKind,
)
from enforcement.notices.content import (
    CONTENT_FORMAT,
    DEFAULT_OPTIONS,
    NoticeOptions,
    _keywords,
    canonical_bytes,
    notice_content,
)
from enforcement.notices.document import (
    Block,
    DocumentInfo,
    DocumentKind,
    Fields,
    Lang,
    Letterhead,
    NoticeDocument,
    Row,
    Table,
    Text,
)
from enforcement.notices.labels import (
    CATEGORY_EN,
    CATEGORY_ZH,
    LABELS,
    PENALTY_EN,
    PENALTY_ZH,
    notice_title,
    performance_text,
    remedies_text,
    verification_text,
)
from enforcement.notices.law import term_words
from enforcement.numerals import capital_amount, figure_amount
from enforcement.redaction import AllowList
from enforcement.redaction.manifest import NO_ALLOW_LIST


def _default_pm() -> Any:
    from enforcement.plugins import default_plugin_manager

    return default_plugin_manager()


def _plain(text: str) -> str:
    """``text`` without width, spacing, thousands separators or currency words, for comparing."""
    text = unicodedata.normalize("NFKC", text)
    for noise in (" ", ",", "人民币", "元整", "元", "CNY", "yuan"):
        text = text.replace(noise, "")
    return text


_FILLER = ("并处", "处以", "处", "予以", "给予", "当场", "共计", "计")
"""Words that add nothing to a restated amount (处罚款人民币8000元, 当场罚款100元)."""


def _repeats_amount(description: str, kind: PenaltyKind, amount: Decimal) -> bool:
    """Whether a penalty's description only restates its kind and amount (罚款人民币8000元),
    in Chinese or in the notice's language; one that says more (罚款100元，责令改正) is kept."""
    plain = _plain(description)
    figures = {f"{amount:f}", f"{amount.normalize():f}", f"{amount:.2f}"}
    figures |= {_plain(figure_amount(amount)), _plain(capital_amount(amount))}
    for name in (PENALTY_ZH[kind], PENALTY_EN[kind]):
        if _plain(name) not in plain:
            continue
        rest = plain.replace(_plain(name), "", 1)
        figure = next((f for f in sorted(figures, key=len, reverse=True) if f in rest), None)
        if figure is None:
            return False
        rest = rest.replace(figure, "", 1)
        for filler in _FILLER:
            rest = rest.replace(filler, "")
        return not rest.strip("，。；、,.;: ")
    return False


def _penalty_line(p: Mapping[str, Any], lang: Lang) -> str:
    """One penalty: its kind, the amount in figures and capitals, and the description, each
    said once (a description that restates the kind and the amount is left out; one that
    starts with the kind replaces it: 责令停产停业整顿三十日)."""
    kind = PenaltyKind(p["kind"])
    name = PENALTY_ZH[kind] if lang == "zh" else PENALTY_EN[kind]
    description = (p["description"] or "").strip()
    parts = [name]
    if p["amount"] is not None:
        amount = Decimal(p["amount"])
        if lang == "zh":
            parts.append(f"{figure_amount(amount)}元（{capital_amount(amount)}）")
        else:
            parts.append(f"CNY {figure_amount(amount)} ({capital_amount(amount)})")
        if description and _repeats_amount(description, kind, amount):
            description = ""
    elif description.startswith(name):
        parts = []
    if description and description != name:
        parts.append(description)
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
    options: NoticeOptions = DEFAULT_OPTIONS,
    font: str | os.PathLike[str] | None = None,
    plugin_manager: Any = None,
    allow: AllowList = NO_ALLOW_LIST,
) -> NoticeDocument:
    """The :class:`NoticeDocument` of a decision or withdrawal notice, before plugins adjust it.

    ``allow`` is a reviewed allow-list for the redaction (see
    :class:`enforcement.redaction.AllowList`).
    """
    if lang not in LABELS:
        raise NoticeError("lang", f"expected one of {', '.join(LABELS)}, got {lang!r}")
    pm = plugin_manager or _default_pm()
    rules = [r for result in pm.hook.enforcement_redaction_rules(case=case) for r in result or ()]
    content, redacted = notice_content(
        case, kind, agency=agency, options=options, rules=rules, allow=allow
    )
    canonical = canonical_bytes(content)
    digest = hashlib.sha256(canonical).hexdigest()
    labels = {
        **LABELS[lang],
        "verify_hint": verification_text(
            lang, content["agency"]["name"], agency.website if agency else None
        ),
    }
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
                # A 个体工商户 (credit code 92...) has an operator, not a legal representative.
                code = party["credit_code"] or ""
                role = labels["operator"] if code.startswith("92") else labels["representative"]
                rows.append(Row(role, party["representative"]))
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
        if case.category is CaseCategory.PENALTY:
            performance = performance_text(
                {PenaltyKind(p["kind"]) for p in content["penalties"]}, lang
            )
            if performance:
                blocks.append(Text(labels["performance"], performance))
        # The term the policy set (publication_term), never a fixed 三年.
        term = term_words(content["term_months"], lang)
        until = content["term_until"]
        blocks.append(
            Fields(
                (
                    Row(labels["agency"], agency_name),
                    Row(labels["decided_on"], _date(content["decided_on"], lang)),
                    Row(labels["published_on"], _date(content["published_on"], lang)),
                    Row(
                        labels["term"],
                        term
                        if until is None
                        else f"{term}（{labels['until']}{_date(until, lang)}）"
                        if lang == "zh"
                        else f"{term} ({labels['until']} {_date(until, lang)})",
                    ),
                )
            )
        )
        blocks.append(
            Text(
                labels["remedies"],
                remedies_text(
                    lang,
                    content["agency"].get("reconsideration_body"),
                    content["agency"].get("court"),
                ),
            )
        )
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
    category_names = CATEGORY_ZH if lang == "zh" else CATEGORY_EN
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
