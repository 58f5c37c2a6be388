"""The words on notices and reports: category and penalty names, labels, titles."""

from __future__ import annotations

from collections.abc import Collection

from enforcement.models import (
    CaseCategory,
    PenaltyKind,
)
from enforcement.notices.document import DocumentKind, Lang

CATEGORY_ZH = {
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
    CaseCategory.OTHER: "行政执法",
}
CATEGORY_EN = {
    CaseCategory.PENALTY: "Administrative Penalty",
    CaseCategory.LICENSING: "Administrative Licensing",
    CaseCategory.COERCION: "Administrative Coercion",
    CaseCategory.INSPECTION: "Administrative Inspection",
    CaseCategory.LEVY: "Administrative Levy",
    CaseCategory.REQUISITION: "Administrative Requisition",
    CaseCategory.PAYMENT: "Administrative Payment",
    CaseCategory.CONFIRMATION: "Administrative Confirmation",
    CaseCategory.REWARD: "Administrative Reward",
    CaseCategory.ADJUDICATION: "Administrative Adjudication",
    CaseCategory.OTHER: "Administrative Enforcement",
}
PENALTY_ZH = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.PUBLIC_CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATION_OF_GAINS: "没收违法所得",
    PenaltyKind.CONFISCATION_OF_PROPERTY: "没收非法财物",
    PenaltyKind.LICENCE_SUSPENSION: "暂扣许可证件",
    PenaltyKind.QUALIFICATION_DOWNGRADE: "降低资质等级",
    PenaltyKind.LICENCE_REVOCATION: "吊销许可证件",
    PenaltyKind.BUSINESS_RESTRICTION: "限制开展生产经营活动",
    PenaltyKind.SUSPENSION_OF_BUSINESS: "责令停产停业",
    PenaltyKind.CLOSURE: "责令关闭",
    PenaltyKind.EMPLOYMENT_RESTRICTION: "限制从业",
    PenaltyKind.DETENTION: "行政拘留",
    PenaltyKind.OTHER: "其他行政处罚",
}
PENALTY_EN = {k: k.value.replace("_", " ") for k in PenaltyKind}

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "number": "决定文书号",
        "party": "当事人",
        "party_person": "当事人（自然人）",
        "credit_code": "统一社会信用代码",
        "id_number": "身份证件号码",
        "representative": "法定代表人（负责人）",
        "operator": "经营者",
        "address": "住所",
        "title": "案由",
        "facts": "主要违法事实",
        "facts_other": "主要事实",
        "basis": "法律依据",
        "penalties": "处罚内容",
        "result": "决定内容",
        "agency": "决定机关",
        "decided_on": "决定日期",
        "published_on": "公示日期",
        "term": "公示期限",
        "term_3m": "三个月",
        "term_3y": "三年",
        "until": "至",
        "remedies": "救济途径",
        "performance": "履行方式和期限",
        "verification": "核验信息",
        "digest": "内容摘要（SHA-256）",
        "case_id": "案件标识",
        "page": "第 {page} 页 共 {pages} 页",
        "yuan": "元",
        "withdrawal_reason": "撤下原因",
        "revoked_on": "决定撤销（变更）日期",
        "original_published_on": "原公示日期",
        "withdrawn_on": "撤下日期",
        "withdrawal_text": (
            "依据《中华人民共和国行政处罚法》第四十八条，原公示的决定已被撤销或者变更，"
            "现撤下原公示信息并予以说明。"
        ),
        "roster_title": "行政执法人员名单及权责清单（事前公开）",
        "roster_agency": "执法主体",
        "roster_on": "公开基准日",
        "roster_count": "持有效证件执法人员",
        "roster_officers": "行政执法人员名单",
        "roster_powers": "权责清单",
        "col_name": "姓名",
        "col_cert": "执法证号",
        "col_domains": "执法领域",
        "col_valid": "有效期",
        "col_issuer": "发证机关",
        "col_code": "事项编码",
        "col_power": "事项名称",
        "col_category": "类别",
        "col_domain": "领域",
        "col_basis": "设定依据",
        "people": "人",
        "none": "无",
    },
    "en": {
        "number": "Decision No.",
        "party": "Party",
        "party_person": "Party (natural person)",
        "credit_code": "Unified social credit code",
        "id_number": "ID number",
        "representative": "Legal representative",
        "operator": "Operator",
        "address": "Address",
        "title": "Case",
        "facts": "Facts of the violation",
        "facts_other": "Facts",
        "basis": "Legal basis",
        "penalties": "Penalties",
        "result": "Decision",
        "agency": "Deciding agency",
        "decided_on": "Decision date",
        "published_on": "Published on",
        "term": "Publication term",
        "term_3m": "3 months",
        "term_3y": "3 years",
        "until": "until",
        "remedies": "Remedies",
        "performance": "Manner and time limit of performance",
        "verification": "Verification",
        "digest": "Content digest (SHA-256)",
        "case_id": "Case id",
        "page": "Page {page} of {pages}",
        "yuan": "yuan",
        "withdrawal_reason": "Reason for withdrawal",
        "revoked_on": "Decision revoked or changed on",
        "original_published_on": "Originally published on",
        "withdrawn_on": "Withdrawn on",
        "withdrawal_text": (
            "The decision published earlier has been revoked or changed; its notice is withdrawn "
            "(Administrative Penalty Law, art. 48)."
        ),
        "roster_title": "Enforcement Officers and List of Powers (published in advance)",
        "roster_agency": "Agency",
        "roster_on": "As of",
        "roster_count": "Officers with an active certificate",
        "roster_officers": "Enforcement officers",
        "roster_powers": "List of powers",
        "col_name": "Name",
        "col_cert": "Certificate No.",
        "col_domains": "Domains",
        "col_valid": "Valid",
        "col_issuer": "Issuer",
        "col_code": "Code",
        "col_power": "Power",
        "col_category": "Category",
        "col_domain": "Domain",
        "col_basis": "Basis",
        "people": "",
        "none": "none",
    },
}


