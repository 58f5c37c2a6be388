"""Reading a workbook (or CSV files) into a validated :class:`~enforcement.models.Dataset`.

The cells are turned into interchange-format data (:mod:`enforcement.workbook.cells`),
then that data goes through the one converter and validation
(:func:`enforcement.io.from_data`), exactly as a JSON file would. Every problem,
from a cell or from validation, is mapped back to the cell it came from and
reported at once, as ``案件!F14 证件号码: 校验码应为 2，实为 3``.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
from openpyxl.utils import get_column_letter

from enforcement.converter import fast_converter
from enforcement.errors import ValidationError
from enforcement.io import from_data
from enforcement.models import FORMAT, Dataset
from enforcement.validation import dataset_problems
from enforcement.workbook.cells import (
    CellValueError,
    NeedsExactValue,
    cell_reader,
    is_blank,
    normalise,
    read_cell,
)
from enforcement.workbook.files import SheetRows, UnreadableFileError, exact_values, open_sheets
from enforcement.workbook.layout import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    POSITION_HEADER,
    Column,
    Layout,
    Sheet,
    workbook_layout,
)
from enforcement.workbook.messages import in_chinese

log = logging.getLogger(__name__)

_HEADER_SCAN = 10
"""The header row is looked for among a sheet's first rows (a title may sit above it)."""


@attrs.frozen
class CellProblem:
    """One problem, at a cell (or a row) of a sheet."""

    sheet: str
    row: int
    column: int | None
    """1-based column index, ``None`` when the problem is the whole row's."""
    header_zh: str | None
    header_en: str | None
    message_zh: str
    message_en: str

    def where(self, lang: str = "zh") -> str:
        """``案件!F14 证件号码`` (``案件!F14 parties.id_number`` in English)."""
        if self.column is None:
            return (
                f"{self.sheet} row {self.row}" if lang == "en" else f"{self.sheet} 第{self.row}行"
            )
        header = self.header_en if lang == "en" else self.header_zh
        ref = f"{self.sheet}!{get_column_letter(self.column)}{self.row}"
        return f"{ref} {header}" if header else ref

    def message(self, lang: str = "zh") -> str:
        """Why, in ``lang``."""
        return self.message_en if lang == "en" else self.message_zh


class WorkbookError(ValidationError):
    """A workbook (or CSV file) holds invalid records; ``problems`` lists every one by cell.

    ``errors`` holds the same problems as ``(where, message)`` pairs in the
    language asked for.
    """

    def __init__(
        self, problems: list[CellProblem], *, lang: str = "zh", source: str | None = None
    ) -> None:
        self.problems = problems
        self.lang = lang
        super().__init__([(p.where(lang), p.message(lang)) for p in problems], source=source)


class UnreadableWorkbookError(WorkbookError):
    """The file could not be read at all: missing, not a workbook, not UTF-8 or GBK."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        problem = CellProblem(source or "", 0, None, None, None, message, message)
        super().__init__([problem], source=source)
        self.errors = [(source or "", message)]


@attrs.frozen
class WorkbookContents:
    """What a workbook held: the dataset, and what was noticed while reading it."""

    dataset: Dataset
    encodings: dict[str, str]
    """For CSV input: each file and the encoding detected (``UTF-8``, ``UTF-8 (BOM)``, ``GBK``)."""
    ignored_sheets: tuple[str, ...]
    """Sheets that are not part of the workbook's layout (left unread)."""


def read_workbook(path: str | Path, *, lang: str = "zh") -> WorkbookContents:
    """Read a workbook (``.xlsx``), a CSV file or a folder of CSV files into a valid dataset.

    Raises :class:`WorkbookError` listing every problem by cell, in ``lang``
    (``zh`` or ``en``), or :class:`UnreadableWorkbookError` when the file cannot
    be read at all.
    """
    path = Path(path)
    try:
        return _read(path, lang, fast=True)
    except _NotFast:
        # Something is wrong: read again keeping every row's data, to say where.
        return _read(path, lang, fast=False)


class _NotFast(Exception):
    """The fast reading met a problem; the full reading will report it."""


