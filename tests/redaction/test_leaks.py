"""The fixed corpus of leaks: one case for each item of issue 10's list, rendered to a PDF.

Each case writes a natural person's data in the facts or the title in a form that used to
reach the public PDF in full. The PDF's extracted text, folded the way redaction folds
(NFKC, no spaces, hyphens, dots or invisible characters), must not contain it.
"""

from __future__ import annotations

import pytest

import enforcement
from enforcement.models import Party, PartyKind, PartyRole
from enforcement.redaction.folding import fold

from .cases import (
    ACCOUNT,
    AGENCY,
    ID_NUMBER,
    NAME,
    OPERATOR,
    PHONE,
    WITNESS,
    WITNESS_PHONE,
    case,
    pdf_text,
    sole_proprietorship,
)

# (what the issue lists, facts, title, party name, extra parties, what must not be published)
LEAKS = [
    ("name with a zero-width space", "当事人王\u200b小明占道经营。", "占道案", NAME, (), [NAME]),
    (
        "NUL inside the name field",
        "当事人王小明占道经营。",
        "王小明占道案",
        "王\x00小明",
        (),
        [NAME],
    ),
    (
        "ESC inside the name field",
        "当事人王小明占道经营。",
        "王小明占道案",
        "王\x1b小明",
        (),
        [NAME],
    ),
    ("a space inside a name", "当事人王 小明占道经营。", "王　小明占道案", NAME, (), [NAME]),
    ("the given name alone", "经查，小明于当日占道经营。", "占道案", NAME, (), ["小明"]),
    (
        "a minority name written with •",
        "当事人阿不都热合曼•买买提占道经营。",
        "阿不都热合曼・买买提占道案",
        "阿不都热合曼·买买提",
        (),
        ["阿不都热合曼", "买买提"],
    ),
    ("the phone with hyphens", "联系电话138-1234-5678。", "占道案", NAME, (), [PHONE]),
    ("the phone with spaces", "联系电话138 1234 5678。", "占道案", NAME, (), [PHONE]),
    (
        "the phone in full-width digits",
        "联系电话１３８１２３４５６７８。",
        "占道案",
        NAME,
        (),
        [PHONE],
    ),
    (
        "the phone spelled in Chinese digits",
        "联系电话一三八一二三四五六七八。",
        "占道案",
        NAME,
        (),
        ["一三八一二三四五六七八", PHONE],
    ),
    ("the ID with spaces", "身份证号120116 19880512 0035。", "占道案", NAME, (), [ID_NUMBER]),
    (
        "the ID in full-width digits",
        "身份证号１２０１１６１９８８０５１２００３５。",
        "占道案",
        NAME,
        (),
        [ID_NUMBER],
    ),
    (
        "a 15-digit legacy ID",
        "旧身份证号120116880512003。",
        "占道案",
        NAME,
        (),
        ["120116880512003"],
    ),
    (
        "an ID with a wrong check digit",
        "身份证号120116198805120038。",
        "占道案",
        NAME,
        (),
        ["120116198805120038"],
    ),
    (
        "the recorded home address quoted",
        "当事人在其住所港城路112号3单元501室门前堆放物料。",
        "占道案",
        NAME,
        (),
        ["港城路112号3单元501室"],
    ),
    ("a landline on record", f"证人电话{WITNESS_PHONE}。", "占道案", NAME, (), ["25328888"]),
    ("a landline not on record", "举报电话（0571）8765-4321。", "占道案", NAME, (), ["87654321"]),
    ("an e-mail address", "当事人邮箱wangxm@163.com。", "占道案", NAME, (), ["WANGXM@163.COM"]),
    ("the bank account on record", f"罚款从{ACCOUNT}账户缴纳。", "占道案", NAME, (), [ACCOUNT]),
    (
        "a bank card not on record",
        "转账银行卡6217 0000 1001 2345 677。",
        "占道案",
        NAME,
        (),
        ["6217000010012345677"],
    ),
    ("a witness who is a party of record", f"证人{WITNESS}在场。", "占道案", NAME, (), [WITNESS]),
    ("a witness not listed", "证人张建华、刘德胜在场。", "占道案", NAME, (), ["张建华", "刘德胜"]),
    ("a licence plate", "当事人驾驶津A12345号车辆占道。", "占道案", NAME, (), ["A12345"]),
    (
        "a 个体工商户's operator",
        f"{OPERATOR}经营的小吃店占道经营。",
        "赵铁柱小吃店占道案",
        NAME,
        (sole_proprietorship(),),
        [OPERATOR, "铁柱"],
    ),
]


@pytest.mark.parametrize(
    ("facts", "title", "name", "extra", "forbidden"),
    [pytest.param(*leak[1:], id=leak[0]) for leak in LEAKS],
)
def test_the_leak_does_not_reach_the_pdf(
    facts: str, title: str, name: str, extra: tuple[Party, ...], forbidden: list[str]
) -> None:
    data = enforcement.render_notice(case(facts, title, name=name, extra=extra), agency=AGENCY)
    text = fold(pdf_text(data))
    assert "某某" in text or "*" in text  # something was masked, and the PDF is readable
    for value in forbidden:
        assert fold(value) not in text


def test_a_sole_proprietorship_keeps_its_trade_name_with_the_operator_masked() -> None:
    data = enforcement.render_notice(
        case(extra=(sole_proprietorship(),)), agency=AGENCY, published_on=None
    )
    redacted = enforcement.redaction.redact_case(case(extra=(sole_proprietorship(),)))
    third = redacted.parties[2]
    assert third.name == "天津市滨海新区赵某某小吃店"
    assert third.representative == "赵某某"
    assert third.credit_code == "92120116MA05L6RW35"
    assert OPERATOR not in pdf_text(data)


def test_an_organisations_legal_representative_is_kept() -> None:
    org = Party(
        kind=PartyKind.ORGANISATION,
        name="天津市滨海新区孟欣汽车修理厂",
        credit_code="91120116MA05L6RW3X",
        representative="段霞子",
        role=PartyRole.PARTY,
    )
    facts = "天津市滨海新区孟欣汽车修理厂（法定代表人段霞子）在厂外喷漆。"
    redacted = enforcement.redaction.redact_case(case(facts, extra=(org,)))
    assert redacted.facts == facts


def test_a_withdrawal_notice_masks_the_reason() -> None:
    import attrs

    c = case()
    assert c.decision is not None
    revoked = attrs.evolve(
        c,
        decision=attrs.evolve(
            c.decision,
            revoked_on=c.decision.decided_on.replace(month=4),
            revocation_reason=f"经复议，王 小明提交的证据（电话{PHONE}）证明原决定认定事实不清。",
        ),
    )
    text = fold(pdf_text(enforcement.render_notice(revoked, "withdrawal", agency=AGENCY)))
    assert fold(NAME) not in text
    assert PHONE not in text
    assert "认定事实不清" in text
