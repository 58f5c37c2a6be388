"""居民身份证号 (GB 11643) and 统一社会信用代码 (GB 32100) check characters."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enforcement.identifiers import (
    USCC_ALPHABET,
    credit_code_check_char,
    credit_code_problem,
    id_number_birth_date,
    id_number_check_char,
    id_number_problem,
    is_valid_credit_code,
    is_valid_id_number,
)


def test_published_credit_code_examples() -> None:
    # domain.md, worked example 12.
    assert is_valid_credit_code("91512081MA62K0260E")
    assert credit_code_problem("91350100M000100Y4Z") == "check character is Z, expected 3"
    assert is_valid_credit_code("91350100M000100Y43")


def test_credit_code_rejects_letters_outside_the_alphabet() -> None:
    problem = credit_code_problem("91350100I000100Y43")
    assert problem is not None
    assert "'I'" in problem


def test_credit_code_length() -> None:
    assert credit_code_problem("9135010") == "expected 18 characters, got 7"


def test_id_number_check_digit_x() -> None:
    # GB 11643's own example: 11010519491231002X.
    assert is_valid_id_number("11010519491231002X")
    assert id_number_problem("110105194912310021") == "check digit is 1, expected X"
    assert id_number_problem("11010519491231002x") == "the check character must be an upper-case X"


def test_id_number_birth_date_must_exist() -> None:
    body = "11010519490230002"  # 30 February
    problem = id_number_problem(body + id_number_check_char(body))
    assert problem == "birth date 19490230 is not a valid date"
    assert id_number_birth_date("11010519491231002X") == date(1949, 12, 31)


def test_id_number_shape() -> None:
    assert id_number_problem("1101051949123100") == (
        "expected 18 characters (or a legacy 15-digit number), got 16"
    )
    assert id_number_problem("11010519491231A02X") == "the first 17 characters must be digits"


@given(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    st.integers(0, 999),
)
def test_any_generated_id_number_validates_and_one_changed_digit_does_not(
    region: str, born: date, seq: int
) -> None:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    number = body + id_number_check_char(body)
    assert is_valid_id_number(number)
    assert id_number_birth_date(number) == born
    # Changing the sequence digit changes the check character (MOD 11-2 detects single errors).
    other = body[:-1] + str((int(body[-1]) + 1) % 10)
    assert not is_valid_id_number(other + number[-1])


@given(
    st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17),
    st.integers(0, 16),
    st.sampled_from(USCC_ALPHABET),
)
def test_credit_code_detects_any_single_substitution(
    body: str, position: int, replacement: str
) -> None:
    code = body + credit_code_check_char(body)
    assert is_valid_credit_code(code)
    changed = body[:position] + replacement + body[position + 1 :]
    if changed != body:
        assert not is_valid_credit_code(changed + code[-1])


@pytest.mark.parametrize("value", ["", "X" * 18, "123456789012345678901"])
def test_garbage_is_never_valid(value: str) -> None:
    assert not is_valid_id_number(value)
    assert not is_valid_credit_code(value)


def test_a_legacy_15_digit_id_number_is_valid() -> None:
    # GB 11643-1989: region 110105, born 1949-12-31, sequence 002; no check character.
    assert is_valid_id_number("110105491231002")
    assert id_number_birth_date("110105491231002") == date(1949, 12, 31)


def test_a_legacy_15_digit_id_number_needs_a_real_birth_date() -> None:
    assert id_number_problem("110105491332002") == "birth date 19491332 is not a valid date"
    assert id_number_problem("11010549123100X") == (
        "a legacy 15-character ID number must be all digits"
    )


def test_a_passport_number_is_not_checked_against_gb_11643() -> None:
    import enforcement
    from enforcement.models import Case, CaseCategory, Dataset, IdKind, Party, PartyKind

    def dataset(kind: IdKind | None) -> Dataset:
        party = Party(kind=PartyKind.PERSON, name="John Smith", id_number="E12345678", id_kind=kind)
        case = Case(
            id="c",
            agency_id="a",
            category=CaseCategory.PENALTY,
            domain="城市管理",
            title="t",
            opened_on=date(2025, 1, 2),
            parties=(party,),
        )
        return Dataset(agencies=(enforcement.Agency(id="a", name="机关"),), cases=(case,))

    enforcement.validate(dataset(IdKind.PASSPORT))
    with pytest.raises(enforcement.errors.ValidationError) as info:
        enforcement.validate(dataset(None))
    assert info.value.errors[0][0] == "$.cases[0].parties[0].id_number"
