"""Turning one spreadsheet cell into an interchange-format value, and back.

This is where the spreadsheet traps are handled: dates typed as dates, as text
or as serial numbers; identifiers that the spreadsheet turned into numbers;
amounts that lost their trailing zeros; full-width digits and stray spaces.
Whatever cannot be recovered exactly is refused with a :class:`CellValueError`
that says why, in Chinese and in English; nothing is guessed silently.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from enforcement.identifiers import credit_code_problem, id_number_problem
from enforcement.workbook.labels import enum_label, enum_lookup
from enforcement.workbook.layout import LIST_SEPARATOR, Column

TZ = ZoneInfo("Asia/Shanghai")
"""Spreadsheet datetimes carry no offset; they are read as Beijing time."""

_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 1, 2958465  # 1900-01-01 .. 9999-12-31
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+\Z")
_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})\Z"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})\Z"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?\Z"),
    re.compile(r"(\d{4})(\d{2})(\d{2})\Z"),
)
_DATETIME_TEXT = re.compile(
    r"(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)[ T]*"
    r"(?P<h>\d{1,2})[:时](?P<m>\d{1,2})(?:[:分](?P<s>\d{1,2})(?:\.(?P<f>\d{1,6}))?秒?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?\Z"
)
_TRUE = frozenset({"是", "true", "yes", "y", "1", "√", "✓"})
_FALSE = frozenset({"否", "false", "no", "n", "0", "×", "✗"})
_MAX_EXACT_FLOAT = 10**15  # a spreadsheet keeps 15 significant digits
_INTERN_UP_TO = 40


class CellValueError(ValueError):
    """A cell's value cannot be read as its column's kind; ``zh`` and ``en`` say why."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(en)


class NeedsExactValue(CellValueError):
    """A number too long for a float in an identifier column: only the file's own digits will do."""


def is_blank(value: Any) -> bool:
    """Whether a cell is empty or holds only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def normalise(text: str) -> str:
    """Full-width letters, digits and spaces to ASCII (NFKC), outer spaces removed."""
    return unicodedata.normalize("NFKC", text).strip()


def read_cell(column: Column, value: Any) -> Any:
    """The interchange value of a non-blank cell of ``column``.

    Raises :class:`CellValueError` when the value cannot be read exactly.
    """
    return cell_reader(column)(value)


def cell_reader(column: Column) -> Callable[[Any], Any]:
    """The function reading the non-blank cells of ``column`` (see :func:`read_cell`)."""
    kind = column.kind
    if kind == "text":
        if column.is_code:
            return lambda value: _text(column, value)

        def text(value: Any) -> Any:
            if type(value) is str:
                value = value.strip()
                # Short texts repeat (ids, domains, places); keep one copy of each.
                return sys.intern(value) if len(value) <= _INTERN_UP_TO else value
            return _text(column, value)

        return text
    if kind == "date":
        return lambda value: read_date(value).isoformat()
    if kind == "datetime":
        return lambda value: _datetime(value).isoformat()
    if kind == "decimal":
        return _decimal
    if kind == "int":
        return _int
    if kind == "bool":
        return _bool
    if kind == "enum":
        enum = column.enum
        assert enum is not None
        lookup = enum_lookup(enum)

        def member(value: Any) -> Any:
            found = lookup.get(value) if type(value) is str else None
            return str(found.value) if found is not None else _enum(enum, value)

        return member
    return lambda value: _list(column, value)


def _text(column: Column, value: Any) -> str:
    if isinstance(value, bool):
        raise CellValueError("应为文字，实为逻辑值", "expected text, got a boolean")
    if isinstance(value, int | float):
        return _number_as_text(column, value)
    if isinstance(value, datetime | date | time):
        raise CellValueError(
            "应为文字，实为日期（请将单元格设为文本格式后重新输入）",
            "expected text, got a date (format the cell as text and type it again)",
        )
    text = str(value)
    if column.is_code:
        code = re.sub(r"\s+", "", normalise(text))
        if _SCIENTIFIC.match(code):
            raise CellValueError(
                f"{code} 是科学计数法，数字已丢失；请将单元格设为文本格式后重新输入完整号码",
                f"{code} is in scientific notation and has lost digits; format the cell as "
                "text and type the full number again",
            )
        return code
    return text.strip()


def _number_as_text(column: Column, value: float) -> str:
    """A number in a text column: exact digits are kept, lost digits are refused."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellValueError(f"无法读取的数值 {value}", f"unreadable number {value}")
        if value != int(value) or abs(value) >= _MAX_EXACT_FLOAT:
            error = NeedsExactValue if value == int(value) and column.is_code else CellValueError
            raise error(
                f"号码被表格软件存为数值 {value:.15g}，数字已丢失；请将单元格设为文本格式后重新输入",
                f"the spreadsheet stored this as the number {value:.15g} and lost digits; "
                "format the cell as text and type it again",
            )
        value = int(value)
    digits = str(value)
    if column.is_code and len(digits) > 15:
        # Digits beyond the 15th are exact only if the file stored them as an integer
        # (another program wrote it); a trailing 000 is what a spreadsheet leaves.
        check = {"id_number": id_number_problem, "credit_code": credit_code_problem}.get(
            column.path[-1]
        )
        truncated = digits[15:].strip("0") == ""
        if truncated or (check is not None and check(digits) is not None):
            raise CellValueError(
                f"号码被表格软件存为数值 {digits}，可能已丢失末尾数字；请将单元格设为文本格式后重新输入",
                f"the spreadsheet stored this as the number {digits} and may have lost its "
                "last digits; format the cell as text and type it again",
            )
    return digits


