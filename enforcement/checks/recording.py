"""Recording rules (REC): every stage reached is recorded, coercion on video, sound records.

Sources: 《行政处罚法》第四十七条; 国办发〔2018〕118号 三(八)、三(九).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from enforcement.checks.engine import CaseContext, Rule
from enforcement.checks.finding import Hit, Severity
from enforcement.models import Case, Procedure, RecordKind, Stage

_SHA256_RE = re.compile(r"[0-9a-f]{64}\Z")
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
    spot with no filing); the legal review once completed; the decision, its
    service and the closing once the case has them.
    """
    needed: list[tuple[Stage, str]] = []
    if case.procedure is Procedure.ORDINARY:
        needed.append((Stage.FILING, "opened_on"))
    if case.review is not None and case.review.completed_on is not None:
        needed.append((Stage.REVIEW, "review"))
    decision = case.decision
    if decision is not None:
        needed.append((Stage.DECISION, "decision"))
        if decision.served_on is not None:
            needed.append((Stage.SERVICE, "decision.served_on"))
    if case.closed_on is not None:
        needed.append((Stage.CLOSING, "closed_on"))
    return needed


def missing_stages(case: Case) -> list[tuple[Stage, str]]:
    """The stages of :func:`required_stages` that have no record entry (REC001)."""
    present = {r.stage for r in case.records}
    return [(stage, where) for stage, where in required_stages(case) if stage not in present]


def stage_recorded(ctx: CaseContext) -> Iterator[Hit]:
    """REC001: a stage the case has reached has no record entry."""
    for stage, where in missing_stages(ctx.case):
        yield Hit(
            path=f"{ctx.path}.{where}",
            zh=f"案件已进入{_STAGE_ZH[stage]}环节，但无该环节的执法记录",
            en=f"the case reached the {stage.value} stage but has no record entry for it",
        )


def coercion_av(ctx: CaseContext) -> Iterator[Hit]:
    """REC002: an on-site coercive act with no audio or video record of the same act."""
    acts = ctx.policy.av_required_acts
    records = ctx.case.records
    recorded = {r.act for r in records if r.act is not None and r.kind in _AV}
    for j, entry in enumerate(records):
        if entry.act is not None and entry.act in acts and entry.act not in recorded:
            name = _ACT_ZH.get(entry.act.value, entry.act.value)
            yield Hit(
                path=f"{ctx.path}.records[{j}]",
                zh=f"现场{name}（记录 {entry.id}）无音像记录",
                en=f"on-site {entry.act.value} (entry {entry.id}) has no audio or video record",
                actual=entry.at.date(),
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
        if attachment is not None and (
            attachment.sha256 is None or not _SHA256_RE.match(attachment.sha256)
        ):
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
        title="查封扣押、强制拆除全程音像记录",
        title_en="seizure, sealing and demolition on audio or video",
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
