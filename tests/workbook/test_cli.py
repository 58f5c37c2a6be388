"""``template xlsx``, ``import``, ``convert`` and ``db export --format xlsx`` on the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from enforcement.cli import cli
from enforcement.io import load
from enforcement.store import open_store
from enforcement.workbook import read_workbook
from tests.workbook.helpers import (
    EXAMPLE,
    column_of,
    csv_folder,
    edit,
    example,
    header,
    letter,
    workbook,
)

ID = header("当事人", "id_number")
ID_AT = f"当事人!{letter('当事人', 'id_number')}2"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_template_writes_a_workbook_that_reads_as_empty(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    result = run("template", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert read_workbook(out).dataset.cases == ()


def test_template_refuses_to_replace_a_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    out.write_text("keep me", encoding="utf-8")
    result = run("template", "xlsx", "-o", str(out))
    assert result.exit_code == 2
    assert "use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("template", "xlsx", "-o", str(out), "--force").exit_code == 0


def test_convert_writes_the_interchange_document(tmp_path: Path) -> None:
    out = tmp_path / "cases.json"
    result = run("convert", str(workbook(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert load(out) == example()


def test_convert_never_writes_over_its_input(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    before = path.read_bytes()
    result = run("convert", str(path), "-o", str(path), "--force")
    assert result.exit_code == 2
    assert "is the input" in result.stderr
    assert path.read_bytes() == before


def test_convert_never_writes_a_csv_file_into_its_input_folder(tmp_path: Path) -> None:
    folder = csv_folder(workbook(tmp_path), tmp_path / "台账")
    target = folder / "案件.csv"
    before = target.read_bytes()
    result = run("convert", str(folder), "-o", str(target), "--force")
    assert result.exit_code == 2
    assert target.read_bytes() == before


def test_convert_never_writes_onto_its_input_through_another_name(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    link = tmp_path / "link.json"
    link.hardlink_to(path)
    before = path.read_bytes()
    result = run("convert", str(path), "-o", str(link), "--force")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "is the input" in result.stderr
    assert path.read_bytes() == before


def test_convert_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "cases.json"
    out.write_text("a clerk's notes", encoding="utf-8")
    result = run("convert", str(workbook(tmp_path)), "-o", str(out))
    assert result.exit_code == 2
    assert "use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "a clerk's notes"
    assert run("convert", str(workbook(tmp_path)), "-o", str(out), "--force").exit_code == 0
    assert load(out) == example()


def test_convert_replaces_its_own_earlier_output_as_every_command_does(tmp_path: Path) -> None:
    out = tmp_path / "cases.json"
    assert run("convert", str(workbook(tmp_path)), "-o", str(out)).exit_code == 0
    # An interchange file enforcement wrote is replaced without --force (docs/cli.md).
    assert run("convert", str(workbook(tmp_path)), "-o", str(out)).exit_code == 0
    assert load(out) == example()


def test_template_refuses_to_write_onto_a_directory(tmp_path: Path) -> None:
    result = run("template", "xlsx", "-o", str(tmp_path), "--force")
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_convert_of_an_invalid_workbook_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", ID, 2, "120116199305130913")
    out = tmp_path / "cases.json"
    result = run("convert", str(path), "-o", str(out))
    assert result.exit_code == 1
    assert f"{ID_AT} {ID}: 校验码应为 X，实为 3" in result.stderr
    assert not out.exists()


def test_import_problems_in_english_with_lang_en(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    edit(path, "当事人", ID, 2, "120116199305130913")
    result = run("import", str(path), "--db", f"sqlite:///{tmp_path}/s.db", "--lang", "en")
    assert result.exit_code == 1
    assert f"{ID_AT} id_number: check digit is 3, expected X" in result.stderr


def test_import_is_all_or_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.db"
    path = workbook(tmp_path)
    edit(path, "处罚", "金额", 3, "lots")
    assert run("import", str(path), "--db", url).exit_code == 1
    with open_store(url, create=True) as store:
        assert store.counts().cases == 0
    assert run("import", str(workbook(tmp_path, name="good.xlsx")), "--db", url).exit_code == 0
    assert run("import", str(workbook(tmp_path, name="again.xlsx")), "--db", url).exit_code == 1
    with open_store(url) as store:
        assert store.dataset() == example()


def test_import_of_a_file_that_is_not_a_workbook_exits_2(tmp_path: Path) -> None:
    result = run("import", str(EXAMPLE), "--db", f"sqlite:///{tmp_path}/s.db")
    assert result.exit_code == 2
    assert "not an .xlsx workbook" in result.stderr


def test_db_export_never_writes_over_the_store_file(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    url = f"sqlite:///{db}"
    assert run("db", "import", str(EXAMPLE), "--db", url).exit_code == 0
    before = db.read_bytes()
    result = run("db", "export", str(db), "--format", "xlsx", "--db", url)
    assert result.exit_code == 2
    assert db.read_bytes() == before


def test_db_export_picks_the_workbook_from_the_suffix(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.db"
    assert run("db", "import", str(EXAMPLE), "--db", url).exit_code == 0
    out = tmp_path / "out.xlsx"
    assert run("db", "export", str(out), "--db", url).exit_code == 0
    assert read_workbook(out).dataset == example()


def test_a_sheet_of_the_clerks_own_is_named_as_not_read(tmp_path: Path) -> None:
    import openpyxl

    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book.create_sheet("统计")["A1"] = "本月合计"
    book.save(path)
    result = run("convert", str(path), "-o", str(tmp_path / "cases.json"))
    assert result.exit_code == 0, result.output
    assert "sheet '统计' is not part of the workbook; not read" in result.stderr


def test_ids_already_in_the_store_are_reported_at_their_cells(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.db"
    path = workbook(tmp_path)
    assert run("import", str(path), "--db", url).exit_code == 0
    result = run("import", str(path), "--db", url)
    assert result.exit_code == 1
    assert "执法主体!A2 执法主体标识: 执法主体 xc 已在库中" in result.stderr
    assert "案件!A2 案件标识: 案件 XC2020-00001 已在库中" in result.stderr


def test_a_template_into_a_missing_directory_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "missing" / "t.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from enforcement.cli import main; main()",
            "template",
            "xlsx",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
    assert str(target.parent) in done.stderr
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_an_unwritable_directory_names_the_workbook_not_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from enforcement.workbook import write_template

    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".t.xlsx.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OSError, match="Permission denied") as caught:
        write_template(tmp_path / "t.xlsx")
    assert caught.value.filename == str(tmp_path / "t.xlsx")


def test_cases_may_refer_to_agencies_and_officers_already_in_the_store(tmp_path: Path) -> None:
    import attrs

    url = f"sqlite:///{tmp_path}/s.db"
    ds = example()
    roots = attrs.evolve(ds, cases=())
    assert (
        run("import", str(workbook(tmp_path, roots, name="roots.xlsx")), "--db", url).exit_code == 0
    )
    cases_only = attrs.evolve(ds, agencies=(), officers=())
    result = run("import", str(workbook(tmp_path, cases_only, name="cases.xlsx")), "--db", url)
    assert result.exit_code == 0, result.stderr
    with open_store(url) as store:
        assert store.dataset() == ds


def test_an_agency_already_in_the_store_is_reported_at_its_cell(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.db"
    assert run("import", str(workbook(tmp_path)), "--db", url).exit_code == 0
    result = run("import", str(workbook(tmp_path, name="again.xlsx")), "--db", url, "--lang", "en")
    assert result.exit_code == 1
    assert f"执法主体!A2 id: agency {example().agencies[0].id!r} is already in the store" in (
        result.stderr
    )


def test_a_failed_import_leaves_no_new_store_file(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    path = workbook(tmp_path)
    edit(path, "处罚", "金额", 3, "lots")
    assert run("import", str(path), "--db", f"sqlite:///{db}").exit_code == 1
    assert not db.exists()


def test_a_problem_in_the_last_case_rolls_back_the_batches_already_written(
    store_url: str, tmp_path: Path
) -> None:
    # More cases than one batch of the store's import: the first batches are written before
    # the reader, after the last case, reports the problem; none of them may stay.
    from enforcement.synthetic import generate_dataset

    ds = generate_dataset(cases=560, seed=11)
    path = workbook(tmp_path, ds)
    book = openpyxl.load_workbook(path)
    ws = book["案件"]
    last = ws.max_row
    ws.cell(row=last, column=column_of(ws, header("案件", "opened_on"))).value = "2020年2月30日"
    book.save(path)
    result = run("import", str(path), "--db", store_url)
    assert result.exit_code == 1, result.output
    assert f"案件!{letter('案件', 'opened_on')}{last} " in result.stderr
    with open_store(store_url, create=True) as store:
        assert store.counts().cases == 0
        assert store.counts().agencies == 0
