"""Numbers as a clerk types them: Arabic, full width, Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest

from enforcement.lawreport import read_number


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
