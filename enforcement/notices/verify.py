"""Checking a notice PDF against the record it was rendered from."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import unquote

from attrs import frozen

from enforcement.errors import VerificationError
from enforcement.models import (
    Agency,
    Case,
    Dataset,
)
from enforcement.notices.build import _default_pm
from enforcement.notices.content import (
    KEYWORDS_PREFIX,
    NoticeOptions,
    content_digest,
    notice_content,
)
from enforcement.notices.document import DocumentKind
from enforcement.redaction import AllowList
from enforcement.redaction.manifest import NO_ALLOW_LIST
from enforcement.sources import RecordSource, as_source

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
    allow: AllowList = NO_ALLOW_LIST,
) -> VerificationResult:
    """Check a notice PDF against its source.

    Reads the digest, case id and options from the PDF's metadata, looks the
    case up, recomputes the canonical content with the same redaction rules and
    options, and compares digests. ``cases`` is a dataset or a store (which also
    know the agencies), a list of cases, or a function from id to case; with the
    last two, pass ``agency_of`` when the notice was rendered with its agency.
    A notice rendered with a reviewed allow-list is verified with the same
    ``allow``.
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
        allow=allow,
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
