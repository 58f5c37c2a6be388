"""A provisional calendar for a year with no official arrangement yet.

Computed from 《全国年节及纪念日放假办法》 as revised in 2024 (in force from 1 January
2025), 第二条: 元旦 1 day (1 January); 春节 4 days (除夕 to 正月初三); 清明 1 day (the
solar term); 劳动节 2 days (1 and 2 May); 端午 1 day (五月初五); 中秋 1 day (八月十五);
国庆节 3 days (1 to 3 October). For 2014 to 2024 the 2013 revision applies: 春节 3 days
(初一 to 初三) and 劳动节 1 day; it is kept so the computation can be checked against the
official data of those years.

第六条: a holiday that falls on a Saturday or Sunday is made up on a working day
(补假). The provisional calendar gives each such day back on the first weekday after the
holiday that is not itself a holiday. The State Council's notice usually arranges the
make-up differently, with 调休 weekend working days that no rule predicts: none are
invented here, so a provisional year has no make-up working days.

Lunar dates come from the ``lunardate`` package (1900 to 2099), the 清明 solar term
from ``borax`` (``borax.calendars.lunardate.TermUtils``, 1900 to 2100): both are
maintained, pure Python and installed from wheels. ``borax``'s own lunar table is
not used: it puts 2089's 中秋 on 19 September, where ``lunardate`` and the
astronomical computations of ``sxtwl`` and ``lunar-python`` agree on the 18th.
Over 2000-2099 both sources used agree with ``sxtwl`` on every date used here.
"""

from __future__ import annotations

from datetime import date, timedelta

from enforcement.errors import CalendarError

RULES_2024 = "《全国年节及纪念日放假办法》（2024年修订）"
"""The rules a provisional year is computed from (in force from 2025)."""

FIRST_YEAR = 2025
"""The first year the 2024 rules govern; earlier years are never computed provisionally."""

LAST_YEAR = 2099
"""The last year the lunar data covers."""

_FIRST_RULES_YEAR = 2014  # the 2013 revision's first year

MAKEUP_SUFFIX = "补假"
"""The reason of a day given back for a holiday on a weekend (``"春节补假"``, 第六条)."""


def _lunar(year: int, month: int, day: int) -> date:
    from lunardate import LunarDate

    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


def _qingming(year: int) -> date:
    from borax.calendars.lunardate import TermUtils

    day: date = TermUtils.nth_term_day(year, term_name="清明")
    return day


def statutory_holidays(year: int) -> list[tuple[date, str]]:
    """The statutory holidays (全体公民放假的节日) of ``year`` under the rules in force then.

    The 2024 revision from 2025, the 2013 revision for 2014 to 2024. Weekend
    make-up days (第六条) are not included; see :func:`provisional_days`.
    Raises :class:`CalendarError` for a year before 2014 or after 2099.
    """
    if not _FIRST_RULES_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            year,
            f"no holiday rules for {year}: the statutory holidays are computed for "
            f"{_FIRST_RULES_YEAR}-{LAST_YEAR} only",
        )
    new_year = _lunar(year, 1, 1)
    spring = [new_year + timedelta(days=i) for i in range(3)]
    labour = [date(year, 5, 1)]
    if year >= FIRST_YEAR:
        spring.insert(0, new_year - timedelta(days=1))  # 除夕: the 12th month's last day
        labour.append(date(year, 5, 2))
    days: list[tuple[date, str]] = [(date(year, 1, 1), "元旦")]
    days += [(d, "春节") for d in spring]
    days.append((_qingming(year), "清明"))
    days += [(d, "劳动节") for d in labour]
    days.append((_lunar(year, 5, 5), "端午"))
    days.append((_lunar(year, 8, 15), "中秋"))
    days += [(date(year, 10, i), "国庆节") for i in (1, 2, 3)]
    return sorted(days)


def provisional_days(year: int) -> list[tuple[date, str]]:
    """The non-working weekdays of a provisional ``year``: its holidays and their make-up days.

    Every statutory holiday (:func:`statutory_holidays`, 2024 rules), plus one
    make-up day off (``"春节补假"``) for each holiday on a weekend, on the first
    later weekday that is not already off (第六条). A day two holidays share
    (中秋 on 1 to 3 October) is one day off, listed once and not given back: the
    rules say nothing of it. Weekends are not listed.
    Raises :class:`CalendarError` outside 2025 to 2099.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            year,
            f"no provisional calendar for {year}: it is computed from {RULES_2024} for "
            f"{FIRST_YEAR}-{LAST_YEAR} only",
        )
    # 中秋 and 国庆 can share a day (2028); it is one day off, listed once.
    holidays = list(dict(reversed(statutory_holidays(year))).items())
    holidays.sort()
    off = {d for d, _ in holidays}
    out = list(holidays)
    for day, name in holidays:
        if day.weekday() < 5:
            continue
        makeup = day + timedelta(days=1)
        while makeup.weekday() >= 5 or makeup in off:
            makeup += timedelta(days=1)
        off.add(makeup)
        out.append((makeup, f"{name}{MAKEUP_SUFFIX}"))
    return sorted(out)


__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAKEUP_SUFFIX",
    "RULES_2024",
    "provisional_days",
    "statutory_holidays",
]
