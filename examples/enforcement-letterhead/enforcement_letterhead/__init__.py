"""An agency's own letterhead on every notice and the government-information disclosure
requests (政府信息公开申请) in the annual report. (Licence plates, which this plugin used to mask,
are masked by the core's ``licence_plate`` recognizer.)"""

from __future__ import annotations

import enforcement
from enforcement.models import Case
from enforcement.notices import NoticeDocument
from enforcement.reports import SummarySection
from enforcement.sources import RecordSource
from enforcement.summary import Summary
from enforcement_letterhead.disclosure import disclosure_section, find_disclosure_file

LETTERHEAD = "天津市滨海新区新城镇综合行政执法大队"
SUBTITLE = "新城镇人民政府综合行政执法公示专栏"


@enforcement.hookimpl
def enforcement_notice_document(document: NoticeDocument, case: Case | None) -> None:
    """Put the enforcement team's name on the letterhead, in the agency's darker red."""
    document.letterhead.lines = [LETTERHEAD]
    document.letterhead.subtitle = SUBTITLE
    document.letterhead.color = "#A40000"


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
