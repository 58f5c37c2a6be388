"""Recording rules (REC): every stage reached is recorded, coercion on video, sound records.

Sources: 《行政处罚法》第四十七条; 国办发〔2018〕118号 三(八)、三(九).
"""

from __future__ import annotations

from collections.abc import Iterator

from enforcement.checks.engine import CaseContext, Rule
from enforcement.checks.finding import Hit, Severity
from enforcement.models import Case, CaseCategory, MeasureKind, Procedure, RecordKind, Stage
from enforcement.models.enums import ExecutionKind
from enforcement.policy import Policy

_HEX = "0123456789abcdef"
"""A SHA-256 is 64 of these (``[0-9a-f]{64}``), checked without a regular expression."""


_AV = (RecordKind.AUDIO, RecordKind.VIDEO)

_STAGE_ZH = {
    Stage.FILING: "立案",
    Stage.INVESTIGATION: "调查取证",
    Stage.NOTIFICATION: "告知",
    Stage.HEARING: "听证",
    Stage.REVIEW: "法制审核",
    Stage.DECISION: "决定",
    Stage.SERVICE: "送达",
    Stage.EXECUTION: "执行",
    Stage.CLOSING: "结案",
}
_ACT_ZH = {"seizure": "扣押", "sealing": "查封", "forced_demolition": "强制拆除"}


def required_stages(case: Case) -> list[tuple[Stage, str]]:
    """The stages the case has reached that need a record entry, with the field showing it.

    Filing (立案) for ordinary procedure (a simplified decision is made on the
    spot with no filing); the investigation (调查取证) behind an
    ordinary-procedure penalty decision; the legal review once completed; the
    decision, its service, its execution (an execution or a court application
    recorded) and the closing once the case has them.
    """
    needed: list[tuple[Stage, str]] = []
    ordinary = case.procedure is Procedure.ORDINARY
    if ordinary:
        needed.append((Stage.FILING, "opened_on"))
    decision = case.decision
    if (
        ordinary
        and decision is not None
        and decision.penalties
        and case.category is CaseCategory.PENALTY
    ):
        needed.append((Stage.INVESTIGATION, "decision"))
    if any(r.completed_on is not None for r in case.review_rounds()):
        needed.append((Stage.REVIEW, "review" if case.review is not None else "reviews"))
    if decision is not None:
        needed.append((Stage.DECISION, "decision"))
        if decision.served_on is not None:
            needed.append((Stage.SERVICE, "decision.served_on"))
        # Executed: a compulsory execution or a court application (a voluntary payment
        # is performance, recorded by its receipt but not an execution).
        if case.executions:
            needed.append((Stage.EXECUTION, "executions"))
        elif case.court_application is not None:
            needed.append((Stage.EXECUTION, "court_application"))
    if case.closed_on is not None:
        needed.append((Stage.CLOSING, "closed_on"))
    return needed


def missing_stages(case: Case) -> list[tuple[Stage, str]]:
    """The stages of :func:`required_stages` that have no record entry (REC001)."""
    present = {r.stage for r in case.records}
    return [(stage, where) for stage, where in required_stages(case) if stage not in present]


def stage_recorded(ctx: CaseContext) -> Iterator[Hit]:
    """REC001: a stage the case has reached has no record entry."""
    for stage, where in ctx.facts.missing_stages:
        yield Hit(
            path=f"{ctx.path}.{where}",
            zh=f"案件已进入{_STAGE_ZH[stage]}环节，但无该环节的执法记录",
            en=f"the case reached the {stage.value} stage but has no record entry for it",
        )


_AV_MEASURES = (MeasureKind.SEAL_UP, MeasureKind.SEIZE)
_AV_EXECUTIONS = (ExecutionKind.RESTORE, ExecutionKind.SUBSTITUTE_PERFORMANCE)


def _may_need_av(case: Case, policy: Policy) -> bool:
    """Whether a coercion case with no act named may hold an act needing audio or video.

    Unknown is not compliant: only recorded measures and executions all of
    kinds with no on-site act (冻结, 加处罚款, 划拨...) clear it.
    """
    if case.category is not CaseCategory.COERCION:
        return False
    if not case.measures and not case.executions:
        return True
    return any(m.kind in _AV_MEASURES for m in case.measures) or any(
        e.kind in _AV_EXECUTIONS for e in case.executions
    )


