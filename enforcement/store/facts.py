"""The typed columns of the ``cases`` and ``agencies`` indexes, worked out from a stored document.

The annual tables and the summary count decisions, categories, heaviest
penalties and amounts; the store keeps these facts as typed columns so that
the database can count and add them up (``GROUP BY``). They are never
entered on their own: :func:`case_columns` derives them from the case
document exactly as it is appended to the log (its JSON data, without the
record entries), at import, at every change of a case, in the migration to
schema version 4, and again in ``verify``, which reports any row whose
columns differ from what the log's latest version of the case gives.

The functions read the JSON data (not the models) so that ``verify`` can
recompute them from the log without building a model per case.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from enforcement.models import CaseCategory, PenaltyKind

CASE_FACTS = (
    "category",
    "decided_on",
    "heaviest",
    "fines_fen",
    "confiscations_fen",
    "fines_places",
    "confiscations_places",
    "revoked",
    "acts_until",
)
"""The typed columns of ``cases`` that :func:`case_columns` gives, in its order."""

AGENCY_FACTS = ("region", "parent")
"""The typed columns of ``agencies`` that :func:`agency_columns` gives, in its order."""

ALWAYS = 9999
"""``acts_until`` of a case whose counted acts can fall in any later year (an inspection:
its day is that of its first on-site record entry, and entries are appended later)."""

_SEVERITY = {k.value: k.severity for k in PenaltyKind}
_FINE = PenaltyKind.FINE.value
_CONFISCATIONS = (
    PenaltyKind.CONFISCATION_OF_GAINS.value,
    PenaltyKind.CONFISCATION_OF_PROPERTY.value,
)
_HUNDRED = Decimal(100)


def fen(amount: str) -> int:
    """An amount in yuan (a decimal string of at most 2 places, as stored) in fen (分), exactly."""
    value = Decimal(amount) * _HUNDRED
    whole = int(value)
    if whole != value:
        raise ValueError(f"amount {amount!r} has more than 2 decimal places")
    return whole


def _year(day: Any) -> int | None:
    return int(day[:4]) if isinstance(day, str) else None


def case_columns(data: dict[str, Any]) -> tuple[Any, ...]:
    """The :data:`CASE_FACTS` of a case from its stored JSON data.

    - ``category``: 行为类别;
    - ``decided_on``: the decision's date (ISO text) or ``None``;
    - ``heaviest``: the heaviest penalty kind of the decision (by the statistics'
      ordering), ``None`` with no decision or no penalty;
    - ``fines_fen``, ``confiscations_fen``: the decision's fines and quantified
      confiscations in fen (0 without a decision);
    - ``fines_places``, ``confiscations_places``: the most decimal places any of
      those amounts is written with (0 to 2), so that a total is written as the
      same decimal (``"5000.00"`` or ``"5000"``) as adding up the amounts gives;
    - ``revoked``: 1 when the decision has been revoked, else 0;
    - ``acts_until``: the last year in which the case has an act that the annual
      tables count by its own date, other than its decision's penalty (a licence's
      dates, coercive measures, executions, an application to the court; a
      licensing case's filing and decision), :data:`ALWAYS` for an inspection,
      ``None`` when there is none. A case filed in an earlier year is read for a
      year's tables only if this reaches that year.
    """
    category = data["category"]
    decision = data.get("decision")
    decided_on = heaviest = None
    fines = confiscations = revoked = fines_places = confiscations_places = 0
    years: list[int | None] = []
    if decision is not None:
        decided_on = decision["decided_on"]
        rank = -2
        for penalty in decision.get("penalties") or ():
            kind = penalty["kind"]
            if _SEVERITY[kind] > rank:
                rank, heaviest = _SEVERITY[kind], kind
            amount = penalty.get("amount")
            if amount is None:
                continue
            places = len(amount.partition(".")[2])
            if kind == _FINE:
                fines += fen(amount)
                fines_places = max(fines_places, places)
            elif kind in _CONFISCATIONS:
                confiscations += fen(amount)
                confiscations_places = max(confiscations_places, places)
        revoked = 0 if decision.get("revoked_on") is None else 1
    licence = data.get("licence")
    if licence is not None:
        for key in ("applied_on", "accepted_on", "outcome_on", "revoked_on"):
            years.append(_year(licence.get(key)))
    elif category == CaseCategory.LICENSING.value:
        years += [_year(data.get("opened_on")), _year(decided_on)]
    years += [_year(m.get("decided_on")) for m in data.get("measures") or ()]
    years += [_year(x.get("ended_on")) for x in data.get("executions") or ()]
    court = data.get("court_application")
    if court is not None:
        years.append(_year(court.get("applied_on")))
    if category == CaseCategory.INSPECTION.value:
        years.append(ALWAYS)
    known = [y for y in years if y is not None]
    return (
        category,
        decided_on,
        heaviest,
        fines,
        confiscations,
        fines_places,
        confiscations_places,
        revoked,
        max(known) if known else None,
    )


def agency_columns(data: dict[str, Any]) -> tuple[Any, ...]:
    """The :data:`AGENCY_FACTS` of an agency from its stored JSON data: region and parent."""
    return (data.get("region"), data.get("parent"))
