"""Checking a notice PDF against the record it was rendered from."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from typing import IO, Any, cast
from urllib.parse import unquote

from attrs import frozen
from cryptography import x509

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
from enforcement.signing import SignatureCheck, check_pdf_signature, log_position_of
from enforcement.sources import RecordSource, as_source
from enforcement.transparency.checkpoint import SignedCheckpoint, verify_checkpoint
from enforcement.transparency.merkle import ProofError, verify_inclusion

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
    try:
        options = NoticeOptions.from_data(json.loads(unquote(fields.get("options", "%7B%7D"))))
    except (ValueError, TypeError, AttributeError, ArithmeticError):
        raise VerificationError(
            "metadata.Keywords", "the notice options in the metadata are malformed"
        ) from None
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


MAX_NOTICE_BYTES = 64 << 20
"""The largest file read as a notice (64 MiB): a notice is tens of kilobytes, and verifying
``/dev/zero`` must end with an error, not with the machine's memory."""


def _read_bytes(pdf: bytes | str | os.PathLike[str] | IO[bytes]) -> bytes:
    if isinstance(pdf, bytes):
        data = pdf
    elif isinstance(pdf, str | os.PathLike):
        try:
            with open(pdf, "rb") as stream:
                data = stream.read(MAX_NOTICE_BYTES + 1)
        except OSError as exc:
            raise VerificationError("pdf", f"cannot read {os.fspath(pdf)}: {exc}") from None
    else:
        data = pdf.read(MAX_NOTICE_BYTES + 1)
    if len(data) > MAX_NOTICE_BYTES:
        raise VerificationError(
            "pdf", f"larger than {MAX_NOTICE_BYTES:,} bytes: not a notice this library wrote"
        )
    return data


@frozen(kw_only=True)
class NoticeCheck:
    """What :func:`check_notice` checked, and each reason it failed."""

    case_id: str | None
    """The case the notice says it publishes."""
    signature: SignatureCheck
    """The PDF signature check (``signed=False`` for an unsigned notice)."""
    content: VerificationResult | None
    """The content check against today's record (``None`` when it could not run)."""
    included: bool | None
    """With a checkpoint, whether the case's entry is in the checkpointed log."""
    checked: tuple[str, ...]
    """What held, one line each."""
    problems: tuple[str, ...]
    """What failed, one line each; empty when the notice verifies."""

    @property
    def ok(self) -> bool:
        """Every check that ran held."""
        return not self.problems


def check_notice(
    pdf: bytes | str | os.PathLike[str] | IO[bytes],
    cases: Dataset | RecordSource,
    *,
    agency_of: Callable[[str], Agency | None] | None = None,
    certificate: x509.Certificate | None = None,
    checkpoint: SignedCheckpoint | None = None,
    plugin_manager: Any = None,
    allow: AllowList = NO_ALLOW_LIST,
) -> NoticeCheck:
    """Verify a notice PDF: signature, content against the record today, and inclusion in the log.

    Passes only when the signature (if any) is intact and covers the whole
    file, the signer is ``certificate`` (when given; an unsigned notice then
    fails), the digest the signed PDF states equals the digest of the content
    today's record gives, and, with a ``checkpoint`` (and a store as ``cases``),
    the latest version of the case is an entry of the checkpointed log, proven
    by an RFC 9162 inclusion proof against the checkpoint's signed root (the
    checkpoint's own signature is checked against ``certificate``). ``allow`` is the
    allow-list the notice was rendered with, if any.
    """
    data = _read_bytes(pdf)
    signature = check_pdf_signature(data, certificate)
    checked: list[str] = []
    problems: list[str] = []
    covered = data
    if not signature.signed:
        if signature.problem != "unsigned":
            problems.append(signature.problem or "unreadable")
        elif certificate is not None:
            problems.append("unsigned: the notice carries no signature, and --cert asks for one")
        else:
            checked.append("unsigned: content digest only")
    elif signature.problem is not None:
        problems.append(signature.problem)
    else:
        covered = signature.signed_bytes
        who = (
            "by the given certificate"
            if signature.by_certificate
            else "signer not checked (no --cert)"
        )
        checked.append(
            f"signature intact and covering the whole file, signed by {signature.signer} "
            f"at {signature.signing_time}: {who}"
        )
    try:
        content: VerificationResult | None = verify_notice(
            covered, cases, agency_of=agency_of, plugin_manager=plugin_manager, allow=allow
        )
    except VerificationError as exc:
        content = None
        problems.append(exc.reason)
    if content is not None:
        (checked if content.matches else problems).append(content.message)
    stated = log_position_of(covered) if signature.valid else None
    if stated is not None and content is not None and content.case_id is not None:
        ok, line = _stated_entry(cases, content.case_id, stated)
        (checked if ok else problems).append(line)
    included = None
    if checkpoint is not None and content is not None and content.case_id is not None:
        included, line = _included(cases, content.case_id, checkpoint, certificate, stated)
        (checked if included else problems).append(line)
    return NoticeCheck(
        case_id=None if content is None else content.case_id,
        signature=signature,
        content=content,
        included=included,
        checked=tuple(checked),
        problems=tuple(problems),
    )


