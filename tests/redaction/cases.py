"""A case with a natural person, a witness and a 个体工商户, and how to render it as text."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from enforcement.models import (
    Agency,
    Case,
    CaseCategory,
    Decision,
    Party,
    PartyKind,
    PartyRole,
    Penalty,
    PenaltyKind,
)

NAME = "王小明"
ID_NUMBER = "120116198805120035"
PHONE = "13812345678"
ADDRESS = "天津市滨海新区新城镇港城路112号3单元501室"
ACCOUNT = "6222020200112233445"
WITNESS = "李建国"
WITNESS_PHONE = "022-25328888"
OPERATOR = "赵铁柱"
SOLE_NAME = "天津市滨海新区赵铁柱小吃店"
SOLE_CODE = "92120116MA05L6RW35"
AGENCY = Agency(id="xc", name="天津市滨海新区新城镇人民政府", credit_code="111201167BYC46N12K")


def case(
    facts: str = "当事人于2020年3月2日在新城镇擅自占用城市道路。",
    title: str = "擅自占用城市道路案",
    *,
    name: str = NAME,
    extra: tuple[Party, ...] = (),
) -> Case:
    """A penalty case of ``name`` (a natural person) with ``facts`` and ``title``."""
    return Case(
        id="R2020-001",
        agency_id="xc",
        category=CaseCategory.PENALTY,
        domain="城市管理",
        title=title,
        opened_on=date(2020, 3, 2),
        parties=(
            Party(
                kind=PartyKind.PERSON,
                name=name,
                id_number=ID_NUMBER,
                phone=PHONE,
                address=ADDRESS,
                bank_account=ACCOUNT,
            ),
            Party(kind=PartyKind.PERSON, name=WITNESS, phone=WITNESS_PHONE, role=PartyRole.WITNESS),
            *extra,
        ),
        decision=Decision(
            number="津新城综执罚〔2020〕12号",
            decided_on=date(2020, 3, 10),
            facts=facts,
            legal_basis=("《城市道路管理条例》第四十二条",),
            penalties=(Penalty(kind=PenaltyKind.FINE, amount=Decimal("500")),),
        ),
    )


def sole_proprietorship() -> Party:
    """A 个体工商户 whose trade name embeds its operator's name."""
    return Party(
        kind=PartyKind.ORGANISATION,
        name=SOLE_NAME,
        credit_code=SOLE_CODE,
        representative=OPERATOR,
        role=PartyRole.THIRD_PARTY,
    )


def pdf_text(data: bytes) -> str:
    """All extracted text of a PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
