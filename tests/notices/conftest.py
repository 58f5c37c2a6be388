"""Fixtures for the notice tests: a small dataset, a person's and an organisation's case."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

import enforcement
from enforcement.models import (
    Agency,
    Case,
    CaseCategory,
    Dataset,
    Decision,
    NoticeKind,
    Party,
    PartyKind,
    PartyRole,
    Penalty,
    PenaltyKind,
    PublicNotice,
)
from enforcement.plugins import PluginManager

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cases.json"

PERSON_ID = "120116198805120037"  # valid check digit
PERSON_PHONE = "13812345678"
WITNESS_PHONE = "15900001111"


def pdf_text(data: bytes) -> str:
    """All extracted text of a PDF, pages joined."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def pm() -> PluginManager:
    """A fresh plugin manager with the installed plugins (the PDF renderer among them)."""
    return enforcement.make_plugin_manager()


@pytest.fixture
def agency() -> Agency:
    return Agency(id="xc", name="天津市滨海新区新城镇人民政府", credit_code="111201167BYC46N12K")


def person_case(
    *,
    facts: str = "当事人王小明于2020年3月2日在新城镇港城路12号擅自占用城市道路，证人李四在场。",
    id_number: str = PERSON_ID,
    phone: str = PERSON_PHONE,
    amount: str = "5000.00",
    revoked: bool = False,
) -> Case:
    decided = date(2020, 3, 10)
    return Case(
        id="T2020-001",
        agency_id="xc",
        category=CaseCategory.PENALTY,
        domain="城市管理",
        title="王小明擅自占用城市道路案",
        opened_on=date(2020, 3, 2),
        parties=(
            Party(
                kind=PartyKind.PERSON,
                name="王小明",
                id_number=id_number,
                phone=phone,
                address="天津市滨海新区新城村1号",
                bank_account="6222020200112233445",
            ),
            Party(kind=PartyKind.PERSON, name="李四", phone=WITNESS_PHONE, role=PartyRole.WITNESS),
        ),
        decision=Decision(
            number="津新城综执罚〔2020〕7号",
            decided_on=decided,
            facts=facts,
            legal_basis=("《城市道路管理条例》第四十二条",),
            penalties=(Penalty(kind=PenaltyKind.FINE, amount=Decimal(amount)),),
            revoked_on=date(2020, 4, 20) if revoked else None,
            revocation_reason="经行政复议，原处罚决定予以撤销" if revoked else None,
        ),
        notices=(
            PublicNotice(
                id="T2020-001-N1",
                kind=NoticeKind.DECISION,
                published_on=date(2020, 3, 12),
                withdrawn_on=date(2020, 4, 22) if revoked else None,
            ),
        ),
    )


@pytest.fixture
def case() -> Case:
    return person_case()


@pytest.fixture
def dataset() -> Dataset:
    return enforcement.load(EXAMPLE)
