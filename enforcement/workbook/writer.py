"""Writing the workbook: the empty template to fill in, or a dataset's records.

Both are the same workbook: a 填写说明 sheet, then one sheet per kind of record
with Chinese headers (each with a note giving its meaning and format), text
format on text columns (so that ID numbers stay text), date formats on date
columns, and drop-down lists for every enumeration and yes/no column.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from enforcement.errors import EnforcementError
from enforcement.models import Dataset
from enforcement.workbook.cells import write_cell
from enforcement.workbook.labels import enum_label
from enforcement.workbook.layout import (
    INSTRUCTIONS_SHEET,
    LIST_SEPARATOR,
    LISTS_SHEET,
    POSITION_HEADER,
    Column,
    Layout,
    Sheet,
    workbook_layout,
)

_LAST_ROW = 1048576
_FORMATS = {
    "text": "@",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
    "decimal": "0.00",
    "int": "0",
}
_KIND_NOTES = {
    "text": ("文字", "text"),
    "date": ("日期，如 2020-03-04", "a date, e.g. 2020-03-04"),
    "datetime": (
        "日期时间（北京时间），如 2020-03-04 09:30:00；其他时区写 2020-03-04T01:30:00+00:00",
        "a date and time (Beijing time), e.g. 2020-03-04 09:30:00",
    ),
    "decimal": ("数值，两位小数，如 5000.00", "a number, e.g. 5000.00"),
    "int": ("整数", "a whole number"),
    "bool": ("是 或 否", "是 (yes) or 否 (no)"),
    "enum": ("从下拉列表中选择", "pick from the list"),
    "list": ("可填多项，每项一行（Alt+Enter 换行）", "several items, one per line"),
}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_KEY_FILL = PatternFill("solid", fgColor="FCE4D6")


class WorkbookWriteError(EnforcementError, ValueError):
    """A value cannot be written to a workbook cell as it is (the message names it)."""


def write_template(path: str | Path) -> None:
    """Write the empty workbook to fill in (atomically)."""
    _save(lambda: _build(None), Path(path))


def write_workbook(dataset: Dataset, path: str | Path) -> None:
    """Write ``dataset`` as a workbook that :func:`read_workbook` reads back unchanged.

    Raises :class:`WorkbookWriteError` for a value no cell can hold; nothing is written then.
    """
    _save(lambda: _build(dataset), Path(path))


def _save(build: Callable[[], Workbook], path: Path) -> None:
    # The temporary file first: a write-only workbook built for a directory that cannot
    # be written would leave its row generators to complain when they are collected.
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None  # name the file asked for
    os.close(fd)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        build().save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _note(column: Column) -> str:
    zh, _en = _KIND_NOTES[
        column.item_kind if column.kind == "list" and column.item_kind == "enum" else column.kind
    ]
    lines = [column.note, f"格式：{zh}"]
    if column.kind == "list":
        lines[-1] = f"格式：{_KIND_NOTES['list'][0]}"
    if column.enum is not None:
        lines.append("可选：" + "、".join(enum_label(m) for m in column.enum))
    lines.append("必填" if column.required else "可不填")
    return "\n".join(lines)


def _build(dataset: Dataset | None) -> Workbook:
    book = Workbook(write_only=True)
    try:
        _fill(book, dataset)
    except BaseException:
        # Finish the sheets' streams, or their generators fail when collected.
        for ws in book.worksheets:
            with contextlib.suppress(Exception):
                ws.close()
        raise
    return book


def _fill(book: Workbook, dataset: Dataset | None) -> None:
    layout = workbook_layout()
    _instructions(book.create_sheet(INSTRUCTIONS_SHEET[0]), layout)
    lists = _lists(layout)
    for sheet in layout.sheets:
        ws = book.create_sheet(sheet.name_zh)
        headers = _header_cells(ws, sheet)
        ws.freeze_panes = "A2"
        for i, (width, kind) in enumerate(_widths(sheet), 1):
            dimension = ws.column_dimensions[get_column_letter(i)]
            dimension.width = width
            # Empty cells of the column take its format: typed ID numbers stay text.
            if kind in _FORMATS:
                dimension.number_format = _FORMATS[kind]
        _validations(ws, sheet, lists)
        ws.append(headers)
        if dataset is not None:
            for row in _rows(sheet, dataset):
                ws.append([_cell(ws, sheet, i, v) for i, v in enumerate(row)])
    list_ws = book.create_sheet(LISTS_SHEET[0])
    list_ws.sheet_state = "hidden"
    width = max((len(v) for v in lists.values()), default=0)
    names = list(lists)
    list_ws.append(names)
    for i in range(width):
        list_ws.append([lists[n][i] if i < len(lists[n]) else None for n in names])


def _instructions(ws: Any, layout: Layout) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 90
    title = WriteOnlyCell(ws, "行政执法台账 填写说明")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    for line in (
        "每类记录一张工作表；子表（当事人、执法记录、处罚……）用最前面的标识列（如“案件标识”）指明所属记录。",
        "表头不要改动；鼠标停在表头上可看到该列的含义和格式。标有“必填”的列不能为空。",
        "日期可写作 2020-03-04、2020/3/4 或 2020年3月4日；身份证号、信用代码等号码请保持文本格式，不要让表格软件转成数值。",
        "可填多项的列（法律依据、承办执法人员……）每项一行（单元格内 Alt+Enter 换行）。",
        "金额为元，可写 5000 或 5000.00；“是否”列填 是 或 否。",
        "空行会被跳过；表头上方可以有标题行。",
        "导入：enforcement import 台账.xlsx --db URL；转换：enforcement convert 台账.xlsx -o cases.json",
    ):
        ws.append([None, line])
    ws.append([])
    header = [WriteOnlyCell(ws, h) for h in ("工作表", "列", "含义与格式")]
    for cell in header:
        cell.font = Font(bold=True)
    ws.append(header)
    for sheet in layout.sheets:
        ws.append([sheet.name_zh, None, sheet.note])
        for key in sheet.keys:
            ws.append([None, key.header_zh, "所属记录的标识（必填）"])
        if sheet.positional:
            ws.append([None, POSITION_HEADER[0], "本表中记录的序号，子表用它指明所属记录（必填）"])
        for column in sheet.columns:
            ws.append([None, column.header_zh, _note(column).replace("\n", "；")])


def _lists(layout: Layout) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"是否": ["是", "否"]}
    for sheet in layout.sheets:
        for column in sheet.columns:
            if column.kind == "enum" and column.enum is not None:
                out.setdefault(column.enum.__name__, [enum_label(m) for m in column.enum])
    return out


def _header_cells(ws: Any, sheet: Sheet) -> list[Any]:
    cells = []
    for key in sheet.keys:
        cell = WriteOnlyCell(ws, key.header_zh)
        cell.fill = _KEY_FILL
        cell.comment = Comment(f"所属记录的标识（{key.header_en}）\n必填", "enforcement", width=260)
        cells.append(cell)
    if sheet.positional:
        cell = WriteOnlyCell(ws, POSITION_HEADER[0])
        cell.fill = _KEY_FILL
        cell.comment = Comment("本表中记录的序号，子表用它指明所属记录\n必填", "enforcement")
        cells.append(cell)
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, column.header_zh)
        cell.fill = _HEADER_FILL
        cell.comment = Comment(
            f"{_note(column)}\n({column.header_en})", "enforcement", width=300, height=160
        )
        cells.append(cell)
    for cell in cells:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cells


def _widths(sheet: Sheet) -> Iterator[tuple[float, str]]:
    for _ in sheet.keys:
        yield 16, "text"
    if sheet.positional:
        yield 8, "text"
    for column in sheet.columns:
        wide = column.kind == "list" or column.path[-1] in ("facts", "summary")
        width = {"date": 12, "datetime": 20, "decimal": 12, "bool": 8, "int": 10}.get(
            column.kind, 30 if wide else 18
        )
        yield width, "text" if column.kind in ("list", "enum", "bool") else column.kind


def _validations(ws: Any, sheet: Sheet, lists: dict[str, list[str]]) -> None:
    offset = len(sheet.keys) + (1 if sheet.positional else 0)
    names = list(lists)
    for i, column in enumerate(sheet.columns, offset + 1):
        letter = get_column_letter(i)
        cells = f"{letter}2:{letter}{_LAST_ROW}"
        dv: DataValidation | None = None
        if column.kind in ("enum", "bool"):
            name = "是否" if column.kind == "bool" else column.enum.__name__ if column.enum else ""
            list_letter = get_column_letter(names.index(name) + 1)
            source = f"{quote_sheetname(LISTS_SHEET[0])}!${list_letter}$2:${list_letter}${len(lists[name]) + 1}"
            dv = DataValidation(type="list", formula1=source, allow_blank=True)
            dv.error = "请从下拉列表中选择"
        elif column.kind == "date":
            dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
            dv.error = "请填写日期，如 2020-03-04"
        elif column.kind == "decimal":
            dv = DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            )
            dv.error = "请填写不小于 0 的数值"
        if dv is not None:
            dv.showErrorMessage = True
            dv.errorTitle = column.header_zh
            dv.add(cells)
            ws.data_validations.append(dv)


def _cell(ws: Any, sheet: Sheet, index: int, value: Any) -> Any:
    """The value to append, wrapped in a cell only where a format or a type must be set."""
    if isinstance(value, str):
        if value.startswith("=") or LIST_SEPARATOR in value:
            # Set as a string explicitly: openpyxl would make "=..." a formula.
            cell = WriteOnlyCell(ws, None)
            cell.value = value
            cell.data_type = "s"
            if LIST_SEPARATOR in value:
                cell.alignment = _WRAP
            return cell
        return value
    if isinstance(value, float):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = _FORMATS["decimal"]
        return cell
    return value  # dates and datetimes get a date format from openpyxl itself


_WRAP = Alignment(wrap_text=True, vertical="top")


def _rows(sheet: Sheet, dataset: Dataset) -> Iterator[list[Any]]:
    for keys, _position, record in _records(sheet, dataset):
        row: list[Any] = list(keys)
        if sheet.positional:
            row.append(_position)
        for column in sheet.columns:
            value: Any = record
            for part in column.path:
                value = getattr(value, part) if value is not None else None
            if column.kind == "list" and value is not None:
                for item in value:
                    text = enum_label(item) if isinstance(item, Enum) else str(item)
                    if LIST_SEPARATOR in text or not text.strip() or text != text.strip():
                        raise WorkbookWriteError(
                            f"{sheet.name_en} {'/'.join(keys)}: {column.header_en} item {text!r} "
                            "cannot go on a line of its own (it is blank, has outer spaces or "
                            "a line break)"
                        )
            cell = write_cell(column, value)
            if isinstance(cell, str) and ILLEGAL_CHARACTERS_RE.search(cell):
                raise WorkbookWriteError(
                    f"{sheet.name_en} {'/'.join(keys) or record}: {column.header_en} holds a "
                    "control character, which a workbook cannot store"
                )
            row.append(cell)
        yield row


def _records(sheet: Sheet, dataset: Dataset) -> Iterator[tuple[list[str], str, Any]]:
    """Each record of ``sheet`` with its parents' keys and its position among its siblings."""
    by_path = {s.path: s for s in workbook_layout().sheets}

    def walk(obj: Any, depth: int, keys: list[str]) -> Iterator[tuple[list[str], str, Any]]:
        field = sheet.path[depth]
        value = getattr(obj, field)
        items = [value] if not isinstance(value, tuple) else list(value)
        for position, item in enumerate(items, 1):
            if item is None:
                continue
            if depth == len(sheet.path) - 1:
                yield keys, str(position), item
                continue
            key = _key_of(by_path[sheet.path[: depth + 1]], item, position)
            child_keys = keys if key is None else [*keys, key]
            yield from walk(item, depth + 1, child_keys)

    yield from walk(dataset, 0, [])


def _key_of(parent: Sheet, item: Any, position: int) -> str | None:
    """How child rows name ``item`` of the sheet ``parent``: its key field, its position, or
    nothing (a single record).

    By the sheet's path, not the record's class: the same class can be a single
    record in one place (a case's ``review``) and one of many in another (``reviews``).
    """
    if parent.single:
        return None
    if parent.own_key is not None:
        return str(getattr(item, parent.own_key))
    return str(position)
    return str(position)
