"""Helpers for tests: small valid objects to start from, and fake plugin distributions.

Plugin authors can use these in their own test suites::

    from enforcement.testing import make_case, make_dataset, make_officer
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs

from enforcement.models import (
    Agency,
    Case,
    CaseCategory,
    Certificate,
    Dataset,
    Officer,
    Party,
    PartyKind,
    Power,
    RecordEntry,
    RecordKind,
    Stage,
)
from enforcement.synthetic import generate_dataset, make_credit_code, make_id_number

CST = timezone(timedelta(hours=8))
"""China Standard Time, UTC+08:00."""

__all__ = [
    "CST",
    "fake_distribution",
    "generate_dataset",
    "make_agency",
    "make_case",
    "make_credit_code",
    "make_dataset",
    "make_id_number",
    "make_officer",
    "make_person",
    "make_record",
    "replace",
]


def replace(obj: Any, **changes: Any) -> Any:
    """A copy of a frozen model with some fields changed (``attrs.evolve``)."""
    return attrs.evolve(obj, **changes)


def make_agency(id: str = "xc", **overrides: Any) -> Agency:
    """An agency with one penalty power ``P-001`` in the domain 城市管理."""
    fields: dict[str, Any] = {
        "id": id,
        "name": "天津市滨海新区新城镇人民政府",
        "region": "120116",
        "powers": (
            Power(
                code="P-001",
                name="对占道经营的行政处罚",
                category=CaseCategory.PENALTY,
                domain="城市管理",
            ),
        ),
    }
    fields.update(overrides)
    return Agency(**fields)


def make_officer(
    id: str,
    *,
    agency_id: str = "xc",
    domains: tuple[str, ...] = ("城市管理",),
    valid_from: date = date(2018, 1, 1),
    valid_until: date = date(2027, 12, 31),
    **overrides: Any,
) -> Officer:
    """An officer holding one certificate for ``domains``."""
    fields: dict[str, Any] = {
        "id": id,
        "name": f"执法员{id}",
        "agency_id": agency_id,
        "certificates": (
            Certificate(
                number=f"CERT-{id}",
                issuer="天津市人民政府",
                domains=domains,
                valid_from=valid_from,
                valid_until=valid_until,
            ),
        ),
    }
    fields.update(overrides)
    return Officer(**fields)


def make_person(name: str = "张三", born: date = date(1980, 5, 17), **overrides: Any) -> Party:
    """A natural person with a valid ID number."""
    import random

    fields: dict[str, Any] = {
        "kind": PartyKind.PERSON,
        "name": name,
        "id_number": make_id_number(random.Random(name), born),
        "phone": "13812345678",
        "address": "天津市滨海新区新城村1号",
    }
    fields.update(overrides)
    return Party(**fields)


def make_record(
    id: str, stage: Stage = Stage.FILING, at: datetime | None = None, **overrides: Any
) -> RecordEntry:
    """A text record entry by officers ``o1`` and ``o2``."""
    fields: dict[str, Any] = {
        "id": id,
        "stage": stage,
        "kind": RecordKind.TEXT,
        "at": at or datetime(2020, 3, 2, 9, 30, tzinfo=CST),
        "officer_ids": ("o1", "o2"),
    }
    fields.update(overrides)
    return RecordEntry(**fields)


def make_case(id: str = "C1", **overrides: Any) -> Case:
    """An open penalty case of agency ``xc`` with officers ``o1`` and ``o2`` and a filing record."""
    fields: dict[str, Any] = {
        "id": id,
        "agency_id": "xc",
        "category": CaseCategory.PENALTY,
        "domain": "城市管理",
        "power_code": "P-001",
        "title": "占道经营案",
        "opened_on": date(2020, 3, 2),
        "parties": (make_person(),),
        "officer_ids": ("o1", "o2"),
        "records": (make_record(f"{id}-R1"),),
    }
    fields.update(overrides)
    return Case(**fields)


def make_dataset(*cases: Case, **overrides: Any) -> Dataset:
    """A dataset with agency ``xc``, officers ``o1`` and ``o2``, and the given cases."""
    fields: dict[str, Any] = {
        "agencies": (make_agency(),),
        "officers": (make_officer("o1"), make_officer("o2")),
        "cases": cases,
    }
    fields.update(overrides)
    return Dataset(**fields)


def fake_distribution(
    directory: Path,
    name: str,
    *,
    version: str = "1.0",
    entry_points: Mapping[str, str],
    modules: Mapping[str, str] = {},
) -> Path:
    """Write an installed-looking distribution into ``directory``.

    ``entry_points`` maps entry-point names in the ``enforcement`` group to
    ``module`` or ``module:attr``; ``modules`` maps module names to their
    source. Put ``directory`` on ``sys.path`` and the plugin manager discovers
    the entry points exactly as it would a pip-installed package's.
    """
    dist = directory / f"{name.replace('-', '_')}-{version}.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = ["[enforcement]", *(f"{ep} = {target}" for ep, target in entry_points.items())]
    (dist / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for module, source in modules.items():
        (directory / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return dist
