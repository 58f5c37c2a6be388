"""Reading a workbook (or CSV files): agencies and officers, then the cases one at a time.

The cells are turned into interchange-format data (:mod:`enforcement.workbook.cells`),
then that data goes through the one converter (:func:`enforcement.converter.structure`)
and validation (:class:`~enforcement.validation.CaseIndex`), exactly as a JSON
file read by :class:`enforcement.reader.DocumentReader` would. Every problem,
from a cell or from validation, is mapped back to the cell it came from and
reported at once, as ``案件!F14 证件号码: 校验码应为 2，实为 3``.

:func:`open_workbook` streams (memory stays bounded by the largest sheet, not by
the number of cases); :func:`read_workbook` collects the stream into a dataset.
"""

from __future__ import annotations

import logging
import math
import pickle
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
from openpyxl.utils import get_column_letter

from enforcement.converter import structure
from enforcement.errors import ValidationError
from enforcement.models import FORMAT, Agency, Case, Dataset, Officer
from enforcement.validation import CaseIndex, index_after_stored
from enforcement.workbook.cells import (
    CellValueError,
    NeedsExactValue,
    cell_reader,
    is_blank,
    normalise,
)
from enforcement.workbook.files import (
    SheetRows,
    UnreadableFileError,
    exact_values,
    open_sheets,
    sheet_sizes,
)
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

