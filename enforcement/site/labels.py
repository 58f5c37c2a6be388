"""Chinese names for the keys of the annual data tables (``Summary.to_data()["tables"]``).

The tables follow the 2024 template of 行政执法数据年度公示; a key this map does not know is
shown as it is, so that a new column is published rather than dropped.
"""

from __future__ import annotations

TABLE_TITLES: dict[str, str] = {
    "penalty": "行政处罚",
    "licensing": "行政许可",
    "coercion": "行政强制",
    "inspection": "行政检查",
    "other_acts": "其他行政执法行为",
    "certification": "执法人员持证情况",
}

ITEM_NAMES: dict[str, str] = {
    "warning_criticism": "警告、通报批评",
    "fine": "罚款",
    "confiscation": "没收违法所得、没收非法财物",
    "permit_suspension_downgrade": "暂扣许可证件、降低资质等级",
    "permit_revocation": "吊销许可证件",
    "business_restriction": "限制开展生产经营活动",
    "closure_employment_restriction": "责令停产停业、责令关闭、限制从业",
    "detention": "行政拘留",
    "other": "其他",
    "total": "合计",
    "forfeiture_wan": "罚没金额（万元）",
    "applications": "申请",
    "accepted": "受理",
    "granted": "准予许可",
    "refused": "不予许可",
    "revoked": "撤销许可",
    "seal_up": "查封场所、设施或者财物",
    "seize": "扣押财物",
    "freeze": "冻结存款、汇款",
    "other_measure": "其他行政强制措施",
    "surcharge": "加处罚款或者滞纳金",
    "transfer": "划拨存款、汇款",
    "auction": "拍卖或者依法处理查封、扣押的场所、设施或者财物",
    "restore": "排除妨碍、恢复原状",
    "substitute_performance": "代履行",
    "other_execution": "其他强制执行方式",
    "court_applications": "申请人民法院强制执行",
    "inspections": "行政检查",
    "enforcement_staff": "执法人员",
    "certified": "持证执法人员",
    "rate": "持证率",
    "levy": "行政征收",
    "requisition": "行政征用",
    "payment": "行政给付",
    "confirmation": "行政确认",
    "ruling": "行政裁决",
    "reward": "行政奖励",
    "other_enforcement": "其他",
}
