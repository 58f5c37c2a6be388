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
