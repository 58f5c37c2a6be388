"""The annual report (行政执法统计年报 / 法治政府建设情况报告) of a :class:`~enforcement.summary.Summary`.

:func:`render_summary` builds a :class:`SummaryDocument` — every label already in
the report's language, every figure already formatted — from a summary, the
sections plugins contribute (``enforcement_summary_sections``) and an optional
narrative in Markdown (:class:`Narrative`: achievements 主要工作和成效,
shortcomings 存在的主要不足及原因, next year's plan 下一年度主要工作安排). It then
hands the document to the renderer registered for kind ``"summary"`` through
``enforcement_notice_renderer``, the hook notices use; the first-party
``enforcement_report`` plugin renders PDF.

:func:`summary_data` is the data-publication file: :meth:`Summary.to_data` plus
the plugins' sections.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import pluggy
from attrs import define, field, frozen

from enforcement._files import atomic_write, read_limited
from enforcement.errors import PluginError, ReportError
from enforcement.models import CaseCategory, PenaltyKind, ReviewOutcome
from enforcement.notices import (
    CATEGORY_EN,
    CATEGORY_ZH,
    PENALTY_EN,
    PENALTY_ZH,
    DocumentInfo,
    Lang,
    OutTarget,
)
from enforcement.redaction import AllowList, Redactor, redact_data, redact_object, redactor_for
from enforcement.redaction.manifest import NO_ALLOW_LIST
from enforcement.sources import RecordSource
from enforcement.summary import RegionSummary, Summary
from enforcement.tables import AnnualTables, table_layouts

log = logging.getLogger(__name__)

SUMMARY_KIND = "summary"
"""The document kind a report renderer answers for in ``enforcement_notice_renderer``."""

KEYWORDS_PREFIX = "enforcement-summary"


# --- what plugins contribute -----------------------------------------------------------------


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _rows(rows: Iterable[Iterable[Any]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(v) for v in row) for row in rows)


_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")


def _key(_instance: object, _attribute: object, value: str) -> None:
    if not _KEY.match(value):
        raise ReportError("key", f"expected lower-case letters, digits and _, got {value!r}")


@frozen(kw_only=True)
class SectionTable:
    """A plain table of a contributed section: column headings and rows of text."""

    columns: tuple[str, ...] = field(converter=_strings)
    rows: tuple[tuple[str, ...], ...] = field(converter=_rows)


@frozen(kw_only=True)
class SummarySection:
    """A section a plugin adds to the report and to the data file.

    ``key`` names it in the data file (``disclosure_requests``); ``title``,
    ``paragraphs`` and ``table`` are shown in the report, in the report's
    language; ``data`` (JSON-compatible) is published under ``sections`` in
    the data file.
    """

    key: str = field(validator=_key)
    title: str
    paragraphs: tuple[str, ...] = field(default=(), converter=_strings)
    table: SectionTable | None = None
    data: Mapping[str, Any] = field(factory=dict)

    def to_data(self) -> dict[str, Any]:
        """The section as JSON-compatible data."""
        return {
            "key": self.key,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "table": None
            if self.table is None
            else {
                "columns": list(self.table.columns),
                "rows": [list(r) for r in self.table.rows],
            },
            "data": dict(self.data),
        }


def collect_sections(
    summary: Summary,
    *,
    source: RecordSource | None = None,
    lang: Lang = "zh",
    plugin_manager: pluggy.PluginManager | None = None,
) -> tuple[SummarySection, ...]:
    """The sections every plugin contributes for ``summary``, in hook order.

    Raises :class:`~enforcement.errors.PluginError` when a plugin returns
    something other than :class:`SummarySection` objects, or a key another
    section already has.
    """
    pm = plugin_manager or _default_pm()
    out: list[SummarySection] = []
    seen: set[str] = set()
    for result in pm.hook.enforcement_summary_sections(summary=summary, source=source, lang=lang):
        for section in result or ():
            if not isinstance(section, SummarySection):
                raise PluginError(
                    "a plugin's enforcement_summary_sections returned "
                    f"{type(section).__name__}, expected SummarySection"
                )
            if section.key in seen:
                raise PluginError(f"two plugins contribute a summary section {section.key!r}")
            seen.add(section.key)
            out.append(section)
    return tuple(out)


def summary_redactor(summary: Summary, *, allow: AllowList | None = None) -> Redactor:
    """The redactor of the annual report and its data file: no case's data is in them, so it
    runs the detectors of what is not on record; the agency's name is public."""
    public = [n for n in (summary.agency_name, summary.agency_id) if n]
    return redactor_for(None, public=public, allow=allow or NO_ALLOW_LIST)


