"""The demo data says what the law says: citations, credit codes, facts that fit the act."""

from __future__ import annotations

import pytest

from enforcement.identifiers import is_valid_credit_code
from enforcement.models import CaseCategory, Dataset, PartyKind
from enforcement.synthetic import generate_dataset


@pytest.fixture(scope="module")
def town() -> Dataset:
    return generate_dataset(cases=300, year=2020, seed=2020, defects=0.1)


def test_open_burning_of_rubbish_cites_article_119_paragraph_2(town: Dataset) -> None:
    bases = {b for power in town.agencies[0].powers for b in power.legal_basis}
    assert "《中华人民共和国大气污染防治法》第一百一十九条第二款" in bases
    assert not any("第一百一十八条" in b for b in bases)  # 餐饮油烟, not burning


def test_individual_businesses_carry_credit_codes_starting_92(town: Dataset) -> None:
    shops = [
        p
        for c in town.cases
        for p in c.parties
        if p.kind is PartyKind.ORGANISATION and p.name.endswith(("餐饮店", "便利店", "五金店"))
    ]
    assert shops
    for party in shops:
        assert party.credit_code is not None
        assert party.credit_code.startswith("92"), party
        assert is_valid_credit_code(party.credit_code)


def test_companies_keep_credit_codes_starting_91(town: Dataset) -> None:
    companies = [
        p for c in town.cases for p in c.parties if p.name.endswith("有限公司") and p.credit_code
    ]
    assert companies
    assert all(p.credit_code and p.credit_code.startswith("91") for p in companies)


def test_licence_facts_describe_an_application_not_a_violation(town: Dataset) -> None:
    licences = [c for c in town.cases if c.category is CaseCategory.LICENSING and c.decision]
    assert licences
    for case in licences:
        assert case.decision is not None
        facts = case.decision.facts or ""
        assert facts.startswith("申请人"), facts
        assert "擅自" not in facts
        assert "违法" not in facts


def test_a_town_government_punishes_building_under_the_rural_planning_permit(
    town: Dataset,
) -> None:
    # 城乡规划法 第六十五条 (乡、镇人民政府) is about the 乡村建设规划许可证.
    building = [c for c in town.cases if c.power_code == "XC-CF-002" and c.decision]
    assert building
    assert all("乡村建设规划许可证" in (c.decision.facts or "") for c in building if c.decision)


def test_safety_citations_use_the_numbering_in_force_on_the_decision_date() -> None:
    # 《安全生产法》 was renumbered on 2021-09-01: 第九十四条 became 第九十七条.
    for year, expected in ((2020, "（2014年修正）第九十四条"), (2022, "》第九十七条")):
        dataset = generate_dataset(cases=120, year=year, seed=11)
        cited = {
            b
            for c in dataset.cases
            if c.decision and c.power_code == "XC-CF-003"
            for b in c.decision.legal_basis
        }
        assert cited
        assert all(expected in b for b in cited), (year, cited)
