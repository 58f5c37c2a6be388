"""Stored JSON documents read back, by the standard library's rules.

The log holds every document as the canonical JSON the store wrote. Read back,
a document that is not JSON any more (edited behind the store's back: cut
short, not UTF-8, nested deeper than a parser can follow) is a
:class:`~enforcement.errors.ChainIntegrityError` that points at ``enforcement
db verify``, never a decoder's traceback; ``verify`` itself reads documents
with :func:`parse` and names the entry. The two quick paths that read with
orjson instead (a case in ``Store.cases``, a case row in verify's quick pass)
only ever refuse more, and leave what they refuse to these functions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from enforcement.converter import structure
from enforcement.errors import ChainIntegrityError

T = TypeVar("T")

_DECODER: Any = json.JSONDecoder()  # its scan_once (the C scanner) is not in the stubs
_scan_json: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once


def _loads(text: str) -> Any:
    """``json.loads(text)``, without its Python layers for a document with nothing around it.

    The decoder's scanner (what ``json.loads`` runs) reads the value; anything else
    (whitespace around it, an error, extra data) is left to ``json.loads`` itself, so
    the result and the errors are its own.
    """
    try:
        value, end = _scan_json(text, 0)
    except Exception:
        return json.loads(text)
    if end != len(text):
        return json.loads(text)
    return value


def text(value: str | bytes | memoryview) -> str:
    """A stored document as text: stored bytes are decoded strictly (bad UTF-8 is a ValueError)."""
    return value if isinstance(value, str) else bytes(value).decode()


def parse(value: str | bytes | memoryview) -> Any:
    """The JSON value of a stored document, read as ``json.loads`` reads it.

    Raises ``ValueError`` for bytes that are not UTF-8 and for anything that is
    not JSON, including nesting too deep to follow (which the stdlib parser
    would report as a ``RecursionError``).
    """
    try:
        return _loads(text(value))
    except RecursionError:
        raise ValueError("nested too deeply to read") from None


def read(value: str | bytes | memoryview, what: str = "document") -> Any:
    """:func:`parse`, whose ``ValueError`` becomes a :class:`ChainIntegrityError`."""
    try:
        return parse(value)
    except ValueError as exc:
        raise ChainIntegrityError(
            f"a stored {what} is not valid JSON ({exc}): the store was changed behind the"
            " library's back; run `enforcement db verify` (with your latest checkpoint) to"
            " find which entry"
        ) from None


def build(value: str | bytes | memoryview, cls: type[T]) -> T:
    """The model of class ``cls`` that a stored document holds (see :func:`read`)."""
    what = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls.__name__).lower()  # RecordEntry: record entry
    return structure(read(value, what), cls)


def seq_of(head: str | bytes) -> int | None:
    """The place in its case that a log entry's head gives (``None`` for a version)."""
    data = read(head, "log entry head")
    seq = data.get("seq") if isinstance(data, dict) else None
    return seq if type(seq) is int else None