def _read(path: Path, lang: str, *, fast: bool) -> WorkbookContents:
    try:
        sheets, handle = open_sheets(path)
    except UnreadableFileError as exc:
        raise UnreadableWorkbookError(str(exc), source=str(path)) from None
    try:
        reading = _Reading(workbook_layout(), fast=fast)
        ignored = reading.read(sheets)
    except UnreadableFileError as exc:
        raise UnreadableWorkbookError(str(exc), source=str(path)) from None
    finally:
        handle.close()
    if reading.inexact:
        reading.reread(path)
    encodings = {s.file: s.encoding for s in sheets if s.encoding and s.file}
    dataset = reading.dataset(lang=lang, source=str(path))
    return WorkbookContents(dataset=dataset, encodings=encodings, ignored_sheets=tuple(ignored))


def locate_problems(
    path: str | Path, errors: Iterable[tuple[str, str]], *, lang: str = "zh"
) -> list[tuple[str, str]]:
    """Problems given by interchange-format path (``$.cases[3].id``) at their cells instead.

    For problems found after reading, e.g. by a store refusing ids it already
    holds: the workbook at ``path`` is read again to find where each record was.
    """
    path = Path(path)
    sheets, handle = open_sheets(path)
    try:
        reading = _Reading(workbook_layout())
        reading.read(sheets)
    finally:
        handle.close()
    return [(p.where(lang), p.message(lang)) for p in reading.map(list(errors))]


@attrs.define
class _SheetState:
    sheet: Sheet
    name: str
    """The sheet's name in the file."""
    exact: bool
    """Whether the file's exact values can be read again (:func:`exact_values`)."""
    columns: dict[tuple[str, ...], int] = attrs.field(factory=dict)
    """Each field column's path and its 1-based index in the file."""


_Slot = tuple[str, Any]


def _norm_header(value: Any) -> str:
    return re.sub(r"\s+", "", normalise(str(value))).rstrip("*")


