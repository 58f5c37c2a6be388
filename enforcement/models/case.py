"""Cases (案件) and everything recorded about them.

A case carries its parties, its full-process record (执法全过程记录), its legal
review (法制审核), its decision (决定) and its public notices (公示).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from attrs import field, frozen

from enforcement.identifiers import id_number_birth_date
from enforcement.models._validators import aware, non_empty, non_negative, not_before
from enforcement.models.enums import (
    Act,
    CaseCategory,
    NoticeKind,
    PartyKind,
    PartyRole,
    PenaltyKind,
    Procedure,
    RecordKind,
    ReviewOutcome,
    Stage,
)


@frozen(kw_only=True)
class Party:
    """A party (当事人) or another person or organisation named in a case.

    Personal data of natural persons is kept here in full; it is redacted only
    when something is published.
    """

    kind: PartyKind = field(metadata={"doc": "person (自然人) or organisation (法人或其他组织)"})
    name: str = field(validator=non_empty, metadata={"doc": "姓名/名称"})
    id_number: str | None = field(
        default=None, metadata={"doc": "居民身份证号 (persons only; GB 11643, 18 characters)"}
    )
    credit_code: str | None = field(
        default=None, metadata={"doc": "统一社会信用代码 (organisations only; GB 32100)"}
    )
    address: str | None = field(default=None, metadata={"doc": "住所/地址"})
    phone: str | None = field(default=None, metadata={"doc": "联系电话"})
    representative: str | None = field(
        default=None, metadata={"doc": "法定代表人/负责人 (organisations)"}
    )
    bank_account: str | None = field(default=None, metadata={"doc": "银行账号 (never published)"})
    role: PartyRole = field(
        default=PartyRole.PARTY,
        metadata={"doc": "角色: party (当事人), third_party, witness, other"},
    )

    def birth_date(self) -> date | None:
        """A natural person's birth date, read from the ID number, if known."""
        if self.kind is not PartyKind.PERSON or self.id_number is None:
            return None
        return id_number_birth_date(self.id_number)

    def is_minor_on(self, day: date) -> bool | None:
        """Whether a natural person was under 18 on ``day`` (``None`` when unknown)."""
        born = self.birth_date()
        if born is None:
            return None
        years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return years < 18


@frozen(kw_only=True)
class Attachment:
    """A file behind a record entry: a scan, a photo, a recording (音像资料)."""

    uri: str = field(validator=non_empty, metadata={"doc": "存储位置"})
    sha256: str | None = field(
        default=None, metadata={"doc": "文件摘要: SHA-256 of the file, 64 lower-case hex digits"}
    )
    bytes: int | None = field(
        default=None, validator=non_negative, metadata={"doc": "文件大小 (bytes)"}
    )
    media_type: str | None = field(default=None, metadata={"doc": "媒体类型, e.g. video/mp4"})


@frozen(kw_only=True)
class RecordEntry:
    """One entry of the full-process record (执法全过程记录).

    Entries are never edited: a correction is a new entry whose ``corrects``
    names the entry it corrects.
    """

    id: str = field(validator=non_empty, metadata={"doc": "记录标识: unique within the case"})
    stage: Stage = field(metadata={"doc": "执法环节"})
    kind: RecordKind = field(metadata={"doc": "记录形式: text, audio, video, photo, document"})
    at: datetime = field(validator=aware, metadata={"doc": "记录时间: ISO 8601 with a UTC offset"})
    officer_ids: tuple[str, ...] = field(default=(), metadata={"doc": "在场执法人员"})
    location: str | None = field(default=None, metadata={"doc": "地点"})
    on_site: bool = field(default=False, metadata={"doc": "是否现场执法"})
    summary: str | None = field(default=None, metadata={"doc": "内容摘要"})
    device: str | None = field(default=None, metadata={"doc": "记录设备编号 (执法记录仪)"})
    attachment: Attachment | None = field(default=None, metadata={"doc": "附件"})
    act: Act | None = field(
        default=None,
        metadata={"doc": "现场行为: inspection, seizure, sealing, forced_demolition..."},
    )
    ended_at: datetime | None = field(
        default=None, validator=[aware, not_before("at")], metadata={"doc": "结束时间"}
    )
    corrects: str | None = field(
        default=None, metadata={"doc": "更正的记录: id of the entry this one corrects"}
    )


@frozen(kw_only=True)
class ReviewCheck:
    """One item the legal-review body checked (审核事项)."""

    item: str = field(validator=non_empty, metadata={"doc": "审核事项, e.g. 执法主体是否合法"})
    passed: bool = field(metadata={"doc": "是否通过"})
    note: str | None = field(default=None, metadata={"doc": "说明"})


@frozen(kw_only=True)
class LegalReview:
    """The legal review of a major decision (重大执法决定法制审核)."""

    reasons: tuple[str, ...] = field(
        default=(), metadata={"doc": "审核理由: why the decision is major (e.g. hearing held)"}
    )
    submitted_on: date = field(metadata={"doc": "送审日期"})
    reviewer: str | None = field(default=None, metadata={"doc": "审核机构/审核人"})
    checks: tuple[ReviewCheck, ...] = field(default=(), metadata={"doc": "审核事项"})
    outcome: ReviewOutcome = field(default=ReviewOutcome.PENDING, metadata={"doc": "审核结论"})
    opinion: str | None = field(default=None, metadata={"doc": "审核意见"})
    completed_on: date | None = field(
        default=None, validator=not_before("submitted_on"), metadata={"doc": "审核完成日期"}
    )


