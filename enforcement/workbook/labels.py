"""The Chinese words a workbook shows for enumeration members (drop-down lists).

A member without a label here (one added to the model later) is shown as its
interchange value, so it still round-trips; reading accepts the label, the value
and the member's name alike.
"""

from __future__ import annotations

from enum import Enum
from functools import cache

from enforcement.models import (
    Act,
    CaseCategory,
    CertificateEventKind,
    NoticeKind,
    PartyKind,
    PartyRole,
    PenaltyKind,
    Procedure,
    RecordKind,
    ReviewOutcome,
    Stage,
)
from enforcement.notices.labels import PENALTY_ZH

LABELS: dict[type[Enum], dict[Enum, str]] = {
    CaseCategory: {
        CaseCategory.PENALTY: "行政处罚",
        CaseCategory.LICENSING: "行政许可",
        CaseCategory.COERCION: "行政强制",
        CaseCategory.INSPECTION: "行政检查",
        CaseCategory.LEVY: "行政征收",
        CaseCategory.REQUISITION: "行政征用",
        CaseCategory.PAYMENT: "行政给付",
        CaseCategory.CONFIRMATION: "行政确认",
        CaseCategory.REWARD: "行政奖励",
        CaseCategory.ADJUDICATION: "行政裁决",
        CaseCategory.OTHER: "其他",
    },
    Procedure: {
        Procedure.ORDINARY: "普通程序",
        Procedure.SIMPLIFIED: "简易程序",
    },
    PartyKind: {
        PartyKind.PERSON: "自然人",
        PartyKind.ORGANISATION: "法人或其他组织",
    },
    PartyRole: {
        PartyRole.PARTY: "当事人",
        PartyRole.THIRD_PARTY: "利害关系人",
        PartyRole.WITNESS: "证人",
        PartyRole.OTHER: "其他相关人员",
    },
    Stage: {
        Stage.FILING: "立案",
        Stage.INVESTIGATION: "调查取证",
        Stage.NOTIFICATION: "告知",
        Stage.HEARING: "听证",
        Stage.REVIEW: "法制审核",
        Stage.DECISION: "决定",
        Stage.SERVICE: "送达",
        Stage.EXECUTION: "执行",
        Stage.CLOSING: "结案",
    },
    RecordKind: {
        RecordKind.TEXT: "文字",
        RecordKind.AUDIO: "录音",
        RecordKind.VIDEO: "录像",
        RecordKind.PHOTO: "照片",
        RecordKind.DOCUMENT: "文书",
    },
    Act: {
        Act.INSPECTION: "现场检查",
        Act.EVIDENCE_COLLECTION: "调查取证",
        Act.SEIZURE: "扣押",
        Act.SEALING: "查封",
        Act.FORCED_DEMOLITION: "强制拆除",
        Act.REGISTRATION_PRESERVATION: "先行登记保存",
        Act.SERVICE_BY_LEAVING: "留置送达",
        Act.HEARING: "听证",
        Act.OTHER: "其他",
    },
    ReviewOutcome: {
        ReviewOutcome.PENDING: "审核中",
        ReviewOutcome.APPROVED: "同意",
        ReviewOutcome.REVISE: "修改后重新报送",
        ReviewOutcome.REJECTED: "不同意",
    },
    NoticeKind: {
        NoticeKind.DECISION: "决定公示",
        NoticeKind.WITHDRAWAL: "撤下说明",
    },
    CertificateEventKind: {
        CertificateEventKind.SUSPENDED: "暂扣",
        CertificateEventKind.REINSTATED: "恢复",
        CertificateEventKind.REVOKED: "吊销",
        CertificateEventKind.CANCELLED: "注销",
        CertificateEventKind.REVIEW_PASSED: "年审合格",
        CertificateEventKind.REVIEW_FAILED: "年审不合格",
    },
    PenaltyKind: dict[Enum, str](PENALTY_ZH.items()),
}
"""Labels by enumeration, then member.

Keyed by enumeration first: members of different enumerations with the same
value (``CaseCategory.INSPECTION`` and ``Act.INSPECTION`` are both
``"inspection"``) are equal as strings, so one flat dict would mix them up."""


def enum_label(member: Enum) -> str:
    """The word shown for ``member`` (its interchange value when it has no label)."""
    return LABELS.get(type(member), {}).get(member) or str(member.value)


@cache
def enum_lookup(enum: type[Enum]) -> dict[str, Enum]:
    """Every accepted spelling of ``enum``'s members: label, value, name (lower case)."""
    out: dict[str, Enum] = {}
    for member in enum:
        out[str(member.value)] = member
        out[member.name.lower()] = member
    for member in enum:
        out[enum_label(member)] = member  # labels win over another member's value
    return out
