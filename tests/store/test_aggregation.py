"""The database's counts and the streamed cases give the same summary and tables, on both engines.

From a store, :func:`enforcement.summarize` takes the plain counts and sums
from SQL ``GROUP BY`` over the typed columns and reads only what needs the
rules (and, of the years before, only cases with a table act in the year);
from a dataset it counts everything case by case. The store's own dataset
(``store.dataset()``, what ``db export`` writes) must summarise identically,
to the last decimal place of the data file.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from functools import cache

import attrs
import pytest

from enforcement import Dataset, Store, summarize
from enforcement.converter import structure, unstructure
from enforcement.models import Case, PenaltyKind
from enforcement.synthetic import generate_dataset


def renamed(
    dataset: Dataset, agency: str, case_prefix: str, region: str, name: str, cert: str = ""
) -> Dataset:
    """The dataset as another agency's: its ids, officer ids, case ids and certificates renamed."""
    text = json.dumps(unstructure(dataset), ensure_ascii=False)
    text = text.replace('"津执', f'"津执{cert}')
    text = text.replace('"xc"', f'"{agency}"').replace('"xc-', f'"{agency}-')
    text = text.replace('"XC', f'"{case_prefix}')
    out = structure(json.loads(text), Dataset)
    [old] = out.agencies
    return attrs.evolve(
        out, agencies=(attrs.evolve(old, name=name, region=region, credit_code=None),)
    )


@cache
def county() -> Dataset:
    """Three agencies; two years of one of them (decisions and acts crossing into the next)."""
    town_2020 = generate_dataset(cases=160, year=2020, seed=11, defects=0.2)
    town_2019 = renamed(
        generate_dataset(cases=160, year=2019, seed=12, defects=0.2),
        "xc",
        "XC",
        "120116",
        "天津市滨海新区新城镇人民政府",
    )
    # the 2019 officers get their own ids; the agency is the 2020 one
    town_2019 = structure(
        json.loads(json.dumps(unstructure(town_2019), ensure_ascii=False).replace('"xc-', '"xc-y')),
        Dataset,
    )
    other = renamed(
        generate_dataset(cases=120, year=2020, seed=13, defects=0.3),
        "hb",
        "HB",
        "120101",
        "天津市和平区城市管理综合执法局",
        cert="7",
    )
    third = renamed(
        generate_dataset(cases=80, year=2019, seed=14, defects=0.1),
        "nk",
        "NK",
        "120104",
        "天津市南开区市场监督管理局",
        cert="8",
    )
    return Dataset(
        agencies=(*town_2020.agencies, *other.agencies, *third.agencies),
        officers=(*town_2019.officers, *town_2020.officers, *other.officers, *third.officers),
        cases=(*town_2019.cases, *town_2020.cases, *other.cases, *third.cases),
    )


def revoke(store: Store, case: Case) -> None:
    decision = case.decision
    assert decision is not None
    store.record_decision(
        case.id,
        attrs.evolve(
            decision,
            revoked_on=decision.decided_on + timedelta(days=45),
            revocation_reason="行政复议决定撤销",
        ),
    )


@pytest.fixture
def filled(store: Store) -> Store:
    data = county()
    store.import_dataset(data)
    fined = [
        c
        for c in data.cases
        if c.decision is not None
        and c.decision.revoked_on is None
        and any(p.kind is PenaltyKind.FINE for p in c.decision.penalties)
    ]
    for case in (fined[0], fined[len(fined) // 2], fined[-1]):
        revoke(store, case)  # a change of the case: its columns follow
    return store


def test_the_data_crosses_years_and_agencies(filled: Store) -> None:
    cases = list(filled.cases())
    late = [
        c
        for c in cases
        if c.opened_on.year == 2019 and c.decision and c.decision.decided_on.year == 2020
    ]
    assert late  # decisions of 2019's cases made in 2020 (counted by the database)
    assert {c.agency_id for c in cases} == {"xc", "hb", "nk"}
    assert sum(1 for c in cases if c.decision and c.decision.revoked_on) >= 3


@pytest.mark.parametrize(
    ("year", "agency_id"),
    [(2020, None), (2020, "xc"), (2020, "hb"), (2019, None), (2019, "nk"), (2021, None)],
)
def test_sql_and_streaming_give_identical_summaries(
    filled: Store, year: int, agency_id: str | None
) -> None:
    from_sql = summarize(filled, year=year, agency_id=agency_id)
    streamed = summarize(filled.dataset(), year=year, agency_id=agency_id)
    assert from_sql.to_data() == streamed.to_data()
    assert from_sql == streamed
    assert from_sql.tables == streamed.tables


def test_sql_and_streaming_agree_in_worker_processes(filled: Store) -> None:
    streamed = summarize(filled.dataset(), year=2020)
    assert summarize(filled, year=2020, workers=2).to_data() == streamed.to_data()


def test_the_demo_year_agrees(store: Store) -> None:
    demo = generate_dataset(cases=300, officers=40, year=2020, seed=2020, defects=0.08)
    store.import_dataset(demo)
    for agency_id in (None, "xc"):
        assert (
            summarize(store, year=2020, agency_id=agency_id).to_data()
            == summarize(demo, year=2020, agency_id=agency_id).to_data()
        )


def test_amounts_keep_their_decimal_places(store: Store) -> None:
    """A total reads "5000.00" or "5000" as adding up the amounts would: the same data file."""
    base = generate_dataset(cases=40, year=2020, seed=5)
    whole = [
        attrs.evolve(
            c,
            decision=attrs.evolve(
                c.decision,
                penalties=tuple(
                    attrs.evolve(p, amount=p.amount.quantize(1)) if p.amount else p
                    for p in c.decision.penalties
                ),
            ),
        )
        if c.decision is not None
        else c
        for c in base.cases
    ]
    data = attrs.evolve(base, cases=tuple(whole))
    store.import_dataset(data)
    from_sql = summarize(store, year=2020).to_data()
    assert from_sql == summarize(data, year=2020).to_data()
    assert "." not in from_sql["cases"]["fines_total"]


def test_totals_beyond_64_bits_stay_exact(store: Store) -> None:
    """A careless (or hostile) file of the largest amounts: SQLite's integer sum overflows."""
    base = generate_dataset(cases=260, year=2020, seed=9)
    largest = Decimal("999999999999999.99")
    cases = tuple(
        attrs.evolve(
            c,
            decision=attrs.evolve(
                c.decision,
                penalties=tuple(
                    attrs.evolve(p, amount=largest) if p.kind is PenaltyKind.FINE else p
                    for p in c.decision.penalties
                ),
            ),
        )
        if c.decision is not None
        else c
        for c in base.cases
    )
    data = attrs.evolve(base, cases=cases)
    store.import_dataset(data)
    from_sql = summarize(store, year=2020)
    fined = sum(
        1
        for c in cases
        if c.decision is not None
        and c.decision.decided_on.year == 2020
        and any(p.kind is PenaltyKind.FINE for p in c.decision.penalties)
    )
    assert fined * largest * 100 > 2**63  # beyond SQLite's integers
    assert from_sql.cases.fines_total == fined * largest
    assert from_sql.to_data() == summarize(data, year=2020).to_data()
