"""What a compliance check reports: :class:`Finding`, and its JSON shape."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any

from attrs import field, frozen

from enforcement.calendar import Deadline

FINDINGS_FORMAT = "enforcement-findings/1"
"""The ``format`` value of the JSON document :func:`findings_to_data` produces."""


def _years(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


class Severity(StrEnum):
    """How serious a finding is: an ``error`` fails ``enforcement check`` (exit 1).

    ``info`` reports something the check could not judge (CAL001: a deadline
    with no holiday data); like a warning, it does not fail the check.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@frozen(kw_only=True)
class Finding:
    """One problem a rule found in the records (检查发现的问题).

    ``path`` points into the interchange format (``$.cases[4].records[2]``).
    Deadline rules fill ``due`` (the last day allowed), ``actual`` (the day
    it happened, ``None`` when it has not happened) and ``explanation`` (the
    calendar's arithmetic: which days were skipped and why).
    """

    code: str = field(metadata={"doc": "rule code, e.g. PUB001 (a public contract)"})
    severity: Severity = field(metadata={"doc": "error, warning or info"})
    path: str = field(metadata={"doc": "JSON path of the offending element"})
    message: str = field(metadata={"doc": "what is wrong, in the language asked for"})
    source: str = field(metadata={"doc": "legal source, e.g. 《行政处罚法》第四十二条"})
    case_id: str | None = field(default=None, metadata={"doc": "the case concerned"})
    officer_id: str | None = field(default=None, metadata={"doc": "the officer concerned"})
    due: date | None = field(default=None, metadata={"doc": "deadline (inclusive)"})
    actual: date | None = field(default=None, metadata={"doc": "when it happened, if it did"})
    explanation: str | None = field(default=None, metadata={"doc": "the deadline arithmetic"})
    provisional_calendar: tuple[int, ...] = field(
        default=(),
        converter=_years,
        metadata={"doc": "years of a provisional calendar the deadline rests on (none: official)"},
    )

    def to_data(self) -> dict[str, Any]:
        """The finding as a JSON-compatible ``dict`` (dates as ``YYYY-MM-DD``)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "case_id": self.case_id,
            "officer_id": self.officer_id,
            "path": self.path,
            "message": self.message,
            "source": self.source,
            "due": self.due.isoformat() if self.due else None,
            "actual": self.actual.isoformat() if self.actual else None,
            "explanation": self.explanation,
            "provisional_calendar": list(self.provisional_calendar),
        }


@frozen(kw_only=True)
class Hit:
    """What a rule function yields: the facts of one finding, in both languages.

    The engine turns it into a :class:`Finding`, adding the rule's code,
    severity and source, the case id and the message in the language asked for.
    """

    path: str
    zh: str
    en: str
    officer_id: str | None = None
    due: date | None = None
    actual: date | None = None
    deadline: Deadline | None = None


def findings_to_data(findings: Iterable[Finding], *, on: date) -> dict[str, Any]:
    """The JSON document ``enforcement check --format json`` prints.

    ``{"format": "enforcement-findings/1", "on": "YYYY-MM-DD", "summary":
    {"errors": n, "warnings": m, "info": k}, "findings": [Finding.to_data(), ...]}``.
    """
    items = [f.to_data() for f in findings]
    counts = {s: sum(1 for f in items if f["severity"] == s.value) for s in Severity}
    return {
        "format": FINDINGS_FORMAT,
        "on": on.isoformat(),
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
        },
        "findings": items,
    }