def read_date(value: Any) -> date:
    """A date typed as a date, as text (2020-03-04, 2020/3/4, 2020年3月4日) or as a serial number."""
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellValueError(
                f"应为日期，实为日期时间 {value:%Y-%m-%d %H:%M}",
                f"expected a date, got the date and time {value:%Y-%m-%d %H:%M}",
            )
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellValueError("应为日期，实为逻辑值", "expected a date, got a boolean")
    if isinstance(value, int | float):
        return _serial_date(value)
    # "2020-03-04 00:00:00" is how a CSV export writes a date cell.
    text = re.sub(r"(?:\s+|T)0?0:00(?::00)?\Z", "", normalise(str(value)))
    text = re.sub(r"\s+", "", text)
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return _serial_date(float(text))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise CellValueError(
                    f"{text} 不是有效日期", f"{text} is not a calendar date"
                ) from None
    raise CellValueError(
        f"无法识别的日期 {text!r}（应如 2020-03-04、2020/3/4 或 2020年3月4日）",
        f"unrecognised date {text!r} (expected e.g. 2020-03-04, 2020/3/4 or 2020年3月4日)",
    )


def _serial_date(value: float) -> date:
    if value != int(value) or not _SERIAL_MIN <= value <= _SERIAL_MAX:
        raise CellValueError(
            f"应为日期，实为数值 {value:g}", f"expected a date, got the number {value:g}"
        )
    return _EXCEL_EPOCH + timedelta(days=int(value))


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=TZ)
    if isinstance(value, date):
        raise CellValueError(
            "应为日期时间，缺少时间（如 2020-03-04 09:30）",
            "expected a date and time, the time is missing (e.g. 2020-03-04 09:30)",
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not _SERIAL_MIN <= value <= _SERIAL_MAX:
            raise CellValueError(
                f"应为日期时间，实为数值 {value:g}",
                f"expected a date and time, got the number {value:g}",
            )
        moment = datetime.combine(_EXCEL_EPOCH, time(0)) + timedelta(days=float(value))
        return moment.replace(microsecond=0, tzinfo=TZ) + timedelta(
            seconds=round(moment.microsecond / 1e6)
        )
    text = normalise(str(value))
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is not None and len(text) > 10:
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=TZ)
    match = _DATETIME_TEXT.match(re.sub(r"\s+", " ", text))
    if match is None:
        raise CellValueError(
            f"无法识别的日期时间 {text!r}（应如 2020-03-04 09:30）",
            f"unrecognised date and time {text!r} (expected e.g. 2020-03-04 09:30)",
        )
    day = read_date(match["date"])
    try:
        moment = datetime(
            day.year,
            day.month,
            day.day,
            int(match["h"]),
            int(match["m"]),
            int(match["s"] or 0),
            int((match["f"] or "0").ljust(6, "0")),
        )
    except ValueError:
        raise CellValueError(f"{text} 不是有效时间", f"{text} is not a valid time") from None
    if match["tz"]:
        return datetime.fromisoformat(moment.isoformat() + match["tz"].replace("Z", "+00:00"))
    return moment.replace(tzinfo=TZ)