@frozen(kw_only=True)
class Penalty:
    """One penalty of a decision (处罚种类和数额)."""

    kind: PenaltyKind = field(metadata={"doc": "处罚种类 (《行政处罚法》第九条)"})
    amount: Decimal | None = field(
        default=None,
        validator=non_negative,
        metadata={"doc": '金额 (yuan) as a decimal string, e.g. "5000.00"'},
    )
    description: str | None = field(default=None, metadata={"doc": "内容说明"})


@frozen(kw_only=True)
class Decision:
    """The decision that ends a case (行政执法决定), with its service and any revocation."""

    number: str = field(
        validator=non_empty, metadata={"doc": "文书号, e.g. 新城综执罚〔2020〕15号"}
    )
    decided_on: date = field(metadata={"doc": "决定日期"})
    facts: str | None = field(default=None, metadata={"doc": "违法事实"})
    legal_basis: tuple[str, ...] = field(default=(), metadata={"doc": "法律依据"})
    penalties: tuple[Penalty, ...] = field(
        default=(), metadata={"doc": "处罚内容 (penalty decisions)"}
    )
    served_on: date | None = field(
        default=None, validator=not_before("decided_on"), metadata={"doc": "送达日期"}
    )
    revoked_on: date | None = field(
        default=None, validator=not_before("decided_on"), metadata={"doc": "撤销/变更日期"}
    )
    revocation_reason: str | None = field(default=None, metadata={"doc": "撤销/变更原因"})

    def fines_total(self) -> Decimal:
        """The sum of the fine amounts (罚款)."""
        return sum(
            (
                p.amount
                for p in self.penalties
                if p.kind is PenaltyKind.FINE and p.amount is not None
            ),
            Decimal(0),
        )

    def heaviest_penalty(self) -> PenaltyKind | None:
        """The heaviest penalty kind, by the annual statistics' ordering."""
        if not self.penalties:
            return None
        return max((p.kind for p in self.penalties), key=lambda k: k.severity)


@frozen(kw_only=True)
class PublicNotice:
    """A public notice (公示) of a decision, or of its withdrawal (撤下说明)."""

    id: str = field(validator=non_empty, metadata={"doc": "公示标识: unique within the case"})
    kind: NoticeKind = field(metadata={"doc": "decision (决定公示) or withdrawal (撤下说明)"})
    published_on: date = field(metadata={"doc": "公示日期"})
    channel: str | None = field(
        default=None, metadata={"doc": "公示渠道, e.g. 政府网站 or 国家企业信用信息公示系统"}
    )
    withdrawn_on: date | None = field(
        default=None, validator=not_before("published_on"), metadata={"doc": "撤下日期"}
    )


@frozen(kw_only=True)
class Case:
    """An enforcement case (执法案件) from filing to closing."""

    id: str = field(validator=non_empty, metadata={"doc": "案件标识: unique in the dataset"})
    agency_id: str = field(metadata={"doc": "执法主体: an agency id of the dataset"})
    category: CaseCategory = field(metadata={"doc": "行为类别"})
    domain: str = field(
        validator=non_empty, metadata={"doc": "执法领域, matched against certificates"}
    )
    power_code: str | None = field(default=None, metadata={"doc": "权责清单事项编码 of the agency"})
    procedure: Procedure = field(
        default=Procedure.ORDINARY, metadata={"doc": "ordinary (普通程序) or simplified (简易程序)"}
    )
    title: str = field(validator=non_empty, metadata={"doc": "案由"})
    opened_on: date = field(metadata={"doc": "立案日期"})
    closed_on: date | None = field(
        default=None, validator=not_before("opened_on"), metadata={"doc": "结案日期"}
    )
    parties: tuple[Party, ...] = field(default=(), metadata={"doc": "当事人及相关人员"})
    officer_ids: tuple[str, ...] = field(default=(), metadata={"doc": "承办执法人员"})
    records: tuple[RecordEntry, ...] = field(default=(), metadata={"doc": "执法全过程记录"})
    review: LegalReview | None = field(default=None, metadata={"doc": "法制审核"})
    decision: Decision | None = field(default=None, metadata={"doc": "执法决定"})
    notices: tuple[PublicNotice, ...] = field(default=(), metadata={"doc": "公示"})

    def principal_parties(self) -> tuple[Party, ...]:
        """The parties the decision is about (role ``party``)."""
        return tuple(p for p in self.parties if p.role is PartyRole.PARTY)

    def records_at(self, stage: Stage) -> tuple[RecordEntry, ...]:
        """The record entries of one stage."""
        return tuple(r for r in self.records if r.stage is stage)

    def hearing_held(self) -> bool:
        """Whether the record shows a hearing (听证)."""
        return any(r.stage is Stage.HEARING for r in self.records)

    def notices_of(self, kind: NoticeKind) -> tuple[PublicNotice, ...]:
        """The case's notices of one kind."""
        return tuple(n for n in self.notices if n.kind is kind)
