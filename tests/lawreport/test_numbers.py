"""Numbers as a clerk types them: Arabic, full width, Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enforcement.lawreport import read_number
from enforcement.numerals import capital_integer


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", 12),
        ("１２", 12),
        ("1,200", 1200),
        ("１，２００", 1200),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("两千三百", 2300),
        ("一万零五", 10005),
        ("三万五千", 35000),
        ("二〇二〇", 2020),
        ("壹佰", 100),
        ("3.5万", 35000),
        ("80.37万", 803700),
    ],
)
def test_a_typed_number_reads_as_its_value(typed: str, value: int) -> None:
    assert read_number(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "件", "1.2.3"])
def test_what_is_not_a_number_is_a_value_error(typed: str) -> None:
    with pytest.raises(ValueError, match=r"number|numeral"):
        read_number(typed)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_capital_numerals_read_back_as_their_value(n: int) -> None:
    # The capital numerals of amounts (壹拾万零伍佰) are a form a clerk may type too.
    assert read_number(capital_integer(n)) == Decimal(n)


@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_digits_read_as_their_ascii_value(n: int) -> None:
    full = "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    assert read_number(full) == Decimal(n)
