"""Chinese working days (工作日): statutory holidays and make-up working days (调休).

Deadlines the law counts in working days (《行政处罚法》第八十五条: 二日、三日、五日、
七日) skip weekends and statutory holidays and count the weekend days the State
Council's annual notice turns into working days (调休上班). Counting starts on
the day after the start day (《民法典》第二百零一条).

Holiday data comes from the maintained ``chinesecalendar`` package, never from a
hand-written table. A year it does not cover raises :class:`CalendarError`
unless the caller, or a plugin through ``enforcement_calendar_days``, supplies
that year's data. Local days (a region's minority festival) can be laid over
any year.

The module-level functions use a default calendar that consults the installed
plugins; build a :class:`WorkingCalendar` for anything else.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from attrs import field, frozen

from enforcement.errors import CalendarError

if TYPE_CHECKING:
    import pluggy

log = logging.getLogger(__name__)

_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@frozen
class CalendarDay:
    """One day that differs from the Monday-to-Friday rule, or confirms it.

    ``working`` says whether it is a working day; ``reason`` names the holiday
    (``"国庆节"``) or the make-up day (``"国庆节调休上班"``).
    """

    day: date
    working: bool
    reason: str


def _as_days(days: Iterable[CalendarDay]) -> tuple[CalendarDay, ...]:
    return tuple(days)


@frozen
class CalendarData:
    """Calendar days for one year, supplied by a caller or a plugin.

    With ``complete=True`` the data is the whole year's official arrangement
    (every statutory holiday and every make-up working day), and the year
    counts as covered even where the data package has nothing. With
    ``complete=False`` it is an overlay of local days on top of the official
    arrangement.
    """

    year: int
    days: tuple[CalendarDay, ...] = field(converter=_as_days)
    complete: bool = True
    source: str = "caller"


@frozen
class SkippedDay:
    """A day a deadline computation passed over or counted specially, and why."""

    day: date
    reason: str
    counted: bool


@frozen
class Deadline:
    """A computed deadline with the arithmetic that produced it.

    ``unit`` is ``"working_days"`` (the start day excluded, non-working days
    skipped) or ``"days"`` (calendar days, the last day rolled past any
    non-working day, 《民法典》第二百零三条).
    """

    start: date
    periods: int
    unit: Literal["working_days", "days"]
    due: date
    notes: tuple[SkippedDay, ...]

    @property
    def skipped(self) -> tuple[SkippedDay, ...]:
        """The days passed over (weekends, holidays, or days rolled past)."""
        return tuple(n for n in self.notes if not n.counted)

    @property
    def makeup_days(self) -> tuple[SkippedDay, ...]:
        """Weekend days counted because they were make-up working days (调休上班)."""
        return tuple(n for n in self.notes if n.counted)

    def explain(self, lang: str = "zh") -> str:
        """A sentence a supervisor can check by hand."""
        if lang == "en":
            unit = "working days" if self.unit == "working_days" else "days"
            text = (
                f"{self.periods} {unit} after {self.start.isoformat()} "
                f"(counting from the next day) is {self.due.isoformat()}"
            )
            if self.unit == "days" and self.skipped:
                text += "; the last day fell on a non-working day and rolled forward"
            parts = [f"{n.day.isoformat()} {reason_in_english(n.reason)}" for n in self.skipped]
            if parts:
                text += "; skipped: " + ", ".join(parts)
            made = [f"{n.day.isoformat()} {reason_in_english(n.reason)}" for n in self.makeup_days]
            if made:
                text += "; counted as working: " + ", ".join(made)
            return text
        unit_zh = "个工作日" if self.unit == "working_days" else "日"
        text = (
            f"自{self.start.isoformat()}次日起算{self.periods}{unit_zh}，截止{self.due.isoformat()}"
        )
        if self.unit == "days" and self.skipped:
            text += "（期限末日为节假日，顺延）"
        parts = [f"{n.day.isoformat()}{n.reason}" for n in self.skipped]
        if parts:
            text += "；跳过：" + "、".join(parts)
        made = [f"{n.day.isoformat()}{n.reason}" for n in self.makeup_days]
        if made:
            text += "；计入：" + "、".join(made)
        return text


def _holiday_names_en() -> dict[str, str]:
    from chinese_calendar import constants

    return {h.chinese: h.value for h in constants.Holiday}


def reason_in_english(reason: str) -> str:
    """The English for a day's reason as this module writes it (``国庆节调休上班``).

    Weekdays, the statutory holidays and make-up days are translated; a reason
    supplied by a caller or a plugin (a local festival's name) is kept as given.
    """
    if reason in _WEEKDAYS_ZH:
        return _WEEKDAYS_EN[_WEEKDAYS_ZH.index(reason)]
    if reason == "工作日":
        return "working day"
    if reason.endswith("（调休不计）"):
        return f"{reason_in_english(reason.removesuffix('（调休不计）'))} (make-up day not counted)"
    names = _holiday_names_en()
    if reason.endswith("调休上班"):
        holiday = reason.removesuffix("调休上班")
        return f"make-up working day for {names.get(holiday, holiday)}"
    return names.get(reason, reason)


def _package_year(year: int) -> dict[date, CalendarDay] | None:
    from chinese_calendar import constants

    years = {d.year for d in constants.holidays}
    if year not in years:
        return None
    names = {h.value: h.chinese for h in constants.Holiday}
    table: dict[date, CalendarDay] = {}
    for day, name in constants.holidays.items():
        if day.year == year:
            table[day] = CalendarDay(day, False, names.get(name, name))
    for day, name in constants.workdays.items():
        if day.year == year:
            table[day] = CalendarDay(day, True, f"{names.get(name, name)}调休上班")
    return table


def package_years() -> range:
    """The years the ``chinesecalendar`` data package covers."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return range(min(years), max(years) + 1)


class WorkingCalendar:
    """A working-day calendar for one region.

    ``extra`` supplies caller data (whole years or local overlays) that takes
    precedence over plugins, which take precedence over the data package.
    ``plugin_manager`` is consulted through ``enforcement_calendar_days``; pass
    ``None`` to use no plugins. ``makeup_days_are_working=False`` treats 调休
    weekend days as rest days (the notices call them 上班, but no statute says
    so, so it is configurable).
    """

    def __init__(
        self,
        *,
        extra: Iterable[CalendarData] = (),
        region: str | None = None,
        plugin_manager: pluggy.PluginManager | None = None,
        makeup_days_are_working: bool = True,
        use_package: bool = True,
    ) -> None:
        self.region = region
        self.makeup_days_are_working = makeup_days_are_working
        self._use_package = use_package
        self._pm = plugin_manager
        self._extra: dict[int, list[CalendarData]] = {}
        for data in extra:
            self._extra.setdefault(data.year, []).append(data)
        self._years: dict[int, Mapping[date, CalendarDay]] = {}
        self._lock = threading.Lock()

    def _year(self, year: int) -> Mapping[date, CalendarDay]:
        table = self._years.get(year)
        if table is None:
            with self._lock:
                table = self._years.get(year)
                if table is None:
                    table = self._build_year(year)
                    self._years[year] = table
        return table

    def _build_year(self, year: int) -> Mapping[date, CalendarDay]:
        supplied = list(self._extra.get(year, ()))
        if self._pm is not None:
            results = self._pm.hook.enforcement_calendar_days(year=year, region=self.region)
            for result in results:
                if result is None:
                    continue
                if not isinstance(result, CalendarData):
                    raise CalendarError(
                        year,
                        f"a plugin's enforcement_calendar_days returned {type(result).__name__}, "
                        "expected CalendarData",
                    )
                supplied.append(result)
        complete = [d for d in supplied if d.complete]
        overlays = [d for d in supplied if not d.complete]
        table: dict[date, CalendarDay] = {}
        if complete:
            # A complete year replaces the official data whole; caller data comes
            # first in ``supplied``, so it wins over any plugin's.
            table.update((d.day, d) for d in complete[0].days)
        else:
            package = _package_year(year) if self._use_package else None
            if package is None:
                covered = package_years()
                raise CalendarError(
                    year,
                    f"no holiday data for {year}: the chinesecalendar package covers "
                    f"{covered.start}-{covered.stop - 1}. Supply the year's official "
                    "arrangement (国务院办公厅 notice) as CalendarData, or install a plugin "
                    "implementing enforcement_calendar_days, or upgrade chinesecalendar.",
                )
            table.update(package)
        for data in reversed(overlays):
            table.update((d.day, d) for d in data.days)
        for day in table:
            if day.year != year:
                raise CalendarError(year, f"calendar data for {year} contains {day.isoformat()}")
        return table

    def day_info(self, day: date) -> CalendarDay:
        """Whether ``day`` is a working day, and why."""
        special = self._year(day.year).get(day)
        weekend = day.weekday() >= 5
        if special is not None:
            if special.working and weekend and not self.makeup_days_are_working:
                return CalendarDay(day, False, f"{_WEEKDAYS_ZH[day.weekday()]}（调休不计）")
            return special
        if weekend:
            return CalendarDay(day, False, _WEEKDAYS_ZH[day.weekday()])
        return CalendarDay(day, True, "工作日")

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (工作日)."""
        special = self._year(day.year).get(day)
        if special is not None:
            return special.working and (self.makeup_days_are_working or day.weekday() < 5)
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` returns ``start``. Negative ``n`` counts backwards.
        """
        return self.explain_deadline(start, n).due

    def explain_deadline(self, start: date, n: int) -> Deadline:
        """:meth:`add_working_days` with the days it skipped or counted specially, and why."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        day = start
        notes: list[SkippedDay] = []
        while remaining:
            day += step
            info = self.day_info(day)
            if info.working:
                remaining -= 1
                if day.weekday() >= 5:
                    notes.append(SkippedDay(day, info.reason, counted=True))
            else:
                notes.append(SkippedDay(day, info.reason, counted=False))
        # Trailing weekends after the due date are not part of the computation.
        return Deadline(start, n, "working_days", day, tuple(notes))

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``: how many were used by ``b`` counting from ``a``.

        ``working_days_between(a, add_working_days(a, n)) == n``. Negative when
        ``b`` is before ``a``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a
        one = timedelta(days=1)
        while day < b:
            day += one
            if self.is_working_day(day):
                count += 1
        return count

    def add_days(self, start: date, n: int, *, roll: bool = True) -> date:
        """``n`` calendar days after ``start``; see :meth:`explain_days`."""
        return self.explain_days(start, n, roll=roll).due

    def explain_days(self, start: date, n: int, *, roll: bool = True) -> Deadline:
        """A period in calendar days (90 days of 第六十条, 15 days of 第六十七条).

        With ``roll`` (the default, 《民法典》第二百零三条) a last day that is not a
        working day moves to the next working day; the days rolled past are noted.
        """
        due = start + timedelta(days=n)
        notes: list[SkippedDay] = []
        if roll:
            while not self.is_working_day(due):
                notes.append(SkippedDay(due, self.day_info(due).reason, counted=False))
                due += timedelta(days=1)
        return Deadline(start, n, "days", due, tuple(notes))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it has no such day.

    Publication terms (公示期限, SAMR-公示 第十三条) run in months: 2025-01-31 plus
    one month is 2025-02-28.
    """
    import calendar as _stdlib_calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _stdlib_calendar.monthrange(year, month)[1]))


