"""Calendar files: a year's official arrangement (or a region's local days) in TOML.

The format is documented in ``docs/calendar.md``::

    year = 2027
    notice = "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）"

    [[holidays]]
    name = "元旦"
    from = 2027-01-01
    to = 2027-01-03

    [[workdays]]
    name = "春节"
    dates = [2027-02-07]

A file that cannot be used raises :class:`~enforcement.errors.CalendarFileError`
naming the file, the key (or the line, for a TOML syntax error) and the reason.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from enforcement._toml import TomlProblem, parse_toml
from enforcement.calendar import CalendarData, CalendarDay, WorkingCalendar
from enforcement.errors import CalendarError, CalendarFileError

MAX_FILE_BYTES = 1_000_000
"""The largest calendar file read (a year's arrangement takes a few kilobytes)."""

ENV_VAR = "ENFORCEMENT_CALENDAR"
"""The environment variable naming calendar files (several separated by ``os.pathsep``)."""

_KEYS = ("year", "notice", "region", "complete", "holidays", "workdays")
_GROUP_KEYS = ("name", "dates", "from", "to")
_MAKEUP = "调休上班"


def parse_calendar(text: str, *, source: str) -> CalendarData:
    """A calendar file's data from its TOML text; ``source`` names the file in errors."""
    try:
        data = parse_toml(text)
    except TomlProblem as exc:
        raise CalendarFileError(source, None, str(exc)) from None
    for key in data:
        if key not in _KEYS:
            raise CalendarFileError(source, key, f"unknown key; known keys: {', '.join(_KEYS)}")
    year = data.get("year")
    if type(year) is not int:
        raise CalendarFileError(source, "year", f"expected a year like 2027, got {year!r}")
    if not 1900 <= year <= 9999:
        raise CalendarFileError(source, "year", f"expected a year from 1900 to 9999, got {year}")
    complete = data.get("complete", True)
    if type(complete) is not bool:
        raise CalendarFileError(source, "complete", f"expected true or false, got {complete!r}")
    notice = _text(data, "notice", source, required=complete)
    region = _text(data, "region", source, required=False)
    days: dict[date, tuple[str, CalendarDay]] = {}
    for key, working in (("holidays", False), ("workdays", True)):
        groups = data.get(key, [])
        if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
            raise CalendarFileError(
                source, key, f"expected [[{key}]] tables, each with a name and dates"
            )
        for i, group in enumerate(groups):
            where = f"{key}[{i}]"
            name = _group_name(group, where, source)
            reason = f"{name}{_MAKEUP}" if working else name
            for at, day in _group_days(group, where, year, source):
                if working and day.weekday() < 5:
                    raise CalendarFileError(
                        source,
                        at,
                        f"{day.isoformat()} is a weekday, already a working day; list only "
                        "the weekend days the notice makes working days",
                    )
                if day in days:
                    raise CalendarFileError(
                        source, at, f"{day.isoformat()} is listed twice (also at {days[day][0]})"
                    )
                days[day] = (at, CalendarDay(day, working, reason))
    if complete and not any(not d.working for _, d in days.values()):
        raise CalendarFileError(source, "holidays", "a complete year needs its holidays")
    return CalendarData(
        year=year,
        days=tuple(d for _, d in sorted(days.values(), key=lambda item: item[1].day)),
        complete=complete,
        source=f"file {source}",
        region=region,
        notice=notice,
    )


def _text(data: dict[str, Any], key: str, source: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        need = "required: " if value is None else ""
        raise CalendarFileError(source, key, f"{need}expected a non-empty string, got {value!r}")
    return _printable(value, key, source)


def _printable(value: str, key: str, source: str) -> str:
    if len(value) > 500:
        raise CalendarFileError(source, key, f"longer than 500 characters ({len(value)})")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise CalendarFileError(source, key, f"contains control characters: {value!r}")
    return value.strip()


def _group_name(group: dict[str, Any], where: str, source: str) -> str:
    for key in group:
        if key not in _GROUP_KEYS:
            raise CalendarFileError(
                source, f"{where}.{key}", f"unknown key; known keys: {', '.join(_GROUP_KEYS)}"
            )
    name = group.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CalendarFileError(
            source, f"{where}.name", f"expected the holiday's name, got {name!r}"
        )
    return _printable(name, f"{where}.name", source)


def _date(value: Any, at: str, year: int, source: str) -> date:
    day: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str):
        try:
            # Full-width digits and hyphens (２０２７－０１－０１) are read as their ASCII forms.
            day = date.fromisoformat(unicodedata.normalize("NFKC", value).strip())
        except ValueError:
            day = None
    if day is None:
        raise CalendarFileError(source, at, f"expected a date like {year}-01-01, got {value!r}")
    if day.year != year:
        raise CalendarFileError(source, at, f"{day.isoformat()} is not in the file's year {year}")
    return day


def _group_days(
    group: dict[str, Any], where: str, year: int, source: str
) -> list[tuple[str, date]]:
    has_dates = "dates" in group
    has_range = "from" in group or "to" in group
    if has_dates == has_range:
        raise CalendarFileError(source, where, "give either dates = [...] or from = ... to = ...")
    if has_dates:
        values = group["dates"]
        if not isinstance(values, list) or not values:
            raise CalendarFileError(
                source, f"{where}.dates", f"expected a list of dates, got {values!r}"
            )
        return [
            (f"{where}.dates[{j}]", _date(v, f"{where}.dates[{j}]", year, source))
            for j, v in enumerate(values)
        ]
    for key in ("from", "to"):
        if key not in group:
            raise CalendarFileError(source, f"{where}.{key}", "required with a range")
    first = _date(group["from"], f"{where}.from", year, source)
    last = _date(group["to"], f"{where}.to", year, source)
    if last < first:
        raise CalendarFileError(
            source, f"{where}.to", f"{last.isoformat()} is before from = {first.isoformat()}"
        )
    count = (last - first).days + 1
    return [
        (f"{where} ({first.isoformat()}..{last.isoformat()})", first + timedelta(days=i))
        for i in range(count)
    ]


def read_calendar_file(path: str | os.PathLike[str]) -> CalendarData:
    """Read and check one calendar file (at most :data:`MAX_FILE_BYTES`)."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CalendarFileError(name, None, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CalendarFileError(
            name, None, f"larger than {MAX_FILE_BYTES:,} bytes; not a calendar file"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CalendarFileError(name, None, f"not UTF-8 text (byte {exc.start})") from None
    return parse_calendar(text, source=name)


_cache: dict[tuple[str, int, int], CalendarData] = {}
_cache_lock = threading.Lock()


def load_calendar_file(path: str | os.PathLike[str]) -> CalendarData:
    """:func:`read_calendar_file`, read again only when the file changes."""
    name = os.fspath(path)
    try:
        stat = os.stat(name)
    except OSError as exc:
        raise CalendarFileError(name, None, f"cannot read: {exc.strerror or exc}") from None
    key = (os.path.abspath(name), stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        found = _cache.get(key)
    if found is None:
        found = read_calendar_file(name)
        with _cache_lock:
            _cache[key] = found
    return found


def load_calendar_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[CalendarData, ...]:
    """Every file's data, in order; two complete files for one year and region are an error."""
    loaded: list[CalendarData] = []
    seen: dict[tuple[int, str | None], CalendarData] = {}
    for path in paths:
        data = load_calendar_file(path)
        if data.complete:
            other = seen.get((data.year, data.region))
            if other is not None:
                raise CalendarFileError(
                    os.fspath(path),
                    "year",
                    f"{other.source.removeprefix('file ')} already gives the whole of "
                    f"{data.year}; give one file per year",
                )
            seen[(data.year, data.region)] = data
        loaded.append(data)
    return tuple(loaded)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


def calendar_template(year: int, *, calendar: WorkingCalendar | None = None) -> str:
    """The text of a calendar file for ``year`` to fill in from the State Council's notice.

    Prefilled with what ``calendar`` (a provisional-only calendar by default)
    gives for the year, so the clerk corrects it rather than types it; the
    ``notice`` is left empty and must be filled in before the file loads.
    A year nothing is known of gets a file with no days.
    """
    cal = calendar or WorkingCalendar(use_package=False, plugin_manager=None)
    try:
        entries = cal.year_days(year)
    except CalendarError:
        entries = []
    lines = [
        f"# The official holiday arrangement of {year} (国务院办公厅关于{year}年部分节假日安排的通知).",
        "# Prefilled from: " + (entries[0].origin if entries else "nothing known for the year"),
        "# Correct every holiday and make-up working day (调休上班) against the notice, fill in",
        "# `notice`, then load the file with --calendar FILE (or ENFORCEMENT_CALENDAR).",
        "# Format: docs/calendar.md.",
        "",
        f"year = {year}",
        'notice = ""  # required, e.g. "国务院办公厅关于…的通知（国办发明电〔…〕…号）"',
        "",
    ]
    for key, working in (("holidays", False), ("workdays", True)):
        groups: dict[str, list[date]] = {}
        for entry in entries:
            if entry.day.working is working:
                name = entry.day.reason.removesuffix(_MAKEUP) if working else entry.day.reason
                groups.setdefault(name, []).append(entry.day.day)
        if working and not groups:
            lines.append("# No make-up working days are known; add one table per holiday:")
            lines.append("# [[workdays]]")
            lines.append('# name = "春节"')
            lines.append(f"# dates = [{year}-02-07]")
        for name, days in groups.items():
            lines.append(f"[[{key}]]")
            lines.append(f"name = {_toml_string(name)}")
            lines.append("dates = [" + ", ".join(d.isoformat() for d in days) + "]")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def calendar_env_paths(value: str | None) -> Sequence[str]:
    """The paths in a value of ``ENFORCEMENT_CALENDAR`` (``os.pathsep``-separated)."""
    if not value:
        return ()
    return tuple(p for p in value.split(os.pathsep) if p.strip())


__all__ = [
    "ENV_VAR",
    "MAX_FILE_BYTES",
    "calendar_env_paths",
    "calendar_template",
    "load_calendar_file",
    "load_calendar_files",
    "parse_calendar",
    "read_calendar_file",
]
