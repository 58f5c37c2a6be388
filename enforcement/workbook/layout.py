"""The workbook's sheets and columns, derived from the record model.

Nothing here lists the model's fields by hand: :func:`workbook_layout` walks the
attrs classes from :class:`~enforcement.models.Dataset` down. Each field becomes
a column whose header is the Chinese term its ``metadata["doc"]`` starts with,
whose note is that doc, and whose kind (text, date, amount, enumeration...)
follows its type. A collection of records (a tuple of attrs classes) becomes a
sheet of its own whose first columns name the parent record; a single nested
record with collections of its own (a case's decision) becomes a sheet with at
most one row per parent; a single nested record without (a record entry's
attachment) is spread over its parent's columns. A field added to the model
later appears in the workbook without a change here. Only sheet names and the
few headers a doc cannot give are written out (:data:`SHEET_NAMES`,
:data:`HEADER_OVERRIDES`).
"""

from __future__ import annotations

import re
import types
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs

from enforcement.models import Dataset

Kind = Literal["text", "date", "datetime", "decimal", "int", "bool", "enum", "list"]

SHEET_NAMES: dict[str, tuple[str, str]] = {
    "agencies": ("执法主体", "Agencies"),
    "agencies.powers": ("权责清单", "Powers"),
    "officers": ("执法人员", "Officers"),
    "officers.certificates": ("执法证件", "Certificates"),
    "officers.certificates.events": ("证件事件", "CertificateEvents"),
    "officers.trainings": ("培训记录", "Trainings"),
    "cases": ("案件", "Cases"),
    "cases.parties": ("当事人", "Parties"),
    "cases.records": ("执法记录", "Records"),
    "cases.review": ("法制审核", "Reviews"),
    "cases.review.checks": ("审核事项", "ReviewChecks"),
    "cases.decision": ("决定", "Decisions"),
    "cases.decision.penalties": ("处罚", "Penalties"),
    "cases.notices": ("公示", "Notices"),
}
"""Sheet names (Chinese, English) by the path of their records in the interchange format.

A collection missing from this table gets the term of its field's doc as its name."""

HEADER_OVERRIDES: dict[tuple[str, str], str] = {
    ("Party", "kind"): "当事人类型",
    ("PublicNotice", "kind"): "公示类型",
    ("Case", "procedure"): "程序",
    ("Case", "agency_id"): "执法主体标识",
    ("Officer", "agency_id"): "所属机关标识",
    ("Agency", "id"): "执法主体标识",
}
"""Headers for fields whose doc does not start with a Chinese term that reads well as one."""

KEY_FIELDS = ("id", "number", "code")
"""A record in a collection is named by the first of these fields it has (else by its position)."""

POSITION_HEADER = ("序号", "seq")
"""The column naming a record by its position, for collections whose records have no key."""

CODE_FIELDS = frozenset({"id_number", "credit_code", "phone", "bank_account"})
"""Text fields holding digits that spreadsheets like to turn into numbers."""

INSTRUCTIONS_SHEET = ("填写说明", "Instructions")
LISTS_SHEET = ("选项", "Lists")

LIST_SEPARATOR = "\n"
"""Items of a list field (法律依据, 承办执法人员...) go one per line in their cell (Alt+Enter)."""

_TERM = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef《》]+(?:/[\u3400-\u9fff]+)*")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@attrs.frozen
class Column:
    """One column of a sheet: a field of the sheet's record (or of a record spread over it)."""

    path: tuple[str, ...]
    """Attribute names from the sheet's record: ``("attachment", "uri")``."""
    header_zh: str
    header_en: str
    note: str
    kind: Kind
    required: bool
    enum: type[Enum] | None = None
    """For ``enum`` columns, and ``list`` columns of enumeration members."""
    item_kind: Kind | None = None
    """For ``list`` columns: ``text`` or ``enum``."""
    optional_parent: tuple[str, ...] | None = None
    """For a column of an optional record spread over the sheet: that record's path."""

    def header(self, lang: str) -> str:
        """The header in ``lang`` (``zh`` or ``en``)."""
        return self.header_en if lang == "en" else self.header_zh

    @property
    def is_code(self) -> bool:
        """Whether the column holds an identifier made of digits (身份证号, 信用代码, 电话...)."""
        return self.kind == "text" and self.path[-1] in CODE_FIELDS


