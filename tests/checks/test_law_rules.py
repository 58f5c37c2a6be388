"""The rules added for issue 12, beyond the boundary examples of docs/rules.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

import enforcement
from enforcement.checks.procedure import decision_period_days
from enforcement.errors import PolicyError
from enforcement.models import (
    Agency,
    AnnualReport,
    CaseCategory,
    CoerciveMeasure,
    Dataset,
    ExcludedPeriod,
    ExcludedPeriodKind,
    Hearing,
    LegalReview,
    MeasureKind,
    Party,
    PartyKind,
    Penalty,
    PenaltyKind,
    RecordKind,
    ReportKind,
    ReviewOutcome,
    Stage,
)
from enforcement.notices import publication_term
from enforcement.policy import Policy
from enforcement.summary import summarize
from tests.checks._builders import codes, dataset, entry, officer, penalty_case, with_decision


def test_a_waiver_signed_after_the_decision_does_not_excuse_it() -> None:
    case = penalty_case(
        opened=date(2025, 1, 22),
        decided=date(2025, 2, 7),
        penalties=(Penalty(kind=PenaltyKind.FINE, amount=Decimal("10000")),),
        hearing=Hearing(notified_on=date(2025, 1, 24), waived_on=date(2025, 2, 10)),
    )
    assert codes(dataset(case), on=date(2025, 3, 1), select=("HEA",)) == ["HEA001"]


def test_a_large_confiscation_alone_gives_the_right_to_a_hearing() -> None:
    gains = Penalty(kind=PenaltyKind.CONFISCATION_OF_GAINS, amount=Decimal("10000"))
    case = penalty_case(opened=date(2025, 1, 22), decided=date(2025, 2, 7), penalties=(gains,))
    assert codes(dataset(case), on=date(2025, 3, 1), select=("HEA",)) == ["HEA001"]


def test_the_hearing_line_is_per_party_kind() -> None:
    company = Party(kind=PartyKind.ORGANISATION, name="天津市滨海新区某某有限公司")
    case = penalty_case(
        opened=date(2025, 1, 22),
        decided=date(2025, 2, 7),
        party=company,
        penalties=(Penalty(kind=PenaltyKind.FINE, amount=Decimal("99999.99")),),
    )
    assert codes(dataset(case), on=date(2025, 3, 1), select=("HEA",)) == []
    policy = Policy(hearing_fine_organisation=Decimal(50000))
    assert codes(dataset(case), on=date(2025, 3, 1), select=("HEA",), policy=policy) == ["HEA001"]


def test_a_revoked_decision_is_not_chased_for_payment() -> None:
    case = with_decision(
        penalty_case(), paid_on=None, revoked_on=date(2025, 3, 12), revocation_reason="复议撤销"
    )
    assert codes(dataset(case), select=("PAY",)) == []


def test_a_court_application_is_an_execution_step() -> None:
    unpaid = with_decision(penalty_case(), paid_on=None)
    applied = attrs.evolve(
        unpaid, court_application=enforcement.CourtApplication(applied_on=date(2025, 3, 30))
    )
    assert codes(dataset(unpaid), select=("PAY",)) == ["PAY001"]
    assert codes(dataset(applied), select=("PAY",)) == []


def test_an_unnamed_coercion_case_with_video_passes() -> None:
    base = penalty_case(category=CaseCategory.COERCION)
    assert base.records[1].kind is RecordKind.VIDEO
    assert codes(dataset(base), select=("REC002",)) == []


def test_a_seizure_measure_keeps_the_unknown_case_flagged() -> None:
    base = penalty_case(category=CaseCategory.COERCION)
    paper = attrs.evolve(
        base,
        records=tuple(attrs.evolve(r, kind=RecordKind.DOCUMENT) for r in base.records),
        measures=(CoerciveMeasure(kind=MeasureKind.SEIZE, decided_on=date(2025, 3, 5)),),
    )
    assert codes(dataset(paper), select=("REC002",)) == ["REC002"]


def test_an_officer_of_another_agency_is_reported_once() -> None:
    lent = attrs.evolve(officer("o3"), agency_id="b")
    case = penalty_case(officer_ids=("o1", "o3"))
    case = attrs.evolve(
        case, records=tuple(attrs.evolve(r, officer_ids=("o1", "o3")) for r in case.records)
    )
    ds = Dataset(
        agencies=(
            Agency(id="a", name="新城镇人民政府", region="120116"),
            Agency(id="b", name="另一机关", region="120116"),
        ),
        officers=(officer("o1"), officer("o2"), lent),
        cases=(case,),
    )
    found = enforcement.check(ds, on=date(2025, 4, 1), select=["OFF006"])
    assert [(f.code, f.officer_id) for f in found] == [("OFF006", "o3")]
    assert found[0].path == "$.cases[0].records[0]", "reported at the officer's first act"


def test_an_officer_not_in_the_dataset_is_not_judged_by_off006() -> None:
    case = penalty_case(officer_ids=("o1", "o9"))
    case = attrs.evolve(
        case, records=tuple(attrs.evolve(r, officer_ids=("o9", "o1")) for r in case.records)
    )
    ds = Dataset(
        agencies=(Agency(id="a", name="新城镇人民政府", region="120116"),),
        officers=(officer("o1"), officer("o2")),
        cases=(case,),
    )
    assert enforcement.check(ds, on=date(2025, 4, 1), select=["OFF006"]) == []


def test_the_last_review_round_pending_is_rev001() -> None:
    done = LegalReview(
        submitted_on=date(2025, 3, 4), completed_on=date(2025, 3, 5), outcome=ReviewOutcome.REVISE
    )
    pending = LegalReview(submitted_on=date(2025, 3, 6))
    case = penalty_case(
        penalties=(Penalty(kind=PenaltyKind.FINE, amount=Decimal("10000")),),
        review=done,
        reviews=(pending,),
    )
    found = enforcement.check(dataset(case), on=date(2025, 3, 31), select=["REV001"])
    assert [f.path for f in found] == ["$.cases[0].reviews[0].outcome"]


def test_overlapping_excluded_periods_count_each_day_once() -> None:
    case = penalty_case(
        excluded_periods=(
            ExcludedPeriod(
                kind=ExcludedPeriodKind.HEARING, start=date(2025, 4, 1), end=date(2025, 4, 10)
            ),
            ExcludedPeriod(
                kind=ExcludedPeriodKind.APPRAISAL, start=date(2025, 4, 5), end=date(2025, 4, 12)
            ),
        )
    )
    assert decision_period_days(case, 90) == 102


def test_reports_are_not_judged_when_the_agency_does_not_record_them() -> None:
    ds = Dataset(agencies=(Agency(id="a", name="新城镇人民政府"),))
    assert enforcement.check(ds, on=date(2026, 6, 1)) == []
    tracked = Dataset(agencies=(Agency(id="a", name="新城镇人民政府", reports=()),))
    assert [f.code for f in enforcement.check(tracked, on=date(2026, 6, 1))] == [
        "RPT001",
        "RPT002",
    ]


def test_an_agency_summary_counts_only_its_own_report_findings() -> None:
    late = AnnualReport(kind=ReportKind.STATISTICS, year=2019, published_on=date(2020, 3, 1))
    ds = Dataset(
        agencies=(
            Agency(id="a", name="新城镇人民政府", reports=()),
            Agency(id="b", name="另一机关", reports=(late,)),
        ),
    )
    assert "RPT001" in summarize(ds, year=2020, agency_id="b").findings_by_code
    mine = summarize(ds, year=2020, agency_id="a").findings_by_code
    assert mine["RPT001"] == 1  # a's own missing 2020 statistics, not b's late 2019 ones


def test_category_terms_from_toml_name_the_bad_key() -> None:
    with pytest.raises(PolicyError) as info:
        Policy.from_toml("category_term_months = {licencing = 12}")
    assert info.value.key == "category_term_months"
    with pytest.raises(PolicyError) as info:
        Policy.from_toml("category_term_months = [1, 2]")
    assert info.value.key == "category_term_months"


def test_a_notice_prints_the_policy_term() -> None:
    licence = attrs.evolve(penalty_case(), category=CaseCategory.LICENSING)
    term = publication_term(licence, date(2025, 3, 11))
    assert (term.months, term.until, term.words()) == (0, None, "长期")
    one_year = Policy.from_toml("category_term_months = {licensing = 18}")
    term = publication_term(licence, date(2025, 3, 11), policy=one_year)
    assert (term.until, term.words()) == (date(2026, 9, 11), "十八个月")
    barred = with_decision(
        penalty_case(),
        penalties=(Penalty(kind=PenaltyKind.EMPLOYMENT_RESTRICTION, duration_months=60),),
    )
    assert publication_term(barred, date(2025, 3, 11)).words() == "五年"
    assert publication_term(penalty_case(), date(2025, 3, 11)).words() == "三年"


def test_a_legacy_id_number_tells_a_minor() -> None:
    # Legacy 15-digit numbers were issued to people born in the 1900s: never minors today.
    party = Party(kind=PartyKind.PERSON, name="王五", id_number="110105491231002")
    assert party.birth_date() == date(1949, 12, 31)
    assert party.is_minor_on(date(2025, 1, 1)) is False


def test_a_passport_holder_has_no_birth_date_from_the_number() -> None:
    party = Party(
        kind=PartyKind.PERSON,
        name="John Smith",
        id_number="110105200801010011",
        id_kind=enforcement.IdKind.PASSPORT,
    )
    assert party.birth_date() is None


def test_execution_record_needed_once_executed() -> None:
    executed = attrs.evolve(
        penalty_case(),
        executions=(
            enforcement.Execution(
                kind=enforcement.ExecutionKind.TRANSFER, ended_on=date(2025, 3, 25)
            ),
        ),
    )
    assert codes(dataset(executed), select=("REC001",)) == ["REC001"]
    recorded = attrs.evolve(
        executed, records=(*executed.records, entry("X", Stage.EXECUTION, date(2025, 3, 25)))
    )
    assert codes(dataset(recorded), select=("REC001",)) == []


def test_a_licence_outcome_needs_its_date() -> None:
    case = attrs.evolve(
        penalty_case(),
        category=CaseCategory.LICENSING,
        licence=enforcement.LicenceApplication(
            applied_on=date(2025, 3, 3), outcome=enforcement.LicenceOutcome.GRANTED
        ),
    )
    with pytest.raises(enforcement.errors.ValidationError) as info:
        enforcement.validate(dataset(case))
    assert info.value.errors == [
        ("$.cases[0].licence.outcome_on", "outcome and outcome_on go together")
    ]


def test_a_waiver_before_the_notification_is_invalid() -> None:
    case = penalty_case(hearing=Hearing(notified_on=date(2025, 3, 5), waived_on=date(2025, 3, 4)))
    with pytest.raises(enforcement.errors.ValidationError) as info:
        enforcement.validate(dataset(case))
    assert info.value.errors[0][0] == "$.cases[0].hearing.waived_on"


def test_a_second_review_round_is_validated_like_the_first() -> None:
    case = penalty_case(
        reviews=(LegalReview(submitted_on=date(2025, 3, 6), outcome=ReviewOutcome.APPROVED),)
    )
    with pytest.raises(enforcement.errors.ValidationError) as info:
        enforcement.validate(dataset(case))
    assert info.value.errors == [
        ("$.cases[0].reviews[0].completed_on", "required when the outcome is approved")
    ]
