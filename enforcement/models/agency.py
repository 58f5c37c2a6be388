"""Agencies (执法主体) and their list of powers (权责清单)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import attrs
from attrs import field, frozen
from attrs.validators import optional

from enforcement.errors import FieldError
from enforcement.models._validators import non_empty
from enforcement.models.enums import CaseCategory, ReportKind

WEB_ADDRESS_PATTERN = r"^https?://[^\s/?#]+[^\s]*$"
"""An agency's portal: ``http://`` or ``https://``, a host, then no spaces."""


REGION_PATTERN = "^[ \u00a0\u3000]*(?:[0-9０-９][ \u00a0\u3000]*){6}$"
"""A region code as written: six digits, full-width digits and spaces allowed (read as ASCII)."""

_SPACES = str.maketrans(dict.fromkeys(" \u00a0\u3000"))
"""The spaces a code may carry: ASCII, no-break and ideographic (full-width) space (a tab or
line break is refused before, as in every field that is not free text)."""

PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)
"""The province-level prefixes of GB/T 2260 (11 北京 to 65 新疆, 71 台湾, 81 香港, 82 澳门)."""

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def region_code(value: str, field_name: str = "region") -> str:
    """A 行政区划代码 (GB/T 2260) as stored: six ASCII digits with a province prefix.

    Full-width digits are read as ASCII and spaces (also full-width ones) dropped,
    as elsewhere in the library; anything else raises :class:`FieldError` naming
    ``field_name``.
    """
    if not isinstance(value, str):
        raise FieldError(field_name, f"expected a six-digit region code, got {value!r}")
    code = value.translate(_FULL_WIDTH_DIGITS).translate(_SPACES)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        raise FieldError(
            field_name,
            f"expected a six-digit 行政区划代码 (GB/T 2260) such as 331126, got {value!r}",
        )
    if int(code[:2]) not in PROVINCES:
        raise FieldError(
            field_name,
            f"{code} does not start with a province code of GB/T 2260 (11 to 82), got {code[:2]}",
        )
    return code


def _region(value: str | None) -> str | None:
    return None if value is None else region_code(value)


def region_prefix(code: str) -> str:
    """What every code within region ``code`` starts with: a province (330000) covers 33xxxx,
    a city (331100) 3311xx, a county (331126) itself."""
    code = region_code(code)
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def in_region(code: str | None, region: str) -> bool:
    """Whether an agency's region ``code`` lies within ``region`` (see :func:`region_prefix`)."""
    return code is not None and code.startswith(region_prefix(region))


def _web_address(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not re.match(WEB_ADDRESS_PATTERN, value):
        raise FieldError(
            attribute.name, f"expected an http:// or https:// address without spaces, got {value!r}"
        )


@frozen(kw_only=True)
class Power:
    """One item of an agency's list of powers and duties (权责清单事项)."""

    code: str = field(
        validator=non_empty, metadata={"doc": "事项编码: the item's code, unique within the agency"}
    )
    name: str = field(validator=non_empty, metadata={"doc": "事项名称: the item's name"})
    category: CaseCategory = field(metadata={"doc": "事项类别: the kind of act it authorises"})
    domain: str = field(
        validator=non_empty,
        metadata={"doc": "执法领域: the enforcement domain, matched against certificates"},
    )
    legal_basis: tuple[str, ...] = field(
        default=(), metadata={"doc": "设定依据: the provisions that grant the power"}
    )


@frozen(kw_only=True)
class AnnualReport:
    """An annual report the agency published (年度报告公开)."""

    kind: ReportKind = field(
        metadata={
            "doc": "报告类别: statistics (行政执法统计年报), rule_of_law (法治政府建设年度报告)"
        }
    )
    year: int = field(metadata={"doc": "报告年度: the year reported on"})
    published_on: date = field(metadata={"doc": "公开日期"})


@frozen(kw_only=True)
class Agency:
    """An enforcement agency (行政执法主体)."""

    id: str = field(
        validator=non_empty, metadata={"doc": "机关标识: the agency's id, unique in the dataset"}
    )
    name: str = field(validator=non_empty, metadata={"doc": "机关名称: the agency's full name"})
    credit_code: str | None = field(default=None, metadata={"doc": "统一社会信用代码 (GB 32100)"})
    reconsideration_body: str | None = field(
        default=None,
        validator=optional(non_empty),
        metadata={
            "doc": "行政复议机关: where a party applies for reconsideration of the agency's "
            "decisions (e.g. 天津市滨海新区人民政府), named in the notices' remedies"
        },
    )
    court: str | None = field(
        default=None,
        validator=optional(non_empty),
        metadata={
            "doc": "管辖法院: the people's court that hears lawsuits against the agency's "
            "decisions (e.g. 天津市滨海新区人民法院), named in the notices' remedies"
        },
    )
    website: str | None = field(
        default=None,
        validator=optional(_web_address),
        metadata={
            "doc": "门户网站: the agency's portal (an http or https address), where notices say "
            "the public can look them up",
            "schema": {"format": "uri", "pattern": WEB_ADDRESS_PATTERN},
        },
    )
    region: str | None = field(
        default=None,
        converter=_region,
        metadata={
            "doc": "行政区划: the agency's six-digit GB/T 2260 code (行政区划代码, e.g. 120116; "
            "full-width digits and spaces are read as ASCII). Selects local calendar days and "
            "the agencies of a regional roll-up (`summary --region`)",
            "schema": {"pattern": REGION_PATTERN},
        },
    )
    parent: str | None = field(
        default=None,
        validator=optional(non_empty),
        metadata={
            "doc": "上级机关: the id of the agency this one answers to (e.g. a county bureau's "
            "city bureau); it must be in the data set, and parents never form a cycle"
        },
    )
    powers: tuple[Power, ...] = field(
        default=(), metadata={"doc": "权责清单: the agency's list of powers"}
    )
    reports: tuple[AnnualReport, ...] | None = field(
        default=None,
        metadata={
            "doc": "年度报告: the annual reports published; when given (even empty), a missing "
            "report is a finding (RPT001, RPT002)"
        },
    )

    def power(self, code: str) -> Power | None:
        """The item of the list of powers with this code, if any."""
        for item in self.powers:
            if item.code == code:
                return item
        return None
