"""The working-day calendar, against the worked examples of the domain notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import enforcement
from enforcement import calendar
from enforcement.calendar import CalendarData, CalendarDay, WorkingCalendar
from enforcement.errors import CalendarError


@pytest.fixture
def cal() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 2020: 国庆/中秋 10-01..10-08 off, 10-10 (Saturday) worked.
        (date(2020, 9, 28), 7, date(2020, 10, 14)),
        # Example 5: service within 7 working days; 9/28 and 10/11 are 调休 workdays.
        (date(2025, 9, 26), 7, date(2025, 10, 13)),
        # Example 6: penalty decided 2026-02-12, published within 7 working days (春节, 2/14 and 2/28 worked).
        (date(2026, 2, 12), 7, date(2026, 2, 28)),
        # Example 6: another decision, 20 working days.
        (date(2025, 9, 26), 20, date(2025, 10, 30)),
        # Example 7: withdrawal within 3 working days of revocation (劳动节).
        (date(2025, 4, 30), 3, date(2025, 5, 8)),
        # Example 8: hearing request within 5 working days (春节 2025, 1/26 worked).
        (date(2025, 1, 24), 5, date(2025, 2, 7)),
        (date(2020, 9, 28), 0, date(2020, 9, 28)),
    ],
)
def test_worked_examples(cal: WorkingCalendar, start: date, n: int, due: date) -> None:
    assert cal.add_working_days(start, n) == due


def test_module_functions_use_the_default_calendar() -> None:
    assert enforcement.calendar.add_working_days(date(2020, 9, 28), 7) == date(2020, 10, 14)
    assert calendar.is_working_day(date(2020, 10, 10))  # Saturday, 调休上班
    assert not calendar.is_working_day(date(2020, 10, 8))
    assert calendar.working_days_between(date(2020, 9, 28), date(2020, 10, 14)) == 7


def test_counting_starts_the_day_after(cal: WorkingCalendar) -> None:
    # A Monday plus one working day is Tuesday, not Monday itself.
    assert cal.add_working_days(date(2021, 3, 1), 1) == date(2021, 3, 2)
    # Starting on a Friday: the weekend is skipped.
    assert cal.add_working_days(date(2021, 3, 5), 1) == date(2021, 3, 8)


def test_calendar_days_roll_past_a_holiday_end(cal: WorkingCalendar) -> None:
    # Example 4: 90 days from 2025-03-01 is 2025-05-30, a Friday: no roll.
    assert cal.add_days(date(2025, 3, 1), 90) == date(2025, 5, 30)
    # 2020-09-02 + 30 days = 2020-10-02 (国庆): rolls to 2020-10-09.
    deadline = cal.explain_days(date(2020, 9, 2), 30)
    assert deadline.due == date(2020, 10, 9)
    assert [s.day for s in deadline.skipped] == [date(2020, 10, d) for d in range(2, 9)]
    assert cal.add_days(date(2020, 9, 2), 30, roll=False) == date(2020, 10, 2)


def test_explanation_names_each_skipped_day_and_makeup_day(cal: WorkingCalendar) -> None:
    deadline = cal.explain_deadline(date(2020, 9, 28), 7)
    skipped = {s.day: s.reason for s in deadline.skipped}
    assert skipped[date(2020, 10, 1)] == "国庆节"
    assert skipped[date(2020, 10, 11)] == "星期日"
    assert date(2020, 10, 10) not in skipped
    assert [(m.day, m.reason) for m in deadline.makeup_days] == [
        (date(2020, 10, 10), "国庆节调休上班")
    ]
    text = deadline.explain()
    assert "2020-10-14" in text
    assert "2020-10-01国庆节" in text
    assert "2020-10-10国庆节调休上班" in text
    english = deadline.explain("en")
    assert "7 working days after 2020-09-28" in english
    assert "is 2020-10-14" in english
    assert "2020-10-01 National Day" in english
    assert "2020-10-11 Sunday" in english
    assert "2020-10-10 make-up working day for National Day" in english
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english), english


def test_makeup_days_can_be_treated_as_rest_days() -> None:
    strict = WorkingCalendar(makeup_days_are_working=False)
    assert not strict.is_working_day(date(2020, 10, 10))
    assert strict.add_working_days(date(2020, 9, 28), 7) == date(2020, 10, 15)


def test_year_without_data_fails_naming_the_year() -> None:
    cal = WorkingCalendar(provisional=False)
    with pytest.raises(CalendarError, match="2027") as info:
        cal.add_working_days(date(2026, 12, 28), 10)
    assert info.value.year == 2027


def test_caller_supplies_a_missing_year() -> None:
    data = CalendarData(
        year=2027,
        days=(
            CalendarDay(date(2027, 1, 1), False, "元旦"),
            CalendarDay(date(2027, 1, 2), False, "元旦"),
        ),
    )
    cal = WorkingCalendar(extra=[data])
    # 2026-12-31 is a Thursday; 1/1 holiday, weekend, so the first working day is Monday 1/4.
    assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.day_info(date(2027, 1, 1)).reason == "元旦"


def test_plugin_supplies_a_missing_year_and_caller_data_wins() -> None:
    class Plugin:
        @enforcement.hookimpl
        def enforcement_calendar_days(self, year: int, region: str | None) -> CalendarData | None:
            if year != 2027:
                return None
            return CalendarData(
                year=2027,
                days=(CalendarDay(date(2027, 1, 4), False, "插件假日"),),
                source="plugin",
            )

    pm = enforcement.make_plugin_manager(autoload=False, plugins=[Plugin()])
    cal = WorkingCalendar(plugin_manager=pm)
    assert not cal.is_working_day(date(2027, 1, 4))
    assert cal.add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 5)
    caller = CalendarData(year=2027, days=(CalendarDay(date(2027, 1, 5), False, "来电假日"),))
    cal = WorkingCalendar(plugin_manager=pm, extra=[caller])
    assert cal.is_working_day(date(2027, 1, 4))
    assert not cal.is_working_day(date(2027, 1, 5))


def test_local_overlay_adds_a_regional_holiday() -> None:
    # A minority festival set locally (放假办法 第四条) on a normal Wednesday.
    overlay = CalendarData(
        year=2021,
        days=(CalendarDay(date(2021, 3, 3), False, "地方节日"),),
        complete=False,
    )
    cal = WorkingCalendar(extra=[overlay], region="650000")
    assert not cal.is_working_day(date(2021, 3, 3))
    assert cal.add_working_days(date(2021, 3, 2), 1) == date(2021, 3, 4)
    # National data still applies to that year.
    assert not cal.is_working_day(date(2021, 10, 1))


def test_overlay_alone_does_not_cover_a_missing_year() -> None:
    overlay = CalendarData(
        year=2027, days=(CalendarDay(date(2027, 3, 3), False, "x"),), complete=False
    )
    with pytest.raises(CalendarError, match="2027"):
        WorkingCalendar(extra=[overlay], provisional=False).is_working_day(date(2027, 3, 4))


def test_plugin_returning_garbage_is_a_clear_error() -> None:
    class Broken:
        @enforcement.hookimpl
        def enforcement_calendar_days(self, year: int, region: str | None) -> object:
            return {"2021-01-01": "holiday"}

    cal = WorkingCalendar(
        plugin_manager=enforcement.make_plugin_manager(autoload=False, plugins=[Broken()])
    )
    with pytest.raises(CalendarError, match="expected CalendarData"):
        cal.is_working_day(date(2021, 1, 4))


def test_data_for_the_wrong_year_is_refused() -> None:
    data = CalendarData(year=2027, days=(CalendarDay(date(2028, 1, 1), False, "元旦"),))
    with pytest.raises(CalendarError, match="2028-01-01"):
        WorkingCalendar(extra=[data]).is_working_day(date(2027, 5, 5))


working_dates = st.dates(date(2005, 1, 1), date(2026, 6, 30))


@given(working_dates, st.integers(0, 60))
def test_between_inverts_add(start: date, n: int) -> None:
    cal = WorkingCalendar()
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due) == n
    assert due == start or cal.is_working_day(due)
    # Every day in (start, due] was either counted or skipped as a non-working day.
    deadline = cal.explain_deadline(start, n)
    for skipped in deadline.skipped:
        assert not cal.is_working_day(skipped.day)
    assert len(deadline.skipped) + n == (due - start).days


@given(working_dates, st.integers(1, 30))
def test_negative_counts_go_backwards(start: date, n: int) -> None:
    cal = WorkingCalendar()
    earlier = cal.add_working_days(start, -n)
    assert earlier < start
    assert cal.is_working_day(earlier)
    # n - 1 working days lie strictly between, plus ``start`` itself if it is one.
    expected = n - 1 + (1 if cal.is_working_day(start) else 0)
    assert cal.working_days_between(earlier, start) == expected
    assert cal.working_days_between(start, earlier) == -expected


def test_weekdays_without_special_status_are_working(cal: WorkingCalendar) -> None:
    day = date(2021, 6, 1)
    for offset in range(7):
        d = day + timedelta(days=offset)
        assert cal.is_working_day(d) == (d.weekday() < 5)
