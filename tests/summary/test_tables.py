"""The official annual data tables against a dataset counted by hand.

The dataset's decisions cross filing years (filed in December, decided in
January) and combine penalties, its licences and coercive acts have dates in
several years, and one decision was later revoked.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import enforcement
from enforcement.cli import cli
from enforcement.models import (
    Case,
    CaseCategory,
    CoerciveMeasure,
    CourtApplication,
    Dataset,
    Decision,
    Execution,
    ExecutionKind,
    LicenceApplication,
    LicenceKind,
    LicenceOutcome,
    MeasureKind,
    Penalty,
    PenaltyKind,
    RecordEntry,
    RecordKind,
    Stage,
)
from enforcement.summary import summarize
from enforcement.tables import AnnualTables, heaviest_column
from enforcement.tables_files import tables_csv, tables_workbook
from enforcement.testing import CST, make_agency, make_case, make_officer, make_record


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=CST)


def penalty(kind: PenaltyKind, amount: str | None = None) -> Penalty:
    return Penalty(kind=kind, amount=None if amount is None else Decimal(amount))


def decided(case_id: str, opened: date, day: date, *penalties: Penalty, **kw: Any) -> Case:
    return make_case(
        case_id,
        opened_on=opened,
        records=(make_record(f"{case_id}-R1", Stage.FILING, at(opened)),),
        decision=Decision(
            number=f"津罚〔{day.year}〕{case_id[1:]}号",
            decided_on=day,
            penalties=penalties,
            **kw,
        ),
    )


def hand_counted() -> Dataset:
    fine = PenaltyKind.FINE
    cases = [
        # Filed in 2019, decided in January 2020: a 2020 decision.
        decided("P1", date(2019, 12, 20), date(2020, 1, 6), penalty(fine, "3000")),
        # Fine plus confiscation of gains: counts once, under confiscation.
        decided(
            "P2",
            date(2020, 3, 2),
            date(2020, 3, 20),
            penalty(fine, "5000"),
            penalty(PenaltyKind.CONFISCATION_OF_GAINS, "1234.56"),
        ),
        # An unquantified confiscation of property plus a warning: confiscation, no amount.
        decided(
            "P3",
            date(2020, 4, 1),
            date(2020, 4, 10),
            penalty(PenaltyKind.WARNING),
            penalty(PenaltyKind.CONFISCATION_OF_PROPERTY),
        ),
        # A fine plus "other": counts under the fine.
        decided(
            "P4",
            date(2020, 5, 6),
            date(2020, 5, 20),
            penalty(PenaltyKind.OTHER),
            penalty(fine, "800"),
        ),
        # Other alone: counts under other.
        decided("P5", date(2020, 6, 1), date(2020, 6, 9), penalty(PenaltyKind.OTHER)),
        # Later revoked on 复议: still counts.
        decided(
            "P6",
            date(2020, 7, 1),
            date(2020, 7, 8),
            penalty(fine, "200000"),
            penalty(PenaltyKind.SUSPENSION_OF_BUSINESS),
            revoked_on=date(2020, 9, 1),
            revocation_reason="经复议撤销",
        ),
        # Suspension of a licence and a qualification downgrade: one column.
        decided("P7", date(2020, 8, 3), date(2020, 8, 14), penalty(PenaltyKind.LICENCE_SUSPENSION)),
        decided(
            "P8", date(2020, 8, 3), date(2020, 8, 17), penalty(PenaltyKind.QUALIFICATION_DOWNGRADE)
        ),
        decided("P9", date(2020, 9, 1), date(2020, 9, 15), penalty(PenaltyKind.LICENCE_REVOCATION)),
        decided("PA", date(2020, 9, 1), date(2020, 9, 16), penalty(PenaltyKind.DETENTION)),
        decided(
            "PB", date(2020, 10, 9), date(2020, 10, 20), penalty(PenaltyKind.BUSINESS_RESTRICTION)
        ),
        decided("PC", date(2020, 10, 9), date(2020, 10, 21), penalty(PenaltyKind.PUBLIC_CRITICISM)),
        # Filed in 2020, decided in January 2021: not a 2020 decision.
        decided("PD", date(2020, 12, 18), date(2021, 1, 4), penalty(fine, "2000")),
        # Filed in 2018, decided in 2018: outside both years.
        decided("PE", date(2018, 12, 3), date(2018, 12, 10), penalty(fine, "9999")),
        # A licence applied for in December 2019, accepted and granted in 2020.
        make_case(
            "L1",
            category=CaseCategory.LICENSING,
            opened_on=date(2020, 1, 3),
            licence=LicenceApplication(
                applied_on=date(2019, 12, 27),
                accepted_on=date(2020, 1, 3),
                outcome=LicenceOutcome.GRANTED,
                outcome_on=date(2020, 1, 20),
            ),
        ),
        # A renewal refused (不予延续 counts as refused), applied and accepted in 2020.
        make_case(
            "L2",
            category=CaseCategory.LICENSING,
            opened_on=date(2020, 5, 6),
            licence=LicenceApplication(
                kind=LicenceKind.RENEWAL,
                applied_on=date(2020, 5, 6),
                accepted_on=date(2020, 5, 7),
                outcome=LicenceOutcome.REFUSED,
                outcome_on=date(2020, 6, 1),
            ),
        ),
        # A change granted in 2019 and revoked in 2020.
        make_case(
            "L3",
            category=CaseCategory.LICENSING,
            opened_on=date(2019, 3, 1),
            licence=LicenceApplication(
                kind=LicenceKind.CHANGE,
                applied_on=date(2019, 3, 1),
                accepted_on=date(2019, 3, 1),
                outcome=LicenceOutcome.GRANTED,
                outcome_on=date(2019, 3, 20),
                revoked_on=date(2020, 2, 2),
            ),
        ),
        # Applied in December 2020, accepted in 2021: one application in 2020, nothing else.
        make_case(
            "L4",
            category=CaseCategory.LICENSING,
            opened_on=date(2020, 12, 30),
            licence=LicenceApplication(applied_on=date(2020, 12, 30), accepted_on=date(2021, 1, 4)),
        ),
        # Coercion: two measures in 2020, one in 2019; an execution ended in 2020, one in 2021.
        make_case(
            "K1",
            category=CaseCategory.COERCION,
            opened_on=date(2019, 11, 4),
            measures=(
                CoerciveMeasure(kind=MeasureKind.SEIZE, decided_on=date(2019, 11, 5)),
                CoerciveMeasure(kind=MeasureKind.SEAL_UP, decided_on=date(2020, 1, 8)),
            ),
            executions=(
                Execution(
                    kind=ExecutionKind.AUCTION,
                    started_on=date(2019, 12, 1),
                    ended_on=date(2020, 2, 28),
                ),
            ),
            court_application=CourtApplication(applied_on=date(2020, 3, 2)),
        ),
        make_case(
            "K2",
            category=CaseCategory.COERCION,
            opened_on=date(2020, 6, 1),
            measures=(CoerciveMeasure(kind=MeasureKind.FREEZE, decided_on=date(2020, 6, 2)),),
            executions=(
                Execution(kind=ExecutionKind.SURCHARGE, ended_on=date(2020, 8, 1)),
                Execution(kind=ExecutionKind.SUBSTITUTE_PERFORMANCE, ended_on=date(2021, 2, 1)),
                Execution(kind=ExecutionKind.RESTORE),  # not ended: not counted
            ),
        ),
        # Inspections: one object with a complete record, one patrol with no object.
        make_case(
            "I1",
            category=CaseCategory.INSPECTION,
            opened_on=date(2020, 4, 1),
            records=(
                make_record("I1-R1", Stage.FILING, at(date(2020, 4, 1))),
                RecordEntry(
                    id="I1-R2",
                    stage=Stage.INVESTIGATION,
                    kind=RecordKind.PHOTO,
                    at=at(date(2020, 4, 1)),
                    officer_ids=("o1", "o2"),
                    on_site=True,
                ),
            ),
        ),
        make_case(
            "I2",
            category=CaseCategory.INSPECTION,
            opened_on=date(2020, 4, 2),
            parties=(),
            records=(
                make_record("I2-R1", Stage.FILING, at(date(2020, 4, 2))),
                RecordEntry(
                    id="I2-R2",
                    stage=Stage.INVESTIGATION,
                    kind=RecordKind.PHOTO,
                    at=at(date(2020, 4, 2)),
                    officer_ids=("o1", "o2"),
                    on_site=True,
                ),
            ),
        ),
        # A levy decided in 2020.
        make_case(
            "V1",
            category=CaseCategory.LEVY,
            opened_on=date(2020, 2, 3),
            decision=Decision(number="津征〔2020〕1号", decided_on=date(2020, 2, 20)),
        ),
    ]
    officers = (
        make_officer("o1"),
        make_officer("o2"),
        make_officer("o3", valid_until=date(2020, 12, 30)),  # lapsed by 31 December
    )
    return Dataset(agencies=(make_agency(),), officers=officers, cases=tuple(cases))


@pytest.fixture(scope="module")
def tables() -> AnnualTables:
    return summarize(hand_counted(), year=2020, agency_id="xc").tables


def test_penalties_count_decisions_made_in_the_year_under_their_heaviest_column(
    tables: AnnualTables,
) -> None:
    assert tables.to_data()["penalty"] == {
        "warning_criticism": 1,  # PC
        "fine": 2,  # P1 (filed 2019), P4 (fine + other)
        "confiscation": 2,  # P2, P3
        "permit_suspension_downgrade": 2,  # P7, P8
        "permit_revocation": 1,  # P9
        "business_restriction": 1,  # PB
        "closure_employment_restriction": 1,  # P6, revoked later
        "detention": 1,  # PA
        "other": 1,  # P5
        "total": 12,
        # 3000 + 5000 + 1234.56 + 800 + 200000 = 210034.56 yuan
        "forfeiture_wan": "21.00",
    }


def test_forfeiture_rounds_half_up_to_two_places() -> None:
    ds = Dataset(
        agencies=(make_agency(),),
        cases=(decided("P1", date(2020, 3, 2), date(2020, 3, 9), penalty(PenaltyKind.FINE, "50")),),
    )
    assert summarize(ds, year=2020).tables.to_data()["penalty"]["forfeiture_wan"] == "0.01"


def test_a_decision_made_in_january_counts_in_the_next_year() -> None:
    s2021 = summarize(hand_counted(), year=2021, agency_id="xc")
    assert s2021.tables.penalty["fine"] == 1  # PD, filed in December 2020
    assert s2021.cases.decisions == 1
    assert s2021.cases.fines_total == Decimal("2000")
    assert s2021.tables.licensing["accepted"] == 1  # L4
    assert s2021.tables.coercion["substitute_performance"] == 1  # K2


def test_the_case_figures_count_decisions_by_the_decision_date() -> None:
    c = summarize(hand_counted(), year=2020, agency_id="xc").cases
    assert c.decisions == 13  # 12 penalty decisions and the levy
    assert c.fines_total == Decimal("208800")
    assert c.confiscations_total == Decimal("1234.56")
    assert c.revoked == 1


def test_licences_count_each_act_by_its_own_date(tables: AnnualTables) -> None:
    assert tables.to_data()["licensing"] == {
        "applications": 2,  # L2, L4 (L1 applied in 2019)
        "accepted": 2,  # L1, L2
        "granted": 1,  # L1
        "refused": 1,  # L2, 不予延续
        "revoked": 1,  # L3
    }


def test_coercion_counts_measures_by_decision_and_executions_when_ended(
    tables: AnnualTables,
) -> None:
    assert tables.to_data()["coercion"] == {
        "seal_up": 1,
        "seize": 0,  # decided in 2019
        "freeze": 1,
        "other_measure": 0,
        "surcharge": 1,
        "transfer": 0,
        "auction": 1,  # started in 2019, ended in 2020
        "restore": 0,  # not ended
        "substitute_performance": 0,  # ended in 2021
        "other_execution": 0,
        "court_applications": 1,
    }


def test_an_inspection_needs_an_object_and_a_complete_record(tables: AnnualTables) -> None:
    assert tables.inspections == 1


def test_other_acts_and_certification(tables: AnnualTables) -> None:
    data = tables.to_data()
    assert data["other_acts"]["levy"] == 1
    assert sum(data["other_acts"].values()) == 1
    assert data["certification"] == {"enforcement_staff": 3, "certified": 2, "rate": 0.6667}


def test_the_tables_are_in_the_data_file_as_json(tables: AnnualTables) -> None:
    data = summarize(hand_counted(), year=2020, agency_id="xc").to_data()
    assert json.loads(json.dumps(data))["tables"] == tables.to_data()
    assert all(
        type(v) is int for k, v in data["tables"]["penalty"].items() if k != "forfeiture_wan"
    )


def test_a_store_read_by_several_processes_gives_the_same_tables(tmp_path: Path) -> None:
    ds = hand_counted()
    with enforcement.open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.import_dataset(ds)
        one = summarize(store, year=2020, agency_id="xc")
        two = summarize(store, year=2020, agency_id="xc", workers=2)
    assert one.tables == two.tables == summarize(ds, year=2020, agency_id="xc").tables


def test_no_lookback_misses_a_decision_filed_the_year_before() -> None:
    policy = enforcement.Policy(tables_lookback_years=0)
    tables = summarize(hand_counted(), year=2020, agency_id="xc", policy=policy).tables
    assert tables.penalty["fine"] == 1  # P1 was filed in 2019


def test_a_listed_penalty_outranks_other() -> None:
    assert heaviest_column([PenaltyKind.OTHER, PenaltyKind.WARNING]) == "warning_criticism"
    assert heaviest_column([PenaltyKind.OTHER]) == "other"
    assert heaviest_column([]) is None


def test_the_workbook_reads_back_with_one_sheet_per_table(tables: AnnualTables) -> None:
    book = load_workbook(io.BytesIO(tables_workbook(tables, agency_name="新城镇人民政府")))
    assert book.sheetnames == [
        "行政处罚",
        "行政许可",
        "行政强制",
        "行政检查",
        "其他行政执法行为",
        "行政执法人员持证情况",
    ]
    rows = list(book["行政处罚"].iter_rows(values_only=True))
    assert rows[0][0] == "新城镇人民政府2020年度行政执法数据：行政处罚"
    assert rows[1][0] == "警告、通报批评"
    assert rows[1][10] == "罚没金额（万元）"
    assert rows[2] == (1, 2, 2, 2, 1, 1, 1, 1, 1, 12, 21.0)
    assert rows[4][0] == "说明："
    assert "作出决定的日期" in str(rows[5][0])


def test_the_workbook_keeps_numbers_as_numbers(tables: AnnualTables) -> None:
    book = load_workbook(io.BytesIO(tables_workbook(tables)))
    coercion = list(book["行政强制"].iter_rows(values_only=True))
    assert coercion[1][0] == "行政强制措施（件）"
    assert coercion[1][4] == "行政强制执行（件）"
    assert coercion[3] == (1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1)
    rate = book["行政执法人员持证情况"]["C3"]
    assert rate.value == pytest.approx(0.6667)
    assert rate.number_format == "0.00%"


def test_csv_has_one_row_per_figure(tables: AnnualTables) -> None:
    rows = list(csv.DictReader(io.StringIO(tables_csv(tables))))
    by_key = {(r["table"], r["key"]): r for r in rows}
    assert by_key[("penalty", "forfeiture_wan")]["value"] == "21.00"
    assert by_key[("penalty", "forfeiture_wan")]["header"] == "罚没金额（万元）"
    assert by_key[("licensing", "refused")]["value"] == "1"
    assert len(rows) == 11 + 5 + 11 + 1 + 7 + 3


def test_the_command_writes_the_workbook(tmp_path: Path) -> None:
    enforcement.dump(hand_counted(), tmp_path / "in.json")
    out = tmp_path / "tables.xlsx"
    result = CliRunner().invoke(
        cli, ["summary", str(tmp_path / "in.json"), "--year", "2020", "--tables", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert load_workbook(out)["行政检查"]["A3"].value == 1


def test_the_command_writes_csv(tmp_path: Path) -> None:
    enforcement.dump(hand_counted(), tmp_path / "in.json")
    out = tmp_path / "tables.csv"
    result = CliRunner().invoke(
        cli, ["summary", str(tmp_path / "in.json"), "--year", "2020", "--tables", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("table,key,header,value\n")


def test_the_command_refuses_another_file_type(tmp_path: Path) -> None:
    enforcement.dump(hand_counted(), tmp_path / "in.json")
    result = CliRunner().invoke(
        cli, ["summary", str(tmp_path / "in.json"), "--year", "2020", "--tables", "t.pdf"]
    )
    assert result.exit_code == 2
    assert "--tables: expected a .xlsx or .csv file name" in result.output


def test_the_command_never_overwrites_its_input(tmp_path: Path) -> None:
    source = tmp_path / "in.xlsx"
    enforcement.dump(hand_counted(), source)
    before = source.read_bytes()
    result = CliRunner().invoke(
        cli, ["summary", str(source), "--year", "2020", "--tables", str(source)]
    )
    assert result.exit_code == 2
    assert "is the input" in result.output
    assert source.read_bytes() == before


def test_an_agency_name_like_a_formula_stays_text(tables: AnnualTables) -> None:
    name = '=HYPERLINK("http://example.invalid","x")'
    book = load_workbook(io.BytesIO(tables_workbook(tables, agency_name=name)))
    cell = book["行政处罚"]["A1"]
    assert cell.data_type == "s"
    assert str(cell.value).startswith(name)


@pytest.mark.parametrize(("year", "seed"), [(2020, 2020), (2021, 7)])
def test_the_tables_agree_with_the_decision_figures(year: int, seed: int) -> None:
    from enforcement.synthetic import generate_dataset
    from enforcement.tables import forfeiture_wan

    earlier = generate_dataset(cases=120, year=year - 1, seed=seed + 1)
    this = generate_dataset(cases=120, year=year, seed=seed)
    ds = Dataset(
        agencies=this.agencies,
        officers=this.officers,
        cases=(*(_renamed(c, "p") for c in earlier.cases), *this.cases),
    )
    s = summarize(ds, year=year)
    assert s.tables.penalty_total == sum(s.cases.decisions_by_heaviest_penalty.values())
    assert forfeiture_wan(s.cases.fines_total + s.cases.confiscations_total) == Decimal(
        s.tables.to_data()["penalty"]["forfeiture_wan"]
    )
    made = [c for c in ds.cases if c.decision and c.decision.decided_on.year == year]
    assert s.cases.decisions == len(made)
    assert any(c.opened_on.year == year - 1 for c in made)  # the year before contributes


def _renamed(case: Case, suffix: str) -> Case:
    """The case under another id (and without its records, which a summary only counts)."""
    import attrs

    return attrs.evolve(case, id=case.id + suffix, officer_ids=(), records=())