class _Reading:
    """One reading of a workbook's sheets.

    The full reading (``fast=False``) turns every row into interchange-format data
    and keeps all of it, so that every problem found by the converter and the
    validation can be mapped back to its cell. That data is several times the
    size of the records, so the fast reading (tried first) structures each row
    through the converter as soon as it is read and keeps only the models, joined
    to their parents at the end; at its first problem it gives up (:class:`_NotFast`).
    """

    def __init__(self, layout: Layout, *, fast: bool = False) -> None:
        self.layout = layout
        self.fast = fast
        self.roots: dict[str, list[_Node]] = {}
        self.data: dict[str, Any] = {"format": FORMAT}
        self.problems: list[CellProblem] = []
        self.index: dict[tuple[str, ...], dict[tuple[str, ...], dict[str, Any]]] = {}
        self.where: dict[int, tuple[_SheetState, int]] = {}
        self.bad_cells: set[tuple[str, int, tuple[str, ...]]] = set()
        self.states: list[_SheetState] = []
        self.missing_columns: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
        self.inexact: list[tuple[str, int, int, Column, dict[str, Any], NeedsExactValue]] = []

    def read(self, sheets: list[SheetRows]) -> list[str]:
        ignored = []
        found: dict[tuple[str, ...], SheetRows] = {}
        skip = {*INSTRUCTIONS_SHEET, *LISTS_SHEET}
        for rows in sheets:
            sheet = self.layout.sheet(normalise(rows.name))
            if sheet is None:
                if rows.name not in skip:
                    ignored.append(rows.name)
                continue
            if sheet.path in found:
                self._problem(
                    rows.name,
                    1,
                    None,
                    None,
                    f"重复的工作表（与 {found[sheet.path].name} 相同）",
                    f"a second sheet for {sheet.name_en} (also {found[sheet.path].name})",
                )
                continue
            found[sheet.path] = rows
        for sheet in self.layout.sheets:  # parents before children
            self.index[sheet.path] = {}
            if sheet.path in found:
                self._read_sheet(sheet, found[sheet.path])
        return ignored

    def _problem(
        self,
        sheet: str,
        row: int,
        column: int | None,
        headers: tuple[str, str] | None,
        zh: str,
        en: str,
    ) -> None:
        if self.fast:
            raise _NotFast
        self.problems.append(
            CellProblem(
                sheet,
                row,
                column,
                headers[0] if headers else None,
                headers[1] if headers else None,
                zh,
                en,
            )
        )

    def _slots(self, sheet: Sheet) -> dict[str, _Slot]:
        slots: dict[str, _Slot] = {}
        for i, key in enumerate(sheet.keys):
            slots[_norm_header(key.header_zh)] = ("key", i)
            slots[_norm_header(key.header_en)] = ("key", i)
        if sheet.positional:
            slots[POSITION_HEADER[0]] = ("pos", None)
            slots[POSITION_HEADER[1]] = ("pos", None)
        for column in sheet.columns:
            slots[_norm_header(column.header_zh)] = ("col", column)
            slots[_norm_header(column.header_en)] = ("col", column)
        return slots

    def _read_sheet(self, sheet: Sheet, source: SheetRows) -> None:
        slots = self._slots(sheet)
        rows = iter(source.rows)
        head: list[tuple[int, tuple[Any, ...]]] = []
        for number, values in rows:
            head.append((number, values))
            if len(head) >= _HEADER_SCAN:
                break

        def score(values: tuple[Any, ...]) -> int:
            return sum(1 for v in values if not is_blank(v) and _norm_header(v) in slots)

        best = max(head, key=lambda r: score(r[1]), default=None)
        if best is None or score(best[1]) == 0:
            if any(any(not is_blank(v) for v in values) for _, values in head):
                self._problem(
                    source.name,
                    head[0][0] if head else 1,
                    None,
                    None,
                    f"找不到表头行（应含 {'、'.join(sheet.all_headers('zh')[:3])} 等列）",
                    f"no header row found (expected columns such as {', '.join(sheet.all_headers('en')[:3])})",
                )
            return
        header_row, header_values = best
        state = _SheetState(sheet=sheet, name=source.name, exact=source.exact)
        self.states.append(state)
        layout_slots: dict[int, _Slot] = {}
        seen: set[str] = set()
        for i, value in enumerate(header_values, 1):
            if is_blank(value):
                continue
            name = _norm_header(value)
            slot = slots.get(name)
            if slot is None:
                self._problem(
                    source.name,
                    header_row,
                    i,
                    None,
                    f"未知的列 {str(value).strip()!r}（请删除或改用模板中的列名）",
                    f"unknown column {str(value).strip()!r} (remove it or use a header of the template)",
                )
                continue
            ident = f"{slot[0]}:{slot[1].path if slot[0] == 'col' else slot[1]}"
            if ident in seen:
                self._problem(
                    source.name,
                    header_row,
                    i,
                    None,
                    f"列 {name} 重复",
                    f"column {name} appears twice",
                )
                continue
            seen.add(ident)
            layout_slots[i - 1] = slot
            if slot[0] == "col":
                state.columns[slot[1].path] = i
        present_keys = {s[1] for s in layout_slots.values() if s[0] == "key"}
        for i, key in enumerate(sheet.keys):
            if i not in present_keys:
                self._problem(
                    source.name,
                    header_row,
                    None,
                    None,
                    f"缺少列 {key.header_zh}",
                    f"missing column {key.header_en}",
                )
                return
        if sheet.positional and not any(s[0] == "pos" for s in layout_slots.values()):
            self._problem(
                source.name,
                header_row,
                None,
                None,
                f"缺少列 {POSITION_HEADER[0]}",
                f"missing column {POSITION_HEADER[1]}",
            )
            return
        for column in sheet.columns:
            if column.required and column.path not in state.columns:
                self._problem(
                    source.name,
                    header_row,
                    None,
                    None,
                    f"缺少必填列 {column.header_zh}",
                    f"missing required column {column.header_en}",
                )
                self.missing_columns.add((sheet.path, column.path))
        after = (r for r in head if r[0] > header_row)
        self._read_rows(state, layout_slots, _chain(after, rows), header_row)

    def _read_rows(
        self,
        state: _SheetState,
        slots: dict[int, _Slot],
        rows: Iterable[tuple[int, tuple[Any, ...]]],
        header_row: int,
    ) -> None:
        sheet = state.sheet
        name = state.name
        exact = state.exact
        parent_index = self.index[sheet.parent.path] if sheet.parent else None
        # Only rows that other rows name need an index entry.
        has_children = any(other.parent is sheet for other in self.layout.sheets)
        own_index = self.index[sheet.path] if has_children else {}
        handlers = [
            (i, kind, target, cell_reader(target) if kind == "col" else None)
            for i, (kind, target) in sorted(slots.items())
        ]
        unlabelled: set[int] = set()
        for number, values in rows:
            if all(v is None or v == "" or (type(v) is str and not v.strip()) for v in values):
                continue
            if len(values) > len(slots):
                for i in range(len(values)):
                    if i not in slots and i not in unlabelled and not is_blank(values[i]):
                        unlabelled.add(i)
                        self._problem(
                            name,
                            number,
                            i + 1,
                            None,
                            "此列没有表头，其中的数据无法读取",
                            "this column has no header; its data cannot be read",
                        )
            keys: list[str | None] = [None] * len(sheet.keys)
            position: str | None = None
            obj: dict[str, Any] = {}
            width = len(values)
            for i, kind, target, reader in handlers:
                value = values[i] if i < width else None
                if value is None or value == "" or (type(value) is str and not value.strip()):
                    continue
                if reader is not None:
                    column: Column = target
                    try:
                        parsed = reader(value)
                    except NeedsExactValue as exc:
                        if self.fast:
                            raise _NotFast from None
                        if exact:
                            self.inexact.append((name, number, i + 1, column, obj, exc))
                        else:
                            self._cell_problem(name, number, i + 1, column, exc)
                        continue
                    except CellValueError as exc:
                        self._cell_problem(name, number, i + 1, column, exc)
                        continue
                    path = column.path
                    if len(path) == 1:
                        obj[path[0]] = parsed
                    else:
                        _put(obj, path, parsed)
                elif kind == "key":
                    keys[target] = sys.intern(re.sub(r"\s+", "", normalise(str(_key_text(value)))))
                else:
                    position = normalise(str(_key_text(value)))
            missing = [k for k, v in zip(sheet.keys, keys, strict=True) if v is None]
            if missing:
                for key in missing:
                    col = next((i + 1 for i, s in slots.items() if s == ("key", key.level)), None)
                    self._problem(
                        name,
                        number,
                        col,
                        (key.header_zh, key.header_en),
                        "必填，不能为空",
                        "required",
                    )
                continue
            key_tuple = tuple(k for k in keys if k is not None)
            parent: dict[str, Any]
            if sheet.parent is None:
                parent = self.roots if self.fast else self.data
            else:
                assert parent_index is not None
                found = parent_index.get(key_tuple)
                if found is None:
                    self._problem(
                        name,
                        number,
                        None,
                        None,
                        f"{sheet.parent.name_zh}中没有 {'、'.join(key_tuple)}",
                        f"no {sheet.parent.name_en} row for {', '.join(key_tuple)}",
                    )
                    continue
                parent = found.children if isinstance(found, _Node) else found
            entry: Any = obj
            if self.fast:
                try:
                    entry = _Node(fast_converter.structure(obj, sheet.cls))
                except Exception:
                    raise _NotFast from None
            else:
                self.where[id(obj)] = (state, number)
            if sheet.single:
                if sheet.field in parent:
                    self._problem(
                        name,
                        number,
                        None,
                        None,
                        f"{'、'.join(key_tuple)} 已有一行{sheet.name_zh}",
                        f"{', '.join(key_tuple)} already has a row in {sheet.name_en}",
                    )
                    continue
                parent[sheet.field] = entry
                own_index[key_tuple] = entry
                continue
            parent.setdefault(sheet.field, []).append(entry)
            if sheet.own_key is not None:
                own = obj.get(sheet.own_key)
                if isinstance(own, str):
                    own_index.setdefault((*key_tuple, own), entry)
            elif sheet.positional and position is not None:
                own_index.setdefault((*key_tuple, position), entry)

    def _cell_problem(
        self, name: str, number: int, index: int, column: Column, exc: CellValueError
    ) -> None:
        self._problem(name, number, index, (column.header_zh, column.header_en), exc.zh, exc.en)
        self.bad_cells.add((name, number, column.path))

    def reread(self, path: Path) -> None:
        """Read the cells calamine could not hold exactly again, with openpyxl."""
        wanted: dict[str, set[tuple[int, int]]] = {}
        for name, number, index, *_ in self.inexact:
            wanted.setdefault(name, set()).add((number, index))
        values = exact_values(path, wanted)
        for name, number, index, column, obj, error in self.inexact:
            value = values.get((name, number, index))
            try:
                if not isinstance(value, int) or isinstance(value, bool):
                    raise error
                _put(obj, column.path, read_cell(column, value))
            except CellValueError as exc:
                self._cell_problem(name, number, index, column, exc)

    def dataset(self, *, lang: str, source: str) -> Dataset:
        if self.fast:
            self.index.clear()
            roots = {
                sheet.field: tuple(_build(n) for n in self.roots.pop(sheet.field, []))
                for sheet in self.layout.sheets
                if sheet.parent is None
            }
            dataset = Dataset(**roots)
            if any(True for _ in dataset_problems(dataset)):
                raise _NotFast
            return dataset
        for sheet in self.layout.sheets:
            if sheet.parent is None:
                self.data.setdefault(sheet.field, [])
        try:
            dataset = from_data(self.data, source=source)
        except ValidationError as exc:
            self.problems += self.map(exc.errors)
        else:
            if not self.problems:
                return dataset
        order = {s.path: i for i, s in enumerate(self.layout.sheets)}
        sheet_order = {state.name: order[state.sheet.path] for state in self.states}
        self.problems.sort(key=lambda p: (sheet_order.get(p.sheet, -1), p.row, p.column or 0))
        raise WorkbookError(self.problems, lang=lang, source=source)

    def map(self, errors: list[tuple[str, str]]) -> Iterator[CellProblem]:
        """The problems at interchange-format paths, at their cells."""
        for sheet in self.layout.sheets:
            if sheet.parent is None:
                self.data.setdefault(sheet.field, [])
        located: dict[str, tuple[_SheetState, int]] = {}

        def walk(obj: dict[str, Any], path: str) -> None:
            if id(obj) in self.where:
                located[path] = self.where[id(obj)]
            for key, value in obj.items():
                if isinstance(value, dict):
                    walk(value, f"{path}.{key}")
                elif isinstance(value, list):
                    for i, item in enumerate(value):
                        if isinstance(item, dict):
                            walk(item, f"{path}.{key}[{i}]")

        walk(self.data, "$")
        seen: set[tuple[str, int, int | None, str]] = set()
        for path, message in errors:
            prefix = path
            rest: list[str] = []
            while prefix not in located and prefix != "$":
                cut = max(prefix.rfind("."), prefix.rfind("["))
                rest.insert(0, prefix[cut:])
                prefix = prefix[:cut]
            if prefix not in located:
                yield CellProblem(
                    "", 0, None, None, None, in_chinese(message), f"{path}: {message}"
                )
                continue
            state, row = located[prefix]
            field = tuple(p[1:] for p in rest if p.startswith("."))
            if (state.sheet.path, field) in self.missing_columns:
                continue
            if (state.name, row, field) in self.bad_cells:
                continue
            column = next((c for c in state.sheet.columns if c.path == field), None)
            index = state.columns.get(field) if column else None
            headers = (column.header_zh, column.header_en) if column else (None, None)
            problem = CellProblem(
                state.name, row, index, headers[0], headers[1], in_chinese(message), message
            )
            ident = (state.name, row, index, message)
            if ident not in seen:
                seen.add(ident)
                yield problem


class _Node:
    """A record structured as soon as its row was read, and its children rows' records."""

    __slots__ = ("children", "model")

    def __init__(self, model: Any) -> None:
        self.model = model
        self.children: dict[str, Any] = {}


def _build(node: _Node) -> Any:
    """The node's record with its children's records in place (children are freed)."""
    if not node.children:
        return node.model
    fields = {}
    for field, value in node.children.items():
        fields[field] = (
            tuple(_build(n) for n in value) if isinstance(value, list) else _build(value)
        )
    node.children = {}
    return attrs.evolve(node.model, **fields)


def _put(obj: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        obj = obj.setdefault(part, {})
    obj[path[-1]] = value


def _key_text(value: Any) -> Any:
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value


def _chain(*iterables: Iterable[Any]) -> Iterator[Any]:
    for iterable in iterables:
        yield from iterable