T = TypeVar("T")

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
    be read at all. This holds every case at once; :func:`open_workbook`
    streams them.
    """
    with open_workbook(path, lang=lang) as stream:
        cases = tuple(stream.cases())
        dataset = Dataset(agencies=stream.agencies, officers=stream.officers, cases=cases)
        return WorkbookContents(
            dataset=dataset, encodings=stream.encodings, ignored_sheets=stream.ignored_sheets
        )


def open_workbook(path: str | Path, *, lang: str = "zh") -> WorkbookStream:
    """Open a workbook (or CSV files) to stream its cases (see :class:`WorkbookStream`).

    Raises :class:`UnreadableWorkbookError` when the file cannot be read at all;
    every other problem is reported by :meth:`WorkbookStream.cases` once the
    last case has been read.
    """
    path = Path(path)
    try:
        sheets, handle = open_sheets(path)
    except UnreadableFileError as exc:
        raise UnreadableWorkbookError(str(exc), source=str(path)) from None
    reading = _Reading(workbook_layout(), path=path, lang=lang)
    try:
        ignored = reading.read(_largest_first(path, sheets))
    except UnreadableFileError as exc:
        raise UnreadableWorkbookError(str(exc), source=str(path)) from None
    finally:
        handle.close()
    reading.read_exact_values()
    encodings = {s.file: s.encoding for s in sheets if s.encoding and s.file}
    return WorkbookStream(reading, encodings=encodings, ignored_sheets=tuple(ignored))


class WorkbookStream:
    """A workbook's agencies and officers, and its cases read one at a time.

    Opening reads the sheets one after the other, keeping each row of the case
    sheets (案件, 当事人, 执法记录, ...) as compact bytes grouped by case id, and
    each sheet is let go before the next is read: only one sheet's cells are
    held at a time. :meth:`cases` then builds, validates and yields the cases
    one at a time, in the order of the 案件 sheet, so that
    ``Store.import_records(stream.agencies, stream.officers, stream.cases())``
    or :func:`enforcement.io.dump_records` never holds them all. Problems are
    collected all the way; once the last case has been read, :meth:`cases`
    raises :class:`WorkbookError` listing every one (so a store import in
    progress is rolled back, and a file being written is discarded).
    """

    def __init__(
        self,
        reading: _Reading,
        *,
        encodings: dict[str, str],
        ignored_sheets: tuple[str, ...],
    ) -> None:
        self._reading = reading
        self.agencies, self.officers = reading.roots()
        self.encodings = encodings
        """For CSV input: each file and the encoding detected (``UTF-8``, ``UTF-8 (BOM)``, ``GBK``)."""
        self.ignored_sheets = ignored_sheets
        """Sheets that are not part of the workbook's layout (left unread)."""
        self._started = False

    @property
    def total(self) -> int:
        """The number of rows of the 案件 sheet (the cases :meth:`cases` yields, if all are valid)."""
        return self._reading.case_rows

    @property
    def problems(self) -> list[CellProblem]:
        """The problems found so far."""
        return self._reading.problems

    def cases(self) -> Iterator[Case]:
        """The valid cases, one at a time; then :class:`WorkbookError` if anything was wrong."""
        if self._started:
            raise RuntimeError("a workbook's cases can be read once")
        self._started = True
        yield from self._reading.cases()
        self._reading.finish()

    def use_store(self, agencies: Sequence[Agency], officers: Sequence[Officer]) -> None:
        """Let the cases refer to a store's ``agencies`` and ``officers`` (call before :meth:`cases`).

        The workbook's own agencies and officers are then checked as if added
        after the stored ones: an id already stored is a problem, at its cell.
        """
        self._reading.use_store(agencies, officers)

    def locate(self, errors: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Problems given by interchange-format path (``$.cases[3].id``) at their cells instead.

        The paths are those of a document holding this stream's agencies,
        officers and cases (``$.cases[3]`` is the fourth case :meth:`cases`
        yields); the cases are read (again, if they were read already) to find them.
        """
        lang = self._reading.lang
        return [(p.where(lang), p.message(lang)) for p in self._reading.locate(list(errors))]

    @property
    def yielded(self) -> list[str]:
        """The ids of the cases :meth:`cases` yielded so far, in order."""
        return self._reading.yielded

    def with_problems(
        self, error: WorkbookError, errors: Iterable[tuple[str, str]]
    ) -> WorkbookError:
        """``error`` (raised by :meth:`cases`) with ``errors`` (as for :meth:`locate`) at their cells."""
        reading = self._reading
        problems = reading.sort([*error.problems, *reading.locate(list(errors))])
        return WorkbookError(problems, lang=reading.lang, source=error.source)

    def __enter__(self) -> WorkbookStream:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._reading.release()


def locate_problems(
    path: str | Path, errors: Iterable[tuple[str, str]], *, lang: str = "zh"
) -> list[tuple[str, str]]:
    """Problems given by interchange-format path (``$.cases[3].id``) at their cells instead.

    For problems found after reading, e.g. by a store refusing ids it already
    holds: the workbook at ``path`` is read again, case by case, to find where
    each record was.
    """
    with open_workbook(path, lang=lang) as stream:
        return stream.locate(errors)


def _largest_first(path: Path, sheets: list[SheetRows]) -> list[SheetRows]:
    """The sheets, the largest (in the file) first.

    Reading a sheet holds all of its cells for a while; the largest is read
    while nothing else is held, so that the peak is that sheet's, not that
    sheet's plus everything read before it.
    """
    sizes = sheet_sizes(path) if path.suffix.lower() == ".xlsx" else {}
    order = {rows.name: i for i, rows in enumerate(sheets)}
    return sorted(sheets, key=lambda rows: (-sizes.get(rows.name, 0), order[rows.name]))


_CASES = "cases"
"""The root field whose records are streamed: its sheets are kept as compact rows by case id."""


@attrs.define
class _SheetState:
    sheet: Sheet
    name: str
    """The sheet's name in the file."""
    exact: bool
    """Whether the file's exact values can be read again (:func:`exact_values`)."""
    columns: dict[tuple[str, ...], int] = attrs.field(factory=dict)
    """Each field column's path and its 1-based index in the file."""
    slots: dict[int, _Slot] = attrs.field(factory=dict)
    """What each 0-based column of the file holds."""
    unlabelled: set[int] = attrs.field(factory=set)
    """Columns without a header found holding data (reported once)."""
    stash: dict[str, list[bytes]] = attrs.field(factory=dict)
    """For a case sheet: its rows (pickled ``(number, values)``) by case id, in file order."""
    _handlers: list[tuple[int, str, Any, Any]] | None = None

    @property
    def handlers(self) -> list[tuple[int, str, Any, Any]]:
        """Each column's index, slot kind, target and cell reader."""
        if self._handlers is None:
            self._handlers = [
                (i, kind, target, cell_reader(target) if kind == "col" else None)
                for i, (kind, target) in sorted(self.slots.items())
            ]
        return self._handlers


_Slot = tuple[str, Any]


def _norm_header(value: Any) -> str:
    return re.sub(r"\s+", "", normalise(str(value))).rstrip("*")


def _case_key(value: Any) -> str:
    """A key cell's text, as rows are matched to their parents (spaces removed)."""
    return sys.intern(re.sub(r"\s+", "", normalise(str(_key_text(value)))))


class _Reading:
    """One reading of a workbook's sheets.

    The sheets of agencies and officers (and their children) are small: their
    rows become interchange-format data at once, each object remembered with
    its row, so that every problem can be mapped back to its cell. The case
    sheets are not: their rows are kept as pickled ``(number, values)`` bytes,
    grouped by case id (:meth:`_stash`), and :meth:`cases` reads one case at a
    time from them exactly as the small sheets were read, structures and
    validates it, and forgets it.
    """

    def __init__(self, layout: Layout, *, path: Path, lang: str) -> None:
        self.layout = layout
        self.path = path
        self.lang = lang
        self.data: dict[str, Any] = {"format": FORMAT}
        self.problems: list[CellProblem] = []
        self.index: dict[tuple[str, ...], dict[tuple[str, ...], dict[str, Any]]] = {
            sheet.path: {} for sheet in layout.sheets
        }
        self.where: dict[int, tuple[_SheetState, int]] = {}
        self.bad_cells: set[tuple[str, int, tuple[str, ...]]] = set()
        self.states: list[_SheetState] = []
        self.missing_columns: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
        self.exact: dict[tuple[str, int, int], Any] = {}
        self.wanted: dict[str, set[tuple[int, int]]] = {}
        """Cells calamine could not hold exactly (identifiers stored as long numbers)."""
        self.case_state: _SheetState | None = None
        self.case_rows = 0
        self.case_sheets = [s for s in layout.sheets if s.path[0] == _CASES]
        self.has_children = {
            s.path: any(other.parent is s for other in layout.sheets) for s in layout.sheets
        }
        self._key_text: dict[Any, str] = {}
        """Key cells' values and their text as rows are matched (most keys repeat)."""
        self.stash_sheets: dict[tuple[str, ...], _SheetState] = {}
        self.case_index: CaseIndex | None = None
        self.root_data: dict[str, Any] = {}
        self.agencies: tuple[Agency, ...] = ()
        self.officers: tuple[Officer, ...] = ()
        self.positions: dict[str, list[int]] = {"agencies": [], "officers": []}
        self.unreadable: dict[str, set[str]] = {"agencies": set(), "officers": set()}
        self.known: tuple[tuple[Agency, ...], tuple[Officer, ...]] = ((), ())
        self.yielded: list[str] = []
        """The ids of the cases :meth:`cases` yielded, in order."""
        self.root_where: dict[int, tuple[_SheetState, int]] = {}

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
        # The case sheets in the order given (the largest first), as they are only stashed;
        # then the others, parents before children.
        order = [found[s.path] for s in self.case_sheets if s.path in found]
        order.sort(key=sheets.index)
        order += [
            found[s.path] for s in self.layout.sheets if s.path[0] != _CASES and s.path in found
        ]
        for rows in order:
            sheet = self.layout.sheet(normalise(rows.name))
            assert sheet is not None
            try:
                self._read_sheet(sheet, rows)
            finally:
                close = getattr(rows.rows, "close", None)
                if close is not None:
                    close()  # let calamine free the sheet's cells now
        return ignored

    def read_exact_values(self) -> None:
        """Read the cells calamine could not hold exactly again, with openpyxl."""
        if self.wanted:
            self.exact = exact_values(self.path, self.wanted)

    def _problem(
        self,
        sheet: str,
        row: int,
        column: int | None,
        headers: tuple[str, str] | None,
        zh: str,
        en: str,
    ) -> None:
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
        header_values = _with_headers_above(header_values, head, header_row, slots)
        state = _SheetState(sheet=sheet, name=source.name, exact=source.exact)
        layout_slots = state.slots
        self.states.append(state)
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
        if sheet.path[0] == _CASES:
            self._stash(state, _chain(after, rows))
        else:
            self._read_rows(state, _chain(after, rows))

    def _stash(self, state: _SheetState, rows: Iterable[tuple[int, tuple[Any, ...]]]) -> None:
        """Keep a case sheet's rows as compact bytes by case id, to be read case by case."""
        sheet = state.sheet
        key_at = next((i for i, s in state.slots.items() if s == ("key", 0)), None)
        codes = [
            i
            for i, (kind, target) in state.slots.items()
            if kind == "col" and target.is_code and state.exact
        ]
        stash = state.stash
        dumps = pickle.dumps
        count = 0
        slots = state.slots
        key_text = self._key_text
        for number, values in rows:
            if all(v is None or v == "" or (type(v) is str and not v.strip()) for v in values):
                continue
            if len(values) > len(slots):
                for i in range(len(values)):
                    if i not in slots and i not in state.unlabelled and not is_blank(values[i]):
                        state.unlabelled.add(i)
                        self._problem(
                            state.name,
                            number,
                            i + 1,
                            None,
                            "此列没有表头，其中的数据无法读取",
                            "this column has no header; its data cannot be read",
                        )
            for i in codes:
                v = values[i] if i < len(values) else None
                if type(v) is float and math.isfinite(v) and v == int(v) and abs(v) >= 1e15:
                    self.wanted.setdefault(state.name, set()).add((number, i + 1))
            if key_at is None:
                key = ""
            else:
                v = values[key_at] if key_at < len(values) else None
                if is_blank(v):
                    key = ""
                else:
                    cached = key_text.get(v)
                    key = cached if cached is not None else key_text.setdefault(v, _case_key(v))
            rows_of = stash.get(key)
            if rows_of is None:
                rows_of = stash[key] = []
            rows_of.append(dumps((number, values), pickle.HIGHEST_PROTOCOL))
            count += 1
        self.stash_sheets[sheet.path] = state
        if sheet.parent is None:
            self.case_state = state
            self.case_rows = count

    def _read_rows(
        self,
        state: _SheetState,
        rows: Iterable[tuple[int, tuple[Any, ...]]],
        *,
        stashed: bool = False,
    ) -> None:
        """Read ``rows`` of a sheet into interchange-format objects under their parents.

        ``stashed`` rows were kept by :meth:`_stash`, which skipped the blank ones
        and reported data in columns without a header already.
        """
        sheet = state.sheet
        slots = state.slots
        name = state.name
        exact = state.exact
        parent_index = self.index[sheet.parent.path] if sheet.parent else None
        # Only rows that other rows name need an index entry.
        own_index = self.index[sheet.path] if self.has_children[sheet.path] else {}
        handlers = state.handlers
        unlabelled = state.unlabelled
        key_text = self._key_text
        for number, values in rows:
            if not stashed and all(
                v is None or v == "" or (type(v) is str and not v.strip()) for v in values
            ):
                continue
            if not stashed and len(values) > len(slots):
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
                        stored = self.exact.get((name, number, i + 1)) if exact else None
                        try:
                            if not isinstance(stored, int) or isinstance(stored, bool):
                                raise exc from None
                            parsed = reader(stored)
                        except CellValueError as error:
                            self._cell_problem(name, number, i + 1, column, error)
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
                    text = key_text.get(value)
                    if text is None:
                        text = key_text[value] = _case_key(value)
                    keys[target] = text
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
                parent = self.data
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
                parent = found
            entry: Any = obj
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

    def _load(self, blobs: list[bytes]) -> Iterator[tuple[int, tuple[Any, ...]]]:
        loads = pickle.loads
        for blob in blobs:
            yield loads(blob)

    def roots(self) -> tuple[tuple[Agency, ...], tuple[Officer, ...]]:
        """The agencies and officers that could be structured (problems are collected).

        Their references and ids are validated when the cases are read
        (:meth:`validate_roots`), against a store's records if :meth:`use_store` was called.
        """
        data = {k: v for k, v in self.data.items() if k != _CASES}
        for sheet in self.layout.sheets:
            if sheet.parent is None and sheet.path[0] != _CASES:
                data.setdefault(sheet.field, [])
        self.root_data = data
        self.root_where = self.where

        def readable(key: str, cls: type[T]) -> list[T]:
            out: list[T] = []
            for i, item in enumerate(data.get(key, [])):
                try:
                    out.append(structure(item, cls, path=f"$.{key}[{i}]"))
                    self.positions[key].append(i)
                except ValidationError as exc:
                    self.problems.extend(self._map(data, exc.errors))
                    if isinstance(item.get("id"), str):
                        self.unreadable[key].add(item["id"])
            return out

        self.agencies = tuple(readable("agencies", Agency))
        self.officers = tuple(readable("officers", Officer))
        return self.agencies, self.officers

    def use_store(self, agencies: Sequence[Agency], officers: Sequence[Officer]) -> None:
        """Let the cases refer to a store's agencies and officers; an id already stored is a problem."""
        self.known = (tuple(agencies), tuple(officers))

    def validate_roots(self) -> None:
        """Validate the agencies and officers (after any stored ones), for the cases to refer to."""
        index, problems = index_after_stored(
            self.known,
            self.agencies,
            self.officers,
            positions=self.positions,
            unreadable=self.unreadable,
            id_at=lambda kind, at: _id(self.root_data[kind][at]),
        )
        self.problems.extend(self._map(self.root_data, problems, where=self.root_where))
        self.case_index = index

    def _case(self, row: bytes, where: int) -> Case | None:
        """Read one case from its row of 案件 and its rows of the other case sheets.

        ``where`` is the row's place among the case rows (``$.cases[where]``).
        ``None`` when it has a problem (collected in :attr:`problems`).
        """
        assert self.case_state is not None
        assert self.case_index is not None
        for sheet in self.case_sheets:
            self.index[sheet.path] = {}
        self.where = {}
        cases: list[dict[str, Any]] = []
        self.data = {_CASES: cases}
        before = len(self.problems)
        self._read_rows(self.case_state, self._load([row]), stashed=True)
        if not cases:
            return None
        obj = cases[0]
        own = obj.get("id")
        if isinstance(own, str):
            for sheet in self.case_sheets[1:]:
                state = self.stash_sheets.get(sheet.path)
                if state is not None and own in state.stash:
                    self._read_rows(state, self._load(state.stash.pop(own)), stashed=True)
        path = f"$.cases[{where}]"
        try:
            case = structure(obj, Case, path=path)
        except ValidationError as exc:
            self.problems += self._located(exc.errors, where)
            return None
        self.problems += self._located(list(self.case_index.check(case, path)), where)
        return case if len(self.problems) == before else None

    def _located(self, errors: list[tuple[str, str]], where: int) -> list[CellProblem]:
        prefix = f"$.cases[{where}]"
        return list(self._map(self.data, [(f"$.cases[0]{p[len(prefix) :]}", m) for p, m in errors]))

    def cases(self) -> Iterator[Case]:
        """Each valid case, in the order of the 案件 sheet."""
        self.validate_roots()
        if self.case_state is None:
            return
        for where, row in enumerate(self._case_rows()):
            case = self._case(row, where)
            if case is not None:
                self.yielded.append(case.id)
                yield case

    def _case_rows(self) -> Iterator[bytes]:
        assert self.case_state is not None
        stash = self.case_state.stash
        for key in list(stash):
            blobs = stash.pop(key)
            blobs.reverse()
            while blobs:
                yield blobs.pop()

    def finish(self) -> None:
        """Report the rows left over (no such case), then raise if anything was wrong."""
        self.data = {_CASES: []}
        for sheet in self.case_sheets:
            self.index[sheet.path] = {}
        for sheet in self.case_sheets[1:]:
            state = self.stash_sheets.get(sheet.path)
            if state is None:
                continue
            leftover = sorted(pickle.loads(b) for blobs in state.stash.values() for b in blobs)
            state.stash.clear()
            self._read_rows(state, leftover, stashed=True)
        if self.problems:
            raise WorkbookError(self.sort(self.problems), lang=self.lang, source=str(self.path))

    def sort(self, problems: list[CellProblem]) -> list[CellProblem]:
        """``problems`` in the order of the workbook: sheet (as laid out), row, column."""
        order = {s.path: i for i, s in enumerate(self.layout.sheets)}
        sheet_order = {state.name: order[state.sheet.path] for state in self.states}
        return sorted(problems, key=lambda p: (sheet_order.get(p.sheet, -1), p.row, p.column or 0))

    def locate(self, errors: list[tuple[str, str]]) -> list[CellProblem]:
        """``errors`` (paths of the document this reading makes) at their cells."""
        problems = list(
            self._map(
                self.root_data, [e for e in errors if not _is_case(e[0])], where=self.root_where
            )
        )
        by_case: dict[int, list[tuple[str, str]]] = {}
        for path, message in errors:
            m = re.match(r"\$\.cases\[(\d+)\]", path)
            if m:
                by_case.setdefault(int(m.group(1)), []).append((path, message))
        if by_case and self.case_state is not None:
            reading = _Reading(self.layout, path=self.path, lang=self.lang)
            sheets, handle = open_sheets(self.path)
            try:
                reading.read(_largest_first(self.path, sheets))
            finally:
                handle.close()
            reading.read_exact_values()
            reading.roots()
            reading.known = self.known
            reading.validate_roots()
            done = 0
            for where, row in enumerate(reading._case_rows()):
                case = reading._case(row, where)
                if case is None:
                    continue
                for path, message in by_case.pop(done, []):
                    problems += reading._located(
                        [(path.replace(f"$.cases[{done}]", f"$.cases[{where}]", 1), message)], where
                    )
                done += 1
                if not by_case:
                    break
        return problems

    def release(self) -> None:
        """Forget every row still kept."""
        for state in self.stash_sheets.values():
            state.stash.clear()

    def _map(
        self,
        data: dict[str, Any],
        errors: list[tuple[str, str]],
        where: dict[int, tuple[_SheetState, int]] | None = None,
    ) -> Iterator[CellProblem]:
        """The problems at interchange-format paths of ``data``, at their cells."""
        if not errors:
            return
        rows = self.where if where is None else where
        located: dict[str, tuple[_SheetState, int]] = {}

        def walk(obj: dict[str, Any], path: str) -> None:
            if id(obj) in rows:
                located[path] = rows[id(obj)]
            for key, value in obj.items():
                if isinstance(value, dict):
                    walk(value, f"{path}.{key}")
                elif isinstance(value, list):
                    for i, item in enumerate(value):
                        if isinstance(item, dict):
                            walk(item, f"{path}.{key}[{i}]")

        walk(data, "$")
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


def _with_headers_above(
    values: tuple[Any, ...],
    head: list[tuple[int, tuple[Any, ...]]],
    header_row: int,
    slots: dict[str, _Slot],
) -> tuple[Any, ...]:
    """The header row, a blank cell taking the header above it (a two-row header).

    A header merged over two rows (``序号``, ``案件标识`` beside a group title
    spanning the others) holds its text in its top cell only; the nearest cell
    above a blank header cell is taken when it is a known header.
    """
    above = [row for number, row in head if number < header_row]
    width = max([len(values), *(len(row) for row in above)])
    out = list(values) + [None] * (width - len(values))
    for i in range(width):
        if not is_blank(out[i]):
            continue
        for row in reversed(above):
            if i < len(row) and not is_blank(row[i]):
                if _norm_header(row[i]) in slots:
                    out[i] = row[i]
                break
    return tuple(out)


def _id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


def _is_case(path: str) -> bool:
    return path.startswith("$.cases[")


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
