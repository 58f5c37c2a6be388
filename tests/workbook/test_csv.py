"""CSV files with the workbook's headers are read the same way, in UTF-8 or GBK."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement.cli import cli
from enforcement.workbook import (
    Sheet,
    UnreadableWorkbookError,
    WorkbookError,
    read_workbook,
    workbook_layout,
)
from tests.workbook.helpers import csv_folder, example, header, letter, workbook


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("gbk", "GBK")],
)
def test_a_folder_of_csv_files_reads_like_the_workbook(
    tmp_path: Path, encoding: str, detected: str
) -> None:
    folder = csv_folder(workbook(tmp_path), tmp_path / "台账", encoding)
    contents = read_workbook(folder)
    assert contents.dataset == example()
    assert set(contents.encodings.values()) == {detected}


def test_import_says_which_encoding_it_detected(tmp_path: Path) -> None:
    folder = csv_folder(workbook(tmp_path), tmp_path / "台账", "gbk")
    result = CliRunner().invoke(cli, ["import", str(folder), "--db", f"sqlite:///{tmp_path}/s.db"])
    assert result.exit_code == 0, result.output
    assert f"{folder / '案件.csv'}: encoding GBK" in result.stderr


def test_a_single_csv_file_is_the_sheet_its_name_says(tmp_path: Path) -> None:
    folder = csv_folder(workbook(tmp_path), tmp_path / "台账")
    ds = read_workbook(folder / "执法主体.csv").dataset
    assert [a.name for a in ds.agencies] == [a.name for a in example().agencies]
    assert ds.cases == ()


def test_a_bad_cell_in_a_csv_file_is_reported_at_its_row_and_column(tmp_path: Path) -> None:
    folder = csv_folder(workbook(tmp_path), tmp_path / "台账", "gbk")
    path = folder / "当事人.csv"
    lines = path.read_text(encoding="gbk").splitlines()
    fields = lines[1].split(",")
    fields[_sheet("当事人").all_headers("zh").index(header("当事人", "id_number"))] = "1.10105E+17"
    lines[1] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(folder)
    assert [w for w, _ in caught.value.errors] == [
        f"当事人!{letter('当事人', 'id_number')}2 {header('当事人', 'id_number')}"
    ]


def test_a_folder_without_csv_files_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableWorkbookError, match=r"no \.csv files"):
        read_workbook(tmp_path)


def test_a_csv_file_with_a_nul_byte_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "案件.csv"
    path.write_bytes(b"\xe6\xa1\x88\xe4\xbb\xb6\xe6\xa0\x87\xe8\xaf\x86\n\x00oops\n")
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1  # read, but not a usable sheet
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.json").exists()


def _sheet(name: str) -> Sheet:
    found = workbook_layout().sheet(name)
    assert found is not None
    return found


def test_a_control_character_in_a_cell_is_shown_escaped_never_sent_to_the_terminal(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from enforcement.cli import cli

    # A row naming a case that is not there: the message quotes its key as it was typed.
    path = tmp_path / "当事人.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["案件标识", "当事人名称"])
        writer.writerow(["\x1b[2J\x1b]0;owned\x07XC1", "某公司"])
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert "\\x1b[2J" in result.stderr
