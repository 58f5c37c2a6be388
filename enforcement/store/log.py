"""The agency log's entries: what is hashed, and how an entry names what it is about.

Every stored fact is an entry appended to its agency's log (one log per
agency, 执法主体). An entry has two parts, stored in two columns and hashed
together::

    entry bytes = head || "\\n" || doc
    leaf hash   = SHA-256(0x00 || entry bytes)             (RFC 9162 §2.1.1)

``head`` is the canonical JSON of ``{"kind", "subject", "salt"}`` (and, for a
record entry, ``"seq"`` and ``"entry"``, its place in the case and its id);
``doc`` is the canonical JSON of the object itself, exactly what the reads
parse. Canonical JSON has no raw newline, so the split is unambiguous. The
salt is 16 random bytes (hex) per entry: the leaf hashes are published with
checkpoints, and without it a hash of a short, guessable document (a party's
name and a date) could be confirmed by trying candidates.
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
import os
import secrets
from collections.abc import Callable
from typing import Any

from attrs import frozen

# What json.dumps uses to write a string with ensure_ascii=False.
_quote = json.encoder.encode_basestring

KINDS = ("agency", "officer", "case", "record")
"""The kinds of entry: a version of an agency, an officer or a case document, or a record entry."""

KIND_NAMES = {
    "agency": "agency version",
    "officer": "officer version",
    "case": "case version",
    "record": "record entry",
}


def _json_dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _make_canonical() -> Callable[[Any], str]:
    # json.dumps with keyword arguments builds a JSONEncoder, and the encoder
    # its C iterator, on every call: import calls this once per entry, so build
    # the C encoder once. Its output is json.dumps' (tests check it); without
    # the C accelerator, fall back to json.dumps itself.
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return _json_dumps
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # (markers, default, encoder, indent, key separator, item separator,
    # sort_keys, skipkeys, allow_nan); markers=None skips the circularity check,
    # which only matters for data that cannot be JSON anyway.
    iterencode = make(None, encoder.default, _quote, None, ":", ",", True, False, True)
    join = "".join

    def canonical(data: Any) -> str:
        if isinstance(data, str):
            return _quote(data)
        return join(iterencode(data, 0))

    return canonical


canonical: Callable[[Any], str] = _make_canonical()
"""The canonical JSON text of JSON-compatible ``data``.

Keys sorted, no insignificant whitespace, non-ASCII characters kept as they
are (not ``\\u`` escapes), ``null`` values kept: ``json.dumps(data,
ensure_ascii=False, sort_keys=True, separators=(",", ":"))``.
"""


_pool = bytearray()
_hex = ""  # random hex for new_salts, drawn a few kilobytes at a time
_hex_at = 0


def _forget_pools() -> None:
    # A forked child must not hand out the salts its parent will also hand out.
    global _pool, _hex, _hex_at
    _pool, _hex, _hex_at = bytearray(), "", 0


os.register_at_fork(after_in_child=_forget_pools)


def new_salts(n: int) -> list[str]:
    """``n`` salts as :func:`new_salt` gives them (from a pool drawn 2 KB or more at a time)."""
    global _hex, _hex_at
    need = 32 * n
    if _hex_at + need > len(_hex):
        _hex, _hex_at = secrets.token_hex(max(16 * n, 2048)), 0
    start = _hex_at
    _hex_at += need
    return [_hex[i : i + 32] for i in range(start, start + need, 32)]


def new_salt() -> str:
    """16 random bytes as hex, from :mod:`secrets` (drawn a few kilobytes at a time)."""
    global _pool
    if len(_pool) < 16:
        _pool = bytearray(secrets.token_bytes(4096))
    salt = _pool[-16:]
    del _pool[-16:]
    return salt.hex()


def entry_head(
    kind: str,
    subject: str,
    *,
    salt: str,
    seq: int | None = None,
    entry_id: str | None = None,
) -> str:
    """The canonical head of an entry (see the module docstring)."""
    # Written out by hand, keys in sorted order, because it runs once per entry
    # on import; tests check it equals canonical() of the same object.
    quote = _quote
    if seq is None:
        return f'{{"kind":{quote(kind)},"salt":{quote(salt)},"subject":{quote(subject)}}}'
    entry = "null" if entry_id is None else quote(entry_id)
    return (
        f'{{"entry":{entry},"kind":{quote(kind)},"salt":{quote(salt)},'
        f'"seq":{int(seq)},"subject":{quote(subject)}}}'
    )


def entry_bytes(head: str | bytes, doc: str | bytes) -> bytes:
    """The bytes the leaf hash covers: ``head || "\\n" || doc``."""
    h = head.encode() if isinstance(head, str) else head
    d = doc.encode() if isinstance(doc, str) else doc
    return h + b"\n" + d


def leaf_of(head: str | bytes, doc: str | bytes) -> bytes:
    """``SHA-256(0x00 || head || "\\n" || doc)``."""
    h = head.encode() if isinstance(head, str) else head
    d = doc.encode() if isinstance(doc, str) else doc
    return hashlib.sha256(b"\x00" + h + b"\n" + d).digest()


@frozen(kw_only=True)
class LogEntry:
    """One entry of an agency's log, as stored."""

    agency_id: str
    """The agency whose log holds the entry."""
    index: int
    """Its position in the log, from 0 (the leaf index)."""
    kind: str
    """``agency``, ``officer``, ``case`` (a version of the case document) or ``record``."""
    subject: str
    """The id of the agency, officer or case the entry is about."""
    seq: int | None
    """For a record entry, its place in the case's record, from 1."""
    doc: str
    """The canonical JSON of the object (a case document has no records)."""
    leaf: bytes
    """The leaf hash as stored."""

    def describe(self) -> str:
        """``case XC-1, record entry 3`` and the like, to name the entry in messages."""
        if self.kind == "record":
            return f"case {self.subject}, record entry {self.seq}"
        return f"{self.kind} {self.subject}, {KIND_NAMES.get(self.kind, self.kind)}"
