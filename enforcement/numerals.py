"""Money in capital Chinese numerals (大写金额), as written on official documents.

Amounts follow the conventions of 《支付结算办法》 (the banking rules every
agency copies): ``人民币伍仟元整``, ``人民币壹拾万零伍佰元整``,
``人民币壹仟陆佰捌拾元叁角贰分``. A run of zeros inside the number is written
as one 零; a ten at the start of a group keeps its 壹 (壹拾).

>>> from decimal import Decimal
>>> capital_amount(Decimal("5000"))
'人民币伍仟元整'
>>> capital_amount(Decimal("100500.00"))
'人民币壹拾万零伍佰元整'
>>> capital_amount(Decimal("0.50"))
'人民币伍角'
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from enforcement.errors import FieldError

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")
_CENT = Decimal("0.01")


def _group(value: int) -> str:
    """Capital numerals for 1..9999 (a four-digit group), zeros inside collapsed to one 零."""
    out: list[str] = []
    zero = False
    for position in range(3, -1, -1):
        digit = value // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[digit] + _SMALL_UNITS[position])
    return "".join(out)


def capital_integer(value: int) -> str:
    """A non-negative whole number in capital numerals (``10`` is ``壹拾``, ``0`` is ``零``)."""
    if value < 0:
        raise FieldError("amount", f"must not be negative, got {value}")
    if value == 0:
        return "零"
    groups: list[int] = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    if len(groups) > len(_GROUP_UNITS):
        raise FieldError("amount", "too large to write in capital numerals")
    out: list[str] = []
    gap = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out.append("零")
        out.append(_group(group) + _GROUP_UNITS[index])
        gap = False
    return "".join(out)


def capital_amount(amount: Decimal, *, currency: str = "人民币") -> str:
    """``amount`` yuan written in capital numerals, e.g. ``人民币伍仟元整``.

    The amount must be non-negative with at most two decimal places (分);
    anything else raises :class:`~enforcement.errors.FieldError` naming
    ``amount``. ``currency`` is the prefix (``""`` for none).
    """
    try:
        cents_exact = amount.quantize(_CENT)
    except InvalidOperation:
        raise FieldError("amount", f"not a finite amount: {amount}") from None
    if not amount.is_finite():
        raise FieldError("amount", f"not a finite amount: {amount}")
    if cents_exact != amount:
        raise FieldError("amount", f"{amount} has more than two decimal places (分)")
    if amount < 0:
        raise FieldError("amount", f"must not be negative, got {amount}")
    cents = int(cents_exact * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return f"{currency}零元整"
    text = ""
    if yuan:
        text = capital_integer(yuan) + "元"
    if jiao == 0 and fen == 0:
        return f"{currency}{text}整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return currency + text


def figure_amount(amount: Decimal) -> str:
    """``amount`` in figures with thousands separators and two decimals: ``5,000.00``."""
    return f"{amount.quantize(_CENT):,.2f}"


__all__ = ["capital_amount", "capital_integer", "figure_amount"]
