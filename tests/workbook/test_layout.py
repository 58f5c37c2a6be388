"""The workbook's sheets and columns cover the whole model, and read well."""

from __future__ import annotations

import re
import types
from enum import Enum, StrEnum
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
import pytest

from enforcement import models
from enforcement.models import Dataset
from enforcement.workbook import workbook_layout
from enforcement.workbook.labels import enum_label, enum_lookup
from enforcement.workbook.layout import SHEET_NAMES, layout_for


def _inner(tp: Any) -> Any:
    args = get_args(tp)
    if get_origin(tp) in (Union, types.UnionType) and type(None) in args:
        tp = next(a for a in args if a is not type(None))
    args = get_args(tp)
    if get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return tp


def _fields(cls: type, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every field path under ``cls``, found by walking the model itself (not the layout)."""
    out = []
    hints = get_type_hints(cls)
    for field in attrs.fields(cls):
        here = (*path, field.name)
        out.append(here)
        inner = _inner(hints[field.name])
        if attrs.has(inner):
            out += _fields(inner, here)
    return out


def _covered() -> set[tuple[str, ...]]:
    covered: set[tuple[str, ...]] = set()
    for sheet in workbook_layout().sheets:
        covered.add(sheet.path)
        for column in sheet.columns:
            for i in range(1, len(column.path) + 1):
                covered.add((*sheet.path, *column.path[:i]))
    return covered


def test_every_model_field_has_a_column_or_a_sheet() -> None:
    missing = [".".join(p) for p in _fields(Dataset, ()) if p not in _covered()]
    assert missing == []


def test_no_model_field_is_of_a_type_a_workbook_cannot_hold() -> None:
    assert workbook_layout().unsupported == ()


def test_every_header_is_chinese_and_unique_within_its_sheet() -> None:
    for sheet in workbook_layout().sheets:
        headers = sheet.all_headers("zh")
        assert len(headers) == len(set(headers)), sheet.name_zh
        for header in headers:
            assert re.search(r"[\u4e00-\u9fff]", header), (sheet.name_zh, header)


def test_english_headers_are_unique_within_their_sheet() -> None:
    for sheet in workbook_layout().sheets:
        headers = sheet.all_headers("en")
        assert len(headers) == len(set(headers)), sheet.name_en


def test_sheet_names_are_unique_and_valid_in_excel() -> None:
    names = [s.name_zh for s in workbook_layout().sheets]
    assert len(names) == len(set(names))
    for name in names:
        assert len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)


def test_the_issue_names_its_sheets() -> None:
    names = {s.name_zh for s in workbook_layout().sheets}
    assert {
        "执法主体",
        "执法人员",
        "执法证件",
        "案件",
        "当事人",
        "执法记录",
        "处罚",
        "公示",
    } <= names


@pytest.mark.parametrize(
    "enum",
    [
        obj
        for obj in vars(models).values()
        if isinstance(obj, type) and issubclass(obj, Enum) and obj is not models.CertificateStatus
    ],
)
def test_each_enumeration_member_reads_back_from_its_label(enum: type[Enum]) -> None:
    labels = [enum_label(m) for m in enum]
    assert len(labels) == len(set(labels))
    for member in enum:
        assert enum_lookup(enum)[enum_label(member)] is member


class _Colour(StrEnum):
    RED = "red"


@attrs.frozen(kw_only=True)
class _Step:
    on: str = attrs.field(metadata={"doc": "步骤日期"})


@attrs.frozen(kw_only=True)
class _Execution:
    colour: _Colour = attrs.field(metadata={"doc": "颜色: a new enumeration"})
    steps: tuple[_Step, ...] = attrs.field(default=(), metadata={"doc": "执行步骤"})


@attrs.frozen(kw_only=True)
class _Case:
    id: str = attrs.field(metadata={"doc": "案件标识"})
    paid: bool = attrs.field(default=False, metadata={"doc": "是否缴纳: a new field"})
    executions: tuple[_Execution, ...] = attrs.field(default=(), metadata={"doc": "强制执行"})


@attrs.frozen(kw_only=True)
class _Root:
    cases: tuple[_Case, ...] = attrs.field(default=(), metadata={"doc": "案件"})


def test_a_field_added_to_the_model_gets_a_column_and_a_collection_gets_a_sheet() -> None:
    layout = layout_for(_Root)
    by_name = {s.name_zh: s for s in layout.sheets}
    assert set(by_name) == {"案件", "强制执行", "执行步骤"}
    assert [c.header_zh for c in by_name["案件"].columns] == ["案件标识", "是否缴纳"]
    assert by_name["强制执行"].positional  # no key field, but children: a 序号 column
    assert by_name["执行步骤"].all_headers("zh") == ["案件标识", "强制执行序号", "步骤日期"]


@attrs.frozen
class _Odd:
    id: str = attrs.field(metadata={"doc": "标识"})
    extra: dict[str, str] = attrs.field(factory=dict, metadata={"doc": "附加"})


@attrs.frozen
class _OddRoot:
    odds: tuple[_Odd, ...] = attrs.field(default=(), metadata={"doc": "奇"})


def test_a_field_of_a_type_no_cell_can_hold_is_reported_as_unsupported() -> None:
    assert layout_for(_OddRoot).unsupported == ("_Odd.extra",)


def test_members_sharing_a_value_across_enumerations_keep_their_own_labels() -> None:
    assert enum_label(models.CaseCategory.INSPECTION) == "行政检查"
    assert enum_label(models.Act.INSPECTION) == "现场检查"
    assert enum_label(models.PartyRole.OTHER) == "其他相关人员"


def test_every_named_sheet_is_described_in_the_docs() -> None:
    from tests.workbook.helpers import ROOT

    text = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    named = {zh for zh, _ in SHEET_NAMES.values()}
    missing = [name for name in sorted(named) if f"| {name} |" not in text]
    assert missing == []
