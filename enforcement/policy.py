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
import tomllib
import types
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import attrs
from attrs import field, frozen

from enforcement.errors import PolicyError
from enforcement.models.enums import Act, CaseCategory, PenaltyKind


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


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < 0:
        raise PolicyError(attribute.name, f"must not be negative, got {value}")


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
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(None, f"not valid TOML: {exc}", source=source) from None
        return cls.from_mapping(data, source=source)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Policy:
        """Read a policy from a TOML file."""
        name = os.fspath(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise PolicyError(None, f"cannot read: {exc.strerror or exc}", source=name) from None
        except UnicodeDecodeError:
            raise PolicyError(None, "not UTF-8 text", source=name) from None
        return cls.from_toml(text, source=name)


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