@attrs.frozen
class KeyColumn:
    """A column naming the parent record a row belongs to (or the row's own position)."""

    header_zh: str
    header_en: str
    level: int
    """Which ancestor (0 = the root record) the key names."""
    field: str | None
    """The key field of that ancestor; ``None`` when the ancestor is named by its position."""

    def header(self, lang: str) -> str:
        """The header in ``lang``."""
        return self.header_en if lang == "en" else self.header_zh


@attrs.frozen
class Sheet:
    """One sheet: the records at ``path`` in the interchange format."""

    path: tuple[str, ...]
    name_zh: str
    name_en: str
    cls: type
    single: bool
    """Whether the records are single (at most one per parent), not a collection."""
    parent: Sheet | None
    keys: tuple[KeyColumn, ...]
    """The parents' keys, root first (empty for a root sheet)."""
    own_key: str | None
    """The field naming this sheet's records among their siblings, if any."""
    positional: bool
    """Whether the records are named by a position column (they have no key but have children)."""
    columns: tuple[Column, ...]
    note: str

    @property
    def field(self) -> str:
        """The field of the parent record holding these records."""
        return self.path[-1]

    def all_headers(self, lang: str) -> list[str]:
        """Key columns, then the position column, then the field columns."""
        out = [k.header(lang) for k in self.keys]
        if self.positional:
            out.append(POSITION_HEADER[1] if lang == "en" else POSITION_HEADER[0])
        out += [c.header(lang) for c in self.columns]
        return out


@attrs.frozen
class Layout:
    """Every sheet of the workbook, parents before children."""

    sheets: tuple[Sheet, ...]
    unsupported: tuple[str, ...]
    """Fields (``Case.something``) a workbook cannot hold; a test keeps this empty."""

    def sheet(self, name: str) -> Sheet | None:
        """The sheet with this Chinese or English name (or path), if any."""
        for sheet in self.sheets:
            if name in (sheet.name_zh, sheet.name_en, ".".join(sheet.path)):
                return sheet
        return None


def term(doc: str) -> str | None:
    """The Chinese term a field's doc starts with (``"事项编码: ..."`` → ``"事项编码"``)."""
    match = _TERM.match(doc.strip())
    if match is None:
        return None
    return match.group().strip("/")


@cache
def workbook_layout() -> Layout:
    """The layout of the workbook for the current model."""
    return layout_for(Dataset)


def layout_for(root: type) -> Layout:
    """The layout of a workbook holding the collections of the attrs class ``root``."""
    builder = _Builder()
    builder.collection(root, (), None, ())
    return Layout(sheets=tuple(builder.sheets), unsupported=tuple(builder.unsupported))


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    args = get_args(tp)
    if get_origin(tp) in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return next(a for a in args if a is not type(None)), True
    return tp, False


def _tuple_item(tp: Any) -> Any | None:
    args = get_args(tp)
    if get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _scalar_kind(tp: Any) -> tuple[Kind, type[Enum] | None] | None:
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "enum", tp
    simple: dict[Any, Kind] = {
        str: "text",
        date: "date",
        datetime: "datetime",
        Decimal: "decimal",
        int: "int",
        bool: "bool",
    }
    kind = simple.get(tp)
    return (kind, None) if kind is not None else None


def _has_collections(cls: type) -> bool:
    hints = get_type_hints(cls)
    for field in attrs.fields(cls):
        inner, _ = _unwrap_optional(hints[field.name])
        item = _tuple_item(inner)
        if (item is not None and attrs.has(item)) or attrs.has(inner):
            return True
    return False


def _key_field(cls: type) -> str | None:
    hints = get_type_hints(cls)
    names = {f.name for f in attrs.fields(cls)}
    for name in KEY_FIELDS:
        if name in names and hints[name] is str:
            return name
    return None


