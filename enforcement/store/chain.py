"""The tamper-evident recording log (执法全过程记录, 留痕、可回溯): canonical encoding and hash chain.

Each case's record entries form a chain. An entry is stored as its canonical
encoding (:func:`canonical`), and its digest is::

    digest(n) = SHA-256( prev(n) || "\\n" || canonical(entry n) )      (hex, lower case)
    prev(1)   = SHA-256( "enforcement/1 chain\\n" || case id )
    prev(n)   = digest(n - 1)

where ``||`` is byte concatenation of UTF-8 text. The digest is computed over
the *stored bytes*, so a later version of the models never changes what an
old entry hashes to. The head digest of a store is SHA-256 over one line
``case id TAB head seq TAB head digest LF`` per case, cases sorted by id (by
code point, which is also UTF-8 byte order).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from enforcement.converter import unstructure
from enforcement.errors import ChainIntegrityError
from enforcement.models import RecordEntry

GENESIS_PREFIX = b"enforcement/1 chain\n"
"""Bytes hashed with a case id to give the ``prev_digest`` of the case's first entry."""


def canonical(data: Any) -> str:
    """The canonical JSON text of JSON-compatible ``data``.

    Keys sorted, no insignificant whitespace, non-ASCII characters kept as
    they are (not ``\\u`` escapes), ``null`` values kept. Money is already a
    decimal string and datetimes ISO 8601 text with their offset, as the
    interchange format writes them.
    """
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_entry(entry: RecordEntry) -> str:
    """The canonical encoding of one record entry, as stored and hashed."""
    return canonical(unstructure(entry))


def genesis(case_id: str) -> str:
    """The ``prev_digest`` of a case's first entry: binds the chain to its case."""
    return hashlib.sha256(GENESIS_PREFIX + case_id.encode()).hexdigest()


def link(prev_digest: str, content: str | bytes) -> str:
    """The digest of an entry with canonical encoding ``content`` following ``prev_digest``."""
    h = hashlib.sha256(prev_digest.encode())
    h.update(b"\n")
    h.update(content if isinstance(content, bytes) else content.encode())
    return h.hexdigest()


def head_digest(heads: Iterable[tuple[str, int, str]]) -> str:
    """The head digest over ``(case id, head seq, head digest)`` of every case."""
    h = hashlib.sha256()
    for case_id, seq, digest in sorted(heads):
        h.update(f"{case_id}\t{seq}\t{digest}\n".encode())
    return h.hexdigest()


def content_digest(doc: str | bytes) -> str:
    """SHA-256 of a stored case document (the case without its records)."""
    return hashlib.sha256(doc if isinstance(doc, bytes) else doc.encode()).hexdigest()


@frozen(kw_only=True)
class ChainedEntry:
    """A record entry as stored: its place in the case's chain and its digests."""

    case_id: str
    """案件标识: the case whose chain holds the entry."""
    seq: int
    """Position in the chain, from 1."""
    entry: RecordEntry
    """The entry itself."""
    prev_digest: str
    """The previous entry's digest (or the case's genesis value for ``seq == 1``)."""
    digest: str
    """SHA-256 over ``prev_digest``, a newline and the entry's canonical encoding."""


@frozen(kw_only=True)
class ChainBreak:
    """One place where a stored chain differs from what its content hashes to."""

    case_id: str
    """The case whose chain (or stored document) is broken."""
    seq: int | None
    """The entry's position, or ``None`` for the case document or the chain as a whole."""
    entry_id: str | None
    """The entry's id as stored, when there is an entry."""
    problem: str
    """What changed, in words."""

    def __str__(self) -> str:
        where = f"case {self.case_id}"
        if self.seq is not None:
            where += f", entry {self.entry_id} (seq {self.seq})"
        return f"{where}: {self.problem}"


@frozen(kw_only=True)
class VerifyReport:
    """The result of :meth:`enforcement.store.Store.verify`."""

    cases: int
    """Cases checked."""
    records: int
    """Record entries checked."""
    breaks: tuple[ChainBreak, ...]
    """Every break found, in case and chain order; empty when intact."""
    head: str
    """The head digest recomputed from the entries' content."""

    @property
    def intact(self) -> bool:
        """Whether every chain and case document matches its digests."""
        return not self.breaks

    def raise_for_breaks(self) -> None:
        """Raise :class:`ChainIntegrityError` listing the breaks, if any."""
        if self.breaks:
            lines = "\n".join(str(b) for b in self.breaks[:20])
            more = f"\n... and {len(self.breaks) - 20} more" if len(self.breaks) > 20 else ""
            raise ChainIntegrityError(
                f"{len(self.breaks)} break(s) in the recording log:\n{lines}{more}"
            )
