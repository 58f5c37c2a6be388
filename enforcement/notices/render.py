"""Rendering a document through the registered renderer plugin, one notice or roster at a time."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from enforcement._files import atomic_write
from enforcement.errors import NoticeError
from enforcement.models import (
    Agency,
    Case,
    Officer,
)
from enforcement.notices.build import _default_pm, build_notice_document, build_roster_document
from enforcement.notices.content import NoticeOptions
from enforcement.notices.document import DocumentKind, Lang, NoticeDocument, OutTarget
from enforcement.redaction import AllowList, Redactor, redact_document, redactor_for
from enforcement.redaction.manifest import NO_ALLOW_LIST


def document_public_names(document: NoticeDocument) -> list[str]:
    """The public names and codes a document states: the agency, the number, officers, powers."""
    content = document.content
    names: list[str] = [*document.letterhead.lines, *document.signature[:1]]
    agency = content.get("agency") or {}
    names.extend(v for v in (agency.get("name"), agency.get("credit_code")) if v)
    if content.get("number"):
        names.append(content["number"])
    for officer in content.get("officers", ()):
        names.extend((officer["name"], officer["certificate"], officer.get("issuer") or ""))
    for power in content.get("powers", ()):
        names.extend((power["code"], power["name"], *power["legal_basis"]))
    names.extend(content.get("legal_basis", ()))
    return [n for n in names if n]


def document_redactor(
    document: NoticeDocument,
    case: Case | None = None,
    *,
    allow: AllowList = NO_ALLOW_LIST,
    mask_representatives: bool = False,
    plugin_manager: Any = None,
) -> Redactor:
    """The redactor of the final pass over ``document``: the case's data, the plugins' rules,
    the document's public names."""
    pm = plugin_manager or _default_pm()
    rules = (
        [r for result in pm.hook.enforcement_redaction_rules(case=case) for r in result or ()]
        if case is not None
        else []
    )
    return redactor_for(
        case,
        rules=rules,
        public=document_public_names(document),
        allow=allow,
        mask_representatives=mask_representatives,
    )


def render_document(
    document: NoticeDocument,
    *,
    out: OutTarget = None,
    format: str = "pdf",
    case: Case | None = None,
    plugin_manager: Any = None,
    redactor: Redactor | None = None,
) -> bytes:
    """Let plugins adjust ``document``, redact it, render it with the registered renderer,
    write ``out``.

    After the ``enforcement_notice_document`` hook, every text of the document
    (plugin-added blocks included) goes through the final redaction pass
    (:func:`enforcement.redaction.redact_document`), with ``redactor`` or the
    one :func:`document_redactor` builds from ``case``. Raises
    :class:`~enforcement.errors.PublicationRefusedError`, listing each span,
    when something that may be a natural person's data survives; nothing is
    rendered or written then.

    Returns the rendered bytes (also when they were written to ``out``, a path
    or a binary stream). Plugins then receive ``enforcement_notice_rendered``.
    """
    pm = plugin_manager or _default_pm()
    pm.hook.enforcement_notice_document(document=document, case=case)
    if redactor is None:
        redactor = document_redactor(document, case, plugin_manager=pm)
    redact_document(document, redactor)
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
            atomic_write(path, data)  # whole or not at all
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
    allow: AllowList = NO_ALLOW_LIST,
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
    ``font`` is a TrueType font file to embed instead of the one found
    installed (see ``enforcement fonts``).

    Raises :class:`~enforcement.errors.PublicationRefusedError` when the party
    was a minor on the decision date, unless ``allow_minor`` is true, or when
    something that may be a natural person's data survives redaction (each
    span listed), unless ``allow``, a reviewed allow-list, lets it through, and
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
        case,
        kind,
        agency=agency,
        lang=lang,
        options=options,
        font=font,
        plugin_manager=pm,
        allow=allow,
    )
    redactor = document_redactor(
        document,
        case,
        allow=allow,
        mask_representatives=mask_representatives,
        plugin_manager=pm,
    )
    return render_document(
        document, out=out, format=format, case=case, plugin_manager=pm, redactor=redactor
    )


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
