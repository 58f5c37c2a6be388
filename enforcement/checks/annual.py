"""Annual report rules (RPT): the statistics and the rule-of-law report, published in time.

Sources: 国办发〔2018〕118号 二(六) (last year's enforcement data by 31 January);
《法治政府建设与责任落实督察工作规定》第二十四条 (the 法治政府建设 report
published by 1 April). Judged only for agencies whose ``reports`` are recorded
(even as an empty list): a document that does not track reports is not
flagged for every year it does not mention.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from enforcement.checks.engine import AgencyContext, Rule
from enforcement.checks.finding import Hit, Severity
from enforcement.models import ReportKind

_NAMES = {
    ReportKind.STATISTICS: ("行政执法统计年报", "enforcement statistics"),
    ReportKind.RULE_OF_LAW: ("法治政府建设年度报告", "rule-of-law report"),
}


def _due(year: int, month_day: tuple[int, int]) -> date:
    return date(year + 1, *month_day)


def _reports(ctx: AgencyContext, kind: ReportKind, month_day: tuple[int, int]) -> Iterator[Hit]:
    reports = ctx.agency.reports
    if reports is None:
        return
    zh, en = _NAMES[kind]
    for j, report in enumerate(reports):
        if report.kind is not kind:
            continue
        due = _due(report.year, month_day)
        if report.published_on > due:
            yield Hit(
                path=f"{ctx.path}.reports[{j}].published_on",
                zh=f"{report.year}年度{zh}于 {report.published_on.isoformat()} 公开，"
                f"晚于 {due.isoformat()}",
                en=f"the {report.year} {en} was published on {report.published_on.isoformat()}, "
                f"after {due.isoformat()}",
                due=due,
                actual=report.published_on,
            )
    # The latest year whose deadline has passed must have its report.
    year = ctx.on.year - 1
    if ctx.on <= _due(year, month_day):
        year -= 1
    if not any(r.kind is kind and r.year == year for r in reports):
        due = _due(year, month_day)
        yield Hit(
            path=f"{ctx.path}.reports",
            zh=f"{year}年度{zh}应于 {due.isoformat()} 前公开，至今未公开",
            en=f"the {year} {en} was due by {due.isoformat()} and has not been published",
            due=due,
        )


def statistics_published(ctx: AgencyContext) -> Iterator[Hit]:
    """RPT001: a year's statistics published after 31 January of the next year, or missing."""
    yield from _reports(ctx, ReportKind.STATISTICS, ctx.policy.statistics_due)


def rule_of_law_published(ctx: AgencyContext) -> Iterator[Hit]:
    """RPT002: the 法治政府建设 report published after 1 April of the next year, or missing."""
    yield from _reports(ctx, ReportKind.RULE_OF_LAW, ctx.policy.rule_of_law_report_due)


RULES = (
    Rule(
        code="RPT001",
        severity=Severity.ERROR,
        source="国办发〔2018〕118号 二(六)",
        title="每年1月31日前公开上年度行政执法数据",
        title_en="last year's statistics published by 31 January",
        agencies=statistics_published,
    ),
    Rule(
        code="RPT002",
        severity=Severity.ERROR,
        source="《法治政府建设与责任落实督察工作规定》第二十四条",
        title="每年4月1日前公开法治政府建设年度报告",
        title_en="rule-of-law report published by 1 April",
        agencies=rule_of_law_published,
    ),
)
"""The annual report rules, in code order."""
