"""One normalised view of a text, with a map back to the original (STYLE: normalise once).

Redaction never matches on the text as typed: a careless clerk or a hostile
source writes the same ID number with spaces, full-width digits or a zero-width
space inside. :func:`normalise` folds a text once into its *compact view*:

- NFKC (full-width digits and letters become ASCII, compatibility forms fold);
- a number spelled in Chinese digits, seven or more in a row (一三八一二三四五六七八),
  becomes digits;
- letters upper-cased (``x`` and ``X`` in an ID number are the same);
- removed: format characters (category ``Cf``: zero-width spaces and joiners,
  bidirectional controls, the BOM, the soft hyphen), other invisible fillers,
  control characters (NUL, ESC...), every kind of space and line break,
  hyphens and dashes (but an en or em dash or a tilde with a space beside it
  separates a range and stays, as ``~``), and the dots people put inside names (``·•・‧``, and
  ``.`` between two Chinese characters).

Every character of the compact view remembers the offset of the original
character it came from, so that a span found in the view is masked in the
original text, including whatever was removed inside it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from attrs import frozen

# Invisible characters that are not category Cf but render as nothing.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0")
_VARIATION = range(0xFE00, 0xFE10)

DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d_")
"""Hyphens, dashes and minus signs: ignored between the digits of a number."""

_RANGE_DASHES = frozenset("\u2013\u2014\u2015~\uff5e\u301c")

NAME_DOTS = frozenset("·•・‧･∙⋅\u00b7\u2022\u2027\u30fb\uff65\u2219\u22c5\u0387\u16eb\u2e31")
"""The middle dots of minority and foreign names (阿不都热合曼·买买提), all variants."""


def is_format_character(char: str) -> bool:
    """Whether ``char`` is an invisible format character (zero-width, bidi, BOM, filler)."""
    return unicodedata.category(char) == "Cf" or char in _INVISIBLE or ord(char) in _VARIATION


def is_control_character(char: str) -> bool:
    """A C0 or C1 control character or a lone surrogate (never in published text)."""
    cat = unicodedata.category(char)
    return cat == "Cc" or cat == "Cs"


def is_cjk(char: str) -> bool:
    """A Chinese character (the unified ideographs and their extensions)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
    )


def _ignored(char: str) -> bool:
    return (
        is_format_character(char)
        or is_control_character(char)
        or char.isspace()
        or unicodedata.category(char) in ("Zs", "Zl", "Zp")
        or char in DASHES
        or char in NAME_DOTS
    )


@frozen
class Normalised:
    """The compact view of ``original`` and, per view character, its original offset."""

    original: str
    compact: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the compact view's ``[start, end)``."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Every (overlapping) occurrence of ``needle`` in the compact view."""
        found: list[tuple[int, int]] = []
        if not needle:
            return found
        at = self.compact.find(needle)
        while at >= 0:
            found.append((at, at + len(needle)))
            at = self.compact.find(needle, at + 1)
        return found


def fold(text: str) -> str:
    """The compact view of ``text`` alone (for values to look for)."""
    return normalise(text).compact


CACHED_LENGTH = 4096
"""Texts up to this length are folded once per process (labels and fixed texts repeat)."""


def normalise(text: str) -> Normalised:
    """Fold ``text`` once into its compact view with an offset map (see the module).

    Texts up to :data:`CACHED_LENGTH` characters are cached: a notice's labels
    and fixed texts repeat in every notice.
    """
    return _cached(text) if len(text) <= CACHED_LENGTH else _fold(text)


@lru_cache(maxsize=8192)
def _cached(text: str) -> Normalised:
    return _fold(text)


_CHINESE_DIGITS = {
    "〇": "0",
    "零": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
    "幺": "1",
}
_CHINESE_NUMBER = re.compile("[〇零一二三四五六七八九幺]{7,}")


def _fold(text: str) -> Normalised:
    chars: list[str] = []
    offsets: list[int] = []
    n = len(text)
    # 一三八一二三四五六七八: a number spelled digit by digit (no 十 or 百) is a number.
    spelled: set[int] = set()
    for match in _CHINESE_NUMBER.finditer(text):
        spelled.update(range(match.start(), match.end()))
    for index, char in enumerate(text):
        if index in spelled:
            chars.append(_CHINESE_DIGITS[char])
            offsets.append(index)
            continue
        if "\u4e00" <= char <= "\u9fff" or (char.isascii() and char.isdigit()):
            chars.append(char)
            offsets.append(index)
            continue
        if char.isascii() and char.isalnum():
            chars.append(char.upper())
            offsets.append(index)
            continue
        if char in _RANGE_DASHES and (
            text[index - 1 : index].isspace() or text[index + 1 : index + 2].isspace()
        ):
            # "2019-01-01 – 2024-12-31": a spaced dash separates a range, not digits.
            chars.append("~")
            offsets.append(index)
            continue
        if _ignored(char):
            continue
        folded = unicodedata.normalize("NFKC", char)
        if char == "." or folded == ".":
            # A dot between two Chinese characters is a name's middle dot.
            before = chars[-1] if chars else ""
            after = next((c for c in text[index + 1 : n] if not _ignored(c)), "")
            if before and is_cjk(before) and after and is_cjk(after):
                continue
        for part in folded:
            if _ignored(part):
                continue
            chars.append(part.upper())
            offsets.append(index)
    return Normalised(text, "".join(chars), tuple(offsets))


@lru_cache(maxsize=1)
def _hidden_class() -> re.Pattern[str]:
    chars = [
        chr(c)
        for c in range(0x10000)
        if chr(c) not in "\t\n\r" and (is_format_character(chr(c)) or is_control_character(chr(c)))
    ]
    astral = "\U000110bd\U000110cd\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
    escaped = "".join(re.escape(c) for c in chars)
    return re.compile(f"[{escaped}{astral}]")


def strip_format_characters(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without format and control characters, and each removal (offset, character).

    Tabs and line breaks are kept: they are layout, not hidden content.
    """
    if _hidden_class().search(text) is None:
        return text, []
    removed: list[tuple[int, str]] = []
    out: list[str] = []
    for index, char in enumerate(text):
        if char in "\t\n\r":
            out.append(char)
        elif is_format_character(char) or is_control_character(char):
            removed.append((index, char))
        else:
            out.append(char)
    return "".join(out), removed
