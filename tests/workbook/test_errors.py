"""Every bad cell is reported, in the workbook's terms, all at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from enforcement.workbook import (
    Sheet,
    UnreadableWorkbookError,
    WorkbookError,
    read_workbook,
    workbook_layout,
)
from tests.workbook.helpers import edit, header, last_letter, letter, workbook

ID = header("当事人", "id_number")
ID_AT = f"当事人!{letter('当事人', 'id_number')}2"


def problems(path: Path, lang: str = "zh") -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path, lang=lang)
    return [f"{where}: {message}" for where, message in caught.value.errors]


def test_a_wrong_check_digit_is_reported_at_its_cell_in_chinese(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", ID, 2, "120116199305130913")
    assert problems(path) == [f"{ID_AT} {ID}: 校验码应为 X，实为 3"]


def test_english_names_the_field_and_keeps_the_cell(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", ID, 2, "120116199305130913")
    assert problems(path, "en") == [f"{ID_AT} id_number: check digit is 3, expected X"]


@pytest.mark.parametrize(
    ("sheet", "header", "value", "message"),
    [
        ("案件", "立案日期", "2020-02-30", "2020-02-30 不是有效日期"),
        (
            "案件",
            "立案日期",
            "上个月",
            "无法识别的日期 '上个月'（应如 2020-03-04、2020/3/4 或 2020年3月4日）",
        ),
        ("案件", "行为类别", "罚款了", "应为下列之一："),
        ("执法记录", "是否现场执法", "也许", "应为“是”或“否”，实为 '也许'"),
        ("处罚", "金额", "五千元", "应为数值，实为 '五千元'"),
        ("执法记录", "附件·文件大小", "12.5KB", "应为整数，实为 '12.5KB'"),
        ("执法记录", "记录时间", date(2020, 1, 2), "应为日期时间，缺少时间"),
        ("案件", "案由", " ", "必填，不能为空"),
        ("处罚", "金额", -5, "不能为负数，实为 -5.00"),
        ("案件", "执法主体标识", "nowhere", "没有标识为 nowhere 的执法主体"),
        ("案件", "结案日期", "2019-01-01", "2019-01-01 早于立案日期 2020-01-02"),
    ],
)
def test_each_kind_of_bad_cell_is_reported_at_its_cell(
    tmp_path: Path, sheet: str, header: str, value: Any, message: str
) -> None:
    path = workbook(tmp_path)
    ref = edit(path, sheet, header, 2, value)
    found = problems(path)
    assert len(found) == 1, found
    assert found[0].startswith(f"{sheet}!{ref} {header}: {message}")


def test_every_problem_of_every_sheet_is_reported_at_once(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", ID, 2, "120116199305130913")
    edit(path, "案件", "立案日期", 5, "someday")
    edit(path, "执法人员", "所属机关标识", 3, "nowhere")
    found = problems(path)
    assert [f.split(":")[0] for f in found] == [
        f"执法人员!{letter('执法人员', 'agency_id')}3 所属机关标识",
        f"案件!{letter('案件', 'opened_on')}5 立案日期",
        f"{ID_AT} {ID}",
    ]


def test_a_row_whose_parent_is_missing_is_reported(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", "案件标识", 2, "XC2099-99999")
    assert problems(path) == ["当事人 第2行: 案件中没有 XC2099-99999"]


def test_a_second_decision_for_a_case_is_reported(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["决定"]
    ws.append([c.value for c in ws[2]])
    last = ws.max_row
    book.save(path)
    found = problems(path)
    assert found == [f"决定 第{last}行: {ws['A2'].value} 已有一行决定"]


def test_an_unknown_column_is_reported_not_ignored(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["案件"]
    ws.cell(row=1, column=ws.max_column + 1, value="备注")
    book.save(path)
    found = problems(path)
    assert len(found) == 1
    assert found[0].startswith(f"案件!{last_letter('案件')}1: 未知的列 '备注'")


def test_data_in_a_column_without_a_header_is_reported(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["案件"]
    ws.cell(row=3, column=ws.max_column + 2, value="stray")
    book.save(path)
    assert problems(path) == [f"案件!{last_letter('案件', 2)}3: 此列没有表头，其中的数据无法读取"]


def test_a_missing_required_column_is_reported_once(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["案件"].delete_cols(_sheet("案件").all_headers("zh").index("案由") + 1)
    book.save(path)
    assert problems(path) == ["案件 第1行: 缺少必填列 案由"]


def test_a_file_that_is_not_a_workbook_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(UnreadableWorkbookError):
        read_workbook(path)


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableWorkbookError, match="no such file"):
        read_workbook(tmp_path / "missing.xlsx")


def test_a_message_no_pattern_knows_is_shown_in_english_rather_than_dropped() -> None:
    from enforcement.workbook.messages import in_chinese

    assert in_chinese("a rule added later says this") == "a rule added later says this"
    assert in_chinese("check digit is 3, expected X") == "校验码应为 X，实为 3"


def _sheet(name: str) -> Sheet:
    found = workbook_layout().sheet(name)
    assert found is not None
    return found


def test_a_case_row_twice_is_reported_at_the_second_row(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["案件"]
    ws.append([c.value for c in ws[2]])
    last = ws.max_row
    case_id = ws["A2"].value
    book.save(path)
    assert problems(path) == [f"案件!A{last} 案件标识: 标识 {case_id} 重复"]


def test_the_sheets_sizes_come_from_the_files_index(tmp_path: Path) -> None:
    from enforcement.workbook.files import sheet_sizes

    sizes = sheet_sizes(workbook(tmp_path))
    assert set(sizes) >= {"案件", "当事人", "执法记录", "填写说明"}
    assert max(sizes, key=sizes.__getitem__) == "执法记录"


def test_a_workbook_without_an_index_is_read_in_the_files_order(tmp_path: Path) -> None:
    import zipfile

    from enforcement.workbook.files import sheet_sizes

    path = workbook(tmp_path)
    broken = tmp_path / "no-index.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            if item.filename != "xl/_rels/workbook.xml.rels":
                dst.writestr(item, src.read(item))
    assert sheet_sizes(broken) == {}
    (tmp_path / "text.xlsx").write_text("not a zip", encoding="utf-8")
    assert sheet_sizes(tmp_path / "text.xlsx") == {}