_default: WorkingCalendar | None = None
_default_lock = threading.Lock()


def default_calendar() -> WorkingCalendar:
    """The calendar the module-level functions use: national data plus installed plugins."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from enforcement.plugins import default_plugin_manager

                _default = WorkingCalendar(plugin_manager=default_plugin_manager())
    return _default


def reset_default_calendar() -> None:
    """Forget the default calendar (after plugins were installed or changed)."""
    global _default
    with _default_lock:
        _default = None


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day, by the default calendar."""
    return default_calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start``, by the default calendar."""
    return default_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    """Working days in ``(a, b]``, by the default calendar."""
    return default_calendar().working_days_between(a, b)


def explain_deadline(start: date, n: int) -> Deadline:
    """``n`` working days after ``start`` with the arithmetic, by the default calendar."""
    return default_calendar().explain_deadline(start, n)


def add_days(start: date, n: int, *, roll: bool = True) -> date:
    """``n`` calendar days after ``start``, rolled past non-working days, by the default calendar."""
    return default_calendar().add_days(start, n, roll=roll)


def explain_days(start: date, n: int, *, roll: bool = True) -> Deadline:
    """A calendar-day period with the arithmetic, by the default calendar."""
    return default_calendar().explain_days(start, n, roll=roll)


__all__ = [
    "CalendarData",
    "CalendarDay",
    "Deadline",
    "SkippedDay",
    "WorkingCalendar",
    "add_days",
    "add_months",
    "add_working_days",
    "default_calendar",
    "explain_days",
    "explain_deadline",
    "is_working_day",
    "package_years",
    "reason_in_english",
    "reset_default_calendar",
    "working_days_between",
]
