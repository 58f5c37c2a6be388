"""The typed columns of the index (schema version 4): written, kept up to date, verified, migrated.

Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from enforcement import Dataset, Store, open_store
from enforcement.converter import unstructure
from enforcement.models import Case, NoticeKind, Penalty, PenaltyKind, PublicNotice
from enforcement.store import SCHEMA_VERSION
from enforcement.store.facts import ALWAYS, CASE_FACTS, case_columns, fen

from .helpers import raw_sql

V3_DUMP = Path(__file__).parent / "data" / "v3_store.sql"
"""A version 3 store (12 synthetic cases with defects, one decision revoked) as written by the
library before schema version 4, dumped with sqlite3's ``iterdump``."""


def stored_facts(url: str) -> dict[str, tuple[object, ...]]:
    columns = ", ".join(CASE_FACTS)
    return {row[0]: tuple(row[1:]) for row in raw_sql(url, f"SELECT id, {columns} FROM cases")}


def expected_facts(store: Store) -> dict[str, tuple[object, ...]]:
    out = {}
    for case in store.cases():
        data = unstructure(case)
        data.pop("records")
        out[case.id] = case_columns(data)
    return out


def a_decided_case(town: Dataset) -> Case:
    return next(
        c
        for c in town.cases
        if c.decision is not None and any(p.kind is PenaltyKind.FINE for p in c.decision.penalties)
    )


def test_columns_are_written_at_import(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    facts = stored_facts(store_url)
    assert facts == expected_facts(store)
    case = a_decided_case(town)
    row = dict(zip(CASE_FACTS, facts[case.id], strict=True))
    category, decided_on, heaviest = row["category"], row["decided_on"], row["heaviest"]
    fines, revoked = row["fines_fen"], row["revoked"]
    assert category == case.category.value
    assert decided_on == case.decision.decided_on.isoformat()  # type: ignore[union-attr]
    assert heaviest == case.decision.heaviest_penalty().value  # type: ignore[union-attr]
    assert fines == int(case.decision.fines_total() * 100)  # type: ignore[union-attr]
    assert revoked == 0


def test_columns_follow_every_change_of_a_case(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    case = a_decided_case(town)
    decision = case.decision
    assert decision is not None
    revoked = attrs.evolve(
        decision,
        penalties=(*decision.penalties, Penalty(kind=PenaltyKind.FINE, amount=Decimal("0.07"))),
        revoked_on=decision.decided_on + timedelta(days=40),
        revocation_reason="行政复议决定撤销",
    )
    store.record_decision(case.id, revoked)
    row = stored_facts(store_url)[case.id]
    assert row[CASE_FACTS.index("revoked")] == 1
    assert row[CASE_FACTS.index("fines_fen")] == int(decision.fines_total() * 100) + 7
    assert stored_facts(store_url) == expected_facts(store)
    assert store.verify().intact


def test_places_follow_how_the_amounts_were_written() -> None:
    def decision(*amounts: str) -> dict[str, object]:
        penalties = [{"kind": "fine", "amount": a} for a in amounts]
        return {
            "category": "penalty",
            "decision": {"decided_on": "2024-01-02", "penalties": penalties},
        }

    places = CASE_FACTS.index("fines_places")
    assert case_columns(decision("5000"))[places] == 0
    assert case_columns(decision("5000", "0.5"))[places] == 1
    assert case_columns(decision("5000.00"))[places] == 2


def test_amounts_are_exact_fen() -> None:
    assert fen("0.07") == 7
    assert fen("999999999999999.99") == 99999999999999999
    assert fen("5000") == 500000
    with pytest.raises(ValueError, match="2 decimal places"):
        fen("1.001")


def test_an_inspection_is_read_in_every_later_year() -> None:
    data = {"category": "inspection", "opened_on": "2023-12-30"}
    assert case_columns(data)[-1] == ALWAYS
    assert case_columns({"category": "penalty", "opened_on": "2023-12-30"})[-1] is None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("fines_fen", 50000),
        ("heaviest", "warning"),
        ("decided_on", "2019-12-31"),
        ("category", "licensing"),
        ("revoked", 1),
        ("acts_until", None),
    ],
)
def test_a_tampered_column_is_a_verify_failure_naming_the_case(
    store: Store, store_url: str, town: Dataset, column: str, value: object
) -> None:
    """An insider softens a fine (or moves a decision out of the year) in the index only."""
    store.import_dataset(town)
    case = a_decided_case(town)
    if column == "acts_until":
        case = next(c for c in town.cases if case_columns(_data(c))[-1] is not None)
    raw_sql(store_url, f"UPDATE cases SET {column} = ? WHERE id = ?", params=(value, case.id))
    report = store.verify()
    assert not report.intact
    [found] = report.breaks
    assert found.case_id == case.id
    assert "typed columns" in found.problem
    assert column in found.problem
    assert case.id in str(found)


