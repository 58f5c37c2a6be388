"""Closed vocabularies of the interchange format.

Each enum's values are the exact strings of the JSON format (a public contract):
add members, never rename them.
"""

from __future__ import annotations

from enum import StrEnum


class CaseCategory(StrEnum):
    """Kind of administrative act (行政行为类别)."""

    PENALTY = "penalty"  # 行政处罚
    LICENSING = "licensing"  # 行政许可
    COERCION = "coercion"  # 行政强制
    INSPECTION = "inspection"  # 行政检查
    LEVY = "levy"  # 行政征收
    REQUISITION = "requisition"  # 行政征用
    PAYMENT = "payment"  # 行政给付
    CONFIRMATION = "confirmation"  # 行政确认
    REWARD = "reward"  # 行政奖励
    ADJUDICATION = "adjudication"  # 行政裁决
    OTHER = "other"  # 其他


class Procedure(StrEnum):
    """Procedure a case follows (程序)."""

    ORDINARY = "ordinary"  # 普通程序
    SIMPLIFIED = "simplified"  # 简易程序


class PartyKind(StrEnum):
    """Whether a party is a natural person or an organisation."""

    PERSON = "person"  # 自然人
    ORGANISATION = "organisation"  # 法人或其他组织


class PartyRole(StrEnum):
    """The part a person or organisation plays in a case."""

    PARTY = "party"  # 当事人 (the subject of the decision)
    THIRD_PARTY = "third_party"  # 利害关系人
    WITNESS = "witness"  # 证人
    OTHER = "other"  # 其他相关人员


class Stage(StrEnum):
    """Stage of a case that a record entry documents (执法环节)."""

    FILING = "filing"  # 立案 / 启动
    INVESTIGATION = "investigation"  # 调查取证
    NOTIFICATION = "notification"  # 告知
    HEARING = "hearing"  # 听证
    REVIEW = "review"  # 法制审核
    DECISION = "decision"  # 决定
    SERVICE = "service"  # 送达
    EXECUTION = "execution"  # 执行
    CLOSING = "closing"  # 结案


class RecordKind(StrEnum):
    """Medium of a record entry (文字记录 or 音像记录)."""

    TEXT = "text"
    AUDIO = "audio"
    VIDEO = "video"
    PHOTO = "photo"
    DOCUMENT = "document"


class Act(StrEnum):
    """The on-site act a record entry documents, where it matters to the rules."""

    INSPECTION = "inspection"  # 现场检查
    EVIDENCE_COLLECTION = "evidence_collection"  # 调查取证
    SEIZURE = "seizure"  # 扣押
    SEALING = "sealing"  # 查封
    FORCED_DEMOLITION = "forced_demolition"  # 强制拆除
    REGISTRATION_PRESERVATION = "registration_preservation"  # 先行登记保存
    SERVICE_BY_LEAVING = "service_by_leaving"  # 留置送达
    HEARING = "hearing"  # 听证
    OTHER = "other"


class ReviewOutcome(StrEnum):
    """Outcome of a legal review (法制审核意见)."""

    PENDING = "pending"  # 审核中
    APPROVED = "approved"  # 同意
    REVISE = "revise"  # 存在问题, 修改后重新报送
    REJECTED = "rejected"  # 不同意


class PenaltyKind(StrEnum):
    """Penalty types of 《行政处罚法》第九条, lightest first.

    The declaration order is the counting order of the annual statistics (a
    decision with several penalties counts once, under the heaviest);
    :meth:`severity` exposes it.
    """

    WARNING = "warning"  # 警告
    PUBLIC_CRITICISM = "public_criticism"  # 通报批评
    FINE = "fine"  # 罚款
    CONFISCATION_OF_GAINS = "confiscation_of_gains"  # 没收违法所得
    CONFISCATION_OF_PROPERTY = "confiscation_of_property"  # 没收非法财物
    LICENCE_SUSPENSION = "licence_suspension"  # 暂扣许可证件
    QUALIFICATION_DOWNGRADE = "qualification_downgrade"  # 降低资质等级
    LICENCE_REVOCATION = "licence_revocation"  # 吊销许可证件
    BUSINESS_RESTRICTION = "business_restriction"  # 限制开展生产经营活动
    SUSPENSION_OF_BUSINESS = "suspension_of_business"  # 责令停产停业
    CLOSURE = "closure"  # 责令关闭
    EMPLOYMENT_RESTRICTION = "employment_restriction"  # 限制从业
    DETENTION = "detention"  # 行政拘留
    OTHER = "other"  # 法律、行政法规规定的其他行政处罚

    @property
    def severity(self) -> int:
        """Rank in the statistics' ordering (警告 lowest); ``other`` ranks lowest of all."""
        if self is PenaltyKind.OTHER:
            return -1
        return _PENALTY_ORDER.index(self)