class _Builder:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.unsupported: list[str] = []

    def collection(
        self,
        cls: type,
        path: tuple[str, ...],
        parent: Sheet | None,
        keys: tuple[KeyColumn, ...],
    ) -> None:
        """Add the sheets of the collections (and single records with collections) of ``cls``."""
        hints = get_type_hints(cls)
        for field in attrs.fields(cls):
            inner, _optional = _unwrap_optional(hints[field.name])
            item = _tuple_item(inner)
            child_path = (*path, field.name)
            if item is not None and attrs.has(item):
                self._sheet(item, child_path, parent, keys, field, single=False)
            elif attrs.has(inner) and _has_collections(inner):
                self._sheet(inner, child_path, parent, keys, field, single=True)

    def _sheet(
        self,
        cls: type,
        path: tuple[str, ...],
        parent: Sheet | None,
        keys: tuple[KeyColumn, ...],
        field: attrs.Attribute[Any],
        *,
        single: bool,
    ) -> None:
        dotted = ".".join(path)
        doc = str(field.metadata.get("doc", ""))
        if dotted in SHEET_NAMES:
            name_zh, name_en = SHEET_NAMES[dotted]
        else:
            name_zh = term(doc) or field.name
            if any(s.name_zh == name_zh for s in self.sheets) and parent is not None:
                name_zh = parent.name_zh + name_zh
            name_zh = _SHEET_FORBIDDEN.sub("_", name_zh)[:31]
            name_en = dotted
        own_key = None if single else _key_field(cls)
        positional = not single and own_key is None and _has_collections(cls)
        columns = tuple(self._columns(cls, (), None))
        sheet = Sheet(
            path=path,
            name_zh=name_zh,
            name_en=name_en,
            cls=cls,
            single=single,
            parent=parent,
            keys=keys,
            own_key=own_key,
            positional=positional,
            columns=columns,
            note=doc,
        )
        self.sheets.append(sheet)
        level = len(keys)
        if single:
            child_keys = keys
        elif own_key is not None:
            key_column = next(c for c in columns if c.path == (own_key,))
            child_keys = (
                *keys,
                KeyColumn(key_column.header_zh, f"{path[-1]}.{own_key}", level, own_key),
            )
        else:
            child_keys = (
                *keys,
                KeyColumn(name_zh + POSITION_HEADER[0], f"{path[-1]}.seq", level, None),
            )
        self.collection(cls, path, sheet, child_keys)

    def _columns(
        self, cls: type, prefix: tuple[str, ...], optional_parent: tuple[str, ...] | None
    ) -> list[Column]:
        hints = get_type_hints(cls)
        prefix_zh = ""
        out: list[Column] = []
        for field in attrs.fields(cls):
            tp, optional = _unwrap_optional(hints[field.name])
            required = field.default is attrs.NOTHING and optional_parent is None
            path = (*prefix, field.name)
            doc = str(field.metadata.get("doc", ""))
            header = HEADER_OVERRIDES.get((cls.__name__, field.name)) or term(doc) or field.name
            item = _tuple_item(tp)
            if item is not None:
                if attrs.has(item):
                    continue  # a sheet of its own
                item_kind = _scalar_kind(item)
                if item_kind is None or item_kind[0] not in ("text", "enum"):
                    self.unsupported.append(f"{cls.__name__}.{field.name}")
                    continue
                out.append(
                    Column(
                        path=path,
                        header_zh=prefix_zh + header,
                        header_en=".".join(path),
                        note=doc,
                        kind="list",
                        required=False,
                        enum=item_kind[1],
                        item_kind=item_kind[0],
                        optional_parent=optional_parent,
                    )
                )
                continue
            if attrs.has(tp):
                if _has_collections(tp):
                    continue  # a sheet of its own
                nested = self._columns(tp, path, path if optional else optional_parent)
                # "附件·存储位置": the record's term, then the field's.
                out += [attrs.evolve(c, header_zh=f"{header}·{c.header_zh}") for c in nested]
                continue
            scalar = _scalar_kind(tp)
            if scalar is None:
                self.unsupported.append(f"{cls.__name__}.{field.name}")
                continue
            out.append(
                Column(
                    path=path,
                    header_zh=header,
                    header_en=".".join(path),
                    note=doc,
                    kind=scalar[0],
                    required=required,
                    enum=scalar[1],
                    optional_parent=optional_parent,
                )
            )
        return out
