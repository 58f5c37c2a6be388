"""The built-in rules, contributed through ``enforcement_checks`` like any plugin's.

Registered ``trylast``: a plugin returning a rule with a built-in code
replaces the built-in rule.
"""

from __future__ import annotations

from collections.abc import Sequence

from enforcement.checks import (
    annual,
    hearing,
    officers,
    payment,
    procedure,
    publication,
    recording,
    review,
)
from enforcement.checks.engine import UNDETERMINED, Rule
from enforcement.hookspecs import hookimpl

RULES: tuple[Rule, ...] = (
    *officers.RULES,
    *recording.RULES,
    *review.RULES,
    *procedure.RULES,
    *hearing.RULES,
    *payment.RULES,
    *publication.RULES,
    *annual.RULES,
    UNDETERMINED,
)
"""Every built-in rule."""


@hookimpl(trylast=True)
def enforcement_checks() -> Sequence[Rule]:
    """The built-in rules (OFF, REC, REV, PRO, HEA, PAY, PUB, RPT, FMT, CAL)."""
    return RULES