_PENALTY_ORDER = [kind for kind in PenaltyKind if kind is not PenaltyKind.OTHER]


class NoticeKind(StrEnum):
    """Kind of public notice (公示)."""

    DECISION = "decision"  # 决定公示
    WITHDRAWAL = "withdrawal"  # 撤下说明


class IdKind(StrEnum):
    """Kind of a natural person's identity document (证件类型)."""

    RESIDENT_ID = "resident_id"  # 居民身份证 (GB 11643; 18 or legacy 15 digits)
    PASSPORT = "passport"  # 护照
    OTHER = "other"  # 其他证件 (港澳台居民居住证, 军官证...)


class LicenceKind(StrEnum):
    """What a licence application asks for (行政许可申请类别)."""

    NEW = "new"  # 设立/首次申请
    CHANGE = "change"  # 变更
    RENEWAL = "renewal"  # 延续


class LicenceOutcome(StrEnum):
    """How a licence application ended (许可决定)."""

    GRANTED = "granted"  # 准予许可 (准予变更/延续 included)
    REFUSED = "refused"  # 不予许可 (不予变更/延续 included)
    NOT_ACCEPTED = "not_accepted"  # 不予受理
    WITHDRAWN = "withdrawn"  # 申请人撤回


class MeasureKind(StrEnum):
    """Kind of an administrative coercive measure (行政强制措施, 《行政强制法》第九条)."""

    SEAL_UP = "seal_up"  # 查封场所、设施或者财物
    SEIZE = "seize"  # 扣押财物
    FREEZE = "freeze"  # 冻结存款、汇款
    OTHER = "other"  # 限制公民人身自由等其他行政强制措施


class ExecutionKind(StrEnum):
    """Kind of an administrative compulsory execution (行政强制执行, 《行政强制法》第十二条)."""

    SURCHARGE = "surcharge"  # 加处罚款或者滞纳金
    TRANSFER = "transfer"  # 划拨存款、汇款
    AUCTION = "auction"  # 拍卖或者依法处理查封、扣押的场所、设施或者财物
    RESTORE = "restore"  # 排除妨碍、恢复原状
    SUBSTITUTE_PERFORMANCE = "substitute_performance"  # 代履行
    OTHER = "other"  # 其他强制执行方式


class ExcludedPeriodKind(StrEnum):
    """A period not counted in the decision period (不计入办案期限的期间)."""

    HEARING = "hearing"  # 听证
    APPRAISAL = "appraisal"  # 检测、检验、检疫、鉴定
    ANNOUNCEMENT = "announcement"  # 公告
    OTHER = "other"  # 其他依法不计入的期间


class ReportKind(StrEnum):
    """An annual report an agency publishes (年度报告)."""

    STATISTICS = "statistics"  # 行政执法统计年报 (118号 二(六): by 31 January)
    RULE_OF_LAW = "rule_of_law"  # 法治政府建设年度报告 (督察规定 第二十四条: by 1 April)


class CertificateEventKind(StrEnum):
    """Dated events in a certificate's life (证件管理)."""

    SUSPENDED = "suspended"  # 暂扣
    REINSTATED = "reinstated"  # 恢复
    REVOKED = "revoked"  # 吊销
    CANCELLED = "cancelled"  # 注销 (transfer, retirement, loss)
    REVIEW_PASSED = "review_passed"  # 年审合格
    REVIEW_FAILED = "review_failed"  # 年审不合格


class CertificateStatus(StrEnum):
    """A certificate's status on a given day; derived, never stored."""

    ACTIVE = "active"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    CANCELLED = "cancelled"