def coercion_av(ctx: CaseContext) -> Iterator[Hit]:
    """REC002: each on-site seizure, sealing or demolition needs its own audio or video record.

    Judged per act: an audio or video entry of the same act on the same day. A
    coercion case whose entries name no such act and which holds no audio or
    video record at all is flagged too.
    """
    acts = ctx.policy.av_required_acts
    case = ctx.case
    records = case.records
    recorded = {(r.act, r.at.date()) for r in records if r.act is not None and r.kind in _AV}
    named = False
    for j, entry in enumerate(records):
        if entry.act is None or entry.act not in acts:
            continue
        named = True
        if (entry.act, entry.at.date()) not in recorded:
            name = _ACT_ZH.get(entry.act.value, entry.act.value)
            yield Hit(
                path=f"{ctx.path}.records[{j}]",
                zh=f"现场{name}（记录 {entry.id}，{entry.at.date().isoformat()}）无同一行为的音像记录",
                en=f"on-site {entry.act.value} (entry {entry.id}, {entry.at.date().isoformat()}) "
                "has no audio or video record of that act",
                actual=entry.at.date(),
            )
    if not named and not any(r.kind in _AV for r in records) and _may_need_av(case, ctx.policy):
        yield Hit(
            path=f"{ctx.path}.records",
            zh="行政强制案件的记录未载明现场行为，且无任何音像记录",
            en="a coercion case whose entries name no on-site act holds no audio or video record",
        )


def record_sound(ctx: CaseContext) -> Iterator[Hit]:
    """REC003: an entry dated before filing or after ``on``; an attachment without a SHA-256."""
    case = ctx.case
    opened = case.opened_on
    on = ctx.on
    for j, entry in enumerate(case.records):
        day = entry.at.date()
        if day < opened:
            yield Hit(
                path=f"{ctx.path}.records[{j}].at",
                zh=f"执法记录 {entry.id} 的时间 {day.isoformat()} 早于立案日期 {opened.isoformat()}",
                en=f"record entry {entry.id} is dated {day.isoformat()}, "
                f"before the case was opened on {opened.isoformat()}",
                actual=day,
            )
        elif day > on:
            yield Hit(
                path=f"{ctx.path}.records[{j}].at",
                zh=f"执法记录 {entry.id} 的时间 {day.isoformat()} 晚于检查日期 {on.isoformat()}",
                en=f"record entry {entry.id} is dated {day.isoformat()}, "
                f"after the check date {on.isoformat()}",
                actual=day,
            )
        attachment = entry.attachment
        sha = None if attachment is None else attachment.sha256
        if attachment is not None and (sha is None or len(sha) != 64 or sha.strip(_HEX)):
            yield Hit(
                path=f"{ctx.path}.records[{j}].attachment.sha256",
                zh=f"执法记录 {entry.id} 的附件缺少格式正确的 SHA-256 摘要（64 位小写十六进制）",
                en=f"record entry {entry.id}'s attachment lacks a well-formed SHA-256 "
                "(64 lower-case hex digits)",
            )


RULES = (
    Rule(
        code="REC001",
        severity=Severity.ERROR,
        source="《行政处罚法》第四十七条；国办发〔2018〕118号 三",
        title="已到达的执法环节均有记录",
        title_en="every stage reached is recorded",
        cases=stage_recorded,
    ),
    Rule(
        code="REC002",
        severity=Severity.ERROR,
        source="国办发〔2018〕118号 三(八)",
        title="每次查封扣押、强制拆除均有全程音像记录",
        title_en="each seizure, sealing and demolition on audio or video",
        cases=coercion_av,
    ),
    Rule(
        code="REC003",
        severity=Severity.ERROR,
        source="《行政处罚法》第四十七条；国办发〔2018〕118号 三(九)",
        title="记录时间合理、附件可校验",
        title_en="records dated within the case and attachments hashed",
        cases=record_sound,
    ),
)
"""The recording rules, in code order."""
