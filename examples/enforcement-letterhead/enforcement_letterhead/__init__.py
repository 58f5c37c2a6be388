"""An agency's own letterhead on every notice, licence plates masked in free text, and the
government-information disclosure requests (政府信息公开申请) in the annual report."""

from __future__ import annotations

import re
from collections.abc import Iterable

import enforcement
from enforcement.models import Case
from enforcement.notices import NoticeDocument
from enforcement.redaction import RedactionRule
from enforcement.reports import SummarySection
from enforcement.sources import RecordSource
from enforcement.summary import Summary
from enforcement_letterhead.disclosure import disclosure_section, find_disclosure_file

LETTERHEAD = "天津市滨海新区新城镇综合行政执法大队"
SUBTITLE = "新城镇人民政府综合行政执法公示专栏"

# 津A12345, 京B·D1234 (new-energy plates have six characters after the letter).
PLATE = re.compile(
    r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-HJ-NP-Z])·?[A-HJ-NP-Z0-9]{5,6}"
)


def _mask_plate(match: re.Match[str]) -> str:
    return f"{match.group(1)}{match.group(2)}" + "*" * (len(match.group(0)) - 2)


@enforcement.hookimpl
def enforcement_notice_document(document: NoticeDocument, case: Case | None) -> None:
    """Put the enforcement team's name on the letterhead, in the agency's darker red."""
    document.letterhead.lines = [LETTERHEAD]
    document.letterhead.subtitle = SUBTITLE
    document.letterhead.color = "#A40000"


@enforcement.hookimpl
def enforcement_redaction_rules(case: Case) -> Iterable[RedactionRule]:
    """Mask licence plates: they identify a natural person's vehicle (浙江 第七条 spirit)."""
    return [RedactionRule("licence_plate", PLATE, _mask_plate)]


@enforcement.hookimpl
def enforcement_summary_sections(
    summary: Summary, source: RecordSource | None, lang: str
) -> list[SummarySection] | None:
    """The year's disclosure requests, from the file named by ``$ENFORCEMENT_DISCLOSURE``
    (else ``disclosure.toml`` in the current directory); nothing when there is none."""
    path = find_disclosure_file()
    if path is None:
        return None
    section = disclosure_section(path, summary.year, lang)
    return None if section is None else [section]
