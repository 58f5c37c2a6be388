"""Issue 11: every bad input gets a one-line error, nothing is overwritten, the CLI is one piece.

One test per item of the issue: the tracebacks turned into clear errors, the silent wrong results
fixed, the outputs that may not overwrite anything, and the command line as a whole.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from enforcement import load
from enforcement.cli import cli
from enforcement.cli._output import clean

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cases.json"
CASE = "XC2020-00004"  # a fine of 50000.00, decided 2020-03-04


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner in a temporary directory holding cases.json."""
    shutil.copy(EXAMPLE, tmp_path / "cases.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENFORCEMENT_DB", raising=False)
    monkeypatch.delenv("ENFORCEMENT_MAX_BYTES", raising=False)
    return CliRunner()


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def write(name: str, change: Callable[[dict[str, Any]], object], *, ascii: bool = True) -> str:
    """Write the example, changed by ``change``, to ``name`` (in the current directory)."""
    data = example()
    change(data)
    Path(name).write_text(json.dumps(data, ensure_ascii=ascii), encoding="utf-8")
    return name


def run(runner: CliRunner, *args: str, input: str | bytes | None = None) -> Result:
    result = runner.invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def one_error(result: Result) -> str:
    """The error lines of ``result``: each starts with ``error: ``."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert errors, result.output
    return "\n".join(errors)


def case(data: dict[str, Any], case_id: str = CASE) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in data["cases"] if c["id"] == case_id)
    return found


# -- tracebacks turned into clear errors -----------------------------------------------------


def test_an_integer_of_5001_digits_is_refused_with_its_path(runner: CliRunner) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"hours": 16', '"hours": ' + "1" * 5001, 1)
    Path("big.json").write_text(text, encoding="utf-8")
    result = run(runner, "validate", "big.json")
    assert result.exit_code == 1
    assert "$.officers[0].trainings[0].hours: an integer of 5001 digits" in result.stdout


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize(
    ("command", "code"), [(("validate",), 1), (("check",), 2), (("db", "import"), 1)]
)
def test_deep_nesting_is_refused_by_every_reader(
    runner: CliRunner, depth: int, command: tuple[str, ...], code: int
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    deep = "[" * depth + "]" * depth
    Path("deep.json").write_text(text.replace('"title": ', f'"title": {deep}, "x": ', 1))
    result = run(runner, *command, "deep.json")
    assert result.exit_code == code
    assert "$.cases[0]: nested deeper than 64 levels" in result.output


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_tokens_are_not_json(runner: CliRunner, token: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"hours": 16', f'"hours": {token}', 1)
    Path("nan.json").write_text(text, encoding="utf-8")
    result = run(runner, "db", "import", "nan.json", "--db", "sqlite:///t.db")
    assert result.exit_code == 1
    assert f"$.officers[0].trainings[0].hours: {token} is not a JSON number" in one_error(result)


def test_a_lone_surrogate_in_a_title_is_refused_on_import_and_notice(runner: CliRunner) -> None:
    write("bad.json", lambda d: case(d).__setitem__("title", "违法\ud800建设"))
    imported = run(runner, "db", "import", "bad.json", "--db", "sqlite:///t.db")
    assert imported.exit_code == 1
    assert "$.cases[3].title: contains a lone surrogate, U+D800" in one_error(imported)
    rendered = run(runner, "notice", "bad.json", CASE, "-o", "n.pdf")
    assert rendered.exit_code == 2
    assert "lone surrogate" in one_error(rendered)
    assert not Path("n.pdf").exists()


def test_a_400_digit_amount_is_refused_by_notice_and_summary(runner: CliRunner) -> None:
    write(
        "big.json", lambda d: case(d)["decision"]["penalties"][0].__setitem__("amount", "9" * 400)
    )
    rendered = run(runner, "notice", "big.json", CASE, "-o", "n.pdf")
    assert rendered.exit_code == 2
    assert "more than 15 digits before the decimal point" in one_error(rendered)
    summarised = run(runner, "summary", "big.json", "--year", "2020", "-o", "s.pdf")
    assert summarised.exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ("notice", "cases.json", CASE, "-o", "missing/n.pdf"),
        ("roster", "cases.json", "--agency", "xc", "-o", "missing/r.pdf"),
        ("db", "export", "missing/out.json", "--db", "sqlite:///t.db"),
        ("notices", "cases.json", "--out-dir", "cases.json/sub"),
    ],
)
def test_an_output_in_a_missing_directory_is_one_error_line(
    runner: CliRunner, args: tuple[str, ...]
) -> None:
    run(runner, "db", "import", "cases.json", "--db", "sqlite:///t.db")
    result = run(runner, *args)
    assert result.exit_code == 2
    assert len(one_error(result).splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_output_in_an_unwritable_directory_is_one_error_line(runner: CliRunner) -> None:
    Path("locked").mkdir(mode=0o500)
    result = run(runner, "notice", "cases.json", CASE, "-o", "locked/n.pdf")
    assert result.exit_code == 2
    assert "not writable" in one_error(result)


@pytest.mark.parametrize("year", ["9999", "-5", "12345678901234567890", "1899"])
def test_a_year_outside_the_format_is_a_usage_error(runner: CliRunner, year: str) -> None:
    result = run(runner, "summary", "cases.json", "--year", year)
    assert result.exit_code == 2
    assert "--year" in one_error(result)


def test_check_on_year_one_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "check", "cases.json", "--on", "0001-01-01")
    assert result.exit_code == 2
    assert "outside the years 1900 to 2999" in one_error(result)


def test_a_date_in_the_data_outside_the_years_is_refused(runner: CliRunner) -> None:
    write("far.json", lambda d: case(d).__setitem__("opened_on", "9999-12-31"))
    result = run(runner, "validate", "far.json")
    assert result.exit_code == 1
    assert "$.cases[3].opened_on: '9999-12-31' is outside the years 1900 to 2999" in result.stdout


# -- silent wrong results -------------------------------------------------------------------


@pytest.mark.parametrize("hours", ['"1e400"', "1e400", "Infinity", '"Infinity"', "9000"])
def test_training_hours_must_be_finite_and_bounded(runner: CliRunner, hours: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"hours": 16', f'"hours": {hours}', 1)
    Path("hours.json").write_text(text, encoding="utf-8")
    result = run(runner, "validate", "hours.json")
    assert result.exit_code == 1
    assert result.stdout.startswith("$.officers[0].trainings[0].hours: ")


def test_a_duplicate_key_is_refused_with_its_path(runner: CliRunner) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    at = text.index('"title"', text.index(f'"id": "{CASE}"'))
    Path("dup.json").write_text(text[:at] + '"title": "first", ' + text[at:], encoding="utf-8")
    result = run(runner, "validate", "dup.json")
    assert result.exit_code == 1
    assert "$.cases[3].title: duplicate key" in result.stdout


def test_a_sub_fen_amount_is_refused(runner: CliRunner) -> None:
    write(
        "fen.json", lambda d: case(d)["decision"]["penalties"][0].__setitem__("amount", "50000.001")
    )
    result = run(runner, "validate", "fen.json")
    assert result.exit_code == 1
    assert "amount: '50000.001' has more than 2 decimal places (fen)" in result.stdout


@pytest.mark.parametrize("digest", ["xyz", "AB" * 32, "ab" * 31])
def test_an_attachment_hash_must_be_64_lower_case_hex_digits(
    runner: CliRunner, digest: str
) -> None:
    def change(d: dict[str, Any]) -> None:
        entry = next(r for r in case(d)["records"] if r.get("attachment"))
        entry["attachment"]["sha256"] = digest

    write("hash.json", change)
    result = run(runner, "validate", "hash.json")
    assert result.exit_code == 1
    assert "attachment.sha256: expected 64 lower-case hexadecimal digits" in result.stdout


def test_published_on_before_the_decision_is_refused(runner: CliRunner) -> None:
    result = run(runner, "notice", "cases.json", CASE, "--published-on", "2020-03-03")
    assert result.exit_code == 2
    assert "before the decision date (2020-03-04)" in one_error(result)
    assert not Path(f"{CASE}-decision.pdf").exists()


def test_escape_sequences_from_the_data_never_reach_the_terminal(runner: CliRunner) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"format"', '"\\u001b]0;owned\\u0007\\u001b[2J": 1, "format"', 1
    )
    Path("esc.json").write_text(text, encoding="utf-8")
    result = run(runner, "validate", "esc.json")
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert "\\x1b]0;owned" in result.stdout


def test_clean_escapes_controls_and_bidirectional_overrides() -> None:
    assert clean("a\x1b[31mb\u202ec\x9b\ud800") == "a\\x1b[31mb\\u202ec\\x9b\\ud800"
    assert clean("多行\n文本") == "多行\n文本"


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\t"])
def test_control_characters_are_refused_in_single_line_fields(runner: CliRunner, char: str) -> None:
    write("ctl.json", lambda d: case(d).__setitem__("title", f"违法{char}建设"))
    result = run(runner, "validate", "ctl.json")
    assert result.exit_code == 1
    assert "$.cases[3].title: contains a" in result.stdout


def test_tabs_and_line_breaks_are_allowed_in_free_text(runner: CliRunner) -> None:
    write("free.json", lambda d: case(d)["decision"].__setitem__("facts", "第一段。\n\t第二段。"))
    assert run(runner, "validate", "free.json").exit_code == 0


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u2066", "\ufeff", "\u2060"])
def test_invisible_format_characters_are_refused_in_names(runner: CliRunner, char: str) -> None:
    write("name.json", lambda d: case(d)["parties"][0].__setitem__("name", f"张{char}三"))
    result = run(runner, "validate", "name.json")
    assert result.exit_code == 1
    assert "$.cases[3].parties[0].name: contains an invisible format character" in result.stdout


def test_invisible_format_characters_are_allowed_in_free_text(runner: CliRunner) -> None:
    write("free.json", lambda d: case(d)["decision"].__setitem__("facts", "张\u200b三违法建设。"))
    assert run(runner, "validate", "free.json").exit_code == 0


def test_dev_zero_stops_at_once(runner: CliRunner) -> None:
    result = run(runner, "validate", "/dev/zero")
    assert result.exit_code == 1
    assert "not valid JSON" in result.stdout


def test_an_input_over_the_size_limit_is_refused_before_reading(runner: CliRunner) -> None:
    result = run(runner, "check", "cases.json", "--max-bytes", "1000")
    assert result.exit_code == 2
    assert "larger than the limit of 1,000 bytes" in one_error(result)


def test_the_size_limit_comes_from_the_environment(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENFORCEMENT_MAX_BYTES", "1000")
    assert run(runner, "validate", "cases.json").exit_code == 2


def test_a_stream_over_the_size_limit_is_refused(runner: CliRunner) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    result = run(runner, "validate", "--max-bytes", "1000", "-", input=text)
    assert result.exit_code == 2


# -- nothing overwritten --------------------------------------------------------------------


def test_db_export_onto_its_own_store_is_refused(runner: CliRunner) -> None:
    run(runner, "db", "import", "cases.json", "--db", "sqlite:///town.db")
    before = Path("town.db").read_bytes()
    for target in ("town.db", "./town.db", "town.db-wal", "town.db-shm"):
        result = run(runner, "db", "export", target, "--db", "sqlite:///town.db")
        assert result.exit_code == 2, target
        assert "refusing to write onto it" in one_error(result)
    assert Path("town.db").read_bytes() == before
    assert not Path("town.db-wal").exists() or Path("town.db-wal").stat().st_size == 0


def test_a_hard_link_to_the_store_is_the_store(runner: CliRunner) -> None:
    run(runner, "db", "import", "cases.json", "--db", "sqlite:///town.db")
    os.link("town.db", "alias.json")
    result = run(runner, "db", "export", "alias.json", "--db", "sqlite:///town.db", "--force")
    assert result.exit_code == 2
    assert sqlite3.connect("town.db").execute("SELECT count(*) FROM cases").fetchone() == (30,)


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "cases.json", "--year", "2020", "--json", "cases.json"),
        ("summary", "cases.json", "--year", "2020", "-o", "./cases.json"),
        ("notice", "cases.json", CASE, "-o", "cases.json"),
        ("notice", "cases.json", CASE, "--manifest", "cases.json"),
        ("roster", "cases.json", "--agency", "xc", "-o", "cases.json"),
    ],
)
def test_no_command_writes_onto_its_input(runner: CliRunner, args: tuple[str, ...]) -> None:
    before = Path("cases.json").read_bytes()
    result = run(runner, *args, "--force")
    assert result.exit_code == 2
    assert "is the input" in one_error(result)
    assert Path("cases.json").read_bytes() == before


def test_notice_does_not_write_onto_the_store_it_reads(runner: CliRunner) -> None:
    run(runner, "db", "import", "cases.json", "--db", "sqlite:///town.db")
    result = run(runner, "notice", CASE, "--db", "sqlite:///town.db", "-o", "town.db", "--force")
    assert result.exit_code == 2
    assert load("cases.json").case(CASE) is not None
    assert sqlite3.connect("town.db").execute("SELECT count(*) FROM cases").fetchone() == (30,)


def test_a_file_enforcement_did_not_write_is_kept_without_force(runner: CliRunner) -> None:
    Path("mine.pdf").write_text("my own notes", encoding="utf-8")
    result = run(runner, "notice", "cases.json", CASE, "-o", "mine.pdf")
    assert result.exit_code == 2
    assert "was not written by enforcement; use --force" in one_error(result)
    assert Path("mine.pdf").read_text(encoding="utf-8") == "my own notes"
    assert run(runner, "notice", "cases.json", CASE, "-o", "mine.pdf", "--force").exit_code == 0
    assert Path("mine.pdf").read_bytes().startswith(b"%PDF-")


def test_a_file_enforcement_wrote_is_replaced(runner: CliRunner) -> None:
    assert run(runner, "notice", "cases.json", CASE, "-o", "n.pdf").exit_code == 0
    assert run(runner, "notice", "cases.json", CASE, "-o", "n.pdf", "--lang", "en").exit_code == 0
    assert run(runner, "db", "import", "cases.json", "--db", "sqlite:///t.db").exit_code == 0
    assert run(runner, "db", "export", "out.json", "--db", "sqlite:///t.db").exit_code == 0
    assert run(runner, "db", "export", "out.json", "--db", "sqlite:///t.db").exit_code == 0


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    from enforcement._files import atomic_output

    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def half_written() -> None:
        with atomic_output(target, "w") as out:
            out.write("half of the new")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        half_written()
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_demo_never_replaces_a_users_files(runner: CliRunner) -> None:
    Path("town.db").write_bytes(b"my store")
    Path("findings.json").write_text("[]", encoding="utf-8")
    before = Path("cases.json").read_bytes()
    result = run(runner, "demo", "-o", ".", "--cases", "10")
    assert result.exit_code == 2
    assert "not written by the demo" in one_error(result)
    assert Path("town.db").read_bytes() == b"my store"
    assert Path("cases.json").read_bytes() == before
    assert not Path("notices").exists()


def test_demo_runs_twice_in_its_own_directory(runner: CliRunner) -> None:
    assert run(runner, "demo", "-o", "d", "--cases", "10").exit_code == 0
    assert run(runner, "demo", "-o", "d", "--cases", "10").exit_code == 0


def test_notices_refuse_to_replace_a_strangers_file_in_the_out_dir(runner: CliRunner) -> None:
    Path("out").mkdir()
    Path("out/index.json").write_text("{}", encoding="utf-8")
    result = run(runner, "notices", "cases.json", "--out-dir", "out")
    assert result.exit_code == 2
    assert Path("out/index.json").read_text(encoding="utf-8") == "{}"
    assert [p.name for p in Path("out").iterdir()] == ["index.json"]


# -- the CLI as a whole ---------------------------------------------------------------------


def _commands(
    group: click.Command = cli, path: str = "enforcement"
) -> list[tuple[str, click.Command]]:
    out = [(path, group)]
    if isinstance(group, click.Group):
        for name, command in sorted(group.commands.items()):
            out += _commands(command, f"{path} {name}")
    return out


def test_every_option_has_help_text() -> None:
    missing = [
        f"{name} {param.opts[-1]}"
        for name, command in _commands()
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden and not param.help
    ]
    assert missing == []


def test_every_date_option_shows_one_placeholder() -> None:
    placeholders = {
        f"{name} {param.opts[-1]}": param.metavar
        for name, command in _commands()
        for param in command.params
        if isinstance(param, click.Option) and param.opts[-1] in ("--on", "--published-on")
    }
    assert placeholders
    assert set(placeholders.values()) == {"YYYY-MM-DD"}, placeholders


def test_usage_errors_use_the_one_error_prefix(runner: CliRunner) -> None:
    result = run(runner, "check", "cases.json", "--no-such-option")
    assert result.exit_code == 2
    assert "Error:" not in result.output
    assert "error: No such option" in one_error(result)


def test_ctrl_c_exits_130_without_a_traceback(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import enforcement.cli.core as core

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(core, "DocumentReader", interrupted)
    result = run(runner, "validate", "cases.json")
    assert result.exit_code == 130
    assert one_error(result) == "error: interrupted"


def test_notice_usage_shows_the_default_form(runner: CliRunner) -> None:
    result = run(runner, "notice", "-h")
    assert "notice [FILE] CASE_ID [-o PDF]" in " ".join(result.output.split())


def test_a_date_that_does_not_exist_says_so(runner: CliRunner) -> None:
    result = run(runner, "check", "cases.json", "--on", "2021-02-30")
    assert result.exit_code == 2
    assert "2021-02-30 does not exist" in one_error(result)


def test_validate_reports_in_json(runner: CliRunner) -> None:
    ok = run(runner, "validate", "--format", "json", "cases.json")
    assert json.loads(ok.stdout)["counts"]["cases"] == 30
    write("bad.json", lambda d: case(d).__setitem__("title", 5))
    bad = run(runner, "validate", "--format", "json", "bad.json")
    assert bad.exit_code == 1
    assert json.loads(bad.stdout)["problems"] == [
        {"path": "$.cases[3].title", "message": "expected a string, got a number (5)"}
    ]


def test_a_dash_reads_standard_input(runner: CliRunner) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "30 cases" in run(runner, "validate", "-", input=text).stdout
    assert run(runner, "check", "-", "--on", "2021-01-31", input=text).exit_code == 1
    imported = run(runner, "db", "import", "-", "--db", "sqlite:///t.db", input=text)
    assert "30 cases" in imported.stdout


def test_demo_and_notices_write_the_same_index_format(runner: CliRunner) -> None:
    run(runner, "demo", "-o", "d", "--cases", "10")
    run(runner, "notices", "cases.json", "--out-dir", "n")
    demo = json.loads(Path("d/notices/index.json").read_text(encoding="utf-8"))
    batch = json.loads(Path("n/index.json").read_text(encoding="utf-8"))
    assert demo["format"] == batch["format"] == "enforcement-notices/1"
    assert demo.keys() == batch.keys()
    assert demo["notices"][0].keys() == batch["notices"][0].keys()


def test_no_command_writes_onto_its_policy_narrative_or_font(runner: CliRunner) -> None:
    Path("policy.toml").write_text("", encoding="utf-8")
    Path("words.md").write_text("# 成绩\n", encoding="utf-8")
    for args in (
        ("summary", "cases.json", "--year", "2020", "--policy", "policy.toml", "-o", "policy.toml"),
        (
            "summary",
            "cases.json",
            "--year",
            "2020",
            "--narrative",
            "words.md",
            "--json",
            "words.md",
        ),
    ):
        result = run(runner, *args, "--force")
        assert result.exit_code == 2
        assert "is the input" in one_error(result)
    assert Path("policy.toml").read_text(encoding="utf-8") == ""
    assert Path("words.md").read_text(encoding="utf-8") == "# 成绩\n"


def test_a_failed_import_leaves_no_new_store_behind(runner: CliRunner) -> None:
    write("late.json", lambda d: d["cases"][-1].__setitem__("agency_id", "nowhere"))
    result = run(runner, "db", "import", "late.json", "--db", "sqlite:///new.db")
    assert result.exit_code == 1
    assert "$.cases[29].agency_id: no agency with id 'nowhere'" in one_error(result)
    assert not any(Path(".").glob("new.db*"))


def test_a_failed_import_leaves_an_existing_store_as_it_was(runner: CliRunner) -> None:
    run(runner, "db", "init", "--db", "sqlite:///old.db")
    write("late.json", lambda d: d["cases"][-1].__setitem__("agency_id", "nowhere"))
    assert run(runner, "db", "import", "late.json", "--db", "sqlite:///old.db").exit_code == 1
    assert sqlite3.connect("old.db").execute("SELECT count(*) FROM cases").fetchone() == (0,)


def test_sigint_on_a_real_process_exits_130(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [sys.executable, "-c", "from enforcement.cli import main; main()", "validate", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdin is not None
    process.stdin.write(b'{"format": "enforcement/1", "cases": [')
    process.stdin.flush()
    time.sleep(3)  # imports done; the reader waits for more input
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.decode().strip().splitlines()[-1] == "error: interrupted"
    assert b"Traceback" not in err


def test_json_output_escapes_what_a_terminal_would_obey_and_stays_json() -> None:
    from enforcement.cli._output import clean_json

    text = json.dumps({"title": "a\u202eb\x85c"}, ensure_ascii=False)
    cleaned = clean_json(text)
    assert "\u202e" not in cleaned
    assert "\x85" not in cleaned
    assert json.loads(cleaned) == json.loads(text)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "\0"],
        ["check", "a\0b.json"],
        ["template", "xlsx", "-o", "\0"],
        ["import", "\0", "--db", "sqlite:///x.db"],
        ["validate", "doc.json", "--calendar", "\0"],
    ],
)
def test_a_nul_in_an_argument_is_an_error_not_a_traceback(args: list[str]) -> None:
    # Found by tests/test_cli_fuzz.py: click.Path's stat() raises ValueError, not OSError.
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "NUL character" in result.stderr
