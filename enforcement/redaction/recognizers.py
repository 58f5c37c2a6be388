"""Recognizers: small named detectors of personal data, each with a rule id and a score.

After Microsoft Presidio, detection and masking are separate. A
:class:`Recognizer` looks at the compact view of a text
(:mod:`enforcement.redaction.folding`) and returns :class:`Span` objects:
which rule found what kind of data where, and how sure it is. The masker
(:mod:`enforcement.redaction.engine`) masks every span at or above
:data:`MASK_SCORE` and the residual scan refuses publication when any span
survives, including those below it (an uncertain match is a reason to stop,
not to guess).

:data:`DETECTORS` is the one list of built-in detectors of what is not on
record; plugins extend it through the ``enforcement_redaction_rules`` hook.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from attrs import frozen

from enforcement.identifiers import is_valid_id_number
from enforcement.redaction.folding import Normalised
from enforcement.redaction.masks import (
    MASK,
    mask_account,
    mask_id_number,
    mask_name,
    mask_phone,
)

MASK_SCORE = 0.5
"""Spans scored at or above this are masked; below it they are uncertain and refuse publication."""


@frozen
class Span:
    """A piece of personal data found in a compact view (``start``/``end`` index the view).

    ``kind`` says how it is masked (``name``, ``given_name``, ``id_number``,
    ``phone``, ``address``, ``bank_account``, ``email``, ``licence_plate``,
    ``number``); ``known`` is true for a value the case records for a natural
    person (never allowed, never suppressed by a public name).
    """

    rule: str
    kind: str
    start: int
    end: int
    score: float
    known: bool = False
    replacement: str | None = None
    reason: str = ""


@frozen
class Recognizer:
    """A named detector: ``rule`` (its id in manifests and refusals), ``finds`` (what it
    finds, in words), ``score`` (how sure a match is) and ``detect`` (the function)."""

    rule: str
    finds: str
    score: float
    detect: Callable[[Normalised], Iterable[Span]]


def mask_for(kind: str, value: str) -> str:
    """The published form of ``value`` (compact view text) of a given ``kind``."""
    if kind == "name":
        return mask_name(value)
    if kind == "given_name":
        return "某某"
    if kind == "id_number":
        return mask_id_number(value)
    if kind == "phone":
        return mask_phone(value)
    if kind == "bank_account":
        return mask_account(value)
    if kind == "email":
        return "***@***"
    if kind == "licence_plate":
        return value[:2] + MASK * max(len(value) - 2, 0)
    return MASK * 3


def _regex(
    rule: str,
    finds: str,
    kind: str,
    score: float,
    pattern: str,
    check: Callable[[str], float | None] | None = None,
    group: int = 0,
) -> Recognizer:
    compiled = re.compile(pattern)

    def detect(view: Normalised) -> Iterable[Span]:
        for match in compiled.finditer(view.compact):
            value = match.group(group)
            sure = score if check is None else check(value)
            if sure is None:
                continue
            yield Span(rule, kind, match.start(group), match.end(group), sure)

    return Recognizer(rule, finds, score, detect)


def _id_score(value: str) -> float:
    # A valid check digit is certain; a wrong one is still an ID number mistyped.
    return 1.0 if len(value) == 18 and is_valid_id_number(value) else 0.9


def luhn_ok(digits: str) -> bool:
    """Whether ``digits`` pass the Luhn check (bank card numbers)."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card_score(value: str) -> float | None:
    return 0.9 if luhn_ok(value) else None


_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

ID_LIKE = _regex(
    "id_number_like",
    "15- and 18-digit ID-like numbers, whatever their check digit",
    "id_number",
    0.9,
    r"(?<![0-9])(?:\d{17}[0-9X]|\d{15})(?![0-9])",
    _id_score,
)
MOBILE = _regex(
    "mobile_number",
    "mobile numbers (11 digits from 13-19, optionally +86), in any spacing",
    "phone",
    0.95,
    r"(?<![0-9])(?:\+?86)?1[3-9]\d{9}(?![0-9])",
)
LANDLINE = _regex(
    "landline_number",
    "landline numbers with an area code (010-12345678, (0571)8888888), in any spacing",
    "phone",
    0.9,
    r"(?<![0-9])(?:\(0\d{2,3}\)|0\d{2,3})[1-9]\d{6,7}(?![0-9])",
)
LOCAL_PHONE = _regex(
    "local_phone_number",
    "7- and 8-digit numbers after a word for telephone (电话, 手机, 座机, 联系方式...)",
    "phone",
    0.8,
    r"(?:电话|手机|座机|联系方式|联系号码|号码|TEL|PHONE)(?:号码)?[:：为是]?(\d{7,8})(?![0-9])",
    group=1,
)
BANK_CARD = _regex(
    "bank_card",
    "bank card numbers: 16 to 19 digits passing the Luhn check",
    "bank_account",
    0.9,
    r"(?<![0-9])\d{16,19}(?![0-9])",
    _card_score,
)
EMAIL = _regex(
    "email",
    "e-mail addresses",
    "email",
    0.95,
    # Bounded parts (RFC 5321 limits), so that a hostile text cannot make it backtrack.
    r"(?<![A-Z0-9._%+])[A-Z0-9][A-Z0-9._%+]{0,63}@[A-Z0-9]{1,63}(?:\.[A-Z0-9]{1,63}){0,8}\.[A-Z]{2,24}(?![A-Z])",
)
LICENCE_PLATE = _regex(
    "licence_plate",
    "motor-vehicle licence plates (津A12345, 京AD12345): a vehicle identifies its keeper",
    "licence_plate",
    0.9,
    rf"[{_PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{{4}}[A-HJ-NP-Z0-9挂学警港澳]{{1,2}}(?![A-Z0-9])",
)
LONG_NUMBER = _regex(
    "long_number",
    "other numbers of 12 or more digits: maybe an ID, card or account number (uncertain)",
    "number",
    0.3,
    r"(?<![0-9])\d{12,}(?![0-9])",
)
PHONE_LIKE = _regex(
    "phone_like",
    "10- or 12-digit numbers starting with 1: maybe a mistyped mobile number (uncertain)",
    "phone",
    0.3,
    r"(?<![0-9])1[3-9](?:\d{8}|\d{10})(?![0-9])",
)


def _pattern_detectors() -> list[Recognizer]:
    return [
        ID_LIKE,
        MOBILE,
        LANDLINE,
        LOCAL_PHONE,
        BANK_CARD,
        EMAIL,
        LICENCE_PLATE,
        LONG_NUMBER,
        PHONE_LIKE,
    ]


@frozen
class RedactionRule:
    """An extra rule for free text: every match of ``pattern`` is replaced.

    The pattern runs on the compact view (see :mod:`enforcement.redaction.folding`:
    upper-case, no spaces, hyphens or format characters); ``replacement`` is a
    string (``re.sub`` syntax) or a function of the match. ``name`` is the rule
    id the manifest records. Plugins return these (or :class:`Recognizer`
    objects) from ``enforcement_redaction_rules``.
    """

    name: str
    pattern: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]

    def recognizer(self) -> Recognizer:
        """This rule as a recognizer whose matches are certain."""
        pattern, replacement = self.pattern, self.replacement

        def detect(view: Normalised) -> Iterable[Span]:
            for match in pattern.finditer(view.compact):
                if match.end() == match.start():
                    continue
                text = replacement(match) if callable(replacement) else match.expand(replacement)
                yield Span(self.name, "rule", match.start(), match.end(), 1.0, replacement=text)

        return Recognizer(self.name, f"plugin rule {self.name}", 1.0, detect)
