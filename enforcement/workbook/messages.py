"""Chinese wording of the problems the converter and the validation report in English.

The converter and :mod:`enforcement.validation` speak English, beside JSON paths.
A workbook's users read Chinese, beside cells: each known message is matched by
a pattern and reworded. A message no pattern knows (one added later) is shown as
it is, in English, rather than not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from enforcement.workbook.labels import enum_label, enum_lookup
from enforcement.workbook.layout import workbook_layout

Rewrite = Callable[[re.Match[str]], str]


@cache
def _field_terms() -> dict[str, str]:
    out: dict[str, str] = {}
    for sheet in workbook_layout().sheets:
        for column in sheet.columns:
            out.setdefault(column.path[-1], column.header_zh)
    return out


def _field(name: str) -> str:
    return _field_terms().get(name, name)


def _value(text: str) -> str:
    """An enumeration value in a message, shown by its label when it has one."""
    from enforcement import models

    for enum in (models.PenaltyKind, models.ReviewOutcome, models.PartyKind):
        member = enum_lookup(enum).get(text)
        if member is not None:
            return enum_label(member)
    return text


_PATTERNS: list[tuple[re.Pattern[str], Rewrite]] = [
    (re.compile(r"required key is missing"), lambda m: "必填，不能为空"),
    (re.compile(r"must not be empty"), lambda m: "必填，不能为空"),
    (re.compile(r"must not be negative, got (.+)"), lambda m: f"不能为负数，实为 {m[1]}"),
    (
        re.compile(r"(\S+) is before (\w+) (\S+)"),
        lambda m: f"{m[1]} 早于{_field(m[2])} {m[3]}",
    ),
    (
        re.compile(r"check digit is (\w), expected (\w)"),
        lambda m: f"校验码应为 {m[2]}，实为 {m[1]}",
    ),
    (
        re.compile(r"check character is (\w), expected (\w)"),
        lambda m: f"校验码应为 {m[2]}，实为 {m[1]}",
    ),
    (
        re.compile(r"expected 18 characters( \(or a legacy 15-digit number\))?, got (\d+)"),
        lambda m: f"应为 18 位{'（或旧版 15 位）' if m[1] else ''}，实为 {m[2]} 位",
    ),
    (re.compile(r"the first 17 characters must be digits"), lambda m: "前 17 位应为数字"),
    (re.compile(r"the check character must be an upper-case X"), lambda m: "校验码应为大写 X"),
    (
        re.compile(r"the check character must be a digit or X, got (.+)"),
        lambda m: f"校验码应为数字或 X，实为 {m[1]}",
    ),
    (re.compile(r"birth date (\d+) is not a valid date"), lambda m: f"出生日期 {m[1]} 无效"),
    (
        re.compile(r"characters not allowed by GB 32100: (.+) \(allowed.*"),
        lambda m: f"含有 GB 32100 不允许的字符：{m[1]}（允许 0-9 和 ABCDEFGHJKLMNPQRTUWXY）",
    ),
    (re.compile(r"duplicate (?:agency|officer|case) id '(.*)'"), lambda m: f"标识 {m[1]} 重复"),
    (re.compile(r"duplicate power code '(.*)'"), lambda m: f"事项编码 {m[1]} 重复"),
    (
        re.compile(r"duplicate certificate number '(.*)' \(also held by '(.*)'\)"),
        lambda m: f"证件编号 {m[1]} 重复（人员 {m[2]} 也持有）",
    ),
    (
        re.compile(r"duplicate record id '(.*)' in case .*"),
        lambda m: f"记录标识 {m[1]} 在本案中重复",
    ),
    (
        re.compile(r"duplicate notice id '(.*)' in case .*"),
        lambda m: f"公示标识 {m[1]} 在本案中重复",
    ),
    (re.compile(r"no agency with id '(.*)'"), lambda m: f"没有标识为 {m[1]} 的执法主体"),
    (re.compile(r"no officer with id '(.*)'"), lambda m: f"没有标识为 {m[1]} 的执法人员"),
    (
        re.compile(r"agency '(.*)' has no power with code '(.*)'"),
        lambda m: f"执法主体 {m[1]} 的权责清单中没有编码为 {m[2]} 的事项",
    ),
    (
        re.compile(r"a natural person has no credit code; use kind organisation"),
        lambda m: "自然人没有统一社会信用代码；如为单位，当事人类型应选“法人或其他组织”",
    ),
    (
        re.compile(r"an organisation has no ID number; use credit_code"),
        lambda m: "单位没有居民身份证号；请填写统一社会信用代码",
    ),
    (
        re.compile(r"corrects '(.*)', which is not an earlier entry of this case"),
        lambda m: f"更正的记录 {m[1]} 不是本案中更早的记录",
    ),
    (
        re.compile(r"a pending review has no completion date"),
        lambda m: "审核中的审核不应有完成日期",
    ),
    (
        re.compile(r"required when the outcome is (\w+)"),
        lambda m: f"审核结论为“{_value(m[1])}”时必填",
    ),
    (
        re.compile(r"(\S+) is before the case was opened \((\S+)\)"),
        lambda m: f"{m[1]} 早于立案日期（{m[2]}）",
    ),
    (
        re.compile(r"(\S+) is before the decision \((\S+)\)"),
        lambda m: f"{m[1]} 早于决定日期（{m[2]}）",
    ),
    (
        re.compile(r"revoked_on and revocation_reason go together"),
        lambda m: "撤销/变更日期与撤销/变更原因应同时填写",
    ),
    (re.compile(r"required for a (\w+)"), lambda m: f"{_value(m[1])}必须填写金额"),
    (
        re.compile(r"(case|agency|officer) '(.*)' is already in the store"),
        lambda m: (
            f"{ {'case': '案件', 'agency': '执法主体', 'officer': '执法人员'}[m[1]] } {m[2]} 已在库中"
        ),
    ),
]


def in_chinese(message: str) -> str:
    """``message`` in Chinese when a pattern knows it, else unchanged."""
    for pattern, rewrite in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return rewrite(match)
    return message
