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
    ExcludedPeriodKind,
    ExecutionKind,
    IdKind,
    LicenceKind,
    LicenceOutcome,
    MeasureKind,
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
        default=None,
        metadata={
            "doc": "证件号码 (persons only): a 居民身份证号 (GB 11643, 18 digits, or a legacy "
            "15-digit one) unless id_kind says otherwise"
        },
    )
    id_kind: IdKind | None = field(
        default=None,
        metadata={
            "doc": "证件类型: resident_id (居民身份证, the default), passport (护照), other; "
            "only a resident ID is checked against GB 11643"
        },
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
        """A natural person's birth date, read from the resident ID number, if known."""
        if self.kind is not PartyKind.PERSON or self.id_number is None:
            return None
        if self.id_kind not in (None, IdKind.RESIDENT_ID):
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


_CONFISCATIONS = (PenaltyKind.CONFISCATION_OF_GAINS, PenaltyKind.CONFISCATION_OF_PROPERTY)


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
    duration_months: int | None = field(
        default=None,
        validator=non_negative,
        metadata={
            "doc": "期限 (months) of a time-limited penalty, e.g. 限制从业五年 = 60; a "
            "restriction longer than the publication term extends it"
        },
    )


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
    paid_on: date | None = field(
        default=None,
        validator=not_before("decided_on"),
        metadata={"doc": "缴纳日期: the day the fine was paid in full (《行政处罚法》第六十七条)"},
    )
    surcharge: Decimal | None = field(
        default=None,
        validator=non_negative,
        metadata={"doc": "加处罚款 (yuan): the late-payment surcharge imposed (第七十二条)"},
    )

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

    def confiscations_total(self) -> Decimal:
        """The sum of the confiscation amounts the decision states (没收, quantified only)."""
        return sum(
            (p.amount for p in self.penalties if p.kind in _CONFISCATIONS and p.amount is not None),
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
class Hearing:
    """The hearing right (听证权利): its notification, a waiver, a request and the hearing.

    The 告知 record (stage ``notification``) is the notification when
    ``notified_on`` is not given.
    """

    notified_on: date | None = field(
        default=None, metadata={"doc": "听证告知日期: the party was told of the right to a hearing"}
    )
    waived_on: date | None = field(
        default=None, metadata={"doc": "放弃听证日期: the party waived the hearing in writing"}
    )
    requested_on: date | None = field(
        default=None, metadata={"doc": "申请听证日期: the party asked for a hearing"}
    )
    notice_on: date | None = field(
        default=None, metadata={"doc": "听证通知日期: the hearing notice was given"}
    )
    held_on: date | None = field(
        default=None,
        validator=not_before("notice_on"),
        metadata={"doc": "听证日期: the hearing was held"},
    )


@frozen(kw_only=True)
class ExcludedPeriod:
    """A period not counted in the 90-day decision period (不计入办案期限的期间)."""

    kind: ExcludedPeriodKind = field(
        metadata={
            "doc": "期间类别: hearing (听证), appraisal (检测鉴定), announcement (公告), other"
        }
    )
    start: date = field(metadata={"doc": "起始日期"})
    end: date = field(validator=not_before("start"), metadata={"doc": "结束日期 (included)"})

    def days(self) -> int:
        """Calendar days of the period, both ends included."""
        return (self.end - self.start).days + 1


@frozen(kw_only=True)
class Extension:
    """An approved extension of the decision period (延长办案期限, 《行政处罚法》第六十条)."""

    approved_on: date = field(metadata={"doc": "批准日期"})
    days: int = field(validator=non_negative, metadata={"doc": "延长天数 (calendar days)"})
    approved_by: str | None = field(default=None, metadata={"doc": "批准人 (负责人)"})


@frozen(kw_only=True)
class LicenceApplication:
    """A licence application and its outcome (行政许可申请与决定)."""

    kind: LicenceKind = field(
        default=LicenceKind.NEW,
        metadata={"doc": "申请类别: new (首次), change (变更), renewal (延续)"},
    )
    applied_on: date = field(metadata={"doc": "申请日期: the application was received"})
    accepted_on: date | None = field(
        default=None, validator=not_before("applied_on"), metadata={"doc": "受理日期"}
    )
    outcome: LicenceOutcome | None = field(
        default=None,
        metadata={
            "doc": "许可决定: granted (准予), refused (不予), not_accepted (不予受理), withdrawn"
        },
    )
    outcome_on: date | None = field(
        default=None, validator=not_before("applied_on"), metadata={"doc": "决定日期"}
    )
    revoked_on: date | None = field(
        default=None, metadata={"doc": "撤销许可日期 (《行政许可法》第六十九条)"}
    )


@frozen(kw_only=True)
class CoerciveMeasure:
    """An administrative coercive measure (行政强制措施) and its decision date."""

    kind: MeasureKind = field(
        metadata={"doc": "措施种类: seal_up (查封), seize (扣押), freeze (冻结), other"}
    )
    decided_on: date = field(metadata={"doc": "决定日期: the measure was decided"})
    ended_on: date | None = field(
        default=None, validator=not_before("decided_on"), metadata={"doc": "解除日期"}
    )


@frozen(kw_only=True)
class Execution:
    """An administrative compulsory execution (行政强制执行) and when it ended."""

    kind: ExecutionKind = field(
        metadata={
            "doc": "执行方式: surcharge (加处罚款/滞纳金), transfer (划拨), auction (拍卖), "
            "restore (排除妨碍、恢复原状), substitute_performance (代履行), other"
        }
    )
    started_on: date | None = field(default=None, metadata={"doc": "开始日期"})
    ended_on: date | None = field(
        default=None,
        validator=not_before("started_on"),
        metadata={"doc": "执行完毕或终结日期: counts in this year's tables"},
    )


@frozen(kw_only=True)
class CourtApplication:
    """An application to the people's court for compulsory execution (申请人民法院强制执行)."""

    applied_on: date = field(metadata={"doc": "申请日期"})
    court: str | None = field(default=None, metadata={"doc": "受理法院"})
    ruled_on: date | None = field(
        default=None, validator=not_before("applied_on"), metadata={"doc": "裁定日期"}
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
    reviews: tuple[LegalReview, ...] = field(
        default=(),
        metadata={
            "doc": "法制审核 (several rounds, in order: 存在问题 → resubmitted → 同意); when "
            "review is also given it is the first round"
        },
    )
    hearing: Hearing | None = field(
        default=None, metadata={"doc": "听证权利: notification, waiver, request, notice, hearing"}
    )
    excluded_periods: tuple[ExcludedPeriod, ...] = field(
        default=(), metadata={"doc": "不计入办案期限的期间 (听证、检测鉴定、公告)"}
    )
    extension: Extension | None = field(
        default=None, metadata={"doc": "延长办案期限: an approved extension of the decision period"}
    )
    licence: LicenceApplication | None = field(
        default=None, metadata={"doc": "行政许可申请 (licensing cases)"}
    )
    measures: tuple[CoerciveMeasure, ...] = field(
        default=(), metadata={"doc": "行政强制措施 (查封、扣押、冻结...)"}
    )
    executions: tuple[Execution, ...] = field(
        default=(), metadata={"doc": "行政强制执行 (加处罚款、划拨、拍卖、代履行...)"}
    )
    court_application: CourtApplication | None = field(
        default=None, metadata={"doc": "申请人民法院强制执行"}
    )

    def review_rounds(self) -> tuple[LegalReview, ...]:
        """Every legal-review round in order (``review`` first, then ``reviews``)."""
        if self.review is None:
            return self.reviews
        return (self.review, *self.reviews)

    def last_review(self) -> LegalReview | None:
        """The last legal-review round, the one that decides (REV002), or ``None``."""
        rounds = self.review_rounds()
        return rounds[-1] if rounds else None

    def principal_parties(self) -> tuple[Party, ...]:
        """The parties the decision is about (role ``party``)."""
        return tuple(p for p in self.parties if p.role is PartyRole.PARTY)

    def records_at(self, stage: Stage) -> tuple[RecordEntry, ...]:
        """The record entries of one stage."""
        return tuple(r for r in self.records if r.stage is stage)

    def hearing_held(self) -> bool:
        """Whether the record shows a hearing (听证)."""
        if self.hearing is not None and self.hearing.held_on is not None:
            return True
        return any(r.stage is Stage.HEARING for r in self.records)

    def notices_of(self, kind: NoticeKind) -> tuple[PublicNotice, ...]:
        """The case's notices of one kind."""
        return tuple(n for n in self.notices if n.kind is kind)
