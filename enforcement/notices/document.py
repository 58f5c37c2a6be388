"""The page model every notice renderer receives: blocks, letterhead, metadata."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from typing import IO, Any, Literal

import attrs
from attrs import define, field, frozen

from enforcement.redaction import RedactionManifest

DocumentKind = Literal["decision", "withdrawal", "roster"]
Lang = Literal["zh", "en"]

OutTarget = str | os.PathLike[str] | IO[bytes] | None


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
    url: str | None = None
    """Where the notice is published (its page on the portal, ``enforcement site --base-url``).

    Not part of the canonical content: verification does not depend on it."""

    @property
    def qr_payload(self) -> str:
        """What the QR code encodes: the notice's :attr:`url` when it has one, else ``SHA256:``
        and the digest in upper case (QR alphanumeric)."""
        if self.url is not None:
            return self.url
        return "SHA256:" + self.digest.upper()


NoticeRenderer = Callable[[NoticeDocument], bytes]
"""A renderer turns a document into the bytes of one format (PDF, HTML, DOCX...)."""


def evolve_document(document: NoticeDocument, **changes: Any) -> NoticeDocument:
    """A copy of ``document`` with ``changes`` (for plugins that prefer not to mutate)."""
    return attrs.evolve(document, **changes)
