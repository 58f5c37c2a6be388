from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import enforcement_letterhead
from pypdf import PdfReader

import enforcement
from enforcement.models import (
    Case,
    CaseCategory,
    Decision,
    Party,
    PartyKind,
    Penalty,
    PenaltyKind,
)
from enforcement.redaction import redact_case


def _case() -> Case:
    return Case(
        id="L-1",
        agency_id="xc",
        category=CaseCategory.PENALTY,
        domain="城市管理",
        title="违法停车案",
        opened_on=date(2020, 5, 6),
        parties=(Party(kind=PartyKind.PERSON, name="张三丰"),),
        decision=Decision(
            number="津新城综执罚〔2020〕30号",
            decided_on=date(2020, 5, 8),
            facts="当事人驾驶津A12345、京B·D12345号车辆占用人行道。",
            penalties=(Penalty(kind=PenaltyKind.FINE, amount=Decimal("200")),),
        ),
    )


def test_plates_are_masked_by_the_core_without_a_plugin_rule() -> None:
    redacted = redact_case(_case())
    assert redacted.facts == "当事人驾驶津A*****、京B******号车辆占用人行道。"
    assert redacted.manifest.count("licence_plate") == 2


def test_the_letterhead_replaces_the_agency_name() -> None:
    pm = enforcement.make_plugin_manager(plugins=[enforcement_letterhead])
    data = enforcement.render_notice(_case(), plugin_manager=pm, published_on=date(2020, 5, 12))
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert enforcement_letterhead.LETTERHEAD in text
    assert "津A12345" not in text
