"""Compliance checks: lint enforcement records against the three systems (三项制度).

>>> import enforcement
>>> from datetime import date
>>> ds = enforcement.load("examples/cases.json")  # doctest: +SKIP
>>> findings = enforcement.check(ds, on=date(2021, 1, 31))  # doctest: +SKIP

Every rule has a stable code (``OFF001`` ... ``RPT002``, ``FMT001``); see ``docs/rules.md``.
Plugins add rules through the ``enforcement_checks`` hook.
"""

from __future__ import annotations

from enforcement.checks.engine import (
    AgencyContext,
    AgencyRule,
    CaseContext,
    CaseRule,
    CertificateIndex,
    Deadlines,
    OfficerContext,
    OfficerRule,
    Rule,
    check,
    check_records,
    collect_rules,
    is_major,
    party_kind,
)
from enforcement.checks.finding import (
    FINDINGS_FORMAT,
    Finding,
    Hit,
    Severity,
    findings_to_data,
)

__all__ = [
    "FINDINGS_FORMAT",
    "AgencyContext",
    "AgencyRule",
    "CaseContext",
    "CaseRule",
    "CertificateIndex",
    "Deadlines",
    "Finding",
    "Hit",
    "OfficerContext",
    "OfficerRule",
    "Rule",
    "Severity",
    "check",
    "check_records",
    "collect_rules",
    "findings_to_data",
    "is_major",
    "party_kind",
]