def test_a_tampered_region_is_a_verify_failure(store: Store, store_url: str, town: Dataset) -> None:
    store.import_dataset(town)
    agency = town.agencies[0]
    raw_sql(store_url, "UPDATE agencies SET region = '110101' WHERE id = ?", params=(agency.id,))
    [found] = store.verify().breaks
    assert found.kind == "agency"
    assert found.subject == agency.id
    assert "region" in found.problem


def _data(case: Case) -> dict[str, object]:
    data = unstructure(case)
    data.pop("records")
    return dict(data)


def _downgrade_to_v3(url: str) -> None:
    """Make a version 4 store exactly the layout version 3 wrote (the log is unchanged)."""
    statements = ["DROP INDEX cases_decided"]
    statements += [f"ALTER TABLE cases DROP COLUMN {c}" for c in CASE_FACTS]
    statements += [f"ALTER TABLE agencies DROP COLUMN {c}" for c in ("region", "parent")]
    statements.append("UPDATE enforcement_schema SET version = 3")
    raw_sql(url, *statements)


def test_migration_from_version_3_fills_the_columns_from_the_log(
    store_url: str, town: Dataset
) -> None:
    with open_store(store_url) as store:
        store.import_dataset(town)
        case = a_decided_case(town)
        decision = case.decision
        assert decision is not None
        store.record_decision(
            case.id,
            attrs.evolve(
                decision,
                revoked_on=decision.decided_on + timedelta(days=3),
                revocation_reason="行政诉讼判决撤销",
            ),
        )
        want = stored_facts(store_url)
        head = store.head_digest()
    _downgrade_to_v3(store_url)
    with pytest.raises(Exception, match="schema version 3"):
        open_store(store_url, create=False)
    with open_store(store_url) as store:  # a writing open migrates
        assert store.schema_version() == SCHEMA_VERSION
        assert stored_facts(store_url) == want
        assert want[case.id][CASE_FACTS.index("revoked")] == 1
        report = store.verify()
        assert report.intact
        assert report.head == head


def test_a_store_written_by_version_3_migrates(tmp_path: Path) -> None:
    """The dump was written by the library's schema version 3 code, not simulated."""
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path)
    conn.executescript(V3_DUMP.read_text(encoding="utf-8"))
    conn.close()
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.verify().intact
        facts = stored_facts(url)
        assert facts == expected_facts(store)
        assert len(facts) == 12
        assert sum(row[CASE_FACTS.index("revoked")] for row in facts.values()) == 1  # type: ignore[misc]
        # the migrated columns keep up with a later change
        case = next(c for c in store.cases() if c.decision is not None)
        assert case.decision is not None
        notice = PublicNotice(
            id=f"{case.id}-N9",
            kind=NoticeKind.DECISION,
            published_on=case.decision.decided_on + timedelta(days=3),
        )
        store.publish_notice(case.id, notice)
        assert store.verify().intact
