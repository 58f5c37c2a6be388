"""What a decision notice says: performance, remedies naming their bodies, plain words on how to
verify, each amount once; and the agency settings behind them."""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from typing import Any

import attrs
import pytest

import enforcement
from enforcement.errors import FieldError, ValidationError
from enforcement.models import Agency, Case, CaseCategory, Party, PartyKind, Penalty, PenaltyKind
from enforcement.notices import Lang, build_notice_document
from enforcement.plugins import PluginManager
from enforcement.synthetic import make_credit_code

from .conftest import EXAMPLE, pdf_text, person_case

RC_BODY = "天津市滨海新区人民政府"
COURT = "天津市滨海新区人民法院"


def _text(case: Case, agency: Agency, pm: PluginManager, lang: Lang = "zh") -> str:
    data = enforcement.render_notice(case, agency=agency, lang=lang, plugin_manager=pm)
    return "".join(pdf_text(data).split())


def _with_penalties(*penalties: Penalty) -> Case:
    case = person_case()
    assert case.decision is not None
    return attrs.evolve(case, decision=attrs.evolve(case.decision, penalties=penalties))


def test_remedies_name_the_reconsideration_body_and_the_court(
    agency: Agency, pm: PluginManager
) -> None:
    text = _text(person_case(), attrs.evolve(agency, reconsideration_body=RC_BODY, court=COURT), pm)
    assert "六十日内向天津市滨海新区人民政府申请行政复议" in text
    assert "六个月内向天津市滨海新区人民法院提起行政诉讼" in text


def test_remedies_without_the_bodies_name_neither_and_stay_true(
    agency: Agency, pm: PluginManager
) -> None:
    text = _text(person_case(), agency, pm)
    assert "六十日内依法申请行政复议" in text
    assert "六个月内依法向人民法院提起行政诉讼" in text


def test_english_remedies_name_the_bodies(agency: Agency, pm: PluginManager) -> None:
    text = _text(
        person_case(),
        attrs.evolve(agency, reconsideration_body=RC_BODY, court=COURT),
        pm,
        lang="en",
    )
    assert "reconsiderationto天津市滨海新区人民政府within60days" in text
    assert "before天津市滨海新区人民法院within6months" in text


def test_the_digest_covers_the_bodies_the_remedies_name(agency: Agency, pm: PluginManager) -> None:
    plain = build_notice_document(person_case(), agency=agency, plugin_manager=pm)
    named = build_notice_document(
        person_case(),
        agency=attrs.evolve(agency, reconsideration_body=RC_BODY, court=COURT),
        plugin_manager=pm,
    )
    other = build_notice_document(
        person_case(),
        agency=attrs.evolve(agency, reconsideration_body=RC_BODY, court="天津市第二中级人民法院"),
        plugin_manager=pm,
    )
    assert len({plain.digest, named.digest, other.digest}) == 3
    assert "court" not in plain.content["agency"]


def test_a_fine_says_how_and_by_when_to_pay_and_what_late_payment_costs(
    agency: Agency, pm: PluginManager
) -> None:
    text = _text(person_case(), agency, pm)
    assert "履行方式和期限：当事人应当自收到本决定书之日起十五日内" in text
    assert "到指定的银行或者通过电子支付系统缴纳罚款" in text
    assert "每日按罚款数额的百分之三加处罚款" in text


def test_a_penalty_without_money_says_when_it_takes_effect(
    agency: Agency, pm: PluginManager
) -> None:
    case = _with_penalties(Penalty(kind=PenaltyKind.SUSPENSION_OF_BUSINESS, description="三十日"))
    text = _text(case, agency, pm)
    assert "责令停产停业自本决定书送达之日起执行" in text
    assert "百分之三" not in text


def test_english_performance_is_printed_too(agency: Agency, pm: PluginManager) -> None:
    text = _text(person_case(), agency, pm, lang="en")
    assert "Paythefinewithin15daysofreceivingthisdecision" in text
    assert "3%ofthefineaday" in text


def test_a_licence_notice_has_no_performance_paragraph(agency: Agency, pm: PluginManager) -> None:
    case = attrs.evolve(_with_penalties(), category=CaseCategory.LICENSING)
    assert "履行方式" not in _text(case, agency, pm)


def test_an_amount_the_description_restates_is_printed_once(
    agency: Agency, pm: PluginManager
) -> None:
    for description in ("罚款人民币8000元", "罚款８，０００元", "罚款 8,000.00 元", "罚款捌仟元整"):
        case = _with_penalties(
            Penalty(kind=PenaltyKind.FINE, amount=Decimal("8000"), description=description)
        )
        text = _text(case, agency, pm)
        assert "处罚内容：罚款，8,000.00元（人民币捌仟元整）履行" in text, description


def test_a_description_that_adds_something_is_kept(agency: Agency, pm: PluginManager) -> None:
    case = _with_penalties(
        Penalty(kind=PenaltyKind.FINE, amount=Decimal("8000"), description="当场收缴")
    )
    assert "罚款，8,000.00元（人民币捌仟元整），当场收缴" in _text(case, agency, pm)


