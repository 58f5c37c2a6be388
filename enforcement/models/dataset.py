"""The top-level collection exchanged in the interchange format."""

from __future__ import annotations

from attrs import field, frozen

from enforcement.models.agency import Agency
from enforcement.models.case import Case
from enforcement.models.officer import Officer

FORMAT = "enforcement/1"
"""The value of the top-level ``format`` key this version reads and writes."""


@frozen(kw_only=True)
class Dataset:
    """Agencies, officers and cases: everything one interchange document holds."""

    agencies: tuple[Agency, ...] = field(default=(), metadata={"doc": "执法主体"})
    officers: tuple[Officer, ...] = field(default=(), metadata={"doc": "执法人员"})
    cases: tuple[Case, ...] = field(default=(), metadata={"doc": "案件"})

    def agency(self, agency_id: str) -> Agency | None:
        """The agency with this id, if any."""
        return next((a for a in self.agencies if a.id == agency_id), None)

    def officer(self, officer_id: str) -> Officer | None:
        """The officer with this id, if any."""
        return next((o for o in self.officers if o.id == officer_id), None)

    def case(self, case_id: str) -> Case | None:
        """The case with this id, if any."""
        return next((c for c in self.cases if c.id == case_id), None)

    def officers_by_id(self) -> dict[str, Officer]:
        """An index of the officers by id (build it once for repeated look-ups)."""
        return {o.id: o for o in self.officers}

    def agencies_by_id(self) -> dict[str, Agency]:
        """An index of the agencies by id."""
        return {a.id: a for a in self.agencies}
