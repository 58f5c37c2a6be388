"""Rules every valid dataset obeys, beyond the shape of each object.

Identifiers carry correct check characters, references resolve, ids are
unique, and dates are ordered where the law orders them. These are the rules
that make a document *usable*; whether the records *comply with the law* is the
business of the compliance checks, which need data that may be non-compliant
(a late notice, an entry dated before filing) to be loadable first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from enforcement.errors import ValidationError
from enforcement.identifiers import credit_code_problem, id_number_problem
from enforcement.models import (
    Agency,
    Case,
    Dataset,
    IdKind,
    NoticeKind,
    Officer,
    PartyKind,
    PenaltyKind,
    ReviewOutcome,
)

_AMOUNT_REQUIRED = frozenset({PenaltyKind.FINE, PenaltyKind.CONFISCATION_OF_GAINS})

_SHA256 = re.compile(r"[0-9a-f]{64}")

Problem = tuple[str, str]


def validate(dataset: Dataset, *, source: str | None = None) -> None:
    """Raise :class:`ValidationError` listing every problem of ``dataset``, if any."""
    problems = list(dataset_problems(dataset))
    if problems:
        raise ValidationError(problems, source=source)


def dataset_problems(
    dataset: Dataset,
    *,
    positions: Mapping[str, Sequence[int]] | None = None,
    unreadable_agencies: Iterable[str] = (),
    unreadable_officers: Iterable[str] = (),
) -> Iterator[Problem]:
    """Every problem of ``dataset`` as ``(path, message)`` pairs, in document order.

    When some objects of a document could not be read (their shape problems are
    reported elsewhere), pass the rest: ``positions`` maps ``"agencies"``,
    ``"officers"`` and ``"cases"`` to each item's index in the document, for the
    paths; references to the ids of ``unreadable_agencies`` and
    ``unreadable_officers`` are then not reported as dangling.
    """
    where = (positions or {}).get("cases") or range(len(dataset.cases))
    index = CaseIndex(
        dataset.agencies,
        dataset.officers,
        positions=positions,
        unreadable_agencies=unreadable_agencies,
        unreadable_officers=unreadable_officers,
    )
    yield from index.problems
    for i, case in enumerate(dataset.cases):
        yield from index.check(case, f"$.cases[{where[i]}]")


_DUPLICATE_ID = re.compile(r"\$\.(agencies|officers)\[(\d+)\]\.id\Z")


def index_after_stored(
    stored: tuple[Sequence[Agency], Sequence[Officer]],
    agencies: Sequence[Agency],
    officers: Sequence[Officer],
    *,
    positions: Mapping[str, Sequence[int]],
    unreadable: Mapping[str, Iterable[str]],
    id_at: Callable[[str, int], object],
) -> tuple[CaseIndex, list[Problem]]:
    """The :class:`CaseIndex` of a document's agencies and officers added after a store's, and
    the document's problems among them.

    The ``stored`` agencies and officers come first, at position -1: their own
    problems are not the document's and are left out. A document's id that
    repeats a stored one is "already in the store"; ``id_at(kind, position)``
    gives the id the document wrote at ``$.<kind>[position]``, for the message.
    """
    stored_agencies, stored_officers = stored
    index = CaseIndex(
        (*stored_agencies, *agencies),
        (*stored_officers, *officers),
        positions={
            "agencies": [-1] * len(stored_agencies) + list(positions["agencies"]),
            "officers": [-1] * len(stored_officers) + list(positions["officers"]),
        },
        unreadable_agencies=unreadable["agencies"],
        unreadable_officers=unreadable["officers"],
    )
    stored_ids = {
        "agencies": {a.id for a in stored_agencies},
        "officers": {o.id for o in stored_officers},
    }
    problems: list[Problem] = []
    for path, message in index.problems:
        if "[-1]" in path:
            continue
        m = _DUPLICATE_ID.match(path)
        if m and message.startswith("duplicate"):
            kind = m.group(1)
            written = id_at(kind, int(m.group(2)))
            if written in stored_ids[kind]:
                noun = "agency" if kind == "agencies" else "officer"
                message = f"{noun} {written!r} is already in the store"
        problems.append((path, message))
    return index, problems


class CaseIndex:
    """What the cases of a document may refer to, and the case ids seen so far.

    Built from the document's agencies and officers (their own problems are in
    :attr:`problems`), it validates cases one at a time with :meth:`check`, so a
    document can be validated while it is read, case by case, in bounded memory.
    """

    def __init__(
        self,
        agencies: Sequence[Agency],
        officers: Sequence[Officer],
        *,
        positions: Mapping[str, Sequence[int]] | None = None,
        unreadable_agencies: Iterable[str] = (),
        unreadable_officers: Iterable[str] = (),
    ) -> None:
        self.problems: list[Problem] = []
        where = {
            key: (positions or {}).get(key) or range(len(items))
            for key, items in (("agencies", agencies), ("officers", officers))
        }
        # None: the agency exists but its powers are unknown (it could not be read).
        agency_powers: dict[str, set[str] | None] = dict.fromkeys(unreadable_agencies)
        for i, agency in enumerate(agencies):
            path = f"$.agencies[{where['agencies'][i]}]"
            if agency.id in agency_powers:
                self.problems.append((f"{path}.id", f"duplicate agency id {agency.id!r}"))
            codes: set[str] = set()
            for j, power in enumerate(agency.powers):
                if power.code in codes:
                    self.problems.append(
                        (f"{path}.powers[{j}].code", f"duplicate power code {power.code!r}")
                    )
                codes.add(power.code)
            agency_powers.setdefault(agency.id, codes)
            if agency.credit_code is not None:
                problem = credit_code_problem(agency.credit_code)
                if problem:
                    self.problems.append((f"{path}.credit_code", problem))
        self.problems.extend(_parent_problems(agencies, where["agencies"], agency_powers))

        officer_ids: set[str] = set(unreadable_officers)
        seen_officers: set[str] = set()
        certificate_numbers: dict[str, str] = {}
        for i, officer in enumerate(officers):
            path = f"$.officers[{where['officers'][i]}]"
            if officer.id in seen_officers:
                self.problems.append((f"{path}.id", f"duplicate officer id {officer.id!r}"))
            seen_officers.add(officer.id)
            officer_ids.add(officer.id)
            if officer.agency_id not in agency_powers:
                self.problems.append(
                    (f"{path}.agency_id", f"no agency with id {officer.agency_id!r}")
                )
            for j, cert in enumerate(officer.certificates):
                holder = certificate_numbers.setdefault(cert.number, officer.id)
                if holder != officer.id or cert.number in {
                    c.number for c in officer.certificates[:j]
                }:
                    self.problems.append(
                        (
                            f"{path}.certificates[{j}].number",
                            f"duplicate certificate number {cert.number!r} (also held by {holder!r})",
                        )
                    )
        self.agency_powers = agency_powers
        self.officer_ids = officer_ids
        self.case_ids: set[str] = set()

    def check(self, case: Case, path: str) -> Iterator[Problem]:
        """The problems of ``case`` (at ``path``), its id included among those seen."""
        if case.id in self.case_ids:
            yield (f"{path}.id", f"duplicate case id {case.id!r}")
        self.case_ids.add(case.id)
        yield from case_problems(case, path, self.agency_powers, self.officer_ids)


def _act_problems(case: Case, path: str) -> Iterator[Problem]:
    """Problems of the hearing, licence and decision-period facts that span fields."""
    licence = case.licence
    if licence is not None and (licence.outcome is None) != (licence.outcome_on is None):
        missing = "outcome" if licence.outcome is None else "outcome_on"
        yield (f"{path}.licence.{missing}", "outcome and outcome_on go together")
    hearing = case.hearing
    if hearing is not None and hearing.notified_on is not None:
        for name in ("waived_on", "requested_on"):
            day = getattr(hearing, name)
            if day is not None and day < hearing.notified_on:
                yield (
                    f"{path}.hearing.{name}",
                    f"{day} is before the party was notified ({hearing.notified_on})",
                )
    for k, period in enumerate(case.excluded_periods):
        if period.start < case.opened_on:
            yield (
                f"{path}.excluded_periods[{k}].start",
                f"{period.start} is before the case was opened ({case.opened_on})",
            )


def case_problems(
    case: Case,
    path: str,
    agency_powers: Mapping[str, set[str] | None],
    officer_ids: set[str],
) -> Iterator[Problem]:
    """Problems of one case, given the agencies (with their power codes) and officer ids it may reference.

    An agency whose power codes are ``None`` exists but is unknown in detail;
    its power codes are not checked.
    """
    if case.agency_id not in agency_powers:
        yield (f"{path}.agency_id", f"no agency with id {case.agency_id!r}")
    elif (powers := agency_powers[case.agency_id]) is not None and (
        case.power_code is not None and case.power_code not in powers
    ):
        yield (
            f"{path}.power_code",
            f"agency {case.agency_id!r} has no power with code {case.power_code!r}",
        )
    for j, officer_id in enumerate(case.officer_ids):
        if officer_id not in officer_ids:
            yield (f"{path}.officer_ids[{j}]", f"no officer with id {officer_id!r}")

    for j, party in enumerate(case.parties):
        ppath = f"{path}.parties[{j}]"
        if party.kind is PartyKind.PERSON:
            if party.credit_code is not None:
                yield (
                    f"{ppath}.credit_code",
                    "a natural person has no credit code; use kind organisation",
                )
            # Passports and other documents have no national check (GB 11643 is the ID card's).
            if party.id_number is not None and party.id_kind in (None, IdKind.RESIDENT_ID):
                problem = id_number_problem(party.id_number)
                if problem:
                    yield (f"{ppath}.id_number", problem)
        else:
            if party.id_number is not None:
                yield (f"{ppath}.id_number", "an organisation has no ID number; use credit_code")
            if party.credit_code is not None:
                problem = credit_code_problem(party.credit_code)
                if problem:
                    yield (f"{ppath}.credit_code", problem)

    record_ids: set[str] = set()
    for j, entry in enumerate(case.records):
        rpath = f"{path}.records[{j}]"
        if entry.id in record_ids:
            yield (f"{rpath}.id", f"duplicate record id {entry.id!r} in case {case.id!r}")
        if entry.corrects is not None and entry.corrects not in record_ids:
            yield (
                f"{rpath}.corrects",
                f"corrects {entry.corrects!r}, which is not an earlier entry of this case",
            )
        record_ids.add(entry.id)
        for k, officer_id in enumerate(entry.officer_ids):
            if officer_id not in officer_ids:
                yield (f"{rpath}.officer_ids[{k}]", f"no officer with id {officer_id!r}")
        digest = entry.attachment.sha256 if entry.attachment is not None else None
        if digest is not None and not _SHA256.fullmatch(digest):
            yield (f"{rpath}.attachment.sha256", "expected 64 lower-case hexadecimal digits")

    rounds = [("review", case.review)] if case.review is not None else []
    rounds += [(f"reviews[{k}]", r) for k, r in enumerate(case.reviews)]
    for where, review in rounds:
        if review.outcome is ReviewOutcome.PENDING and review.completed_on is not None:
            yield (f"{path}.{where}.completed_on", "a pending review has no completion date")
        if review.outcome is not ReviewOutcome.PENDING and review.completed_on is None:
            yield (
                f"{path}.{where}.completed_on",
                f"required when the outcome is {review.outcome.value}",
            )
        if review.submitted_on < case.opened_on:
            yield (
                f"{path}.{where}.submitted_on",
                f"{review.submitted_on} is before the case was opened ({case.opened_on})",
            )
    yield from _act_problems(case, path)

    decision = case.decision
    if decision is not None:
        dpath = f"{path}.decision"
        if decision.decided_on < case.opened_on:
            yield (
                f"{dpath}.decided_on",
                f"{decision.decided_on} is before the case was opened ({case.opened_on})",
            )
        if case.closed_on is not None and case.closed_on < decision.decided_on:
            yield (
                f"{path}.closed_on",
                f"{case.closed_on} is before the decision ({decision.decided_on})",
            )
        if (decision.revoked_on is None) != (decision.revocation_reason is None):
            missing = "revocation_reason" if decision.revoked_on else "revoked_on"
            yield (f"{dpath}.{missing}", "revoked_on and revocation_reason go together")
        for k, penalty in enumerate(decision.penalties):
            if penalty.kind in _AMOUNT_REQUIRED and penalty.amount is None:
                yield (f"{dpath}.penalties[{k}].amount", f"required for a {penalty.kind.value}")

    notice_ids: set[str] = set()
    for j, notice in enumerate(case.notices):
        npath = f"{path}.notices[{j}]"
        if notice.id in notice_ids:
            yield (f"{npath}.id", f"duplicate notice id {notice.id!r} in case {case.id!r}")
        notice_ids.add(notice.id)
        if decision is None:
            yield (npath, "a notice needs a decision to publish")
        elif (notice.kind is NoticeKind.DECISION and notice.published_on < decision.decided_on) or (
            notice.kind is NoticeKind.WITHDRAWAL and notice.published_on < decision.decided_on
        ):
            yield (
                f"{npath}.published_on",
                f"{notice.published_on} is before the decision ({decision.decided_on})",
            )


def _parent_problems(
    agencies: Sequence[Agency], where: Sequence[int], known: Iterable[str]
) -> list[Problem]:
    """Each agency's ``parent`` is another agency of the data set, and parents form no cycle.

    ``known`` are every agency id of the data set (including those that could not be read).
    """
    parents: dict[str, str | None] = dict.fromkeys(known)
    parents.update({a.id: a.parent for a in agencies})
    out: list[Problem] = []
    for i, agency in enumerate(agencies):
        if agency.parent is None:
            continue
        path = f"$.agencies[{where[i]}].parent"
        if agency.parent == agency.id:
            out.append((path, f"agency {agency.id!r} cannot be its own parent"))
        elif agency.parent not in parents:
            out.append((path, f"no agency with id {agency.parent!r}"))
        else:
            chain = [agency.id]
            step: str | None = agency.parent
            while step is not None and step not in chain:
                chain.append(step)
                step = parents.get(step)
            if step == agency.id:
                out.append((path, "parents form a cycle: " + " → ".join([*chain, agency.id])))
    return out
