"""A dataset written as a workbook reads back unchanged; the template reads as nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from click.testing import CliRunner

from enforcement.cli import cli
from enforcement.models import Case, Dataset, Penalty, PenaltyKind
from enforcement.synthetic import generate_dataset
from enforcement.workbook import (
    WorkbookError,
    WorkbookWriteError,
    open_workbook,
    read_workbook,
    write_template,
)
from tests.workbook.helpers import (
    cell_value,
    edit,
    example,
    header,
    letter,
    sheet_values,
    workbook,
)


def test_the_example_round_trips_through_a_workbook(tmp_path: Path) -> None:
    ds = example()
    assert read_workbook(workbook(tmp_path, ds)).dataset == ds


def test_a_year_with_defects_round_trips_through_a_workbook(tmp_path: Path) -> None:
    ds = generate_dataset(cases=80, defects=0.3, seed=7)
    assert read_workbook(workbook(tmp_path, ds)).dataset == ds


def test_the_checks_of_a_cases_several_legal_reviews_round_trip(tmp_path: Path) -> None:
    # 法制审核 (a case's review) and 案件法制审核 (its reviews) hold the same kind of
    # record; the rows of 案件法制审核审核事项 must name the review by its 序号.
    ds = generate_dataset(cases=60)
    assert any(len(r.checks) > 1 for c in ds.cases for r in c.reviews)
    path = workbook(tmp_path, ds)
    positions = {row[1] for row in sheet_values(path)["案件法制审核审核事项"][1:]}
    assert positions == {"1"}
    assert read_workbook(path).dataset == ds


def test_workbook_to_store_to_workbook_keeps_every_cell(tmp_path: Path) -> None:
    first = workbook(tmp_path, generate_dataset(cases=120, defects=0.2))
    # Every sheet holds records, so that every column makes the trip.
    empty = [name for name, rows in sheet_values(first).items() if len(rows) < 2]
    assert empty == []
    url = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", str(first), "--db", url])
    assert imported.exit_code == 0, imported.output
    second = tmp_path / "export.xlsx"
    exported = runner.invoke(cli, ["db", "export", str(second), "--format", "xlsx", "--db", url])
    assert exported.exit_code == 0, exported.output
    assert sheet_values(second) == sheet_values(first)


def test_the_template_reads_as_an_empty_dataset(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    assert read_workbook(path).dataset == Dataset()


def test_a_template_filled_in_by_hand_is_read(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    book["执法主体"].append(["xc", "新城镇综合行政执法局", None, "120116"])
    book["执法人员"].append(["xc-1", "张三", "xc"])
    book["案件"].append(
        ["c1", "xc", "行政检查", "城市管理", None, "普通程序", "检查", date(2020, 3, 4)]
    )
    book.save(path)
    ds = read_workbook(path).dataset
    assert ds.cases[0].opened_on == date(2020, 3, 4)
    assert ds.officers[0].name == "张三"


def test_the_template_has_notes_lists_and_date_formats(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    ws = book["当事人"]
    kind = letter("当事人", "kind")
    assert ws[f"{kind}1"].value == "当事人类型"
    assert ws[f"{kind}1"].comment is not None
    assert "自然人" in ws[f"{kind}1"].comment.text
    lists = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert lists[f"{kind}2:{kind}1048576"].type == "list"
    cases = book["案件"]
    dates = [dv for dv in cases.data_validations.dataValidation if dv.type == "date"]
    opened, closed = letter("案件", "opened_on"), letter("案件", "closed_on")
    assert {f"{opened}2:{opened}1048576", f"{closed}2:{closed}1048576"} <= {
        str(dv.sqref) for dv in dates
    }
    assert cases.column_dimensions[opened].number_format == "yyyy-mm-dd"
    assert book["填写说明"]["A1"].value == "行政执法台账 填写说明"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    ds = example()
    case = ds.cases[0]
    party = attrs.evolve(case.parties[0], name='=HYPERLINK("http://evil.example","x")')
    ds = attrs.evolve(ds, cases=(attrs.evolve(case, parties=(party,)), *ds.cases[1:]))
    path = workbook(tmp_path, ds)
    assert cell_value(path, "当事人", "姓名/名称", 2) == party.name
    ws = openpyxl.load_workbook(path)["当事人"]
    assert ws[f"{letter('当事人', 'name')}2"].data_type == "s"
    assert read_workbook(path).dataset == ds


def test_a_datetime_outside_beijing_time_keeps_its_offset(tmp_path: Path) -> None:
    ds = example()
    case = ds.cases[0]
    entry = attrs.evolve(case.records[0], at=datetime(2020, 1, 2, 1, 5, 7, 250000, tzinfo=UTC))
    ds = attrs.evolve(
        ds, cases=(attrs.evolve(case, records=(entry, *case.records[1:])), *ds.cases[1:])
    )
    got = read_workbook(workbook(tmp_path, ds)).dataset
    assert got.cases[0].records[0].at.isoformat() == "2020-01-02T01:05:07.250000+00:00"


def test_an_amount_with_three_decimals_is_refused_at_its_cell(tmp_path: Path) -> None:
    ds = example()
    case = next(c for c in ds.cases if c.decision and c.decision.penalties)
    assert case.decision is not None
    decision = attrs.evolve(
        case.decision, penalties=(Penalty(kind=PenaltyKind.FINE, amount=Decimal("1234.125")),)
    )
    ds = attrs.evolve(
        ds,
        cases=tuple(attrs.evolve(c, decision=decision) if c is case else c for c in ds.cases),
    )
    # The interchange format keeps amounts to the fen; the workbook names the cell.
    with pytest.raises(WorkbookError) as caught:
        read_workbook(workbook(tmp_path, ds))
    ((where, message),) = caught.value.errors
    assert where.startswith("处罚!")
    assert where.endswith(" 金额")
    assert "more than 2 decimal places" in message


def test_a_control_character_is_refused_by_name_not_written(tmp_path: Path) -> None:
    ds = example()
    case = attrs.evolve(ds.cases[0], title="占道\x01经营")
    ds = attrs.evolve(ds, cases=(case, *ds.cases[1:]))
    with pytest.raises(WorkbookWriteError, match="title holds a control character"):
        workbook(tmp_path, ds)
    assert not (tmp_path / "台账.xlsx").exists()


def test_a_list_item_with_a_line_break_is_refused(tmp_path: Path) -> None:
    ds = example()
    decided = next(c for c in ds.cases if c.decision is not None)
    assert decided.decision is not None
    decision = attrs.evolve(decided.decision, legal_basis=("第一条\n第二条",))
    ds = attrs.evolve(
        ds,
        cases=tuple(attrs.evolve(c, decision=decision) if c is decided else c for c in ds.cases),
    )
    with pytest.raises(WorkbookWriteError, match="legal_basis"):
        workbook(tmp_path, ds)


def test_cases_stream_in_the_order_of_the_case_sheet_whatever_the_order_of_the_others(
    tmp_path: Path,
) -> None:
    ds = generate_dataset(cases=30, defects=0.3, seed=3)
    path = workbook(tmp_path, ds)
    book = openpyxl.load_workbook(path)
    for name in ("执法记录", "当事人", "处罚"):
        ws = book[name]
        # The cases' blocks of rows in reverse order, each case's rows in their order.
        blocks: dict[Any, list[list[Any]]] = {}
        for row in ws.iter_rows(min_row=2):
            blocks.setdefault(row[0].value, []).append([c.value for c in row])
        rows = [values for block in reversed(blocks.values()) for values in block]
        for i, values in enumerate(rows, 2):
            for j, value in enumerate(values, 1):
                ws.cell(row=i, column=j).value = value
    book.save(path)
    with open_workbook(path) as stream:
        assert stream.total == 30
        assert stream.agencies == ds.agencies
        assert stream.officers == ds.officers
        assert tuple(stream.cases()) == ds.cases
        with pytest.raises(RuntimeError, match="once"):
            next(stream.cases())


def test_a_stream_yields_the_good_cases_then_raises_with_every_problem(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", header("当事人", "id_number"), 2, "120116199305130913")
    edit(path, "处罚", "金额", 3, "lots")
    got: list[Case] = []
    with open_workbook(path) as stream, pytest.raises(WorkbookError) as caught:
        got.extend(stream.cases())
    assert 0 < len(got) < len(example().cases)
    wheres = [where for where, _ in caught.value.errors]
    assert len(wheres) == 2
    assert wheres[0].startswith("当事人!")
    assert wheres[1].startswith("处罚!")


def test_child_rows_of_a_case_not_in_the_case_sheet_are_each_reported(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "执法记录", "案件标识", 2, "NO-SUCH-CASE")
    edit(path, "执法记录", "案件标识", 3, "NO-SUCH-CASE")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    errors = caught.value.errors
    assert ("执法记录 第2行", "案件中没有 NO-SUCH-CASE") in errors
    assert ("执法记录 第3行", "案件中没有 NO-SUCH-CASE") in errors
