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

The package is split by concern: :mod:`~enforcement.notices.document` (the page
model), :mod:`~enforcement.notices.labels` (words), :mod:`~enforcement.notices.law`
(publication dates and terms), :mod:`~enforcement.notices.content` (canonical
content and digests), :mod:`~enforcement.notices.build` (documents),
:mod:`~enforcement.notices.render`, :mod:`~enforcement.notices.batch` and
:mod:`~enforcement.notices.verify`.
"""

from __future__ import annotations

from enforcement.notices.batch import BatchItem, BatchResult, notice_filename, render_notices
from enforcement.notices.build import build_notice_document, build_roster_document
from enforcement.notices.content import (
    CONTENT_FORMAT,
    KEYWORDS_PREFIX,
    NoticeOptions,
    canonical_bytes,
    content_digest,
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
    NoticeRenderer,
    OutTarget,
    Row,
    Table,
    Text,
    evolve_document,
)
from enforcement.notices.labels import (
    CATEGORY_EN,
    CATEGORY_ZH,
    LABELS,
    PENALTY_EN,
    PENALTY_ZH,
    notice_title,
)
from enforcement.notices.law import (
    PublicationDate,
    PublicationTerm,
    due_notice_kinds,
    notice_published_on,
    publication_date,
    publication_deadline,
    publication_term,
)
from enforcement.notices.render import (
    document_redactor,
    render_document,
    render_notice,
    render_roster,
)
from enforcement.notices.verify import EmbeddedStamp, VerificationResult, read_stamp, verify_notice

__all__ = [
    "CATEGORY_EN",
    "CATEGORY_ZH",
    "CONTENT_FORMAT",
    "KEYWORDS_PREFIX",
    "LABELS",
    "PENALTY_EN",
    "PENALTY_ZH",
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
    "OutTarget",
    "PublicationDate",
    "PublicationTerm",
    "Row",
    "Table",
    "Text",
    "VerificationResult",
    "build_notice_document",
    "build_roster_document",
    "canonical_bytes",
    "content_digest",
    "document_redactor",
    "due_notice_kinds",
    "evolve_document",
    "notice_content",
    "notice_filename",
    "notice_published_on",
    "notice_title",
    "publication_date",
    "publication_deadline",
    "publication_term",
    "read_stamp",
    "render_document",
    "render_notice",
    "render_notices",
    "render_roster",
    "verify_notice",
]
