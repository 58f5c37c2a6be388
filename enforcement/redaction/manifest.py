"""The redaction manifest (what was masked, where, never what it was) and the allow-list."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

from attrs import frozen

from enforcement._files import read_limited
from enforcement.errors import NoticeError
from enforcement.redaction.folding import fold


def span_digest(text: str) -> str:
    """The SHA-256 (lower-case hex) of ``text`` in UTF-8: how the manifest names a span."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@frozen(kw_only=True)
class ManifestEntry:
    """One masked (or allowed, or removed) span of one published field.

    ``offset`` and ``length`` count characters of the field's text before
    redaction; ``sha256`` is the digest of that original span. The original
    text itself is never recorded. ``allowed`` marks a span published because
    the caller's reviewed allow-list said so.
    """

    rule: str
    field: str
    offset: int
    length: int
    sha256: str
    allowed: bool = False

    def to_data(self) -> dict[str, str | int | bool]:
        """The entry as JSON-compatible data."""
        data: dict[str, str | int | bool] = {
            "rule": self.rule,
            "field": self.field,
            "offset": self.offset,
            "length": self.length,
            "sha256": self.sha256,
        }
        if self.allowed:
            data["allowed"] = True
        return data


@frozen
class RedactionManifest:
    """Every span masked, removed or allowed in one published document."""

    entries: tuple[ManifestEntry, ...] = ()
    allow_list: str | None = None
    """The allow-list file (or name) the caller passed, when one was used."""

    def count(self, rule: str | None = None, field: str | None = None) -> int:
        """How many masked or removed spans match ``rule`` and ``field`` (``None``: any).

        Allowed spans are not counted: they were published.
        """
        return sum(
            1
            for e in self.entries
            if not e.allowed
            and (rule is None or e.rule == rule)
            and (field is None or e.field == field)
        )

    def allowed(self) -> tuple[ManifestEntry, ...]:
        """The spans published because the allow-list said so."""
        return tuple(e for e in self.entries if e.allowed)

    def to_data(self) -> list[dict[str, str | int | bool]]:
        """The manifest as JSON-compatible data, one object per span."""
        return [e.to_data() for e in self.entries]

    def merged(self, entries: Iterable[ManifestEntry]) -> RedactionManifest:
        """This manifest with ``entries`` added."""
        return RedactionManifest((*self.entries, *entries), self.allow_list)


@frozen
class AllowEntry:
    """One reviewed exception: text that a detector flags but that may be published."""

    rule: str
    text: str
    """The folded (normalised) text; ``rule`` is a detector's rule id or ``*``."""


@frozen
class AllowList:
    """An explicit, reviewed allow-list (``--allow FILE``).

    The file is UTF-8 text, one entry per line: a rule id (or ``*`` for any
    detector), whitespace, and the exact text that may be published. Blank
    lines and lines starting with ``#`` are comments; say there who reviewed
    the entry and why. Texts are compared in normalised form. An allow-list
    never lets through a value the case records for a natural person (their
    name, ID number, phone, address, bank account): it only overrides the
    detectors of what is not on record.
    """

    entries: tuple[AllowEntry, ...] = ()
    source: str = "allow-list"

    def allows(self, rule: str, folded_text: str) -> bool:
        """Whether the span ``folded_text`` found by ``rule`` may be published."""
        return any(
            e.text == folded_text and (e.rule == "*" or e.rule == rule) for e in self.entries
        )

    @classmethod
    def parse(cls, text: str, source: str = "allow-list") -> AllowList:
        """An allow-list from its text; :class:`~enforcement.errors.NoticeError` names a bad line."""
        entries = []
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            parts = stripped.split(None, 1)
            if len(parts) != 2 or not fold(parts[1]):
                raise NoticeError(
                    f"{source}:{number}",
                    "expected a rule id (or *), whitespace and the text to allow",
                )
            entries.append(AllowEntry(parts[0], fold(parts[1])))
        return cls(tuple(entries), source)

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> AllowList:
        """An allow-list from a file (see the class for its format)."""
        name = os.fspath(path)
        try:
            text = read_limited(path, MAX_ALLOW_LIST_BYTES).decode("utf-8")
        except (OSError, ValueError) as exc:  # unreadable, too large, or not UTF-8
            raise NoticeError(name, f"unreadable allow-list: {exc}") from None
        return cls.parse(text, name)


MAX_ALLOW_LIST_BYTES = 1 << 20
"""The largest allow-list read (1 MiB): a reviewed list is a few lines."""

NO_ALLOW_LIST = AllowList()
