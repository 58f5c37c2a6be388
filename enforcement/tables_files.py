"""The official data tables as files: an Excel workbook (openpyxl) or CSV.

The workbook has one sheet per table (:func:`enforcement.tables.table_layouts`):
a title row, the official headers (with their group row where the template has
one), the figures as numbers, and the table's 说明 under it. CSV is one row per
figure, for machines: ``table``, ``key``, ``header``, ``value``.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from enforcement.errors import EnforcementError
from enforcement.tables import AnnualTables, table_layouts


def tables_workbook(tables: AnnualTables, *, agency_name: str | None = None) -> bytes:
    """The tables as an ``.xlsx`` workbook, one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    bold = Font(bold=True)
    prefix = f"{agency_name}" if agency_name else ""
    for layout in table_layouts(tables):
        sheet = book.create_sheet(layout.title[:31])
        width = len(layout.headers)
        title = sheet.cell(
            row=1, column=1, value=f"{prefix}{tables.year}年度行政执法数据：{layout.title}"
        )
        # The agency's name is data: a name starting with "=" must stay text, not a formula.
        title.data_type = "s"
        title.font = bold
        if width > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        row = 2
        if layout.groups:
            column = 1
            for label, span in layout.groups:
                sheet.cell(row=row, column=column, value=label or None).alignment = wrap
                if span > 1:
                    sheet.merge_cells(
                        start_row=row,
                        start_column=column,
                        end_row=row,
                        end_column=column + span - 1,
                    )
                column += span
            row += 1
        for j, header in enumerate(layout.headers, start=1):
            cell = sheet.cell(row=row, column=j, value=header)
            cell.alignment = wrap
            cell.font = bold
            sheet.column_dimensions[get_column_letter(j)].width = 16
        row += 1
        for j, (key, value) in enumerate(zip(layout.keys, layout.row, strict=True), start=1):
            cell = sheet.cell(row=row, column=j, value=value)
            if key == "forfeiture_wan":
                cell.number_format = "0.00"
            elif key == "rate":
                cell.number_format = "0.00%"
        row += 2
        sheet.cell(row=row, column=1, value="说明：").font = bold
        for note in layout.notes:
            row += 1
            sheet.cell(row=row, column=1, value=note)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tables_csv(tables: AnnualTables) -> str:
    """The tables as CSV: one row per figure (``table,key,header,value``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "key", "header", "value"])
    for layout in table_layouts(tables):
        for key, header, value in zip(layout.keys, layout.headers, layout.row, strict=True):
            shown = (
                "" if value is None else format(value, "f") if isinstance(value, Decimal) else value
            )
            writer.writerow([layout.key, key, header, shown])
    return out.getvalue()


def write_tables(tables: AnnualTables, path: Path, *, agency_name: str | None = None) -> None:
    """Write the tables to ``path``: a workbook for ``.xlsx``, CSV for ``.csv``."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.write_bytes(tables_workbook(tables, agency_name=agency_name))
    elif suffix == ".csv":
        # utf-8-sig: Excel opens a CSV with a BOM as UTF-8, so the Chinese headers read right.
        path.write_text(tables_csv(tables), encoding="utf-8-sig")
    else:
        raise EnforcementError(f"--tables: expected a .xlsx or .csv file name, got {path.name!r}")


__all__ = ["tables_csv", "tables_workbook", "write_tables"]
