"""The compliance policy (执法检查口径): every threshold and period the checks use.

:class:`Policy` holds the national rule or a typical local value for each knob;
the domain notes mark which ones vary by place ([L]) so an agency can load its
own from TOML::

    # tianjin.toml
    one_officer_simplified = true
    training_hours = 60
    major_fine_person = "20000"
    low_fine_limit = "1000"

Keys are the attribute names of :class:`Policy`; an unknown key or a value of
the wrong type raises :class:`~enforcement.errors.PolicyError` naming the key.
"""

from __future__ import annotations

import os
import types
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import attrs
from attrs import field, frozen

from enforcement._toml import TomlProblem, parse_toml
from enforcement.calendar import CalendarData, WorkingCalendar
from enforcement.errors import PolicyError
from enforcement.models.enums import Act, CaseCategory, PenaltyKind

if TYPE_CHECKING:
    import pluggy


def _money(value: Decimal | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _money_or_none(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else _money(value)


def _acts(value: Iterable[Act]) -> tuple[Act, ...]:
    return tuple(value)


def _penalty_kinds(value: Iterable[PenaltyKind]) -> tuple[PenaltyKind, ...]:
    return tuple(value)


def _categories(value: Iterable[CaseCategory]) -> tuple[CaseCategory, ...]:
    return tuple(value)


def _paths(value: Iterable[str | os.PathLike[str]]) -> tuple[str, ...]:
    if isinstance(value, str | os.PathLike):
        raise PolicyError("calendar_files", f"expected a list of paths, got {value!r}")
    out = []
    for item in value:
        if not isinstance(item, str | os.PathLike) or not os.fspath(item).strip():
            raise PolicyError("calendar_files", f"expected a list of paths, got {item!r}")
        out.append(os.fspath(item))
    return tuple(out)


def _calendar_data(value: Iterable[CalendarData]) -> tuple[CalendarData, ...]:
    out = tuple(value)
    for item in out:
        if not isinstance(item, CalendarData):
            raise PolicyError("calendar_data", f"expected CalendarData, got {type(item).__name__}")
    return out


def _category_terms(
    value: Mapping[Any, int] | Iterable[tuple[Any, int]],
) -> tuple[tuple[CaseCategory, int], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    out: dict[CaseCategory, int] = {}
    for key, months in pairs:
        try:
            category = CaseCategory(key)
        except ValueError:
            raise PolicyError(
                "category_term_months",
                f"{key!r} is not one of {', '.join(c.value for c in CaseCategory)}",
            ) from None
        if type(months) is not int or months < 0:
            raise PolicyError(
                "category_term_months", f"{key}: expected months >= 0, got {months!r}"
            )
        out[category] = months
    return tuple(sorted(out.items()))


def _statistics_due(value: Iterable[int]) -> tuple[int, int]:
    return _month_day("statistics_due", value)


def _rule_of_law_report_due(value: Iterable[int]) -> tuple[int, int]:
    return _month_day("rule_of_law_report_due", value)


def _month_day(key: str, value: Iterable[int]) -> tuple[int, int]:
    parts = tuple(value)
    if len(parts) != 2 or not all(type(p) is int for p in parts):
        raise PolicyError(key, f"expected [month, day], got {list(parts)!r}")
    try:
        date(2001, parts[0], parts[1])
    except ValueError:
        raise PolicyError(key, f"{list(parts)!r} is not a month and a day") from None
    return (parts[0], parts[1])


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < 0:
        raise PolicyError(attribute.name, f"must not be negative, got {value}")


MAX_POLICY_BYTES = 1 << 20
"""The largest policy file read (1 MiB); a policy is a few dozen lines."""


@frozen(kw_only=True)
class Policy:
    """Thresholds and periods of the compliance checks, with national or typical defaults.

    Money is :class:`~decimal.Decimal` (ints and strings are converted). Every
    period is in the unit its name says: ``*_working_days`` count working days
    of the agency's calendar, ``*_days`` calendar days, ``*_months`` months.
    """

    # Annual statistics (行政执法统计年报)
    tables_lookback_years: int = field(
        default=1,
        validator=_non_negative,
        metadata={
            "doc": "summary: filing years before the summarised one whose cases are read for "
            "acts dated in the year (a decision made in January of a case filed in December)"
        },
    )
    # Officers (行政执法人员)
    min_officers: int = field(
        default=2,
        validator=_non_negative,
        metadata={"doc": "OFF001: officers per enforcement act (《行政处罚法》第四十二条) [N]"},
    )
    one_officer_simplified: bool = field(
        default=False,
        metadata={
            "doc": "OFF001: one officer may act in simplified procedure "
            "(《公安机关办理行政案件程序规定》第三十九条) [L]"
        },
    )
    training_hours: Decimal = field(
        default=Decimal(40),
        converter=_money,
        validator=_non_negative,
        metadata={"doc": "OFF004: training hours (学时) required per year [L]"},
    )
    certificate_warning_days: int = field(
        default=30,
        validator=_non_negative,
        metadata={"doc": "OFF005: warn this many days before a certificate expires [L]"},
    )
    # Recording (执法全过程记录)
    av_required_acts: tuple[Act, ...] = field(
        default=(Act.SEIZURE, Act.SEALING, Act.FORCED_DEMOLITION),
        converter=_acts,
        metadata={
            "doc": "REC002: on-site acts that need an audio or video record (118号 三(八)) [N]"
        },
    )
    # Legal review (法制审核)
    major_fine_person: Decimal = field(
        default=Decimal(10_000),
        converter=_money,
        validator=_non_negative,
        metadata={"doc": "REV001: a fine at or above this makes a person's case major [L]"},
    )
    major_fine_organisation: Decimal = field(
        default=Decimal(100_000),
        converter=_money,
        validator=_non_negative,
        metadata={"doc": "REV001: a fine at or above this makes an organisation's case major [L]"},
    )
    major_penalty_kinds: tuple[PenaltyKind, ...] = field(
        default=(
            PenaltyKind.LICENCE_REVOCATION,
            PenaltyKind.SUSPENSION_OF_BUSINESS,
            PenaltyKind.CLOSURE,
        ),
        converter=_penalty_kinds,
        metadata={"doc": "REV001: penalty kinds that make a decision major [L]"},
    )
    major_if_hearing: bool = field(
        default=True,
        metadata={"doc": "REV001: a hearing held makes a decision major (118号 四(十二)) [N]"},
    )
    review_working_days: int = field(
        default=7,
        validator=_non_negative,
        metadata={"doc": "REV003: working days a legal review may take (辽宁, 宁夏: 7) [L]"},
    )
    # Hearing (听证)
    hearing_fine_person: Decimal = field(
        default=Decimal(10_000),
        converter=_money,
        validator=_non_negative,
        metadata={
            "doc": "HEA001: 较大数额 for a person: a fine or a confiscation at or above this "
            "gives the right to a hearing (市场监管听证办法 第五条; 海关: 1万) [L]"
        },
    )
    hearing_fine_organisation: Decimal = field(
        default=Decimal(100_000),
        converter=_money,
        validator=_non_negative,
        metadata={
            "doc": "HEA001: 较大数额 for an organisation (市场监管听证办法 第五条; 海关: 10万) [L]"
        },
    )
    hearing_penalty_kinds: tuple[PenaltyKind, ...] = field(
        default=(
            PenaltyKind.QUALIFICATION_DOWNGRADE,
            PenaltyKind.LICENCE_REVOCATION,
            PenaltyKind.SUSPENSION_OF_BUSINESS,
            PenaltyKind.CLOSURE,
            PenaltyKind.EMPLOYMENT_RESTRICTION,
        ),
        converter=_penalty_kinds,
        metadata={"doc": "HEA001: penalty kinds that give the right to a hearing (第六十三条) [N]"},
    )
    hearing_request_working_days: int = field(
        default=5,
        validator=_non_negative,
        metadata={"doc": "HEA001: working days to ask for a hearing (第六十四条、第八十五条) [N]"},
    )
    hearing_notice_working_days: int = field(
        default=7,
        validator=_non_negative,
        metadata={"doc": "HEA002: working days' notice of a hearing (第六十四条、第八十五条) [N]"},
    )
    # Payment (缴纳罚款)
    payment_days: int = field(
        default=15,
        validator=_non_negative,
        metadata={"doc": "PAY001: calendar days to pay a fine after service (第六十七条) [N]"},
    )
    surcharge_daily_rate: Decimal = field(
        default=Decimal("0.03"),
        converter=_money,
        validator=_non_negative,
        metadata={
            "doc": "PAY002: late-payment surcharge per day, capped at the fine (第七十二条) [N]"
        },
    )
    # Procedure (《行政处罚法》)
    decision_days: int = field(
        default=90,
        validator=_non_negative,
        metadata={"doc": "PRO001: calendar days from filing to decision (第六十条) [N]"},
    )
    service_working_days: int = field(
        default=7,
        validator=_non_negative,
        metadata={"doc": "PRO002: working days from decision to service (第六十一条) [N]"},
    )
    simplified_fine_person: Decimal = field(
        default=Decimal(200),
        converter=_money,
        validator=_non_negative,
        metadata={"doc": "PRO003: largest simplified-procedure fine for a person (第五十一条) [N]"},
    )
    simplified_fine_organisation: Decimal = field(
        default=Decimal(3000),
        converter=_money,
        validator=_non_negative,
        metadata={
            "doc": "PRO003: largest simplified-procedure fine for an organisation (第五十一条) [N]"
        },
    )
    simplified_penalty_kinds: tuple[PenaltyKind, ...] = field(
        default=(PenaltyKind.WARNING, PenaltyKind.FINE),
        converter=_penalty_kinds,
        metadata={"doc": "PRO003: penalty kinds simplified procedure may impose (第五十一条) [N]"},
    )
    procedure_categories: tuple[CaseCategory, ...] = field(
        default=(CaseCategory.PENALTY,),
        converter=_categories,
        metadata={"doc": "PRO001, PRO002, PRO004: case categories the APL periods apply to"},
    )
    # Publication (公示)
    publication_working_days: int = field(
        default=20,
        validator=_non_negative,
        metadata={"doc": "PUB001: working days to publish a decision (118号 二(六)) [N]"},
    )
    fast_publication_working_days: int = field(
        default=7,
        validator=_non_negative,
        metadata={"doc": "PUB001: working days to publish a penalty or licence (118号 二(六)) [N]"},
    )
    fast_publication_categories: tuple[CaseCategory, ...] = field(
        default=(CaseCategory.PENALTY, CaseCategory.LICENSING),
        converter=_categories,
        metadata={"doc": "PUB001: categories published within fast_publication_working_days"},
    )
    withdrawal_working_days: int = field(
        default=3,
        validator=_non_negative,
        metadata={"doc": "PUB002: working days to withdraw a revoked decision (第四十八条) [N]"},
    )
    unpublished_penalty_kinds: tuple[PenaltyKind, ...] = field(
        default=(PenaltyKind.WARNING,),
        converter=_penalty_kinds,
        metadata={
            "doc": "PUB003: a penalty decision imposing only these kinds is not published "
            "(SAMR-公示 第二条)"
        },
    )
    short_term_months: int = field(
        default=3,
        validator=_non_negative,
        metadata={"doc": "PUB004: term for 通报批评 or a low fine (SAMR-公示 第十三条)"},
    )
    long_term_months: int = field(
        default=36,
        validator=_non_negative,
        metadata={"doc": "PUB004: term for every other decision (SAMR-公示 第十三条)"},
    )
    low_fine_limit: Decimal | None = field(
        default=None,
        converter=_money_or_none,
        validator=_non_negative,
        metadata={
            "doc": "PUB004: fines up to this are 'low' (set by each province; none by default) [L]"
        },
    )
    category_term_months: tuple[tuple[CaseCategory, int], ...] = field(
        default=((CaseCategory.LICENSING, 0),),
        converter=_category_terms,
        metadata={
            "doc": "PUB004: publication term in months per category (a TOML table such as "
            "{licensing = 0, coercion = 12}); 0 = no fixed term; penalties not listed follow "
            "SAMR-公示 第十三条, other categories long_term_months"
        },
    )
    publish_ordinary_only: bool = field(
        default=False,
        metadata={
            "doc": "PUB001: only ordinary-procedure penalty decisions must be published "
            "(SAMR-公示 第二条) [L]"
        },
    )
    # Annual reports (年度报告)
    statistics_due: tuple[int, int] = field(
        default=(1, 31),
        converter=_statistics_due,
        metadata={
            "doc": "RPT001: (month, day) of the next year the statistics are due (118号 二(六))"
        },
    )
    rule_of_law_report_due: tuple[int, int] = field(
        default=(4, 1),
        converter=_rule_of_law_report_due,
        metadata={
            "doc": "RPT002: (month, day) of the next year the 法治政府建设 report is published by "
            "(督察规定 第二十四条)"
        },
    )
    # Calendar (工作日)
    makeup_days_are_working: bool = field(
        default=True,
        metadata={"doc": "count 调休上班 weekend days as working days [U]"},
    )
    roll_day_periods: bool = field(
        default=True,
        metadata={
            "doc": "a calendar-day period ending on a holiday rolls to the next working day "
            "(《民法典》第二百零三条, by analogy)"
        },
    )
    regional_calendars: bool = field(
        default=True,
        metadata={"doc": "use each agency's region for local calendar days"},
    )
    calendar_files: tuple[str, ...] = field(
        default=(),
        converter=_paths,
        metadata={
            "doc": "calendar files (TOML, docs/calendar.md) of years' official arrangements; "
            "relative to the policy file"
        },
    )
    calendar_data: tuple[CalendarData, ...] = field(
        default=(),
        converter=_calendar_data,
        metadata={"doc": "calendar data given in code (not in a policy file); before the files"},
    )
    provisional_calendar: bool = field(
        default=True,
        metadata={
            "doc": "compute a year with no official data from 《全国年节及纪念日放假办法》 "
            "(2024); off: its deadlines are undetermined (CAL001)"
        },
    )

    def calendar_sources(self) -> tuple[CalendarData, ...]:
        """``calendar_data``, then the data of ``calendar_files`` (each read once while unchanged).

        Raises :class:`~enforcement.errors.CalendarFileError` for a file that
        cannot be used.
        """
        from enforcement.calendar.files import load_calendar_files

        return self.calendar_data + load_calendar_files(self.calendar_files)

    def working_calendar(
        self, region: str | None = None, plugin_manager: pluggy.PluginManager | None = None
    ) -> WorkingCalendar:
        """The working-day calendar this policy describes, for ``region``."""
        return WorkingCalendar(
            extra=self.calendar_sources(),
            region=region,
            plugin_manager=plugin_manager,
            makeup_days_are_working=self.makeup_days_are_working,
            provisional=self.provisional_calendar,
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str | None = None) -> Policy:
        """Build a policy from a mapping of setting names to TOML-like values.

        Missing keys keep their defaults. Raises :class:`PolicyError` naming the
        first unknown key or badly typed value.
        """
        attrs.resolve_types(cls)
        fields = {f.name: f for f in attrs.fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            spec = fields.get(key)
            if key == "calendar_data":
                raise PolicyError(
                    key,
                    "is set in code; a file names calendar files in calendar_files",
                    source=source,
                )
            if spec is None:
                raise PolicyError(
                    key, f"unknown setting; known settings: {', '.join(fields)}", source=source
                )
            kwargs[key] = _coerce(key, value, spec.type, source)
        try:
            return cls(**kwargs)
        except PolicyError as exc:
            raise PolicyError(exc.key, exc.message, source=source) from None

    @classmethod
    def from_toml(cls, text: str, *, source: str | None = None) -> Policy:
        """Parse a policy from TOML text (top-level keys are :class:`Policy` attributes)."""
        try:
            data = parse_toml(text)
        except TomlProblem as exc:
            raise PolicyError(None, str(exc), source=source) from None
        return cls.from_mapping(data, source=source)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Policy:
        """Read a policy from a TOML file (at most :data:`MAX_POLICY_BYTES`)."""
        name = os.fspath(path)
        try:
            with open(path, "rb") as stream:
                raw = stream.read(MAX_POLICY_BYTES + 1)
            if len(raw) > MAX_POLICY_BYTES:
                raise PolicyError(
                    None, f"larger than {MAX_POLICY_BYTES:,} bytes: not a policy", source=name
                )
            text = raw.decode("utf-8")
        except OSError as exc:
            raise PolicyError(None, f"cannot read: {exc.strerror or exc}", source=name) from None
        except UnicodeDecodeError:
            raise PolicyError(None, "not UTF-8 text", source=name) from None
        policy = cls.from_toml(text, source=name)
        if policy.calendar_files:
            base = Path(path).parent
            files = tuple(str(base / f) for f in policy.calendar_files)
            policy = attrs.evolve(policy, calendar_files=files)
        return policy


def _coerce(key: str, value: Any, tp: Any, source: str | None) -> Any:
    def fail(expected: str) -> PolicyError:
        return PolicyError(key, f"expected {expected}, got {value!r}", source=source)

    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if value is None or (isinstance(value, str) and value.lower() == "none"):
            return None
        return _coerce(key, value, options[0], source)
    if tp is bool:
        if type(value) is not bool:
            raise fail("true or false")
        return value
    if tp is int:
        if type(value) is not int:
            raise fail("an integer")
        return value
    if tp is Decimal:
        if type(value) is bool or not isinstance(value, int | float | str):
            raise fail("an amount (a number or a decimal string)")
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise fail("an amount (a number or a decimal string)") from None
        if not amount.is_finite():
            raise fail("a finite amount")
        return amount
    if key == "category_term_months":
        if not isinstance(value, Mapping):
            raise fail("a table of category = months")
        return value
    if key in ("statistics_due", "rule_of_law_report_due"):
        if not isinstance(value, list):
            raise fail("[month, day]")
        return value
    if origin is tuple:
        (member,) = {a for a in get_args(tp) if a is not Ellipsis}
        if not isinstance(value, list | tuple):
            raise fail("a list")
        if isinstance(member, type) and issubclass(member, Enum):
            allowed = [m.value for m in member]
            out = []
            for item in value:
                try:
                    out.append(member(item))
                except ValueError:
                    raise PolicyError(
                        key,
                        f"{item!r} is not one of {', '.join(allowed)}",
                        source=source,
                    ) from None
            return tuple(out)
        return tuple(value)
    raise fail(str(tp))  # pragma: no cover - every Policy field type is handled above


__all__ = ["Policy"]
