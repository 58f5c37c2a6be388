from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enforcement.errors import FieldError
from enforcement.numerals import capital_amount, capital_integer, figure_amount


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("5000", "人民币伍仟元整"),
        ("5000.00", "人民币伍仟元整"),
        ("100500", "人民币壹拾万零伍佰元整"),
        ("1680.32", "人民币壹仟陆佰捌拾元叁角贰分"),
        ("1010", "人民币壹仟零壹拾元整"),
        ("10.07", "人民币壹拾元零柒分"),
        ("0.50", "人民币伍角"),
        ("0", "人民币零元整"),
        ("100000000", "人民币壹亿元整"),
        ("1000001", "人民币壹佰万零壹元整"),
    ],
)
def test_capital_amount_follows_the_banking_conventions(amount: str, text: str) -> None:
    assert capital_amount(Decimal(amount)) == text


@pytest.mark.parametrize("bad", ["-1", "1.005", "NaN"])
def test_capital_amount_refuses_what_cannot_be_written_and_names_the_field(bad: str) -> None:
    with pytest.raises(FieldError, match="amount"):
        capital_amount(Decimal(bad))


def test_figures_have_separators_and_two_decimals() -> None:
    assert figure_amount(Decimal("50000")) == "50,000.00"


_DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}


def _parse(text: str) -> int:
    """An independent reader of capital integers, to round-trip the writer."""
    total, section, number = 0, 0, 0
    units = {"拾": 10, "佰": 100, "仟": 1000}
    for c in text:
        if c in _DIGITS:
            number = _DIGITS[c]
        elif c in units:
            section += number * units[c]
            number = 0
        elif c == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif c == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
    return total + section + number


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_capital_integers_read_back_to_the_same_number(n: int) -> None:
    text = capital_integer(n)
    assert _parse(text) == n
    assert "零零" not in text
