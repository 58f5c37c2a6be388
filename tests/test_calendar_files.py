"""Calendar files: reading, refusing bad ones clearly, the template, and the commands."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import enforcement
from enforcement.calendar import WorkingCalendar
from enforcement.calendar.files import (
    MAX_FILE_BYTES,
    calendar_template,
    load_calendar_files,
    parse_calendar,
    read_calendar_file,
)
from enforcement.cli import cli
from enforcement.errors import CalendarFileError

GOOD = """
year = 2027
notice = "国务院办公厅关于2027年部分节假日安排的通知"

[[holidays]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03

[[holidays]]
name = "春节"
dates = [2027-02-05, "2027-02-06"]

[[workdays]]
name = "春节"
dates = [2027-02-20]
"""


def write(tmp_path: Path, text: str, name: str = "cal.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_gives_the_years_days() -> None:
    data = parse_calendar(GOOD, source="cal.toml")
    assert data.year == 2027
    assert data.complete
    assert data.notice == "国务院办公厅关于2027年部分节假日安排的通知"
    assert [(d.day, d.working, d.reason) for d in data.days][:3] == [
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 1, 2), False, "元旦"),
        (date(2027, 1, 3), False, "元旦"),
    ]
    assert (date(2027, 2, 20), True, "春节调休上班") in [
        (d.day, d.working, d.reason) for d in data.days
    ]


def test_file_data_replaces_the_provisional_year() -> None:
    cal = WorkingCalendar(extra=[parse_calendar(GOOD, source="cal.toml")])
    assert not cal.is_provisional(2027)
    assert cal.is_working_day(date(2027, 2, 20))
    assert cal.year_days(2027)[0].origin == "file cal.toml"


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        ("year = 2027\nnotice = 'x'\nholiday = []\n", "holiday", "unknown key"),
        ("notice = 'x'\n", "year", "expected a year"),
        ("year = '2027'\nnotice = 'x'\n", "year", "expected a year"),
        ("year = true\nnotice = 'x'\n", "year", "expected a year"),
        ("year = 99999\nnotice = 'x'\n", "year", "1900 to 9999"),
        ("year = 2027\n[[holidays]]\nname = 'a'\ndates = [2027-01-01]\n", "notice", "required"),
        ("year = 2027\nnotice = '  '\n", "notice", "non-empty"),
        ("year = 2027\nnotice = 'x'\n", "holidays", "needs its holidays"),
        ("year = 2027\nnotice = 'x'\nholidays = 3\n", "holidays", "[[holidays]]"),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = ''\ndates = [2027-01-01]\n",
            "holidays[0].name",
            "name",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\ndates = ['2027-02-30']\n",
            "holidays[0].dates[0]",
            "expected a date",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\ndates = [2027-01-01T08:00:00]\n",
            "holidays[0].dates[0]",
            "expected a date",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\ndates = [2026-12-31]\n",
            "holidays[0].dates[0]",
            "not in the file's year",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\nfrom = 2027-01-05\nto = 2027-01-01\n",
            "holidays[0].to",
            "before",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\nfrom = 2027-01-05\n",
            "holidays[0].to",
            "required",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\n",
            "holidays[0]",
            "either dates",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\ndates = [2027-01-01]\n"
            "[[holidays]]\nname = 'b'\ndates = [2027-01-01]\n",
            "holidays[1].dates[0]",
            "listed twice",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\ndates = [2027-01-01]\n"
            "[[workdays]]\nname = 'a'\ndates = [2027-01-04]\n",
            "workdays[0].dates[0]",
            "is a weekday",
        ),
        (
            "year = 2027\nnotice = 'x'\n[[holidays]]\nname = 'a'\ndates = [2027-01-01]\nday = 1\n",
            "holidays[0].day",
            "unknown key",
        ),
    ],
)
def test_a_bad_file_names_the_key_and_the_reason(text: str, key: str, reason: str) -> None:
    with pytest.raises(CalendarFileError) as info:
        parse_calendar(text, source="bad.toml")
    assert info.value.source == "bad.toml"
    assert info.value.key == key
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("year = " + "9" * 5001, "not usable TOML"),
        ("year = 2027\nnotice = 'x'\na = " + "[" * 5000 + "]" * 5000, "TOML"),
        ('year = 2027\nnotice = "a\\u001b[31mred"\n', "control characters"),
        ("year = 2027\nnotice = '" + "x" * 501 + "'\n", "longer than 500"),
    ],
)
def test_a_hostile_file_is_refused_clearly(text: str, reason: str) -> None:
    with pytest.raises(CalendarFileError, match=reason):
        parse_calendar(text, source="hostile.toml")


def test_full_width_digits_in_a_date_string_are_read() -> None:
    data = parse_calendar(
        "year = 2027\nnotice = 'x'\n[[holidays]]\nname = '元旦'\ndates = ['２０２７－０１－０１ ']\n",
        source="clerk.toml",
    )
    assert data.days[0].day == date(2027, 1, 1)


def test_a_toml_syntax_error_names_the_line() -> None:
    with pytest.raises(CalendarFileError, match=r"bad\.toml: not valid TOML: .*line 2"):
        parse_calendar("year = 2027\nnotice = \n", source="bad.toml")


def test_an_overlay_needs_no_notice_and_may_be_regional() -> None:
    data = parse_calendar(
        "year = 2027\ncomplete = false\nregion = '650000'\n"
        "[[holidays]]\nname = '古尔邦节'\ndates = [2027-05-17]\n",
        source="local.toml",
    )
    assert (data.complete, data.region, data.notice) == (False, "650000", None)
    local = WorkingCalendar(extra=[data], region="650000")
    national = WorkingCalendar(extra=[data])
    assert not local.is_working_day(date(2027, 5, 17))
    assert national.is_working_day(date(2027, 5, 17))


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = write(tmp_path, "# " + "x" * (MAX_FILE_BYTES + 10))
    with pytest.raises(CalendarFileError, match="larger than"):
        read_calendar_file(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('year = 2027\nnotice = "国务院"\n'.encode("gbk"))
    with pytest.raises(CalendarFileError, match="not UTF-8"):
        read_calendar_file(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CalendarFileError, match="cannot read"):
        read_calendar_file(tmp_path / "nope.toml")


def test_two_complete_files_for_one_year_are_refused(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD, "a.toml")
    second = write(tmp_path, GOOD, "b.toml")
    with pytest.raises(CalendarFileError, match="already gives the whole of 2027"):
        load_calendar_files([first, second])


def test_the_template_loads_once_the_notice_is_filled_in(tmp_path: Path) -> None:
    text = calendar_template(2027)
    with pytest.raises(CalendarFileError) as info:
        parse_calendar(text, source="t.toml")
    assert info.value.key == "notice"
    filled = text.replace('notice = ""', 'notice = "国办发明电〔2026〕1号"')
    data = parse_calendar(filled, source="t.toml")
    provisional = WorkingCalendar(use_package=False).year_days(2027)
    assert [(d.day, d.working, d.reason) for d in data.days] == [
        (e.day.day, e.day.working, e.day.reason) for e in provisional
    ]


def test_the_template_of_an_official_year_keeps_its_makeup_days() -> None:
    filled = calendar_template(2026, calendar=WorkingCalendar()).replace(
        'notice = ""', 'notice = "国办发明电〔2025〕7号"'
    )
    data = parse_calendar(filled, source="t.toml")
    assert (date(2026, 2, 28), True, "春节调休上班") in [
        (d.day, d.working, d.reason) for d in data.days
    ]


def test_policy_files_are_relative_to_the_policy(tmp_path: Path) -> None:
    (tmp_path / "cal").mkdir()
    write(tmp_path / "cal", GOOD, "2027.toml")
    policy_path = write(tmp_path, 'calendar_files = ["cal/2027.toml"]\n', "policy.toml")
    policy = enforcement.Policy.load(policy_path)
    assert policy.calendar_files == (str(tmp_path / "cal" / "2027.toml"),)
    assert policy.working_calendar().is_working_day(date(2027, 2, 20))


@pytest.mark.parametrize("text", ['calendar_files = "a.toml"', "calendar_files = [1]"])
def test_policy_calendar_files_must_be_a_list_of_paths(text: str) -> None:
    with pytest.raises(enforcement.errors.PolicyError) as info:
        enforcement.Policy.from_toml(text)
    assert info.value.key == "calendar_files"


def test_calendar_data_cannot_come_from_a_policy_file() -> None:
    with pytest.raises(enforcement.errors.PolicyError) as info:
        enforcement.Policy.from_toml("calendar_data = []")
    assert info.value.key == "calendar_data"


def test_policy_calendar_data_is_used_by_the_checks() -> None:
    data = parse_calendar(GOOD, source="code")
    policy = enforcement.Policy(calendar_data=(data,), provisional_calendar=False)
    assert policy.working_calendar().is_working_day(date(2027, 2, 20))


# The commands.


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_show_names_where_each_day_came_from(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    code, out, _ = run("calendar", "show", "2027", "--calendar", str(path))
    assert code == 0
    assert "2027-02-20 Sat 上班" in out
    assert f"[file {path}]" in out
    code, out, _ = run("calendar", "show", "2027")
    assert out.splitlines()[0].startswith("2027: 暂定")
    assert "[provisional 《全国年节及纪念日放假办法》（2024年修订）]" in out
    code, out, _ = run("calendar", "show", "2020", "--lang", "en")
    assert (
        "2020-10-10 Sat working make-up working day for National Day  [package chinesecalendar"
        in out
    )


def test_show_a_year_with_no_data_exits_2() -> None:
    code, _, err = run("calendar", "show", "2100")
    assert code == 2
    assert err.startswith("error: no holiday data for 2100")


def test_a_bad_calendar_file_exits_2_naming_file_key_and_reason(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("2027-02-20", "2027-02-22"))
    code, _, err = run("check", str(tmp_path / "none.json"), "--calendar", str(path))
    assert code == 2
    assert err == (
        f"error: calendar file {path}: workdays[0].dates[0]: 2027-02-22 is a weekday, already a "
        "working day; list only the weekend days the notice makes working days\n"
    )
    assert "Traceback" not in err


def test_the_environment_variable_takes_several_files(tmp_path: Path) -> None:
    official = write(tmp_path, GOOD, "2027.toml")
    local = write(
        tmp_path,
        "year = 2027\ncomplete = false\n[[holidays]]\nname = '地方节日'\ndates = [2027-03-03]\n",
        "local.toml",
    )
    env = {"ENFORCEMENT_CALENDAR": os.pathsep.join([str(official), str(local)])}
    code, out, _ = run("calendar", "show", "2027", env=env)
    assert code == 0
    assert "2027-02-20 Sat 上班" in out
    assert "2027-03-03 Wed 休息 地方节日" in out


def test_the_template_is_written_and_never_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "2027.toml"
    code, out, _ = run("calendar", "template", "2027", "-o", str(target))
    assert (code, out) == (0, f"wrote {target}\n")
    first = target.read_text(encoding="utf-8")
    target.write_text("my corrections", encoding="utf-8")
    code, _, err = run("calendar", "template", "2027", "-o", str(target))
    assert code == 2
    assert "use --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "my corrections"
    code, _, _ = run("calendar", "template", "2027", "-o", str(target), "--force")
    assert code == 0
    assert target.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["2027.toml"]  # no temporary file left


def test_the_template_into_a_missing_directory_exits_2(tmp_path: Path) -> None:
    code, _, err = run("calendar", "template", "2027", "-o", str(tmp_path / "no" / "x.toml"))
    assert code == 2
    assert err.startswith("error: ")
    assert "does not exist" in err


def test_the_template_can_go_to_standard_output() -> None:
    code, out, _ = run("calendar", "template", "2031", "-o", "-")
    assert code == 0
    assert "year = 2031" in out


def test_a_bad_file_named_by_the_policy_exits_2(tmp_path: Path) -> None:
    write(tmp_path, "year = 2027\n", "2027.toml")
    policy = write(tmp_path, 'calendar_files = ["2027.toml"]\n', "policy.toml")
    code, _, err = run("calendar", "show", "2027", "--policy", str(policy))
    assert code == 2
    assert (
        err
        == f"error: calendar file {tmp_path / '2027.toml'}: notice: required: expected a non-empty string, got None\n"
    )


def test_a_missing_file_in_the_environment_exits_2(tmp_path: Path) -> None:
    env = {"ENFORCEMENT_CALENDAR": str(tmp_path / "gone.toml")}
    code, _, err = run("calendar", "show", "2027", env=env)
    assert code == 2
    assert "gone.toml: cannot read" in err


def test_show_names_a_plugin_as_the_source() -> None:
    from enforcement.calendar import CalendarData, CalendarDay

    class Plugin:
        @enforcement.hookimpl
        def enforcement_calendar_days(self, year: int, region: str | None) -> CalendarData | None:
            if year != 2027:
                return None
            days = (CalendarDay(date(2027, 1, 1), False, "元旦"),)
            return CalendarData(year=2027, days=days, source="agency notice")

    pm = enforcement.make_plugin_manager(autoload=False, plugins=[Plugin()])
    days = WorkingCalendar(plugin_manager=pm).year_days(2027)
    assert [(d.day.day, d.origin, d.provisional) for d in days] == [
        (date(2027, 1, 1), "plugin agency notice", False)
    ]
