"""What several rules and the annual tally ask of one case, computed once per case.

The tally of :func:`enforcement.summary.summarize` and the rules of
:func:`enforcement.checks.check_records` used to work out the same derived facts
of a case each on their own: the stages with no record entry, whether the
decision is major (重大执法决定), when its notice is due, and which certificates
an officer held on the day of an act. :class:`CaseFacts` works each out on first
use and keeps it for the rest of that case, so every rule and the tally see the
same answer for the price of one.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from enforcement.checks.engine import is_major
from enforcement.checks.publication import publication_due, unpublishable_reason
from enforcement.checks.recording import missing_stages
from enforcement.errors import CalendarError

if TYPE_CHECKING:
    from enforcement.calendar import Deadline
    from enforcement.checks.engine import CertificateIndex, Deadlines
    from enforcement.models import Case, Certificate, Stage
    from enforcement.policy import Policy

_UNSET = object()
_ALWAYS = (date.min, date.max)

OfficerAct = tuple["int | None", "date", str, "tuple[Certificate, ...] | None"]
"""One officer in one act: ``(record index or None for the decision, day, officer id,
certificates active that day or None for an officer not in the dataset)``."""


class CaseFacts:
    """The derived facts of one case under one policy and calendar, each computed once.

    Functions of the data, as the house style asks: nothing here is stored with
    the case, and a new :class:`CaseFacts` is built for each case checked.
    """

    __slots__ = (
        "_acts",
        "_due",
        "_firsts",
        "_major",
        "_missing",
        "_unpublishable",
        "case",
        "deadlines",
        "officers",
        "policy",
    )

    def __init__(
        self,
        case: Case,
        *,
        policy: Policy,
        deadlines: Deadlines,
        officers: dict[str, CertificateIndex] | None = None,
    ) -> None:
        self.case = case
        self.policy = policy
        self.deadlines = deadlines
        self.officers = officers if officers is not None else {}
        self._missing: list[tuple[Stage, str]] | None = None
        self._major: bool | None = None
        self._due: object = _UNSET
        self._unpublishable: object = _UNSET
        self._acts: list[OfficerAct] | None = None
        self._firsts: list[OfficerAct] | None = None

    @property
    def missing_stages(self) -> list[tuple[Stage, str]]:
        """The stages the case reached with no record entry (see ``missing_stages``; REC001)."""
        if self._missing is None:
            self._missing = missing_stages(self.case)
        return self._missing

    @property
    def is_major(self) -> bool:
        """Whether the decision is major (重大执法决定) under the policy (see ``is_major``)."""
        if self._major is None:
            self._major = is_major(self.case, self.policy)
        return self._major

    @property
    def unpublishable_reason(self) -> tuple[str, str] | None:
        """Why the decision must not be published, or ``None`` (see ``unpublishable_reason``;
        PUB003 and the publication deadline)."""
        reason = self._unpublishable
        if reason is _UNSET:
            reason = self._unpublishable = unpublishable_reason(self.case, self.policy)
        return reason  # type: ignore[return-value]

    def publication_due(self) -> Deadline | None:
        """When the decision notice is due (see ``publication_due``), or ``None``.

        Raises :class:`~enforcement.errors.CalendarError` (the same one each
        time) when the deadline falls in a year with no holiday data.
        """
        due = self._due
        if due is _UNSET:
            try:
                due = publication_due(
                    self.case,
                    self.policy,
                    self.deadlines,
                    unpublishable=self.unpublishable_reason,
                )
            except CalendarError as exc:
                due = exc
            self._due = due
        if isinstance(due, CalendarError):
            raise due
        return due  # type: ignore[return-value]

    def _acting(self) -> list[tuple[int | None, date, tuple[str, ...]]]:
        """``(record entry index or None for the decision, day, officers)`` of each act that
        names officers, in the order of ``enforcement_acts``."""
        case = self.case
        found: list[tuple[int | None, date, tuple[str, ...]]] = [
            (j, entry.at.date(), entry.officer_ids)
            for j, entry in enumerate(case.records)
            if entry.officer_ids
        ]
        if case.decision is not None and case.officer_ids:
            found.append((None, case.decision.decided_on, case.officer_ids))
        return found

    @property
    def officer_acts(self) -> list[OfficerAct]:
        """Every officer of every act of the case with the certificates they held that day.

        In the order of ``enforcement_acts`` (record entries, then the decision); each
        officer's certificates are looked up once per day, for OFF002 and OFF003 alike.
        """
        acts = self._acts
        if acts is None:
            acts = []
            held: dict[tuple[str, date], tuple[Certificate, ...] | None] = {}
            officers = self.officers
            for index, day, officer_ids in self._acting():
                for officer_id in officer_ids:
                    key = (officer_id, day)
                    if key in held:
                        active = held[key]
                    else:
                        certs = officers.get(officer_id)
                        active = held[key] = None if certs is None else certs.active_on(day)
                    acts.append((index, day, officer_id, active))
            self._acts = acts
        return acts

    @property
    def officer_first_acts(self) -> list[OfficerAct]:
        """:attr:`officer_acts` with only the first act of each officer holding each set of
        certificates: a later act of the same officer with the same certificates is left out.

        A rule that judges an officer by the certificates held (OFF002, OFF003) or by
        who they are (OFF006), once per officer, finds the same as over every act: the
        acts left out repeat what an act kept already showed. A case's twenty acts by
        its two officers are then two or three.
        """
        firsts = self._firsts
        if firsts is None:
            firsts = []
            # The certificate index hands out one tuple per officer and period with the
            # same certificates: those are "the same certificates" (equal tuples that are
            # not the same object are kept apart, which keeps more acts, never fewer).
            kept: set[tuple[str, int]] = set()
            # Each officer's current period: an act inside it holds what was kept already.
            spans: dict[str, tuple[date, date]] = {}
            officers = self.officers
            for index, day, officer_ids in self._acting():
                for officer_id in officer_ids:
                    span = spans.get(officer_id)
                    if span is not None and span[0] <= day < span[1]:
                        continue
                    certs = officers.get(officer_id)
                    active: tuple[Certificate, ...] | None
                    if certs is None:
                        first, end, active = _ALWAYS[0], _ALWAYS[1], None
                    else:
                        first, end, active = certs.period_of(day)
                    spans[officer_id] = (first, end)
                    pair = (officer_id, id(active))
                    if pair not in kept:
                        kept.add(pair)
                        firsts.append((index, day, officer_id, active))
            self._firsts = firsts
        return firsts

    def active_certificates(self, officer_id: str, day: date) -> tuple[Certificate, ...] | None:
        """The certificates ``officer_id`` held on ``day`` (持证), or ``None`` for an unknown officer.

        Answered by the officer's :class:`CertificateIndex`, whose memo of recent days
        is what OFF002 and OFF003 share for the acts of a case.
        """
        index = self.officers.get(officer_id)
        return None if index is None else index.active_on(day)
