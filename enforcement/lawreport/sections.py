"""The agency's own words of the 法治政府建设情况报告: ``SECTIONS.toml``.

The report has five parts, in this order (督察规定, ``domain.md`` §6), each a
table of the file under its key:

==============  ================================================
``measures``    一、主要举措和成效 (with sub-sections （一）（二）…)
``shortcomings`` 二、存在的不足和原因
``leadership``  三、党政主要负责人履行推进法治建设第一责任人职责情况
``plans``       四、下一年度主要安排
``other``       五、其他需要报告的情况
==============  ================================================

Every part must be present and say something (``text = "无。"`` when there is
nothing to report); a missing part is a :class:`~enforcement.errors.ReportError`
naming it. Unknown keys are errors too, so that a misspelt part is not
silently dropped. The format is described in ``docs/law-report.md``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import field, frozen

from enforcement._files import read_limited
from enforcement._toml import TomlProblem, parse_toml
from enforcement.errors import ReportError

MAX_BYTES = 256 * 1024
"""A SECTIONS.toml larger than this is refused. The seed's words are 10 KB; a paragraph of
hundreds of KB would take reportlab minutes to break across pages (its cost grows with the
square of a paragraph's length: 117 KB, 2.4 s)."""

ENFORCEMENT_RECORDS = "enforcement"
"""The ``records`` name of the generated 行政执法 paragraph."""


@frozen
class PartSpec:
    """One of the five required parts: its key in the file, number and standard heading."""

    key: str
    number: str
    heading: str


PARTS: tuple[PartSpec, ...] = (
    PartSpec("measures", "一", "主要举措和成效"),
    PartSpec("shortcomings", "二", "存在的不足和原因"),
    PartSpec("leadership", "三", "党政主要负责人履行推进法治建设第一责任人职责情况"),
    PartSpec("plans", "四", "下一年度主要安排"),
    PartSpec("other", "五", "其他需要报告的情况"),
)
"""The five parts in the order the report must give them."""

_TOP_KEYS = {"title", "agency", "date", "preamble", "closing"} | {p.key for p in PARTS}
_PART_KEYS = {"heading", "text"}
_MEASURES_KEYS = _PART_KEYS | {"sections"}
_SUB_KEYS = {"title", "text", "records", "after"}
_RECORDS = re.compile(r"[a-z][a-z0-9_]*\Z")
# A sub-section title typed with its own number: "（一）…", "(二)…", "三、…".
_OWN_NUMBER = re.compile(r"\A\s*(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\s*")


@frozen(kw_only=True)
class SubSection:
    """A numbered sub-section （一）（二）… of part 1.

    ``text`` comes first, then the paragraphs generated from the records named
    in ``records`` (``"enforcement"`` for the 行政执法 paragraph, or the key of
    a plugin's report section such as ``"disclosure_requests"``), then ``after``.
    """

    title: str
    text: str = ""
    records: tuple[str, ...] = ()
    after: str = ""


@frozen(kw_only=True)
class Part:
    """One of the five parts: an optional ``heading`` replacing the standard one, and text."""

    key: str
    heading: str | None = None
    text: str = ""
    sections: tuple[SubSection, ...] = ()

    @property
    def spec(self) -> PartSpec:
        """The part's number and standard heading."""
        return next(p for p in PARTS if p.key == self.key)


@frozen(kw_only=True)
class ReportInput:
    """Everything the agency writes itself, read from ``SECTIONS.toml``."""

    parts: tuple[Part, ...] = field()
    title: str | None = None
    agency: str | None = None
    date: date | None = None
    preamble: str = ""
    closing: str = ""

    @parts.validator
    def _five(self, _attribute: object, value: tuple[Part, ...]) -> None:
        if tuple(p.key for p in value) != tuple(p.key for p in PARTS):
            raise ReportError("parts", "expected the five parts in order")

    def part(self, key: str) -> Part:
        """The part under ``key`` (``measures``, ``shortcomings``, ...)."""
        return next(p for p in self.parts if p.key == key)

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> ReportInput:
        """Read ``SECTIONS.toml``; a :class:`ReportError` names the file, key and reason."""
        name = os.fspath(path)
        try:
            text = read_limited(path, MAX_BYTES).decode("utf-8-sig")
        except ValueError as exc:  # too large, or not UTF-8
            raise ReportError(name, f"cannot read: {exc}") from None
        except OSError as exc:
            raise ReportError(name, f"cannot read: {exc}") from None
        return cls.parse(text, source=name)

    @classmethod
    def parse(cls, text: str, *, source: str = "SECTIONS.toml") -> ReportInput:
        """Parse the text of a ``SECTIONS.toml``."""
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            raise ReportError(source, f"{size} bytes is too large (at most {MAX_BYTES})")
        try:
            data = parse_toml(text)
        except TomlProblem as exc:
            raise ReportError(source, str(exc)) from None
        return _structure(data, source)


def _where(source: str, key: str) -> str:
    return f"{source}: {key}"


def _unknown(data: Mapping[str, Any], allowed: set[str], source: str, at: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        name = f"{at}.{extra[0]}" if at else extra[0]
        raise ReportError(
            _where(source, name), f"unknown key (expected one of {', '.join(sorted(allowed))})"
        )


def _text(data: Mapping[str, Any], key: str, source: str, at: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ReportError(
            _where(source, f"{at}.{key}" if at else key),
            f"expected text, got {type(value).__name__}",
        )
    return value.strip()


def _optional(data: Mapping[str, Any], key: str, source: str, at: str) -> str | None:
    text = _text(data, key, source, at)
    return text or None


def _table(data: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    value = data.get(key)
    spec = next(p for p in PARTS if p.key == key)
    if value is None:
        raise ReportError(
            _where(source, f"[{key}]"),
            f"missing part {spec.number}、{spec.heading}: every report has all five parts "
            '(write text = "无。" when there is nothing to report)',
        )
    if not isinstance(value, dict):
        raise ReportError(_where(source, key), f"expected a table [{key}]")
    return value


def _records(value: Any, source: str, at: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ReportError(_where(source, at), "expected a name or a list of names")
    for item in items:
        if not _RECORDS.match(item):
            raise ReportError(
                _where(source, at),
                f"expected 'enforcement' or a report section's key, got {item!r}",
            )
    if len(set(items)) != len(items):
        raise ReportError(_where(source, at), "a name is given twice")
    return tuple(items)


def _subsections(value: Any, source: str) -> tuple[SubSection, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ReportError(_where(source, "measures.sections"), "expected [[measures.sections]]")
    out: list[SubSection] = []
    for i, item in enumerate(value):
        at = f"measures.sections[{i}]"
        if not isinstance(item, dict):
            raise ReportError(_where(source, at), "expected a table")
        _unknown(item, _SUB_KEYS, source, at)
        title = _OWN_NUMBER.sub("", _text(item, "title", source, at))
        if not title:
            raise ReportError(_where(source, f"{at}.title"), "a sub-section needs a title")
        sub = SubSection(
            title=title,
            text=_text(item, "text", source, at),
            records=_records(item.get("records", []), source, f"{at}.records"),
            after=_text(item, "after", source, at),
        )
        if not (sub.text or sub.records or sub.after):
            raise ReportError(_where(source, at), f"sub-section {title!r} has no text")
        out.append(sub)
    named = [r for s in out for r in s.records]
    for name in set(named):
        if named.count(name) > 1:
            raise ReportError(_where(source, "measures.sections"), f"records {name!r} placed twice")
    return tuple(out)


def _structure(data: dict[str, Any], source: str) -> ReportInput:
    _unknown(data, _TOP_KEYS, source, "")
    parts: list[Part] = []
    for spec in PARTS:
        table = _table(data, spec.key, source)
        _unknown(table, _MEASURES_KEYS if spec.key == "measures" else _PART_KEYS, source, spec.key)
        part = Part(
            key=spec.key,
            heading=_heading(table, source, spec.key),
            text=_text(table, "text", source, spec.key),
            sections=_subsections(table.get("sections"), source) if spec.key == "measures" else (),
        )
        if not part.text and not part.sections:
            raise ReportError(
                _where(source, f"{spec.key}.text"),
                f"part {spec.number}、{spec.heading} is empty "
                '(write text = "无。" when there is nothing to report)',
            )
        parts.append(part)
    day = data.get("date")
    if day is not None and (not isinstance(day, date) or hasattr(day, "hour")):
        raise ReportError(_where(source, "date"), "expected a date like 2021-03-31 (no quotes)")
    return ReportInput(
        parts=tuple(parts),
        title=_optional(data, "title", source, ""),
        agency=_optional(data, "agency", source, ""),
        date=day,
        preamble=_text(data, "preamble", source, ""),
        closing=_text(data, "closing", source, ""),
    )


def _heading(table: Mapping[str, Any], source: str, key: str) -> str | None:
    heading = _optional(table, "heading", source, key)
    if heading is None:
        return None
    # "一、2020年主要工作和成效" typed with its number: the number is the part's position.
    return _OWN_NUMBER.sub("", heading) or None


__all__ = [
    "ENFORCEMENT_RECORDS",
    "MAX_BYTES",
    "PARTS",
    "Part",
    "PartSpec",
    "ReportInput",
    "SubSection",
]
