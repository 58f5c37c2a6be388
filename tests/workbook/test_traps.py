"""What spreadsheets do to records: each trap is read back exactly, or refused clearly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from enforcement.identifiers import id_number_check_char
from enforcement.io import to_data
from enforcement.models import Dataset
from enforcement.workbook import WorkbookError, read_workbook
from tests.workbook.helpers import edit, example, header, letter, store_number, workbook

ID = header("当事人", "id_number")
ID_COL = letter("当事人", "id_number")


def _valid_numeric_id(body: str = "11010519900101") -> str:
    for tail in range(100, 1000):
        first17 = f"{body}{tail}"
        check = id_number_check_char(first17)
        if check != "X" and check != "0":
            return first17 + check
    raise AssertionError("no numeric ID number found")


def _problems(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    return [f"{where}: {message}" for where, message in caught.value.errors]


def _notice_date(path: Path) -> date:
    return read_workbook(path).dataset.cases[0].notices[0].published_on


@pytest.mark.parametrize(
    "typed",
    [
        datetime(2020, 12, 30),
        date(2020, 12, 30),
        "2020-12-30",
        "2020/12/30",
        "2020/12/30 0:00",
        "2020年12月30日",
        "2020.12.30",
        "20201230",
        44195,
        "44195",
        "２０２０－１２－３０",
        "  2020-12-30 ",
    ],
)
def test_a_date_is_read_however_it_was_typed(tmp_path: Path, typed: Any) -> None:
    path = workbook(tmp_path)
    edit(path, "公示", "公示日期", 2, typed)
    assert _notice_date(path) == date(2020, 12, 30)


def test_a_date_with_a_time_of_day_is_refused_in_a_date_column(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "公示", "公示日期", 2, datetime(2020, 12, 30, 15, 30))
    assert _problems(path) == ["公示!D2 公示日期: 应为日期，实为日期时间 2020-12-30 15:30"]


def test_an_id_number_stored_exactly_as_a_number_is_recovered(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    number = _valid_numeric_id()
    store_number(path, "当事人", f"{ID_COL}2", number)
    assert read_workbook(path).dataset.cases[0].parties[0].id_number == number


def test_an_id_number_that_lost_digits_as_a_float_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", ID, 2, float(_valid_numeric_id()))
    found = _problems(path)
    assert len(found) == 1
    assert found[0].startswith(f"当事人!{ID_COL}2 {ID}: 号码被表格软件存为数值")
    assert "请将单元格设为文本格式后重新输入" in found[0]


def test_an_id_number_ending_in_zeros_the_spreadsheet_left_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    body = next(f"1101051990010{i:01d}000" for i in range(10))
    store_number(path, "当事人", f"{ID_COL}2", body + "0" * (18 - len(body)))
    found = _problems(path)
    assert len(found) == 1
    assert "可能已丢失末尾数字" in found[0]


def test_an_id_number_in_scientific_notation_text_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", ID, 2, "1.10105E+17")
    assert _problems(path) == [
        f"当事人!{ID_COL}2 {ID}: 1.10105E+17 是科学计数法，数字已丢失；"
        "请将单元格设为文本格式后重新输入完整号码"
    ]


def test_a_phone_number_turned_into_a_number_is_read_as_its_digits(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", "联系电话", 2, 13800138000)
    assert read_workbook(path).dataset.cases[0].parties[0].phone == "13800138000"


def test_full_width_digits_and_stray_spaces_are_normalised(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    ds = example()
    original = ds.cases[0].parties[0].id_number
    assert original is not None
    wide = " " + "".join(chr(ord(c) + 0xFEE0) for c in original) + "\u3000"
    edit(path, "当事人", ID, 2, wide)
    edit(path, "当事人", header("当事人", "id"), 2, f"  {ds.cases[0].id} ")
    edit(path, "案件", "案由", 2, f"\u3000{ds.cases[0].title}  ")
    assert read_workbook(path).dataset == ds


def _amount(ds: Dataset) -> str:
    for case in to_data(ds)["cases"]:
        if case.get("decision") and case["decision"]["penalties"]:
            return str(case["decision"]["penalties"][0]["amount"])
    raise AssertionError("no penalty")


@pytest.mark.parametrize(
    ("typed", "amount"),
    [(5000, "5000.00"), (5000.5, "5000.50"), ("5000", "5000.00"), ("5,000.5", "5000.50")],
)
def test_an_amount_that_lost_its_trailing_zeros_gets_them_back(
    tmp_path: Path, typed: Any, amount: str
) -> None:
    path = workbook(tmp_path)
    edit(path, "处罚", "金额", 2, typed)
    assert _amount(read_workbook(path).dataset) == amount


def test_a_merged_title_above_the_headers_is_ignored(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["案件"]
    ws.insert_rows(1, 2)
    ws["A1"] = "新城镇综合行政执法局 2020 年执法台账"
    ws.merge_cells("A1:J1")
    ws["A2"] = "基本信息"
    ws.merge_cells("A2:E2")
    ws["F2"] = "办理情况"
    ws.merge_cells("F2:J2")
    book.save(path)
    assert read_workbook(path).dataset == example()
    book = openpyxl.load_workbook(path)
    book["案件"]["H5"] = "someday"
    book.save(path)
    assert _problems(path)[0].startswith("案件!H5 立案日期: 无法识别的日期")


def test_a_header_merged_over_two_header_rows_is_read(tmp_path: Path) -> None:
    # A two-row header: 案件标识 and 执法主体标识 merged over both rows, a group title
    # over the others; a merged cell keeps its text in its top cell only.
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["案件"]
    ws.insert_rows(1, 1)
    for col in "AB":
        ws[f"{col}1"] = ws[f"{col}2"].value
        ws[f"{col}2"] = None
        ws.merge_cells(f"{col}1:{col}2")
    ws["C1"] = "基本信息"
    ws.merge_cells("C1:J1")
    book.save(path)
    assert read_workbook(path).dataset == example()
    book = openpyxl.load_workbook(path)
    book["案件"]["A4"] = None
    book.save(path)
    assert _problems(path)[0] == "案件!A4 案件标识: 必填，不能为空"


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["当事人"]
    ws.insert_rows(3, 2)
    ws["C4"] = "   "
    book.save(path)
    assert read_workbook(path).dataset == example()
    book = openpyxl.load_workbook(path)
    book["当事人"][f"{ID_COL}5"] = "123"
    book.save(path)
    found = _problems(path)
    assert len(found) == 1
    assert found[0].startswith(f"当事人!{ID_COL}5 {ID}: 应为 18 位")
    assert found[0].endswith("实为 3 位")