def _decimal(value: Any) -> str:
    if isinstance(value, bool | datetime | date | time):
        raise CellValueError("应为数值", "expected a number")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellValueError(f"无法读取的数值 {value}", f"unreadable number {value}")
        number = Decimal(repr(value))
        rounded = number.quantize(Decimal("0.01"))
        # A formula's 0.30000000000000004 is 0.30; a typed 0.125 stays 0.125.
        if number != rounded and abs(number - rounded) < Decimal("1e-9"):
            number = rounded
    else:
        shown = normalise(str(value))
        text = re.sub(r"[\s,，]", "", shown).removeprefix("¥").removesuffix("元")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise CellValueError(f"应为数值，实为 {shown!r}", f"expected a number, got {shown!r}")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent > -2:  # amounts that lost their trailing zeros get them back
        number = number.quantize(Decimal("0.01"))
    return format(number, "f")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellValueError("应为整数，实为逻辑值", "expected an integer, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == int(value) and abs(value) < _MAX_EXACT_FLOAT:
        return int(value)
    text = normalise(str(value)).replace(",", "")
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise CellValueError(f"应为整数，实为 {value!r}", f"expected an integer, got {value!r}")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(str(value)).lower()
    if isinstance(value, int | float):
        text = {1: "1", 0: "0"}.get(int(value), text) if value == int(value) else text
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellValueError(
        f"应为“是”或“否”，实为 {value!r}", f"expected 是 or 否 (yes or no), got {value!r}"
    )


def _enum(enum: type[Enum], value: Any) -> str:
    text = normalise(str(value))
    member = enum_lookup(enum).get(text) or enum_lookup(enum).get(text.lower())
    if member is None:
        allowed = "、".join(enum_label(m) for m in enum)
        raise CellValueError(
            f"应为下列之一：{allowed}；实为 {text!r}",
            f"expected one of {', '.join(str(m.value) for m in enum)}; got {text!r}",
        )
    return str(member.value)


def _list(column: Column, value: Any) -> list[str]:
    if not isinstance(value, str):
        value = _text(column, value)
    items = [item.strip() for item in value.replace("\r\n", "\n").split(LIST_SEPARATOR)]
    items = [sys.intern(item) if len(item) <= _INTERN_UP_TO else item for item in items if item]
    if column.item_kind == "enum":
        assert column.enum is not None
        return [_enum(column.enum, item) for item in items]
    return items


def write_cell(column: Column, value: Any) -> Any:
    """The spreadsheet value of a model value (``None`` for an empty cell)."""
    if value is None:
        return None
    kind = column.kind
    if kind == "enum":
        return enum_label(value)
    if kind == "bool":
        return "是" if value else "否"
    if kind == "list":
        items = [enum_label(v) if isinstance(v, Enum) else v for v in value]
        return LIST_SEPARATOR.join(items) if items else None
    if kind == "datetime":
        assert isinstance(value, datetime)
        # A spreadsheet datetime has no offset and keeps milliseconds at best:
        # only Beijing times to the second are written as datetimes, the rest as text.
        if value.utcoffset() == timedelta(hours=8) and value.microsecond == 0:
            return value.replace(tzinfo=None)
        return value.isoformat()
    if kind == "decimal":
        assert isinstance(value, Decimal)
        as_float = float(value)
        if Decimal(repr(as_float)) == value and len(value.as_tuple().digits) <= 15:
            return as_float
        return format(value, "f")
    return value
