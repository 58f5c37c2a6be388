"""Chinese working days (工作日): statutory holidays and make-up working days (调休).

Deadlines the law counts in working days (《行政处罚法》第八十五条: 二日、三日、五日、
七日) skip weekends and statutory holidays and count the weekend days the State
Council's annual notice turns into working days (调休上班). Counting starts on
the day after the start day (《民法典》第二百零一条).

Holiday data comes from, in order: data the caller supplies (:class:`CalendarData`,
or a TOML file read by :func:`load_calendar_file`); a plugin through
``enforcement_calendar_days``; the maintained ``chinesecalendar`` package; and,
for a year none of them covers, a provisional calendar computed from the
holiday rules (:mod:`enforcement.calendar.provisional`), which every deadline
resting on it says it is. Without the provisional calendar such a year raises
:class:`CalendarError`. Local days (a region's minority festival) can be laid
over any year.

The module-level functions use a default calendar that consults the installed
plugins; build a :class:`WorkingCalendar` for anything else.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

import attrs
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
    arrangement. ``source`` says where the data came from (shown by
    ``enforcement calendar show``); ``region`` limits it to the calendars of
    that region (``None``: every calendar); ``notice`` names the document
    that set the days (国务院办公厅关于…节假日安排的通知).
    """

    year: int
    days: tuple[CalendarDay, ...] = field(converter=_as_days)
    complete: bool = True
    source: str = "caller"
    region: str | None = None
    notice: str | None = None


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
    non-working day, 《民法典》第二百零三条). ``provisional`` lists the years
    whose days the computation used from a provisional calendar: the due date
    may move once the State Council publishes that year's arrangement.
    """

    start: date
    periods: int
    unit: Literal["working_days", "days"]
    due: date
    notes: tuple[SkippedDay, ...]
    provisional: tuple[int, ...] = ()
    """The years whose provisional calendar the computation rests on (none: all official)."""

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
            if self.provisional:
                text += "; " + provisional_note(self.provisional, "en")
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
        if self.provisional:
            text += "；" + provisional_note(self.provisional, "zh")
        return text


def provisional_note(years: Iterable[int], lang: str = "zh") -> str:
    """The words that mark a result as resting on a provisional calendar."""
    listed = sorted(set(years))
    if lang == "en":
        names = ", ".join(str(y) for y in listed)
        return (
            f"provisional: the {names} calendar is computed from the 2024 national holiday "
            "rules without make-up working days; the State Council's notice prevails"
        )
    names = "、".join(f"{y}年" for y in listed)
    return f"暂定：{names}日历依《全国年节及纪念日放假办法》推算，未含调休，以国务院办公厅通知为准"


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
    from enforcement.calendar.provisional import MAKEUP_SUFFIX

    if reason.endswith(MAKEUP_SUFFIX):
        holiday = reason.removesuffix(MAKEUP_SUFFIX)
        return f"make-up day off for {reason_in_english(holiday)}"
    if reason.endswith("（调休不计）"):
        return f"{reason_in_english(reason.removesuffix('（调休不计）'))} (make-up day not counted)"
    names = _holiday_names_en()
    names.setdefault("国庆节", "National Day")
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


@frozen
class SourcedDay:
    """A day of a year's calendar that differs from Monday-to-Friday, and where it came from.

    ``origin`` is ``"package chinesecalendar 1.11.0"``, ``"file PATH"``,
    ``"plugin NAME"``, ``"provisional …"`` or the ``source`` a caller gave.
    """

    day: CalendarDay
    origin: str
    provisional: bool = False


@frozen
class _Year:
    days: Mapping[date, CalendarDay]
    origins: Mapping[date, str]
    provisional: bool


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"chinesecalendar {version('chinesecalendar')}"
    except PackageNotFoundError:  # pragma: no cover - it is a dependency
        return "chinesecalendar"


class WorkingCalendar:
    """A working-day calendar for one region.

    ``extra`` supplies caller data (whole years or local overlays) that takes
    precedence over plugins, which take precedence over the data package;
    data whose ``region`` is set applies only to a calendar of that region.
    ``plugin_manager`` is consulted through ``enforcement_calendar_days``; pass
    ``None`` to use no plugins. ``makeup_days_are_working=False`` treats 调休
    weekend days as rest days (the notices call them 上班, but no statute says
    so, so it is configurable). ``provisional`` computes a year none of them
    covers from the holiday rules (:mod:`enforcement.calendar.provisional`);
    with ``provisional=False`` such a year raises :class:`CalendarError`.
    """

    def __init__(
        self,
        *,
        extra: Iterable[CalendarData] = (),
        region: str | None = None,
        plugin_manager: pluggy.PluginManager | None = None,
        makeup_days_are_working: bool = True,
        use_package: bool = True,
        provisional: bool = True,
    ) -> None:
        self.region = region
        self.makeup_days_are_working = makeup_days_are_working
        self.provisional = provisional
        self._use_package = use_package
        self._pm = plugin_manager
        self._extra: dict[int, list[CalendarData]] = {}
        for data in extra:
            if data.region is None or data.region == region:
                self._extra.setdefault(data.year, []).append(data)
        self._years: dict[int, _Year] = {}
        self._failed: dict[int, CalendarError] = {}
        self._lock = threading.Lock()

    def _year_data(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            with self._lock:
                found = self._years.get(year)
                if found is None:
                    failed = self._failed.get(year)
                    if failed is not None:
                        raise CalendarError(failed.year, str(failed), missing=failed.missing)
                    try:
                        found = self._build_year(year)
                    except CalendarError as exc:
                        self._failed[year] = exc
                        raise
                    self._years[year] = found
        return found

    def _year(self, year: int) -> Mapping[date, CalendarDay]:
        return self._year_data(year).days

    def is_provisional(self, year: int) -> bool:
        """Whether ``year`` comes from the provisional computation (no official data)."""
        return self._year_data(year).provisional

    def year_days(self, year: int) -> list[SourcedDay]:
        """Every day of ``year`` that is not an ordinary weekday or weekend, with its origin."""
        data = self._year_data(year)
        return [
            SourcedDay(data.days[d], data.origins[d], data.provisional) for d in sorted(data.days)
        ]

    def _build_year(self, year: int) -> _Year:
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
                        missing=False,
                    )
                # A plugin that did not name its source ("caller", the default) is "plugin".
                named = "" if result.source == "caller" else f" {result.source}"
                supplied.append(attrs.evolve(result, source=f"plugin{named}"))
        complete = [d for d in supplied if d.complete]
        overlays = [d for d in supplied if not d.complete]
        table: dict[date, CalendarDay] = {}
        origins: dict[date, str] = {}
        provisional = False
        if complete:
            # A complete year replaces the official data whole; caller data comes
            # first in ``supplied``, so it wins over any plugin's.
            for d in complete[0].days:
                table[d.day] = d
                origins[d.day] = complete[0].source
        else:
            package = _package_year(year) if self._use_package else None
            if package is not None:
                table.update(package)
                name = f"package {_package_version()}"
                origins.update((d, name) for d in package)
            elif self.provisional:
                table.update(_provisional_year(year))
                origins.update((d, f"provisional {_RULES}") for d in table)
                provisional = True
            else:
                raise CalendarError(year, _no_data_message(year, provisional=False))
        for data in reversed(overlays):
            for d in data.days:
                table[d.day] = d
                origins[d.day] = data.source
        for day in table:
            if day.year != year:
                raise CalendarError(
                    year, f"calendar data for {year} contains {day.isoformat()}", missing=False
                )
        return _Year(table, origins, provisional)

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

    def _provisional_years(self, first: date, last: date) -> tuple[int, ...]:
        low, high = min(first, last), max(first, last)
        return tuple(y for y in range(low.year, high.year + 1) if self.is_provisional(y))

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
        provisional = self._provisional_years(start + step, day) if n else ()
        return Deadline(start, n, "working_days", day, tuple(notes), provisional)

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
        end = start + timedelta(days=n)
        due = end
        notes: list[SkippedDay] = []
        if roll:
            while not self.is_working_day(due):
                notes.append(SkippedDay(due, self.day_info(due).reason, counted=False))
                due += timedelta(days=1)
        provisional = self._provisional_years(end, due) if roll else ()
        return Deadline(start, n, "days", due, tuple(notes), provisional)


def _no_data_message(year: int, *, provisional: bool) -> str:
    covered = package_years()
    text = (
        f"no holiday data for {year}: the chinesecalendar package covers "
        f"{covered.start}-{covered.stop - 1}"
    )
    if provisional:
        from enforcement.calendar import provisional as rules

        text += f" and the provisional calendar {rules.FIRST_YEAR}-{rules.LAST_YEAR}"
    else:
        text += " and the provisional calendar is turned off"
    return (
        text + f". Supply {year}'s official arrangement (国务院办公厅 notice) as a calendar file "
        f"(`enforcement calendar template {year}` writes one; load it with --calendar FILE, "
        "ENFORCEMENT_CALENDAR or the policy's calendar_files), as CalendarData, or through a "
        "plugin implementing enforcement_calendar_days."
    )


def _provisional_year(year: int) -> dict[date, CalendarDay]:
    from enforcement.calendar import provisional as rules

    try:
        days = rules.provisional_days(year)
    except CalendarError:
        raise CalendarError(year, _no_data_message(year, provisional=True)) from None
    table: dict[date, CalendarDay] = {}
    for day, name in days:
        table.setdefault(day, CalendarDay(day, False, name))
    return table


_RULES = "《全国年节及纪念日放假办法》（2024年修订）"


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
    "SourcedDay",
    "WorkingCalendar",
    "add_days",
    "add_months",
    "add_working_days",
    "default_calendar",
    "explain_days",
    "explain_deadline",
    "is_working_day",
    "package_years",
    "provisional_note",
    "reason_in_english",
    "reset_default_calendar",
    "working_days_between",
]
