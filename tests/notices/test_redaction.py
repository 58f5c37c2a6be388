from __future__ import annotations

import re
from datetime import date

import pytest

from enforcement.errors import PublicationRefusedError
from enforcement.models import Party, PartyKind
from enforcement.redaction import (
    RedactionRule,
    mask_id_number,
    mask_name,
    redact_case,
    surname,
)

from .conftest import PERSON_ID, PERSON_PHONE, WITNESS_PHONE, person_case


def test_a_persons_name_becomes_surname_plus_mouma() -> None:
    assert mask_name("王小明") == "王某某"
    assert mask_name("欧阳娜娜") == "欧阳某某"
    assert surname("欧阳") == "欧"  # a two-character name is surname + given name


def test_an_id_number_keeps_first_six_and_last_four() -> None:
    assert mask_id_number(PERSON_ID) == "120116********0037"


def test_party_fields_are_redacted_and_counted() -> None:
    redacted = redact_case(person_case())
    party, witness = redacted.parties
    assert party.name == "王某某"
    assert party.id_number == "120116********0037"
    assert party.address is None
    assert party.phone is not None
    assert PERSON_PHONE not in party.phone
    assert party.bank_account is not None
    assert party.bank_account.endswith("3445")
    assert witness.name == "李某某"
    m = redacted.manifest
    assert m.count("person_name", "parties[0].name") == 1
    assert m.count("other_person_name", "parties[1].name") == 1
    assert m.count("address_removed") == 1
    assert m.count("bank_account") == 1


def test_free_text_is_scanned_for_ids_mobiles_and_known_names() -> None:
    other_id = "110101199003074477"  # valid, not in the case
    facts = f"王小明（身份证{PERSON_ID}，电话{PERSON_PHONE}）与李四、{other_id}，联系13900139000。"
    redacted = redact_case(person_case(facts=facts))
    assert redacted.facts == (
        "王某某（身份证120116********0037，电话138********）与李某某、"
        "110101********4477，联系139********。"
    )
    m = redacted.manifest
    assert m.count("known_name", "decision.facts") == 2
    assert m.count("id_number_like", "decision.facts") == 1
    assert m.count("mobile_number", "decision.facts") == 1
    assert m.count("known_phone", "decision.facts") == 1


def test_an_18_digit_number_with_a_wrong_check_digit_is_masked_all_the_same() -> None:
    # A mistyped ID number is still somebody's ID number (issue 10, item 3).
    redacted = redact_case(person_case(facts="身份证号110101199003074478。"))
    assert redacted.facts == "身份证号110101********4478。"
    assert redacted.manifest.count("id_number_like", "decision.facts") == 1


def test_a_witness_phone_in_text_is_masked() -> None:
    redacted = redact_case(person_case(facts=f"证人电话{WITNESS_PHONE}"))
    assert redacted.facts is not None
    assert WITNESS_PHONE not in redacted.facts


def test_organisations_keep_name_and_credit_code() -> None:
    case = person_case()
    org = Party(
        kind=PartyKind.ORGANISATION,
        name="天津市滨海新区孟欣汽车修理厂",
        credit_code="91512081MA62K0260E",
        representative="段霞子",
        address="新城镇港城路112号",
    )
    import attrs

    redacted = redact_case(attrs.evolve(case, parties=(org,)))
    assert redacted.parties[0].name == org.name
    assert redacted.parties[0].credit_code == org.credit_code
    assert redacted.parties[0].address == org.address
    masked = redact_case(attrs.evolve(case, parties=(org,)), mask_representatives=True)
    assert masked.parties[0].representative == "段某某"


def test_extra_rules_apply_and_are_named_in_the_manifest() -> None:
    rule = RedactionRule("plate", re.compile(r"津[A-Z]\w{5}"), "津*****")
    redacted = redact_case(person_case(facts="车牌津A12345停放"), rules=[rule])
    assert redacted.facts == "车牌津*****停放"
    assert redacted.manifest.count("plate", "decision.facts") == 1


def test_a_minor_party_is_refused_unless_explicitly_allowed() -> None:
    minor_id = "120116200503010012"  # born 2005-03-01: 15 on 2020-03-10
    case = person_case(id_number=minor_id)
    assert case.parties[0].is_minor_on(date(2020, 3, 10))
    with pytest.raises(PublicationRefusedError, match=r"parties\[0\]\.id_number.*minor"):
        redact_case(case)
    assert redact_case(case, allow_minor=True).parties[0].name == "王某某"
