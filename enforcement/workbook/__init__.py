"""Workbooks (执法台账) in and out: a template to fill in, reading it back, writing records.

- :func:`write_template` writes the empty workbook: one sheet per kind of
  record, Chinese headers with notes, drop-down lists and date formats.
- :func:`read_workbook` reads a workbook (or CSV files with the same headers)
  into a validated :class:`~enforcement.models.Dataset`, reporting every
  problem by cell (``案件!F14 证件号码: 校验码应为 2，实为 3``);
  :func:`open_workbook` streams its cases one at a time instead, for an import
  or a conversion in bounded memory.
- :func:`write_workbook` writes a dataset as the same workbook.

The sheets and columns are derived from the model (:mod:`enforcement.workbook.layout`).
"""

from enforcement.workbook.layout import Column, Layout, Sheet, workbook_layout
from enforcement.workbook.reader import (
    CellProblem,
    UnreadableWorkbookError,
    WorkbookContents,
    WorkbookError,
    WorkbookStream,
    locate_problems,
    open_workbook,
    read_workbook,
)
from enforcement.workbook.writer import WorkbookWriteError, write_template, write_workbook

__all__ = [
    "CellProblem",
    "Column",
    "Layout",
    "Sheet",
    "UnreadableWorkbookError",
    "WorkbookContents",
    "WorkbookError",
    "WorkbookStream",
    "WorkbookWriteError",
    "locate_problems",
    "open_workbook",
    "read_workbook",
    "workbook_layout",
    "write_template",
    "write_workbook",
]