def summary_data(
    summary: Summary, sections: Sequence[SummarySection] = (), *, redactor: Redactor | None = None
) -> dict[str, Any]:
    """The data-publication file: ``summary.to_data()`` plus ``sections``, redacted.

    Every string (the plugins' sections included) goes through the library's
    redaction (``redactor``, by default :func:`summary_redactor`); raises
    :class:`~enforcement.errors.PublicationRefusedError` listing each span
    that may be a natural person's data.
    """
    data = summary.to_data()
    data["sections"] = [s.to_data() for s in sections]
    result: dict[str, Any] = redact_data(data, redactor or summary_redactor(summary), "$")
    return result


def region_redactor(region: RegionSummary, *, allow: AllowList | None = None) -> Redactor:
    """The redactor of a regional roll-up: as :func:`summary_redactor`, every agency's name
    and id public, and the log heads' root hashes (digests the library computed, whose runs
    of digits are no one's data) kept whole."""
    public = [n for s in region.agencies for n in (s.agency_name, s.agency_id) if n]
    public += [form for h in region.logs for form in (h.root, _grouped(h.root))]
    return redactor_for(None, public=public, allow=allow or NO_ALLOW_LIST)


def _grouped(digest: str) -> str:
    """A hex digest in groups of 16, so that a table cell can wrap it."""
    return " ".join(digest[i : i + 16] for i in range(0, len(digest), 16))


def region_data(region: RegionSummary, *, redactor: Redactor | None = None) -> dict[str, Any]:
    """A regional roll-up's data file (:meth:`RegionSummary.to_data`), redacted.

    The ``logs`` (agency ids, tree sizes, root hashes and the agencies' signed
    checkpoints, all made by the library) are published as they are: a digest
    or a signature is no one's data, and a masked one could not be checked.
    """
    data = region.to_data()
    logs = data.pop("logs")
    redacted: dict[str, Any] = redact_data(data, redactor or region_redactor(region), "$")
    return {**{k: redacted[k] for k in ("format", "region", "year")}, "logs": logs, **redacted}


def region_sections(region: RegionSummary, lang: Lang = "zh") -> tuple[SummarySection, ...]:
    """The report sections of a regional roll-up: each agency's key figures and the log heads.

    Rendered with the region's total (``render_summary(region.total, sections=...)``), the
    report shows the added-up figures, then every agency's own row, then the log
    heads (tree size and root hash of each agency's log) the figures were read from.
    """
    zh = lang == "zh"
    columns = (
        ("机关", "案件", "决定", "罚款（元）", "没收（元）", "应公示", "按期公示", "发现问题")
        if zh
        else (
            "Agency",
            "Cases",
            "Decisions",
            "Fines",
            "Confiscations",
            "Due",
            "On time",
            "Findings",
        )
    )

    def row(name: str, s: Summary) -> tuple[str, ...]:
        c, p = s.cases, s.publication
        return (
            name,
            str(c.total),
            str(c.decisions),
            _money(c.fines_total),
            _money(c.confiscations_total),
            str(p.due),
            str(p.on_time),
            str(sum(s.findings_by_code.values())),
        )

    rows = [row(s.agency_name or s.agency_id or "", s) for s in region.agencies]
    rows.append(row("合计" if zh else "Total", region.total))
    agencies = SummarySection(
        key="region_agencies",
        title=f"各机关数据（行政区划 {region.region}）"
        if zh
        else f"Agencies of region {region.region}",
        paragraphs=(
            (
                f"本报告合计行政区划代码 {region.region} 内 {len(region.agencies)} 个"
                "行政执法机关的数据；各机关的数据分列如下，合计等于各机关之和。"
            )
            if zh
            else (
                f"The figures add up the {len(region.agencies)} agencies of region "
                f"{region.region}; each agency's own figures follow, and the total is their sum."
            ),
        ),
        table=SectionTable(columns=columns, rows=rows),
        data={"agencies": [s.agency_id for s in region.agencies]},
    )

    logs = SummarySection(
        key="region_logs",
        title="数据所据日志" if zh else "The logs read",
        paragraphs=(
            (
                "各机关的记录日志（RFC 9162 默克尔树）在统计时的大小与根散列值（SHA-256）；"
                "可与该机关公布的签名检查点核对。"
            )
            if zh
            else (
                "Each agency's log (an RFC 9162 Merkle tree) as it was read: its size and root "
                "hash, to compare with the agency's published signed checkpoints."
            ),
        ),
        table=SectionTable(
            columns=("机关", "树大小", "根散列值", "签名检查点")
            if zh
            else ("Agency", "Tree size", "Root hash", "Signed checkpoint"),
            rows=[
                (
                    h.agency_id,
                    str(h.size),
                    _grouped(h.root),
                    ("一致" if zh else "matches") if h.checkpoint is not None else "—",
                )
                for h in region.logs
            ],
        ),
        data={
            "logs": [
                {
                    "agency_id": h.agency_id,
                    "tree_size": h.size,
                    "root_hash": h.root,
                    "checkpointed": h.checkpoint is not None,
                }
                for h in region.logs
            ]
        },
    )
    return (agencies, logs)