def _stated_entry(
    cases: Dataset | RecordSource, case_id: str, stated: tuple[str, int, int]
) -> tuple[bool, str]:
    """Whether the signed log position names a version of this case in the store's log."""
    from enforcement.store import Store

    agency_id, index, size = stated
    where = f"entry {index} of the log of {agency_id} (size {size} when signed)"
    if not isinstance(cases, Store):
        return True, f"the notice publishes {where}; give --db to check it"
    entries = list(cases.log_entries(agency_id, index, index + 1))
    if not entries or entries[0].kind != "case" or entries[0].subject != case_id:
        return False, f"the signed log position, {where}, is not a version of case {case_id}"
    return True, f"the notice publishes {where}, a version of case {case_id}"


def _included(
    cases: Dataset | RecordSource,
    case_id: str,
    signed: SignedCheckpoint,
    certificate: x509.Certificate | None,
    stated: tuple[str, int, int] | None = None,
) -> tuple[bool, str]:
    from enforcement.store import LogPosition, Store
    from enforcement.store.log import leaf_of

    cp = signed.checkpoint
    if not isinstance(cases, Store):
        return False, "a checkpoint needs the store's log (--db) to prove inclusion"
    if certificate is not None:
        sig = verify_checkpoint(signed, certificate)
        if not sig.valid:
            return False, f"checkpoint: {sig.problem}"
    # The entry the signed notice names, else the case's current version.
    position = (
        LogPosition(agency_id=stated[0], index=stated[1], size=stated[2])
        if stated is not None
        else cases.position(case_id)
    )
    if cases.agency_for_origin(cp.origin) != position.agency_id:
        return False, f"the checkpoint is of log {cp.origin}, not of case {case_id}'s agency"
    if position.index >= cp.size:
        return False, (
            f"case {case_id}'s entry {position.index} was logged after the "
            f"checkpoint (size {cp.size})"
        )
    entry = next(cases.log_entries(position.agency_id, position.index, position.index + 1))
    head = entry_head_of(cases, position.agency_id, position.index)
    leaf = leaf_of(head, entry.doc)
    proof = cases.inclusion_proof(position.index, cp.size, position.agency_id)
    try:
        verify_inclusion(position.index, cp.size, leaf, proof, cp.root)
    except ProofError as exc:
        return (
            False,
            f"case {case_id}'s entry {position.index} is not in the checkpointed log: {exc}",
        )
    return True, (
        f"case {case_id}'s entry {position.index} is in the checkpointed log of {cp.size} entries"
    )


def entry_head_of(store: Any, agency_id: str, index: int) -> str:
    """The stored head of a log entry (what its leaf hash covers with the document)."""
    return str(store.entry_head(agency_id, index))
