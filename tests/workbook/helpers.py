"""Making and editing workbooks the way a clerk (or a spreadsheet program) would."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from enforcement.io import load
from enforcement.models import Dataset
from enforcement.workbook import workbook_layout, write_workbook

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "examples" / "cases.json"


def example() -> Dataset:
    """The example town's 30 cases."""
    return load(EXAMPLE)


def workbook(tmp_path: Path, dataset: Dataset | None = None, name: str = "台账.xlsx") -> Path:
    """The workbook of ``dataset`` (the example by default)."""
    path = tmp_path / name
    write_workbook(dataset if dataset is not None else example(), path)
    return path


def column_of(ws: Any, header: str, header_row: int = 1) -> int:
    """The 1-based index of the column headed ``header``."""
    for cell in ws[header_row]:
        if cell.value == header:
            return int(cell.column)
    raise KeyError(header)


def edit(path: Path, sheet: str, header: str, row: int, value: Any, fmt: str | None = None) -> str:
    """Set one cell, as typed in a spreadsheet; returns its reference (``D2``)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    cell = ws.cell(row=row, column=column_of(ws, header))
    cell.value = value
    if fmt is not None:
        cell.number_format = fmt
    book.save(path)
    return str(cell.coordinate)


def cell_value(path: Path, sheet: str, header: str, row: int) -> Any:
    """One cell's value as openpyxl reads it."""
    ws = openpyxl.load_workbook(path)[sheet]
    return ws.cell(row=row, column=column_of(ws, header)).value


def store_number(path: Path, sheet: str, ref: str, digits: str) -> None:
    """Make cell ``ref`` hold the number ``digits`` exactly as written (as another program may)."""
    book = openpyxl.load_workbook(path)
    index = book.sheetnames.index(sheet) + 1
    book.close()
    member = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(path) as old:
        contents = {info.filename: old.read(info.filename) for info in old.infolist()}
    xml = contents[member].decode("utf-8")
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', re.S)
    assert pattern.search(xml), f"no cell {ref} in {member}"
    xml = pattern.sub(f'<c r="{ref}" t="n"><v>{digits}</v></c>', xml, count=1)
    contents[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in contents.items():
            new.writestr(name, data)


def sheet_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every data sheet's rows of values, as openpyxl reads them."""
    book = openpyxl.load_workbook(path, read_only=True)
    out = {
        ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)]
        for ws in book.worksheets
        if ws.title != "填写说明"
    }
    book.close()
    return out


def csv_folder(xlsx: Path, folder: Path, encoding: str = "utf-8") -> Path:
    """Each sheet of a workbook as ``<sheet>.csv`` in ``folder``, dates written as text."""
    folder.mkdir(exist_ok=True)
    book = openpyxl.load_workbook(xlsx, read_only=True)
    for ws in book.worksheets:
        if ws.title in ("填写说明", "选项"):
            continue
        with (folder / f"{ws.title}.csv").open("w", encoding=encoding, newline="") as out:
            writer = csv.writer(out)
            for row in ws.iter_rows():
                writer.writerow([_as_text(c) for c in row])
    book.close()
    return folder


def _as_text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime):
        if "h" not in str(cell.number_format):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def header(sheet: str, field: str) -> str:
    """The Chinese header of ``field`` (a dotted path) in ``sheet``, from the layout."""
    layout = workbook_layout()
    found = layout.sheet(sheet)
    assert found is not None, sheet
    for column in found.columns:
        if ".".join(column.path) == field:
            return column.header_zh
    for key in found.keys:
        if key.header_en.endswith(f".{field}"):
            return key.header_zh
    raise KeyError(field)


def letter(sheet: str, field: str) -> str:
    """The column letter of ``field`` in ``sheet`` of a written workbook."""
    from openpyxl.utils import get_column_letter

    found = workbook_layout().sheet(sheet)
    assert found is not None, sheet
    return get_column_letter(found.all_headers("zh").index(header(sheet, field)) + 1)


def last_letter(sheet: str, beyond: int = 1) -> str:
    """The letter of the column ``beyond`` places after a written sheet's last one."""
    from openpyxl.utils import get_column_letter

    found = workbook_layout().sheet(sheet)
    assert found is not None, sheet
    return get_column_letter(len(found.all_headers("zh")) + beyond)
