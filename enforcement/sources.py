"""Where records are read from: a store, or a dataset held in memory.

Every capability that reads records (checks, notices, summaries) takes a
:class:`RecordSource`: a :class:`~enforcement.store.Store` is one, and
:class:`DatasetSource` makes a loaded :class:`~enforcement.models.Dataset` one,
so the same code streams a county's year from PostgreSQL or reads a JSON file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from enforcement.models import Agency, Case, Dataset, Officer


@runtime_checkable
class RecordSource(Protocol):
    """What a reader of records needs; :class:`~enforcement.store.Store` provides it."""

    def agencies(self) -> list[Agency]:
        """Every agency."""
        ...

    def officers(self, agency_id: str | None = None) -> list[Officer]:
        """Every officer, or those of one agency."""
        ...

    def case(self, case_id: str) -> Case | None:
        """One case by id, or ``None``."""
        ...

    def cases(self, *, year: int | None = None, agency_id: str | None = None) -> Iterator[Case]:
        """The cases opened in ``year`` (all years if ``None``) of one agency (or all), streamed."""
        ...


class DatasetSource:
    """A :class:`RecordSource` over a dataset in memory."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._by_id: dict[str, Case] | None = None

    def agencies(self) -> list[Agency]:
        """Every agency of the dataset."""
        return list(self.dataset.agencies)

    def officers(self, agency_id: str | None = None) -> list[Officer]:
        """The dataset's officers, or those of one agency."""
        return [o for o in self.dataset.officers if agency_id is None or o.agency_id == agency_id]

    def case(self, case_id: str) -> Case | None:
        """One case by id."""
        if self._by_id is None:
            self._by_id = {c.id: c for c in self.dataset.cases}
        return self._by_id.get(case_id)

    def cases(self, *, year: int | None = None, agency_id: str | None = None) -> Iterator[Case]:
        """The cases opened in ``year`` of one agency, in document order."""
        for case in self.dataset.cases:
            if year is not None and case.opened_on.year != year:
                continue
            if agency_id is not None and case.agency_id != agency_id:
                continue
            yield case


def as_source(source: Dataset | RecordSource) -> RecordSource:
    """``source`` itself, or a :class:`DatasetSource` when it is a dataset."""
    if isinstance(source, Dataset):
        return DatasetSource(source)
    return source
