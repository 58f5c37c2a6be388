"""Opening a workbook (``.xlsx``) or CSV files as sheets of rows.

Workbooks are read with python-calamine, about ten times faster than openpyxl's
read-only mode (``benchmarks/workbook.py``). calamine reads numbers as floats, so
the rare cell where an identifier was stored as a number of more than 15 digits
is read again, exactly, with openpyxl (:func:`exact_values`). CSV files are read as UTF-8 (with or without a BOM) or, when
that fails, as GBK (read with its superset GB 18030); the encoding found is
reported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

Row = tuple[int, tuple[Any, ...]]
"""A row's number (1 for the first row, as a spreadsheet shows it) and its cell values."""


class UnreadableFileError(Exception):
    """The file is not a workbook or CSV file that can be read at all."""


@attrs.frozen
class SheetRows:
    """The rows of one sheet (or one CSV file), read lazily."""

    name: str
    rows: Any
    """An iterable of :data:`Row`."""
    encoding: str | None = None
    """For a CSV file: ``UTF-8``, ``UTF-8 (BOM)`` or ``GBK``."""
    file: str | None = None
    exact: bool = False
    """Whether :func:`exact_values` can re-read cells of this sheet."""


def open_sheets(path: Path) -> tuple[list[SheetRows], Any]:
    """The sheets of a workbook, a CSV file (its name is the sheet's) or a folder of CSV files.

    Returns the sheets and an object to ``close()`` when done.
    """
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise UnreadableFileError(f"{path}: no .csv files in this folder")
        return [_csv_sheet(p) for p in files], _Nothing()
    if path.suffix.lower() == ".csv":
        return [_csv_sheet(path)], _Nothing()
    return _xlsx_sheets(path)


class _Nothing:
    def close(self) -> None:
        pass


def _xlsx_sheets(path: Path) -> tuple[list[SheetRows], Any]:
    from python_calamine import CalamineWorkbook

    if not path.exists():
        raise UnreadableFileError(f"{path}: no such file")
    try:
        book = CalamineWorkbook.from_path(path)
    except Exception as exc:  # calamine raises several kinds; all mean "not a workbook"
        raise UnreadableFileError(f"{path}: not an .xlsx workbook ({exc})") from None
    sheets = [
        SheetRows(name=name, rows=_numbered(book, name, path), file=str(path), exact=True)
        for name in book.sheet_names
    ]
    return sheets, book


def _numbered(book: Any, name: str, path: Path) -> Iterator[Row]:
    try:
        sheet = book.get_sheet_by_name(name)
    except Exception as exc:
        raise UnreadableFileError(f"{path}: sheet {name!r} cannot be read ({exc})") from None
    start = sheet.start
    if start is None:
        return
    first_row, first_col = start
    pad = (None,) * first_col
    # calamine starts at the first non-empty cell; count from there to get the
    # row numbers and column letters a spreadsheet shows.
    for i, values in enumerate(sheet.iter_rows(), first_row + 1):
        yield i, pad + tuple(values)


_INDEX_LIMIT = 1 << 20
"""The most read of a workbook's index parts to find its sheets' sizes."""


def sheet_sizes(path: Path) -> dict[str, int]:
    """Each sheet's size in the workbook file (its XML part, uncompressed), by sheet name.

    Read from the file's index (``xl/workbook.xml`` and its relationships), without
    reading any sheet; empty when the file does not say (the order then is the file's).
    """
    import posixpath
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = {info.filename: info.file_size for info in archive.infolist()}
            # Read a bounded amount: the index is small, a hostile one may not be.
            with archive.open("xl/workbook.xml") as part:
                book = part.read(_INDEX_LIMIT).decode("utf-8", "replace")
            with archive.open("xl/_rels/workbook.xml.rels") as part:
                rels = part.read(_INDEX_LIMIT).decode("utf-8", "replace")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return {}
    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        ident = re.search(r'\bId="([^"]*)"', tag)
        target = re.search(r'\bTarget="([^"]*)"', tag)
        if ident and target:
            where = target.group(1)
            where = where.lstrip("/") if where.startswith("/") else posixpath.join("xl", where)
            targets[ident.group(1)] = posixpath.normpath(where)
    sizes = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        name = re.search(r'\bname="([^"]*)"', tag)
        ident = re.search(r'\br:id="([^"]*)"', tag)
        if name and ident and targets.get(ident.group(1)) in infos:
            sizes[_xml_text(name.group(1))] = infos[targets[ident.group(1)]]
    return sizes


def _xml_text(value: str) -> str:
    import html

    return html.unescape(value)


def exact_values(
    path: Path, wanted: dict[str, set[tuple[int, int]]]
) -> dict[tuple[str, int, int], Any]:
    """The values of a few cells exactly as the file stores them (read with openpyxl).

    calamine reads every number as a float, which cannot hold the 18 digits of an
    ID number another program stored as a number; openpyxl keeps integers exact.
    """
    import openpyxl

    out: dict[tuple[str, int, int], Any] = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for name, cells in wanted.items():
            last = max(r for r, _ in cells)
            for number, values in enumerate(
                book[name].iter_rows(max_row=last, values_only=True), 1
            ):
                for r, c in cells:
                    if r == number and c <= len(values):
                        out[(name, r, c)] = values[c - 1]
    finally:
        book.close()
    return out


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding found: UTF-8 (BOM), UTF-8 or GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("gb18030"), "GBK"
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            f"neither UTF-8 nor GBK text: byte {exc.start} cannot be decoded"
        ) from None


def _csv_sheet(path: Path) -> SheetRows:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(f"{path}: {exc.strerror or exc}") from None
    try:
        text, encoding = decode_csv(data)
    except UnreadableFileError as exc:
        raise UnreadableFileError(f"{path}: {exc}") from None
    try:
        rows = [(i, tuple(r)) for i, r in enumerate(csv.reader(io.StringIO(text, newline="")), 1)]
    except csv.Error as exc:
        raise UnreadableFileError(f"{path}: not a readable CSV file ({exc})") from None
    return SheetRows(name=path.stem, rows=rows, encoding=encoding, file=str(path))
