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
        metadata={
            "doc": "行政区划: the region, selects local calendar days (e.g. 120116 or 天津市滨海新区)"
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