def test_a_description_that_starts_with_the_kind_replaces_the_kind(
    agency: Agency, pm: PluginManager
) -> None:
    case = _with_penalties(
        Penalty(kind=PenaltyKind.SUSPENSION_OF_BUSINESS, description="责令停产停业整顿三十日")
    )
    text = _text(case, agency, pm)
    assert "处罚内容：责令停产停业整顿三十日" in text
    assert "责令停产停业，责令停产停业" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_developer_text_on_a_notice(agency: Agency, pm: PluginManager, lang: Lang) -> None:
    text = _text(person_case(), agency, pm, lang=lang)
    for developer in ("enforcement", "verify", "THIS_FILE", "数据源", "docs/"):
        assert developer not in text


def test_the_notice_points_to_the_agency_portal_when_it_has_one(
    agency: Agency, pm: PluginManager
) -> None:
    portal = attrs.evolve(agency, website="https://www.xincheng.example/gongshi")
    text = _text(person_case(), portal, pm)
    assert "核验方法：可以登录https://www.xincheng.example/gongshi查询本公示" in text


def test_without_a_portal_the_notice_says_to_ask_the_agency(
    agency: Agency, pm: PluginManager
) -> None:
    text = _text(person_case(), agency, pm)
    assert "核验方法：可以向天津市滨海新区新城镇人民政府提供上列案件标识和内容摘要" in text
    assert "http" not in text


@pytest.mark.parametrize(
    "address", ["www.xincheng.gov.cn", "ftp://xincheng.gov.cn", "https://", "https://a b.cn"]
)
def test_an_agency_website_must_be_a_web_address(address: str) -> None:
    with pytest.raises(FieldError, match="website"):
        Agency(id="xc", name="新城镇人民政府", website=address)


def test_a_bad_website_in_a_file_is_reported_at_its_path() -> None:
    data: dict[str, Any] = copy.deepcopy(enforcement.to_data(enforcement.load(EXAMPLE)))
    data["agencies"][0]["website"] = "xincheng.gov.cn"
    with pytest.raises(ValidationError) as info:
        enforcement.from_data(data)
    assert [path for path, _ in info.value.errors] == ["$.agencies[0].website"]


@pytest.mark.parametrize("key", ["reconsideration_body", "court"])
def test_a_blank_body_is_refused(key: str) -> None:
    with pytest.raises(FieldError, match=key):
        attrs.evolve(Agency(id="xc", name="新城镇人民政府"), **{key: "  "})  # type: ignore[arg-type]


def test_the_schema_describes_the_new_agency_fields() -> None:
    from enforcement.schema import json_schema

    props = json_schema()["$defs"]["Agency"]["properties"]
    assert {"reconsideration_body", "court", "website"} <= set(props)
    assert props["website"]["anyOf"][0]["pattern"].startswith("^https?://")


def test_an_individual_business_names_its_operator_not_a_legal_representative(
    agency: Agency, pm: PluginManager
) -> None:
    shop = Party(
        kind=PartyKind.ORGANISATION,
        name="天津市滨海新区郑娜餐饮店",
        credit_code=make_credit_code(random.Random(1), "92120116"),
        representative="郑娜",
    )
    case = attrs.evolve(person_case(), parties=(shop,))
    text = _text(case, agency, pm)
    assert "经营者：" in text
    assert "法定代表人" not in text


def test_an_english_notice_leaves_out_a_chinese_description_that_restates_the_amount(
    agency: Agency, pm: PluginManager
) -> None:
    case = _with_penalties(
        Penalty(kind=PenaltyKind.FINE, amount=Decimal("8000"), description="罚款人民币8000元")
    )
    text = _text(case, agency, pm, lang="en")
    assert "Penalties:fine;CNY8,000.00(人民币捌仟元整)Manner" in text


def test_markup_in_a_website_prints_literally(agency: Agency, pm: PluginManager) -> None:
    # No spaces are allowed, but tags need none: <b>, <br/>, an entity.
    hostile = attrs.evolve(agency, website="https://x.example/<b>big</b>&amp;<br/>end")
    data = enforcement.render_notice(person_case(), agency=hostile, plugin_manager=pm)
    text = "".join(pdf_text(data).split())
    assert "https://x.example/<b>big</b>&amp;<br/>end" in text


def test_a_website_in_a_dataset_round_trips() -> None:
    dataset = enforcement.load(EXAMPLE)
    assert dataset.agencies[0].website == "https://xincheng.tjbh.example"
    assert enforcement.from_data(enforcement.to_data(dataset)) == dataset


def test_a_description_that_restates_the_amount_and_says_more_is_kept(
    agency: Agency, pm: PluginManager
) -> None:
    case = _with_penalties(
        Penalty(kind=PenaltyKind.FINE, amount=Decimal("100"), description="罚款100元，责令改正")
    )
    assert "罚款，100.00元（人民币壹佰元整），罚款100元，责令改正" in _text(case, agency, pm)


def test_an_on_the_spot_fine_is_stated_once(agency: Agency, pm: PluginManager) -> None:
    case = _with_penalties(
        Penalty(kind=PenaltyKind.FINE, amount=Decimal("100"), description="当场罚款100元")
    )
    assert "处罚内容：罚款，100.00元（人民币壹佰元整）履行" in _text(case, agency, pm)