# --- the narrative -----------------------------------------------------------------------------


@frozen
class Heading:
    """A heading; ``level`` 1 is the report's title, 2 a part (一、...), 3 a sub-part."""

    text: str
    level: int = 2


@frozen
class Prose:
    """A paragraph of text."""

    text: str


@frozen
class Bullets:
    """A list of items."""

    items: tuple[str, ...]


NarrativeBlock = Heading | Prose | Bullets

_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*\Z")
_ITEM = re.compile(r"(?:[-*+]|\d{1,3}[.)])\s+(.*)\Z")


def _is_cjk(c: str) -> bool:
    return "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef"


def _join(lines: list[str]) -> str:
    """Join wrapped lines: no space between CJK characters, one between words."""
    text = ""
    for line in lines:
        if text and not (_is_cjk(text[-1]) or _is_cjk(line[0])):
            text += " "
        text += line
    return text


@frozen
class Narrative:
    """The report's own words, read from Markdown.

    Understood: ``#`` headings (a first ``#`` heading is the report's title),
    paragraphs separated by blank lines, and ``-``/``*``/``1.`` lists. Nothing
    else is markup: ``**``, links and HTML stay as typed, and all text is shown
    literally.
    """

    blocks: tuple[NarrativeBlock, ...]
    title: str | None = None

    @classmethod
    def parse(cls, text: str) -> Narrative:
        """Parse Markdown text."""
        blocks: list[NarrativeBlock] = []
        title: str | None = None
        para: list[str] = []
        items: list[list[str]] = []

        def flush() -> None:
            if para:
                blocks.append(Prose(_join(para)))
                para.clear()
            if items:
                blocks.append(Bullets(tuple(_join(i) for i in items)))
                items.clear()

        for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line = raw.strip()
            if not line:
                flush()
                continue
            heading = _HEADING.match(line)
            if heading and not raw.startswith((" ", "\t")):
                flush()
                level, words = len(heading.group(1)), heading.group(2)
                if level == 1 and title is None and not blocks:
                    title = words
                else:
                    blocks.append(Heading(words, max(2, level)))
                continue
            item = _ITEM.match(line)
            if item:
                if para:
                    flush()
                items.append([item.group(1)])
            elif items and raw.startswith((" ", "\t")):
                items[-1].append(line)
            else:
                if items:
                    flush()
                para.append(line)
        flush()
        return cls(tuple(blocks), title)

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Narrative:
        """Read and parse a Markdown file (UTF-8).

        Raises :class:`~enforcement.errors.ReportError` (field ``narrative``)
        when it cannot be read.
        """
        try:
            text = read_limited(path, MAX_NARRATIVE_BYTES).decode("utf-8-sig")
        except (OSError, ValueError) as exc:  # unreadable, too large, or not UTF-8
            raise ReportError("narrative", f"cannot read {os.fspath(path)}: {exc}") from None
        return cls.parse(text)


MAX_NARRATIVE_BYTES = 1 << 20
"""The largest narrative read (1 MiB of Markdown)."""


# --- the document renderers receive -----------------------------------------------------------


@frozen
class Figure:
    """A key figure: a label and its formatted value."""

    label: str
    value: str


@frozen
class KeyFigures:
    """A panel of key figures."""

    heading: str
    figures: tuple[Figure, ...]


@frozen
class Chart:
    """A chart: ``bar`` (vertical), ``hbar`` (horizontal) or ``pie``; one value per label."""

    heading: str
    kind: Literal["bar", "hbar", "pie"]
    labels: tuple[str, ...]
    values: tuple[int, ...]
    empty: str = "—"


@frozen
class ReportTable:
    """A table; ``widths`` are fractions of the text width; ``numeric_columns`` align right."""

    heading: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    numeric_columns: tuple[int, ...] = ()


_WIDEST_SHARE = 24
"""The most display units (a Chinese character counts two) a column's widest cell claims:
longer text wraps inside its column instead of squeezing the others."""

