"""Reading the numbers a clerk types: ``12``, ``１２`` (full width), ``十二``, ``一百零五``,
``1,200``, ``3.5万``.

Used by the contradiction check (:mod:`enforcement.lawreport.contradictions`):
a figure typed in any of these forms is compared with the records.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９，．　",
    "0123456789,. ",
)
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}

CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)
"""The characters of a Chinese numeral below 万 (the patterns match runs of these)."""


def normalize_width(text: str) -> str:
    """``text`` with full-width digits, comma, point and space as ASCII, character for
    character (so positions in the result are positions in ``text``)."""
    return text.translate(_FULL_WIDTH)


def _below_wan(text: str) -> int:
    """A Chinese numeral below 10,000: 十二, 一百零五, 三千二百, 二〇二〇 (digit by digit)."""
    if all(c in _DIGITS for c in text):
        # 二〇二〇: written digit by digit, as years are.
        value = 0
        for c in text:
            value = value * 10 + _DIGITS[c]
        return value
    total = 0
    digit: int | None = None
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _UNITS:
            # 十二: a unit with no digit before it means one of it.
            total += (1 if digit is None else digit) * _UNITS[c]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def chinese_integer(text: str) -> int:
    """The value of a Chinese numeral (up to 亿): ``十二`` → 12, ``一万零五`` → 10005."""
    if not text:
        raise ValueError("empty numeral")
    total = 0
    rest = text
    for big in ("亿", "万"):
        if big in rest:
            head, rest = rest.split(big, 1)
            total += (_below_wan(head) if head else 1) * _BIG[big]
    if rest:
        total += _below_wan(rest)
    return total


def read_number(text: str) -> Decimal:
    """The value of a typed number: Arabic (half or full width, with thousands commas and a
    point) or Chinese, followed by an optional 万 or 亿 (``3.5万`` → 35000).

    Raises :class:`ValueError` when ``text`` is not a number.
    """
    text = normalize_width(text).strip().replace(",", "")
    if not text:
        raise ValueError("empty number")
    scale = 1
    if text[-1] in _BIG and len(text) > 1 and (text[-2].isdigit() or text[-2] == "."):
        scale = _BIG[text[-1]]
        text = text[:-1]
    if text[0].isdigit():
        try:
            return Decimal(text) * scale
        except InvalidOperation:
            raise ValueError(f"not a number: {text!r}") from None
    return Decimal(chinese_integer(text)) * scale


__all__ = ["CHINESE_NUMERAL_CHARS", "chinese_integer", "normalize_width", "read_number"]
