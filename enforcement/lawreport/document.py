"""Building the 法治政府建设情况报告 from a summary, the plugins' sections and the agency's words.

:func:`build_law_report` returns a :class:`LawReportDocument`: the five parts
in order as headings and paragraphs (the blocks of :mod:`enforcement.reports`),
the contradictions found in the agency's text, and the PDF metadata.
:func:`law_report_markdown` writes it as Markdown; :func:`render_law_report`
hands it to the renderer registered for kind ``"law_report"`` through
``enforcement_notice_renderer`` (the first-party ``enforcement_report`` plugin
renders PDF on the A4 page builder the notices and the statistics report share).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from datetime import date

import pluggy
from attrs import frozen

from enforcement.errors import ReportError
from enforcement.lawreport.contradictions import (
    Contradiction,
    find_contradictions,
    mark_contradictions,
)
from enforcement.lawreport.figures import record_figures
from enforcement.lawreport.generated import enforcement_paragraphs
from enforcement.lawreport.sections import (
    ENFORCEMENT_RECORDS,
    PARTS,
    Part,
    ReportInput,
    SubSection,
)
from enforcement.models import Case, CaseCategory
from enforcement.notices import DocumentInfo
from enforcement.redaction import redact_text
from enforcement.reports import Bullets, Heading, Narrative, Prose, SummarySection
from enforcement.summary import Summary

LAW_REPORT_KIND = "law_report"
"""The document kind a renderer answers for in ``enforcement_notice_renderer``."""

KEYWORDS_PREFIX = "enforcement-law-report"

_SUB_NUMBERS = "一二三四五六七八九十"

Block = Heading | Prose | Bullets


@frozen(kw_only=True)
class LawReportDocument:
    """The report as renderers receive it: every word final, already redacted and marked.

    ``blocks`` follow the title: headings (level 2 a part, 3 a sub-section),
    paragraphs and lists. ``signature`` holds the agency and the date, right
    aligned after them; ``contradictions`` the numbers of the agency's text that
    contradict the records, each marked in the text (:data:`MARKER`) and listed
    in ``appendix``, which follows the signature (empty when there are none).
    """

    title: str
    agency: str
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]
    appendix: tuple[Block, ...]
    contradictions: tuple[Contradiction, ...]
    unplaced_sections: tuple[str, ...]
    info: DocumentInfo
    page_label: str = "第 {page} 页 共 {pages} 页"
    font: str | None = None


def sub_number(index: int) -> str:
    """The sub-section number （一）（二）… of the ``index``-th sub-section (0-based)."""
    n = index + 1
    if n <= 10:
        word = _SUB_NUMBERS[n - 1]
    elif n < 20:
        word = "十" + _SUB_NUMBERS[n - 11]
    else:
        tens, ones = divmod(n, 10)
        word = _SUB_NUMBERS[tens - 1] + "十" + (_SUB_NUMBERS[ones - 1] if ones else "")
    return f"（{word}）"


def redact_agency_text(
    text: str, summary: Summary, plugin_manager: pluggy.PluginManager, *, where: str = "text"
) -> str:
    """The agency's free text as it may be published: the one place the report redacts.

    The same redaction as the annual statistics report (:func:`enforcement.reports.summary_redactor`:
    the detectors of personal data not on record, the agency's own name public) plus every
    plugin's ``enforcement_redaction_rules``. Fails closed: raises
    :class:`~enforcement.errors.PublicationRefusedError` naming the part (``where``) when
    something that may be a natural person's data survives.
    """
    carrier = Case(
        id=f"law-report-{summary.year}",
        agency_id=summary.agency_id or "all",
        category=CaseCategory.OTHER,
        domain="法治政府建设",
        title="法治政府建设情况报告",
        opened_on=date(summary.year, 12, 31),
    )
    rules = [
        rule
        for result in plugin_manager.hook.enforcement_redaction_rules(case=carrier)
        for rule in (result or ())
    ]
    public = [n for n in (summary.agency_name, summary.agency_id) if n]
    return redact_text(None, text, rules=rules, public=public, field=where)


def _blocks_of(text: str) -> list[Block]:
    """The agency's text (plain or Markdown) as blocks; its own headings sit below sub-sections."""
    narrative = Narrative.parse(text)
    out: list[Block] = []
    if narrative.title:
        out.append(Heading(narrative.title, 4))
    for block in narrative.blocks:
        out.append(Heading(block.text, 4) if isinstance(block, Heading) else block)
    return out


class _Writer:
    """Redacts, checks and marks the agency's text part by part."""

    def __init__(
        self, summary: Summary, sections: Sequence[SummarySection], pm: pluggy.PluginManager
    ) -> None:
        self.summary = summary
        self.pm = pm
        self.figures = record_figures(summary, sections)
        self.contradictions: list[Contradiction] = []

    def own(self, text: str, where: str) -> list[Block]:
        if not text:
            return []
        text = redact_agency_text(text, self.summary, self.pm, where=where)
        found = find_contradictions(text, self.figures, where=where, year=self.summary.year)
        self.contradictions.extend(found)
        return _blocks_of(mark_contradictions(text, found))


def _heading(part: Part) -> str:
    spec = part.spec
    return f"{spec.number}、{part.heading or spec.heading}"


def build_law_report(
    summary: Summary,
    report: ReportInput,
    *,
    sections: Sequence[SummarySection] = (),
    font: str | os.PathLike[str] | None = None,
    plugin_manager: pluggy.PluginManager | None = None,
) -> LawReportDocument:
    """The report of ``summary``'s year in the five required parts.

    The 行政执法 sub-section (the one whose ``records`` holds ``"enforcement"``,
    else one appended to part 1) is written from ``summary``; a sub-section may
    also place a plugin's report section (``records = ["disclosure_requests"]``).
    Every other word is the agency's, redacted and checked against the records.

    Raises :class:`~enforcement.errors.ReportError` when a sub-section places a
    report section no plugin gave.
    """
    from enforcement.plugins import default_plugin_manager

    pm = plugin_manager or default_plugin_manager()
    by_key = {s.key: s for s in sections}
    writer = _Writer(summary, sections, pm)
    agency = report.agency or summary.agency_name or summary.agency_id or "全部执法主体"
    title = report.title or f"{agency}{summary.year}年法治政府建设情况报告"
    blocks: list[Block] = []
    blocks.extend(writer.own(report.preamble, "preamble"))
    placed: set[str] = set()
    for part in report.parts:
        blocks.append(Heading(_heading(part), 2))
        blocks.extend(writer.own(part.text, f"{part.key}.text"))
        subs = list(part.sections)
        if part.key != "measures":
            continue
        if not any(ENFORCEMENT_RECORDS in s.records for s in subs):
            subs.append(_default_enforcement())
        for i, sub in enumerate(subs):
            at = f"measures.sections[{i}]"
            blocks.append(Heading(f"{sub_number(i)}{sub.title}", 3))
            blocks.extend(writer.own(sub.text, f"{at}.text"))
            for name in sub.records:
                placed.add(name)
                if name == ENFORCEMENT_RECORDS:
                    blocks.extend(Prose(p) for p in enforcement_paragraphs(summary))
                    continue
                section = by_key.get(name)
                if section is None:
                    available = ", ".join(sorted(by_key)) or "none"
                    raise ReportError(
                        f"{at}.records",
                        f"no report section {name!r} (installed plugins give: {available})",
                    )
                blocks.extend(Prose(p) for p in section.paragraphs)
            blocks.extend(writer.own(sub.after, f"{at}.after"))
    blocks.extend(writer.own(report.closing, "closing"))
    signature = (agency,) + ((_date(report.date),) if report.date else ())
    found = tuple(writer.contradictions)
    appendix: tuple[Block, ...] = ()
    if found:
        appendix = (
            Heading("附：与执法记录不符的数字", 2),
            Bullets(
                tuple(
                    f"{place_of(c.where)}：“{c.typed}”，{c.figure.label}记录为{c.stated}"
                    for c in found
                )
            ),
        )
    scope = summary.agency_id or "all"
    return LawReportDocument(
        title=title,
        agency=agency,
        blocks=tuple(blocks),
        signature=signature,
        appendix=appendix,
        contradictions=found,
        unplaced_sections=tuple(k for k in by_key if k not in placed),
        info=DocumentInfo(
            title=title,
            author=agency,
            subject=title,
            created=report.date or summary.as_of,
            keywords=f"{KEYWORDS_PREFIX} year={summary.year} agency={scope}",
        ),
        font=os.fspath(font) if font is not None else None,
    )


def place_of(where: str) -> str:
    """Where a key of SECTIONS.toml appears in the report: ``measures.sections[3].text`` →
    ``第一部分（四）``; ``plans.text`` → ``第四部分``; the preamble and closing by name."""
    if where.startswith("preamble"):
        return "开头语"
    if where.startswith("closing"):
        return "结束语"
    key = where.split(".", 1)[0]
    spec = next((p for p in PARTS if p.key == key), None)
    if spec is None:
        return where
    found = re.match(r"measures\.sections\[(\d+)\]", where)
    return f"第{spec.number}部分" + (sub_number(int(found.group(1))) if found else "")


def _default_enforcement() -> SubSection:
    return SubSection(title="严格规范公正文明执法", records=(ENFORCEMENT_RECORDS,))


def _date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def law_report_markdown(document: LawReportDocument) -> str:
    """The report as Markdown, with the same words as the PDF."""
    lines = [f"# {document.title}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * block.level} {block.text}", ""]
        elif isinstance(block, Prose):
            lines += [block.text, ""]
        else:
            lines += [f"- {item}" for item in block.items]
            lines.append("")
    # Two trailing spaces: a line break, so the agency and the date stay on their own lines.
    lines += [line + "  " for line in document.signature]
    for block in document.appendix:
        lines.append("")
        if isinstance(block, Heading):
            lines.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items]
    return "\n".join(lines).rstrip() + "\n"


LawReportRenderer = Callable[[LawReportDocument], bytes]
"""A callable taking a :class:`LawReportDocument` and returning the bytes of one format."""


def render_law_report(
    document: LawReportDocument,
    *,
    format: str = "pdf",
    plugin_manager: pluggy.PluginManager | None = None,
) -> bytes:
    """The bytes of ``document`` in ``format``, from the renderer a plugin registers.

    Raises :class:`~enforcement.errors.ReportError` when no renderer answers.
    """
    from enforcement.plugins import default_plugin_manager

    pm = plugin_manager or default_plugin_manager()
    renderer = pm.hook.enforcement_notice_renderer(kind=LAW_REPORT_KIND, format=format)
    if renderer is None:
        raise ReportError(
            "format",
            f"no renderer for the law report as {format!r}; the PDF renderer is the "
            "enforcement_report plugin (check `enforcement plugins`)",
        )
    data: bytes = renderer(document)
    return data


__all__ = [
    "LAW_REPORT_KIND",
    "LawReportDocument",
    "LawReportRenderer",
    "build_law_report",
    "law_report_markdown",
    "place_of",
    "redact_agency_text",
    "render_law_report",
    "sub_number",
]