_CELL_PADDING = 4
"""Display units added to every column for its padding and grid lines."""


def content_widths(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[float, ...]:
    """Fractions of the text width for a table's columns, in proportion to their widest cell.

    A plugin's section table says nothing of its widths; equal columns broke amounts such
    as ``3,755,651.00`` in the middle while a one-digit count had room to spare. Each
    column gets its widest cell's display width (a Chinese character counts two units, any
    other character one; capped at :data:`_WIDEST_SHARE`) plus :data:`_CELL_PADDING`: a
    proportion only, which the renderer, knowing its fonts, widens where a cell cannot break.
    """

    def display(text: str) -> float:
        return sum(2.0 if ord(ch) >= 0x2E80 else 1.0 for ch in text)

    needs = [
        min(_WIDEST_SHARE, max(display(c) for c in (head, *(r[i] for r in rows if i < len(r)))))
        + _CELL_PADDING
        for i, head in enumerate(columns)
    ]
    total = sum(needs) or 1.0
    return tuple(n / total for n in needs)


@frozen
class OfficialTable:
    """One table of the official annual data template (行政执法数据年度公示), as published:
    an optional group row (label, columns spanned), the headers, one row of figures, the 说明."""

    title: str
    groups: tuple[tuple[str, int], ...]
    headers: tuple[str, ...]
    values: tuple[str, ...]
    notes: tuple[str, ...]


@frozen
class PageBreak:
    """Start a new page."""


ReportBlock = (
    Heading | Prose | Bullets | KeyFigures | Chart | ReportTable | OfficialTable | PageBreak
)


@define(kw_only=True)
class SummaryDocument:
    """Everything a report renderer needs, labelled in the report's language.

    The cover shows ``agency``, ``title``, ``subtitle`` and ``cover_lines``;
    ``blocks`` follow in order. ``labels`` holds the page label
    (``page``: ``第 {page} 页 共 {pages} 页``).
    """

    lang: Lang
    agency: str
    title: str
    subtitle: str
    cover_lines: tuple[str, ...]
    blocks: list[ReportBlock]
    info: DocumentInfo
    labels: Mapping[str, str]
    summary: Summary
    sections: tuple[SummarySection, ...] = ()
    font: str | None = None


SummaryRenderer = Callable[[SummaryDocument], bytes]
"""A callable taking a :class:`SummaryDocument` and returning the bytes of one format."""


# --- labels ------------------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "{year}年度行政执法统计年报",
        "subtitle": "行政执法公示、执法全过程记录、重大执法决定法制审核",
        "all_agencies": "全部执法主体",
        "period": "统计范围：{year}年1月1日至12月31日立案的案件及作出的决定",
        "as_of": "评判日期：{date}",
        "produced": "数据来源：本机关行政执法全过程记录",
        "page": "第 {page} 页 共 {pages} 页",
        "key_figures": "主要数据",
        "cases_total": "立案总数",
        "decisions": "作出决定",
        "fines": "罚没金额（元）",
        "officers_active": "年末持证执法人员",
        "fully_recorded": "全过程记录完整率",
        "av_share": "现场执法音像记录率",
        "on_time_share": "按期公示率",
        "reviewed": "重大决定经法制审核",
        "findings_total": "合规问题",
        "charts": "图表",
        "by_month": "各月立案数",
        "by_category": "各类别立案数",
        "by_penalty": "处罚决定（按最重处罚种类）",
        "timeliness": "决定公示及时性",
        "on_time": "按期公示",
        "late": "逾期公示",
        "missing": "逾期未公示",
        "pending": "期限内未公示",
        "tables": "统计表",
        "official": "{year}年度行政执法数据",
        "official_intro": "按行政执法年度数据公开样式填报。各项按其行为发生的日期统计："
        "行政处罚按作出决定的日期，不按立案日期。",
        "notes": "说明：",
        "t_cases": "一、案件与决定",
        "t_category": "二、按行为类别",
        "t_officers": "三、执法人员",
        "t_recording": "四、执法全过程记录",
        "t_review": "五、重大执法决定法制审核",
        "t_publication": "六、行政执法公示",
        "col_item": "项目",
        "col_value": "数值",
        "col_category": "类别",
        "col_cases": "立案数",
        "total": "合计",
        "fines_total": "罚款金额（元）",
        "confiscations_total": "没收金额（元）",
        "hearings": "举行听证",
        "revoked": "决定被撤销（仍计入上述数据）",
        "officers_total": "执法人员总数",
        "active_at_year_end": "年末持有效执法证",
        "expiring": "证件于年末后90日内到期",
        "training_hours_total": "培训学时合计",
        "training_requirement": "年度学时要求",
        "meeting_training": "学时达标人数",
        "training_share": "学时达标率",
        "rec_cases": "案件数",
        "cases_fully_recorded": "各必经环节均有记录的案件",
        "onsite_acts": "现场执法行为",
        "onsite_acts_with_av": "有音像记录的现场执法行为",
        "major_decisions": "重大执法决定",
        "reviewed_before": "决定前经法制审核同意",
        "outcome": "审核结论：{outcome}",
        "median_review": "审核用时中位数（工作日）",
        "due": "应公示的决定",
        "withdrawn": "撤下的公示",
        "findings": "合规检查发现的问题",
        "findings_intro": "按检查规则统计，评判日期 {date}。",
        "no_findings": "未发现问题。",
        "col_code": "代码",
        "col_severity": "级别",
        "col_rule": "规则",
        "col_count": "数量",
        "error": "错误",
        "warning": "警告",
        "unknown_rule": "（规则未安装）",
        "none": "无",
        "narrative": "情况说明",
        "sections": "其他情况",
    },
    "en": {
        "title": "Administrative Enforcement Statistics {year}",
        "subtitle": "Public notice, full-process recording and legal review of major decisions",
        "all_agencies": "All agencies",
        "period": "Cases opened and decisions made from 1 January to 31 December {year}",
        "as_of": "Compliance judged as of {date}",
        "produced": "Source: the agency's records of its enforcement acts",
        "page": "Page {page} of {pages}",
        "key_figures": "Key figures",
        "cases_total": "Cases opened",
        "decisions": "Decisions",
        "fines": "Fines and confiscations (yuan)",
        "officers_active": "Officers certified at year end",
        "fully_recorded": "Cases fully recorded",
        "av_share": "On-site acts with audio/video",
        "on_time_share": "Notices published on time",
        "reviewed": "Major decisions reviewed first",
        "findings_total": "Compliance findings",
        "charts": "Charts",
        "by_month": "Cases opened by month",
        "by_category": "Cases by category",
        "by_penalty": "Penalty decisions by heaviest penalty",
        "timeliness": "Timeliness of decision notices",
        "on_time": "on time",
        "late": "late",
        "missing": "missing",
        "pending": "pending",
        "tables": "Tables",
        "official": "Official enforcement data tables, {year} (in Chinese, as published)",
        "official_intro": "The template's tables, each figure counted by the date of its own "
        "act: penalties by the day the decision was made, not the day the case was filed.",
        "notes": "说明：",
        "t_cases": "1. Cases and decisions",
        "t_category": "2. By category",
        "t_officers": "3. Officers",
        "t_recording": "4. Full-process recording",
        "t_review": "5. Legal review of major decisions",
        "t_publication": "6. Public notice",
        "col_item": "Item",
        "col_value": "Value",
        "col_category": "Category",
        "col_cases": "Cases",
        "total": "Total",
        "fines_total": "Fines (yuan)",
        "confiscations_total": "Confiscations (yuan)",
        "hearings": "Hearings held",
        "revoked": "Decisions revoked (still counted above)",
        "officers_total": "Officers",
        "active_at_year_end": "With an active certificate at year end",
        "expiring": "Certificates expiring within 90 days of year end",
        "training_hours_total": "Training hours, total",
        "training_requirement": "Training hours required",
        "meeting_training": "Officers meeting the requirement",
        "training_share": "Share meeting the requirement",
        "rec_cases": "Cases",
        "cases_fully_recorded": "Cases with every required stage recorded",
        "onsite_acts": "On-site acts",
        "onsite_acts_with_av": "On-site acts with audio or video",
        "major_decisions": "Major decisions",
        "reviewed_before": "Approved by legal review before the decision",
        "outcome": "Reviews {outcome}",
        "median_review": "Median review time (working days)",
        "due": "Decisions to publish",
        "withdrawn": "Notices withdrawn",
        "findings": "Compliance findings",
        "findings_intro": "By compliance rule, judged as of {date}.",
        "no_findings": "No findings.",
        "col_code": "Code",
        "col_severity": "Severity",
        "col_rule": "Rule",
        "col_count": "Count",
        "error": "error",
        "warning": "warning",
        "unknown_rule": "(rule not installed)",
        "none": "none",
        "narrative": "Narrative",
        "sections": "Further sections",
    },
}

