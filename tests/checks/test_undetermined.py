"""CAL001: a deadline in a year with no calendar data never stops a run."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import enforcement
from enforcement.cli import cli
from enforcement.models import Case, Dataset, NoticeKind, PublicNotice
from tests.checks._builders import dataset, penalty_case, with_decision

OFF = enforcement.Policy(provisional_calendar=False)


def late_case(decided: date) -> Case:
    """A case decided late in a year: its service and publication deadlines run into the next."""
    case = penalty_case(opened=decided - timedelta(days=27), decided=decided, id="LATE")
    return attrs.evolve(case, notices=())


def others() -> list[Case]:
    """Cases with findings of their own, in years with official data."""
    served_late = with_decision(penalty_case(id="C2"), served_on=date(2025, 3, 31))
    unpublished = attrs.evolve(penalty_case(id="C3"), notices=())
    return [penalty_case(id="C1"), served_late, unpublished]


def findings_data(ds: Dataset, on: date, policy: enforcement.Policy) -> list[dict[str, object]]:
    return [f.to_data() for f in enforcement.check(ds, on=on, policy=policy)]


@pytest.mark.parametrize(
    ("decided", "policy"),
    [
        (date(2026, 12, 28), OFF),  # 2027 has no official data, provisional off
        (date(2099, 12, 28), enforcement.Policy()),  # 2100: beyond the provisional calendar
    ],
    ids=["provisional-off", "provisional-on"],
)
def test_one_undetermined_case_leaves_every_other_case_checked(
    decided: date, policy: enforcement.Policy
) -> None:
    on = decided + timedelta(days=60)
    with_late = dataset(others()[0], late_case(decided), *others()[1:])
    without = dataset(*others())
    found = findings_data(with_late, on, policy)
    expected = findings_data(without, on, policy)
    mine = [f for f in found if f["case_id"] == "LATE"]
    rest = [f for f in found if f["case_id"] != "LATE"]
    for finding in rest:
        finding["path"] = str(finding["path"]).replace("$.cases[2]", "$.cases[1]")
        finding["path"] = str(finding["path"]).replace("$.cases[3]", "$.cases[2]")
    assert rest == expected
    assert {f["code"] for f in expected} >= {"PRO002", "PUB001"}
    undetermined = [f for f in mine if f["code"] == "CAL001"]
    assert {f["severity"] for f in undetermined} == {"info"}
    assert len(undetermined) >= 2  # PRO002 and PUB001 at least
    year = decided.year + 1
    assert all(str(year) in str(f["message"]) for f in undetermined)
    assert all("--calendar" in str(f["message"]) for f in undetermined)
    assert all(f["path"] == "$.cases[1]" for f in undetermined)


def test_with_the_provisional_calendar_the_late_case_is_checked_and_marked() -> None:
    on = date(2027, 2, 26)
    found = findings_data(
        dataset(others()[0], late_case(date(2026, 12, 28)), *others()[1:]), on, enforcement.Policy()
    )
    expected = findings_data(dataset(*others()), on, enforcement.Policy())
    rest = [f for f in found if f["case_id"] != "LATE"]
    assert [(f["case_id"], f["code"], f["message"]) for f in rest] == [
        (f["case_id"], f["code"], f["message"]) for f in expected
    ]
    mine = [f for f in found if f["case_id"] == "LATE" and f["due"] is not None]
    assert [f["code"] for f in mine] == ["PUB001"]
    assert mine[0]["provisional_calendar"] == [2027]


def test_the_other_rules_of_the_same_case_still_run() -> None:
    case = late_case(date(2026, 12, 28))
    case = attrs.evolve(case, officer_ids=("o1",))  # OFF001: one officer only
    found = enforcement.check(dataset(case), on=date(2027, 3, 1), policy=OFF)
    codes = [f.code for f in found]
    assert "OFF001" in codes
    assert "CAL001" in codes


def test_cal001_can_be_ignored() -> None:
    ds = dataset(late_case(date(2026, 12, 28)))
    codes = [f.code for f in enforcement.check(ds, on=date(2027, 3, 1), policy=OFF, ignore=["CAL"])]
    assert "CAL001" not in codes


def test_provisional_deadlines_say_so_in_both_languages_and_json() -> None:
    ds = dataset(late_case(date(2026, 12, 28)))
    zh = [f for f in enforcement.check(ds, on=date(2027, 3, 1)) if f.code == "PUB001"]
    en = [f for f in enforcement.check(ds, on=date(2027, 3, 1), lang="en") if f.code == "PUB001"]
    assert zh[0].due == date(2027, 1, 7)
    assert zh[0].message.endswith("（暂定日历：2027年）")
    assert "暂定：2027年" in (zh[0].explanation or "")
    assert en[0].message.endswith("(provisional calendar: 2027)")
    assert "provisional: the 2027 calendar" in (en[0].explanation or "")
    assert zh[0].to_data()["provisional_calendar"] == [2027]


def test_official_deadlines_are_not_marked_provisional() -> None:
    ds = dataset(attrs.evolve(penalty_case(), notices=()))
    found = [f for f in enforcement.check(ds, on=date(2025, 6, 1)) if f.code == "PUB001"]
    assert found[0].provisional_calendar == ()
    assert "暂定" not in found[0].message


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_reports_every_case_when_one_deadline_is_undetermined(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    enforcement.dump(dataset(*others(), late_case(date(2026, 12, 28))), path)
    policy = tmp_path / "policy.toml"
    policy.write_text("provisional_calendar = false\n", encoding="utf-8")
    code, out, err = run(
        "check", str(path), "--on", "2027-03-01", "--format", "json", "--policy", str(policy)
    )
    assert code == 1, err
    data = json.loads(out)
    by_case = {(f["case_id"], f["code"]) for f in data["findings"]}
    assert {("C2", "PRO002"), ("C3", "PUB001"), ("LATE", "CAL001")} <= by_case
    assert data["summary"]["info"] == sum(1 for f in data["findings"] if f["code"] == "CAL001")


def test_info_findings_alone_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    case = penalty_case(opened=date(2026, 12, 1), decided=date(2026, 12, 28), id="LATE")
    enforcement.dump(dataset(case), path)
    policy = tmp_path / "policy.toml"
    policy.write_text("provisional_calendar = false\n", encoding="utf-8")
    code, out, _ = run(
        "check", str(path), "--on", "2027-03-01", "--select", "CAL,PRO,PUB", "--policy", str(policy)
    )
    assert code == 0
    assert "CAL001 info [LATE]" in out
    assert out.splitlines()[-1].endswith("0 个错误，0 个警告，3 条提示")


def test_a_calendar_file_settles_the_undetermined_year(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    enforcement.dump(dataset(late_case(date(2026, 12, 28))), path)
    policy = tmp_path / "policy.toml"
    policy.write_text("provisional_calendar = false\n", encoding="utf-8")
    calendar = tmp_path / "2027.toml"
    calendar.write_text(
        'year = 2027\nnotice = "x"\n[[holidays]]\nname = "元旦"\nfrom = 2027-01-01\nto = 2027-01-03\n',
        encoding="utf-8",
    )
    args = ["check", str(path), "--on", "2027-03-01", "--format", "json", "--policy", str(policy)]
    _, out, _ = run(*args, "--calendar", str(calendar))
    data = json.loads(out)
    assert "CAL001" not in {f["code"] for f in data["findings"]}
    pub = next(f for f in data["findings"] if f["code"] == "PUB001")
    assert (pub["due"], pub["provisional_calendar"]) == ("2027-01-07", [])


def test_summary_counts_undetermined_publications(tmp_path: Path) -> None:
    ds = dataset(*others(), late_case(date(2026, 12, 28)))
    shifted = Dataset(
        agencies=ds.agencies,
        officers=ds.officers,
        cases=tuple(
            attrs.evolve(c, opened_on=date(2026, 3, 3)) if c.id != "LATE" else c for c in ds.cases
        ),
    )
    result = enforcement.summarize(shifted, year=2026, policy=OFF)
    assert result.publication.undetermined == 1
    p = result.publication
    assert p.due == p.on_time + p.late + p.missing + p.pending + p.undetermined
    assert result.findings_by_code.get("CAL001", 0) >= 2
    provisional = enforcement.summarize(shifted, year=2026)
    assert provisional.publication.undetermined == 0
    assert provisional.provisional_calendar == (2027,)
    assert provisional.to_data()["provisional_calendar"] == [2027]


def test_summary_command_takes_a_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    enforcement.dump(dataset(late_case(date(2026, 12, 28))), path)
    code, out, err = run("summary", str(path), "--year", "2026", "--json", "-")
    assert code == 0, err
    assert json.loads(out)["provisional_calendar"] == [2027]
    assert "note: the deadlines of some figures are provisional" in err
    calendar = tmp_path / "2027.toml"
    calendar.write_text(
        'year = 2027\nnotice = "x"\n[[holidays]]\nname = "元旦"\ndates = [2027-01-01]\n',
        encoding="utf-8",
    )
    code, out, err = run(
        "summary", str(path), "--year", "2026", "--json", "-", "--calendar", str(calendar)
    )
    assert code == 0, err
    assert json.loads(out)["provisional_calendar"] == []
    assert "note:" not in err


def test_notice_dates_on_a_provisional_deadline_say_so(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    enforcement.dump(dataset(late_case(date(2026, 12, 28))), path)
    out_pdf = tmp_path / "n.pdf"
    code, _, err = run("notice", str(path), "LATE", "-o", str(out_pdf))
    assert code == 0, err
    assert "note: LATE: the decision notice's date 2027-01-07 is provisional" in err
    code, out, err = run("notice", "verify", str(out_pdf), str(path))
    assert code == 0, (out, err)


def test_notice_dates_follow_the_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    enforcement.dump(dataset(late_case(date(2026, 12, 28))), path)
    calendar = tmp_path / "2027.toml"
    # An arrangement with 1/4-1/6 off too: 7 working days from 12/28 end on 1/12.
    calendar.write_text(
        'year = 2027\nnotice = "x"\n[[holidays]]\nname = "元旦"\nfrom = 2027-01-01\nto = 2027-01-06\n',
        encoding="utf-8",
    )
    law = enforcement.notices.publication_date
    policy = enforcement.Policy(calendar_files=(str(calendar),))
    case = late_case(date(2026, 12, 28))
    found = law(case, "decision", policy=policy)
    assert (found.day, found.basis, found.provisional) == (date(2027, 1, 12), "deadline", ())
    out_dir = tmp_path / "out"
    code, _, err = run("notices", str(path), "--out-dir", str(out_dir), "--calendar", str(calendar))
    assert code == 0, err
    assert "note:" not in err


def test_an_undetermined_notice_date_falls_back_with_a_note(tmp_path: Path) -> None:
    case = late_case(date(2026, 12, 28))
    found = enforcement.notices.publication_date(case, "decision", policy=OFF)
    assert (found.day, found.basis, found.year) == (date(2026, 12, 28), "undetermined", 2027)


def test_a_notice_record_needs_no_calendar() -> None:
    case = attrs.evolve(
        late_case(date(2026, 12, 28)),
        notices=(PublicNotice(id="N", kind=NoticeKind.DECISION, published_on=date(2026, 12, 29)),),
    )
    found = enforcement.notices.publication_date(case, "decision", policy=OFF)
    assert (found.day, found.basis) == (date(2026, 12, 29), "record")


def test_a_notice_dated_by_a_calendar_file_verifies_without_it(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    enforcement.dump(dataset(late_case(date(2026, 12, 28))), path)
    calendar = tmp_path / "2027.toml"
    calendar.write_text(
        'year = 2027\nnotice = "x"\n[[holidays]]\nname = "元旦"\nfrom = 2027-01-01\nto = 2027-01-06\n',
        encoding="utf-8",
    )
    pdf = tmp_path / "n.pdf"
    code, _, err = run("notice", str(path), "LATE", "-o", str(pdf), "--calendar", str(calendar))
    assert code == 0, err
    stamp = enforcement.notices.read_stamp(pdf)
    assert stamp.options.published_on == date(2027, 1, 12)
    code, out, err = run("notice", "verify", str(pdf), str(path))
    assert code == 0, (out, err)


def test_a_broken_calendar_plugin_is_not_hidden_as_cal001() -> None:
    class Broken:
        @enforcement.hookimpl
        def enforcement_calendar_days(self, year: int, region: str | None) -> object:
            return {"2027-01-01": "holiday"} if year == 2027 else None

    from enforcement.checks.builtin import RULES
    from enforcement.hookspecs import hookimpl

    class Builtin:
        @hookimpl
        def enforcement_checks(self) -> object:
            return RULES

    pm = enforcement.make_plugin_manager(autoload=False, plugins=[Broken(), Builtin()])
    ds = dataset(late_case(date(2026, 12, 28)))
    with pytest.raises(enforcement.CalendarError, match="expected CalendarData") as info:
        enforcement.check(ds, on=date(2027, 3, 1), plugin_manager=pm)
    assert not info.value.missing