def notice_title(category: CaseCategory, kind: DocumentKind, lang: Lang = "zh") -> str:
    """The title of a notice: ``行政处罚决定信息公示``, ``行政许可决定信息撤下说明``..."""
    if kind == "roster":
        return LABELS[lang]["roster_title"]
    if lang == "en":
        name = CATEGORY_EN[category]
        if kind == "withdrawal":
            return f"Withdrawal of the Public Notice of an {name} Decision"
        return f"Public Notice of an {name} Decision"
    name = CATEGORY_ZH[category]
    if category is CaseCategory.INSPECTION:
        return f"{name}结果信息" + ("撤下说明" if kind == "withdrawal" else "公示")
    return f"{name}决定信息" + ("撤下说明" if kind == "withdrawal" else "公示")


def remedies_text(lang: Lang, reconsideration_body: str | None, court: str | None) -> str:
    """救济途径: reconsideration within 60 days (《行政复议法》第二十条) and a lawsuit within
    6 months (《行政诉讼法》第四十六条), naming the 复议机关 and the 人民法院 where the agency's
    settings give them; without them the wording names neither and stays true."""
    if lang == "en":
        where_rc = f" to {reconsideration_body}" if reconsideration_body else ""
        where_court = court if court else "a people's court"
        return (
            "A party who disagrees with this decision may apply for administrative "
            f"reconsideration{where_rc} within 60 days, or bring an administrative lawsuit "
            f"before {where_court} within 6 months, of learning of the decision."
        )
    rc = f"向{reconsideration_body}" if reconsideration_body else "依法"
    lawsuit = f"向{court}" if court else "依法向人民法院"
    return (
        f"当事人对本决定不服的，可以自知道或者应当知道该决定之日起六十日内{rc}申请行政复议，"
        f"或者自知道或者应当知道作出该决定之日起六个月内{lawsuit}提起行政诉讼。"
    )


def performance_text(kinds: Collection[PenaltyKind], lang: Lang) -> str | None:
    """履行方式和期限 (APL 第五十九条(四)) of a penalty decision with these kinds of penalty.

    Money is paid within 15 days of receiving the decision, at the designated bank or
    through the electronic payment system (第六十七条); a late fine adds 3% of the fine a
    day, up to the fine (第七十二条). Other penalties are performed from the day the
    decision is served. ``None`` when nothing is to be performed (a warning or a public
    criticism only).
    """
    money = [k for k in (PenaltyKind.FINE, PenaltyKind.CONFISCATION_OF_GAINS) if k in kinds]
    passive = {PenaltyKind.WARNING, PenaltyKind.PUBLIC_CRITICISM}
    others = [k for k in PenaltyKind if k in kinds and k not in money and k not in passive]
    if not money and not others:
        return None
    names = PENALTY_ZH if lang == "zh" else PENALTY_EN
    parts: list[str] = []
    if lang == "en":
        if money:
            what = " and ".join(
                "the fine" if k is PenaltyKind.FINE else "the confiscated illegal gains"
                for k in money
            )
            late = (
                "; a late fine adds 3% of the fine a day, up to the fine"
                if PenaltyKind.FINE in money
                else ""
            )
            parts.append(
                f"Pay {what} within 15 days of receiving this decision, at the designated bank "
                f"or by electronic payment{late}."
            )
        if others:
            parts.append(
                f"{'; '.join(names[k] for k in others).capitalize()}: from the day this decision "
                "is served."
            )
        return " ".join(parts)
    if money:
        what = "和".join("罚款" if k is PenaltyKind.FINE else "没收的违法所得" for k in money)
        parts.append(
            f"当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳{what}"
        )
        if PenaltyKind.FINE in money:
            parts.append(
                "；到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，"
                "加处罚款的数额不得超出罚款的数额"
            )
        parts.append("。")
    if others:
        parts.append(f"{'、'.join(names[k] for k in others)}自本决定书送达之日起执行。")
    return "".join(parts)


def verification_text(lang: Lang, agency: str, website: str | None) -> str:
    """How a reader checks a notice, in plain words: look it up on the agency's portal, or
    ask the agency, giving the case id and the digest printed beside this text."""
    if lang == "en":
        where = f"Look this notice up at {website}, or ask" if website else "Ask"
        return (
            f"To check this notice: {where} {agency}, giving the case id and the content digest "
            "above; they identify the original."
        )
    where = f"可以登录{website}查询本公示，或者" if website else "可以"
    return f"核验方法：{where}向{agency}提供上列案件标识和内容摘要，核对本公示是否与原件一致。"