_OUTCOME_ZH = {
    ReviewOutcome.PENDING: "审核中",
    ReviewOutcome.APPROVED: "同意",
    ReviewOutcome.REVISE: "修改后重新报送",
    ReviewOutcome.REJECTED: "不同意",
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def category_label(category: str, lang: Lang) -> str:
    """The name of a case category (``penalty`` → 行政处罚)."""
    try:
        kind = CaseCategory(category)
    except ValueError:
        return category
    return (CATEGORY_ZH if lang == "zh" else CATEGORY_EN)[kind]


def penalty_label(penalty: str, lang: Lang) -> str:
    """The name of a penalty kind (``fine`` → 罚款)."""
    try:
        kind = PenaltyKind(penalty)
    except ValueError:
        return penalty
    return (PENALTY_ZH if lang == "zh" else PENALTY_EN)[kind]


def _date(day: date, lang: Lang) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _official_value(value: int | float | Decimal | None, key: str) -> str:
    if value is None:
        return "—"
    if key == "rate":
        return f"{float(value) * 100:.2f}%"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return f"{int(value):,}"


def official_tables(tables: AnnualTables) -> tuple[OfficialTable, ...]:
    """The official data tables (:func:`enforcement.tables.table_layouts`) as report blocks."""
    return tuple(
        OfficialTable(
            title=f"{i}. {layout.title}",
            groups=layout.groups,
            headers=layout.headers,
            values=tuple(
                _official_value(v, k) for k, v in zip(layout.keys, layout.row, strict=True)
            ),
            notes=layout.notes,
        )
        for i, layout in enumerate(table_layouts(tables), start=1)
    )


def _figures_table(
    heading: str, rows: Sequence[tuple[str, str]], labels: Mapping[str, str]
) -> ReportTable:
    return ReportTable(
        heading=heading,
        columns=(labels["col_item"], labels["col_value"]),
        rows=tuple(rows),
        widths=(0.68, 0.32),
        numeric_columns=(1,),
    )


def build_summary_document(
    summary: Summary,
    *,
    lang: Lang = "zh",
    narrative: Narrative | None = None,
    sections: Sequence[SummarySection] = (),
    font: str | os.PathLike[str] | None = None,
    plugin_manager: pluggy.PluginManager | None = None,
) -> SummaryDocument:
    """The labelled report of ``summary``: cover, key figures, narrative, charts, tables,
    compliance findings (each rule's title from the installed rules) and ``sections``."""
    if lang not in LABELS:
        raise ReportError("lang", f"expected 'zh' or 'en', got {lang!r}")
    from enforcement.checks import collect_rules

    pm = plugin_manager or _default_pm()
    t = LABELS[lang]
    s = summary
    c, o, r, v, p = s.cases, s.officers, s.recording, s.review, s.publication
    agency = s.agency_name or (s.agency_id if s.agency_id else t["all_agencies"])
    title = (narrative.title if narrative and narrative.title else None) or t["title"].format(
        year=s.year
    )
    findings_total = sum(s.findings_by_code.values())
    blocks: list[ReportBlock] = []

    blocks.append(
        KeyFigures(
            t["key_figures"],
            (
                Figure(t["cases_total"], f"{c.total:,}"),
                Figure(t["decisions"], f"{c.decisions:,}"),
                Figure(t["fines"], _money(c.fines_total + c.confiscations_total)),
                Figure(t["officers_active"], f"{o.active_at_year_end} / {o.total}"),
                Figure(t["fully_recorded"], _share(r.fully_recorded_share)),
                Figure(t["av_share"], _share(r.av_share)),
                Figure(
                    t["on_time_share"],
                    _share(round(p.on_time / p.due, 4) if p.due else None),
                ),
                Figure(t["reviewed"], f"{v.reviewed_before_decision} / {v.major_decisions}"),
                Figure(t["findings_total"], f"{findings_total:,}"),
            ),
        )
    )
    months = tuple(f"{m}月" for m in range(1, 13)) if lang == "zh" else _MONTHS_EN
    blocks.append(Chart(t["by_month"], "bar", months, tuple(c.by_month)))
    used = [(k, n) for k, n in c.by_category.items() if n]
    blocks.append(
        Chart(
            t["by_category"],
            "hbar",
            tuple(category_label(k, lang) for k, _ in used),
            tuple(n for _, n in used),
            t["none"],
        )
    )
    blocks.append(
        Chart(
            t["by_penalty"],
            "hbar",
            tuple(penalty_label(k, lang) for k in c.decisions_by_heaviest_penalty),
            tuple(c.decisions_by_heaviest_penalty.values()),
            t["none"],
        )
    )
    timeliness = [
        (t["on_time"], p.on_time),
        (t["late"], p.late),
        (t["missing"], p.missing),
        (t["pending"], p.pending),
    ]
    blocks.append(
        Chart(
            t["timeliness"],
            "pie",
            tuple(f"{label} {n}" for label, n in timeliness),
            tuple(n for _, n in timeliness),
            t["none"],
        )
    )

    if narrative is not None and narrative.blocks:
        blocks.append(PageBreak())
        blocks.extend(narrative.blocks)

    blocks.append(PageBreak())
    blocks.append(Heading(t["official"].format(year=s.year), 2))
    blocks.append(Prose(t["official_intro"]))
    blocks.extend(official_tables(s.tables))

    blocks.append(PageBreak())
    blocks.append(Heading(t["tables"], 2))
    blocks.append(
        _figures_table(
            t["t_cases"],
            [
                (t["cases_total"], f"{c.total:,}"),
                (t["decisions"], f"{c.decisions:,}"),
                *(
                    (f"  {penalty_label(k, lang)}", f"{n:,}")
                    for k, n in c.decisions_by_heaviest_penalty.items()
                ),
                (t["fines_total"], _money(c.fines_total)),
                (t["confiscations_total"], _money(c.confiscations_total)),
                (t["hearings"], f"{c.hearings:,}"),
                (t["revoked"], f"{c.revoked:,}"),
            ],
            t,
        )
    )
    blocks.append(
        ReportTable(
            heading=t["t_category"],
            columns=(t["col_category"], t["col_cases"]),
            rows=(
                *((category_label(k, lang), f"{n:,}") for k, n in c.by_category.items()),
                (t["total"], f"{c.total:,}"),
            ),
            widths=(0.68, 0.32),
            numeric_columns=(1,),
        )
    )
    blocks.append(
        _figures_table(
            t["t_officers"],
            [
                (t["officers_total"], f"{o.total:,}"),
                (t["active_at_year_end"], f"{o.active_at_year_end:,}"),
                (t["expiring"], f"{o.expiring_within_90_days:,}"),
                (t["training_hours_total"], format(o.training_hours_total, "f")),
                (t["training_requirement"], format(o.training_requirement, "f")),
                (t["meeting_training"], f"{o.meeting_training_requirement:,}"),
                (t["training_share"], _share(o.training_share)),
            ],
            t,
        )
    )
    blocks.append(
        _figures_table(
            t["t_recording"],
            [
                (t["rec_cases"], f"{r.cases:,}"),
                (t["cases_fully_recorded"], f"{r.cases_fully_recorded:,}"),
                (t["fully_recorded"], _share(r.fully_recorded_share)),
                (t["onsite_acts"], f"{r.onsite_acts:,}"),
                (t["onsite_acts_with_av"], f"{r.onsite_acts_with_av:,}"),
                (t["av_share"], _share(r.av_share)),
            ],
            t,
        )
    )
    median = v.median_review_working_days
    blocks.append(
        _figures_table(
            t["t_review"],
            [
                (t["major_decisions"], f"{v.major_decisions:,}"),
                (t["reviewed_before"], f"{v.reviewed_before_decision:,}"),
                *(
                    (
                        t["outcome"].format(
                            outcome=_OUTCOME_ZH.get(ReviewOutcome(k), k)
                            if lang == "zh" and k in set(ReviewOutcome)
                            else k
                        ),
                        f"{n:,}",
                    )
                    for k, n in v.outcomes.items()
                ),
                (t["median_review"], "—" if median is None else format(median, "f")),
            ],
            t,
        )
    )
    blocks.append(
        _figures_table(
            t["t_publication"],
            [
                (t["due"], f"{p.due:,}"),
                (t["on_time"], f"{p.on_time:,}"),
                (t["late"], f"{p.late:,}"),
                (t["missing"], f"{p.missing:,}"),
                (t["pending"], f"{p.pending:,}"),
                (t["withdrawn"], f"{p.withdrawn:,}"),
            ],
            t,
        )
    )

    rules = {rule.code: rule for rule in collect_rules(pm)}
    blocks.append(Heading(t["findings"], 2))
    blocks.append(Prose(t["findings_intro"].format(date=_date(s.as_of, lang))))
    if s.findings_by_code:
        rows = []
        for code, n in s.findings_by_code.items():
            rule = rules.get(code)
            rows.append(
                (
                    code,
                    t[rule.severity.value] if rule else "",
                    (rule.title if lang == "zh" else rule.title_en) if rule else t["unknown_rule"],
                    f"{n:,}",
                )
            )
        rows.append(("", "", t["total"], f"{findings_total:,}"))
        blocks.append(
            ReportTable(
                heading=None,
                columns=(t["col_code"], t["col_severity"], t["col_rule"], t["col_count"]),
                rows=tuple(rows),
                widths=(0.14, 0.12, 0.58, 0.16),
                numeric_columns=(3,),
            )
        )
    else:
        blocks.append(Prose(t["no_findings"]))

    for section in sections:
        blocks.append(Heading(section.title, 2))
        blocks.extend(Prose(text) for text in section.paragraphs)
        if section.table is not None:
            blocks.append(
                ReportTable(
                    heading=None,
                    columns=section.table.columns,
                    rows=section.table.rows,
                    widths=content_widths(section.table.columns, section.table.rows),
                )
            )

    scope = s.agency_id or "all"
    return SummaryDocument(
        lang=lang,
        agency=agency,
        title=title,
        subtitle=t["subtitle"],
        cover_lines=(
            t["period"].format(year=s.year),
            t["as_of"].format(date=_date(s.as_of, lang)),
            t["produced"],
        ),
        blocks=blocks,
        info=DocumentInfo(
            title=f"{agency} {title}",
            author=agency,
            subject=title,
            created=s.as_of,
            keywords=f"{KEYWORDS_PREFIX} year={s.year} agency={scope}",
        ),
        labels={"page": t["page"]},
        summary=summary,
        sections=tuple(sections),
        font=os.fspath(font) if font is not None else None,
    )


# --- rendering ---------------------------------------------------------------------------------


def _default_pm() -> pluggy.PluginManager:
    from enforcement.plugins import default_plugin_manager

    return default_plugin_manager()


def render_summary(
    summary: Summary,
    *,
    out: OutTarget = None,
    lang: Lang = "zh",
    narrative: Narrative | str | os.PathLike[str] | None = None,
    sections: Sequence[SummarySection] | None = None,
    source: RecordSource | None = None,
    font: str | os.PathLike[str] | None = None,
    format: str = "pdf",
    plugin_manager: pluggy.PluginManager | None = None,
    redactor: Redactor | None = None,
) -> bytes:
    """Render the annual report of ``summary``; return its bytes, and write them to ``out``.

    ``out`` is a path or a binary stream. ``narrative`` is a
    :class:`Narrative` or the path of a Markdown file. ``sections`` are the
    plugins' sections; by default they are collected here
    (:func:`collect_sections`, given ``source``, the records the summary came
    from, when known). ``font`` is a TrueType font file to embed instead of the
    one found installed (see ``enforcement fonts``). The same arguments always give the same bytes:
    the PDF's dates come from ``summary.as_of``, never the clock.

    Every text of the finished document (narrative and plugins' sections
    included) goes through the library's redaction (``redactor``, by default
    :func:`summary_redactor`).

    Raises :class:`~enforcement.errors.ReportError` when the narrative cannot
    be read or no renderer answers for ``format``, and
    :class:`~enforcement.errors.PublicationRefusedError` listing each span that
    may be a natural person's data.
    """
    pm = plugin_manager or _default_pm()
    if narrative is not None and not isinstance(narrative, Narrative):
        narrative = Narrative.read(narrative)
    if sections is None:
        sections = collect_sections(summary, source=source, lang=lang, plugin_manager=pm)
    document = build_summary_document(
        summary, lang=lang, narrative=narrative, sections=sections, font=font, plugin_manager=pm
    )
    redact_object(
        document,
        redactor or summary_redactor(summary),
        "report",
        skip=("summary", "labels", "font", "lang"),
    )
    renderer = pm.hook.enforcement_notice_renderer(kind=SUMMARY_KIND, format=format)
    if renderer is None:
        raise ReportError(
            "format",
            f"no renderer for the annual report as {format!r}; the PDF renderer is the "
            "enforcement_report plugin (check `enforcement plugins`)",
        )
    data: bytes = renderer(document)
    if out is not None:
        if isinstance(out, str | os.PathLike):
            atomic_write(out, data)
        else:
            out.write(data)
    return data


__all__ = [
    "LABELS",
    "SUMMARY_KIND",
    "Bullets",
    "Chart",
    "Figure",
    "Heading",
    "KeyFigures",
    "Narrative",
    "NarrativeBlock",
    "OfficialTable",
    "PageBreak",
    "Prose",
    "ReportBlock",
    "ReportTable",
    "SectionTable",
    "SummaryDocument",
    "SummaryRenderer",
    "SummarySection",
    "build_summary_document",
    "category_label",
    "collect_sections",
    "official_tables",
    "penalty_label",
    "render_summary",
    "summary_data",
    "summary_redactor",
]
