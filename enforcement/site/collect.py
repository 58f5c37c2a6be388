"""Which notices the portal publishes on a day, built through :mod:`enforcement.notices`.

Every page text comes from the redacted :class:`~enforcement.notices.NoticeDocument`
the PDF is rendered from, never from the raw case, so a page and its PDF cannot
differ in what they disclose.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

from attrs import frozen

from enforcement.errors import NoticeError, PublicationRefusedError, SiteError
from enforcement.models import Agency, Case, CaseCategory
from enforcement.notices import (
    CATEGORY_ZH,
    NoticeDocument,
    NoticeOptions,
    build_notice_document,
    due_notice_kinds,
    notice_filename,
    render_document,
)
from enforcement.policy import Policy
from enforcement.signing import SigningOptions
from enforcement.site.signing import signed_pdf

log = logging.getLogger(__name__)

Status = Literal["current", "withdrawn", "expired"]


@frozen(kw_only=True)
class SiteNotice:
    """One notice as the portal knows it: its redacted document, its PDF and its status.

    ``status`` is ``current`` while the notice is shown, ``withdrawn`` for a
    decision notice taken down after the decision was revoked (``withdrawn_on``),
    ``expired`` once its publication term has ended (``until``).
    """

    slug: str
    kind: str
    case_id: str
    number: str
    category: str
    party: str
    agency: str
    decided_on: date
    published_on: date
    until: date | None
    status: Status
    withdrawn_on: date | None
    document: NoticeDocument
    pdf: bytes

    @property
    def sha256(self) -> str:
        """The SHA-256 of the PDF file as published, signed if the build signs (what the
        verify page compares)."""
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def category_name(self) -> str:
        """The category in Chinese (行政处罚...)."""
        return CATEGORY_ZH[CaseCategory(self.category)]

    @property
    def page(self) -> str:
        """The notice's page, relative to the site's root."""
        return f"notices/{self.slug}.html"

    @property
    def pdf_path(self) -> str:
        """The notice's PDF, relative to the site's root."""
        return f"notices/{self.slug}.pdf"


def _party(content: Mapping[str, Any]) -> str:
    return "、".join(str(p["name"]) for p in content["parties"] if p.get("name"))


def _document(
    case: Case,
    kind: str,
    agency: Agency | None,
    base_url: str | None,
    pm: Any,
    options: NoticeOptions,
    signing: SigningOptions | None,
    previous: Path | None,
) -> tuple[NoticeDocument, bytes] | None:
    try:
        document = build_notice_document(
            case,
            "decision" if kind == "decision" else "withdrawal",
            agency=agency,
            options=options,
            plugin_manager=pm,
        )
    except PublicationRefusedError as exc:
        if exc.refusals:
            # Something that may be a natural person's data survived redaction: the portal
            # fails closed, as a whole, rather than leave out a notice the law asks for.
            raise
        log.warning("not published: %s", exc)  # a minor party (浙江 第五条)
        return None
    except NoticeError as exc:
        # Data that cannot support a notice: nothing is published, exactly as
        # `enforcement notices` skips it.
        log.warning("not published: %s", exc)
        return None
    slug = notice_filename(case.id, kind).removesuffix(".pdf")
    if base_url is not None:
        document.url = f"{base_url}/notices/{slug}.html"
    pdf = render_document(document, case=case, plugin_manager=pm)
    if signing is not None:
        # The file a visitor downloads, and whose digest the verify page lists, is the signed one.
        pdf = signed_pdf(pdf, signing, previous / f"notices/{slug}.pdf" if previous else None)
    return document, pdf


def collect_notices(
    cases: Iterable[Case],
    agencies: Mapping[str, Agency],
    *,
    on: date,
    base_url: str | None,
    policy: Policy,
    plugin_manager: Any,
    signing: Callable[[Case], SigningOptions | None] | None = None,
    previous: Path | None = None,
) -> list[SiteNotice]:
    """Every notice published on or before ``on``, with its status on ``on``.

    ``signing`` gives, for a case, the options its PDFs are signed with (PAdES;
    ``None``: unsigned); ``previous`` is the directory of an earlier build, whose
    signed PDFs are kept when they still hold (:func:`~enforcement.site.signing.signed_pdf`).

    A decision notice is current from its publication date through the last
    day of its term (``term_until``; no end when the term is not fixed), unless a withdrawal notice was published
    by ``on``. A withdrawal notice (the tombstone) stays up for as long as the
    notice it replaces would have. Notices not yet published on ``on`` are left out.
    """
    # The terms the agency's policy sets (PUB004), as `enforcement notices --policy` prints them.
    options = NoticeOptions.from_policy(policy)
    found: list[SiteNotice] = []
    for case in cases:
        kinds = due_notice_kinds(case, policy)
        sign = signing(case) if signing is not None and kinds else None
        built = {
            k: _document(
                case,
                k,
                agencies.get(case.agency_id),
                base_url,
                plugin_manager,
                options,
                sign,
                previous,
            )
            for k in kinds
        }
        decision = built.get("decision")
        withdrawal = built.get("withdrawal")
        if decision is None:
            continue
        d_doc, d_pdf = decision
        d_published = date.fromisoformat(d_doc.content["published_on"])
        if d_published > on:
            continue
        # No fixed term (licence information, public while the licence holds): no expiry.
        term_until = d_doc.content.get("term_until")
        until = date.fromisoformat(term_until) if term_until else None
        withdrawn_on: date | None = None
        if withdrawal is not None:
            w_published = date.fromisoformat(withdrawal[0].content["published_on"])
            if w_published <= on:
                withdrawn_on = w_published
        status: Status
        if withdrawn_on is not None:
            status = "withdrawn"
        elif until is not None and on > until:
            status = "expired"
        else:
            status = "current"
        found.append(_notice(case, "decision", d_doc, d_pdf, until, status, withdrawn_on))
        if withdrawal is not None and withdrawn_on is not None:
            w_doc, w_pdf = withdrawal
            w_status: Status = "expired" if until is not None and on > until else "current"
            found.append(_notice(case, "withdrawal", w_doc, w_pdf, until, w_status, None))
    found.sort(key=lambda n: (n.published_on, n.number, n.kind, n.case_id))
    slugs: dict[str, str] = {}
    for n in found:
        other = slugs.setdefault(n.slug, n.case_id)
        if other != n.case_id:
            # Two ids that differ only in characters a file name cannot hold would share a page.
            raise SiteError(
                "case_id", f"cases {other!r} and {n.case_id!r} would publish to one page {n.page}"
            )
    return found


def _notice(
    case: Case,
    kind: str,
    document: NoticeDocument,
    pdf: bytes,
    until: date | None,
    status: Status,
    withdrawn_on: date | None,
) -> SiteNotice:
    content = document.content
    return SiteNotice(
        slug=notice_filename(case.id, kind).removesuffix(".pdf"),
        kind=kind,
        case_id=case.id,
        number=str(content["number"]),
        category=str(content["category"]),
        party=_party(content),
        agency=str(content["agency"]["name"]),
        decided_on=date.fromisoformat(content["decided_on"]),
        published_on=date.fromisoformat(content["published_on"]),
        until=until,
        status=status,
        withdrawn_on=withdrawn_on,
        document=document,
        pdf=pdf,
    )
