"""The provisional calendar: the 2024 holiday rules, checked against the official data."""

from __future__ import annotations

from datetime import date

import pytest
from chinese_calendar import constants

from enforcement.calendar import WorkingCalendar
from enforcement.calendar.provisional import (
    FIRST_YEAR,
    LAST_YEAR,
    provisional_days,
    statutory_holidays,
)
from enforcement.errors import CalendarError


@pytest.mark.parametrize("year", range(2020, 2027))
def test_statutory_holidays_are_official_holidays(year: int) -> None:
    # The rules in force each year: the 2013 revision to 2024 (11 days), the 2024 one after (13).
    official = {d for d in constants.holidays if d.year == year}
    computed = statutory_holidays(year)
    assert len({d for d, _ in computed}) == (13 if year >= 2025 else 11) - (year == 2020)
    missing = [(d.isoformat(), name) for d, name in computed if d not in official]
    assert missing == []


def test_the_2024_rules_add_new_years_eve_and_the_second_of_may() -> None:
    days = dict(statutory_holidays(2026))
    assert days[date(2026, 2, 16)] == "春节"  # 除夕: the 12th month had 29 days
    assert days[date(2026, 5, 2)] == "劳动节"
    old = dict(statutory_holidays(2024))
    assert date(2024, 2, 9) not in old  # 除夕 2024 was not a statutory holiday then
    assert date(2024, 5, 2) not in old


def test_a_provisional_year_follows_the_rules() -> None:
    days = dict(provisional_days(2027))
    assert days[date(2027, 1, 1)] == "元旦"
    assert [d for d, n in days.items() if n == "春节"] == [
        date(2027, 2, 5),  # 除夕 (the 12th month's 30th)
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
    ]
    assert days[date(2027, 4, 5)] == "清明"
    assert days[date(2027, 6, 9)] == "端午"
    assert days[date(2027, 9, 15)] == "中秋"


def test_weekend_holidays_are_given_back_on_the_next_weekdays() -> None:
    # 2027: 春节 2/6 and 2/7 are a Saturday and a Sunday (第六条).
    days = dict(provisional_days(2027))
    assert days[date(2027, 2, 9)] == "春节补假"
    assert days[date(2027, 2, 10)] == "春节补假"
    assert date(2027, 2, 11) not in days


def test_a_provisional_year_has_no_invented_makeup_working_days() -> None:
    cal = WorkingCalendar(use_package=False)
    for year in (2027, 2030, 2050):
        assert [d for d in cal.year_days(year) if d.day.working] == []


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_every_provisional_year_is_well_formed(year: int) -> None:
    days = provisional_days(year)
    dates = [d for d, _ in days]
    assert len(dates) == len(set(dates))
    assert all(d.year == year and d.weekday() < 5 for d, n in days if "补假" in n)
    assert sum(1 for _, n in days if "补假" not in n) >= 12  # 13, less a shared 中秋/国庆


@pytest.mark.parametrize("year", [2024, LAST_YEAR + 1])
def test_no_provisional_year_outside_the_rules_and_the_lunar_data(year: int) -> None:
    with pytest.raises(CalendarError) as info:
        provisional_days(year)
    assert info.value.year == year


def test_deadlines_into_a_provisional_year_say_so() -> None:
    deadline = WorkingCalendar().explain_deadline(date(2026, 12, 28), 7)
    assert deadline.due == date(2027, 1, 7)
    assert deadline.provisional == (2027,)
    assert "暂定：2027年" in deadline.explain()
    assert "provisional" in deadline.explain("en")


def test_deadlines_within_official_years_are_not_provisional() -> None:
    deadline = WorkingCalendar().explain_deadline(date(2026, 12, 1), 7)
    assert deadline.provisional == ()
    assert "暂定" not in deadline.explain()


def test_a_calendar_day_period_is_provisional_only_where_it_ends() -> None:
    cal = WorkingCalendar()
    assert cal.explain_days(date(2026, 10, 15), 90).provisional == (2027,)
    assert cal.explain_days(date(2026, 1, 1), 90).provisional == ()


def test_without_the_provisional_calendar_the_year_is_undetermined() -> None:
    with pytest.raises(CalendarError) as info:
        WorkingCalendar(provisional=False).explain_deadline(date(2026, 12, 28), 7)
    assert info.value.year == 2027
    assert "enforcement calendar template 2027" in str(info.value)


def test_official_data_wins_over_the_provisional_calendar() -> None:
    cal = WorkingCalendar()
    assert not cal.is_provisional(2026)
    # 2026-02-28 (a Saturday) is an official 调休 working day the rules could not predict.
    assert cal.is_working_day(date(2026, 2, 28))
