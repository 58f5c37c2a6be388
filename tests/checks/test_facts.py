"""The facts a case shares between the rules and the annual tally change no figure.

Each rule and the tally used to work out ``missing_stages``, ``is_major``,
``publication_due`` and the certificates active on a day on their own; now they
share one :class:`~enforcement.checks.facts.CaseFacts` per case. These tests
compare the shared path with each fact worked out alone, on a generated year
with defects (late notices, missing records, unreviewed major decisions,
officers acting without a certificate).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from enforcement.checks import CertificateIndex, check
from enforcement.checks.engine import AgencyCalendars, Deadlines, is_major
from enforcement.checks.facts import CaseFacts, OfficerAct
from enforcement.checks.publication import publication_due
from enforcement.checks.recording import missing_stages
from enforcement.errors import CalendarError
from enforcement.models import Case, Dataset
from enforcement.plugins import default_plugin_manager
from enforcement.policy import Policy
from enforcement.summary import _Tally, _tally_cases, summarize
from enforcement.synthetic import generate_dataset

ON = date(2021, 1, 31)


@pytest.fixture(scope="module")
def year() -> Dataset:
    return generate_dataset(cases=300, defects=0.2, seed=7)


def _deadlines(ds: Dataset, case_agency: str) -> Deadlines:
    calendars = AgencyCalendars(Policy(), default_plugin_manager(), None)
    return calendars.for_agency(next((a for a in ds.agencies if a.id == case_agency), None))


def test_facts_equal_the_functions_they_stand_for(year: Dataset) -> None:
    policy = Policy()
    for case in year.cases:
        deadlines = _deadlines(year, case.agency_id)
        facts = CaseFacts(case, policy=policy, deadlines=deadlines)
        assert facts.missing_stages == missing_stages(case)
        assert facts.is_major == is_major(case, policy)
        try:
            expected = publication_due(case, policy, deadlines)
        except CalendarError:
            with pytest.raises(CalendarError):
                facts.publication_due()
            continue
        assert facts.publication_due() == expected


def test_active_certificates_equal_the_officer_index(year: Dataset) -> None:
    officers = {o.id: CertificateIndex(o) for o in year.officers}
    for case in year.cases[:50]:
        facts = CaseFacts(
            case, policy=Policy(), deadlines=_deadlines(year, case.agency_id), officers=officers
        )
        for entry in case.records:
            for officer_id in entry.officer_ids:
                day = entry.at.date()
                fresh = CertificateIndex(next(o for o in year.officers if o.id == officer_id))
                assert facts.active_certificates(officer_id, day) == fresh.active_on(day)
        assert facts.active_certificates("no-such-officer", ON) is None


def test_certificate_index_answers_like_each_certificate(year: Dataset) -> None:
    """Every day of four years, before, across and after every change point of every officer."""
    first = date(2018, 1, 1).toordinal()
    days = [date.fromordinal(first + i) for i in range(4 * 366)]
    for officer in year.officers:
        index = CertificateIndex(officer)
        for day in days:
            expected = tuple(c for c in officer.certificates if c.is_active_on(day))
            assert index.active_on(day) == expected, (officer.id, day)


def test_certificate_index_size_does_not_grow_with_the_days_asked(year: Dataset) -> None:
    officer = max(year.officers, key=lambda o: len(o.certificates))
    index = CertificateIndex(officer)
    size = len(index._active)
    first = date(2000, 1, 1).toordinal()
    for i in range(20 * 366):
        index.active_on(date.fromordinal(first + i))
    assert len(index._active) == size
    assert size <= 1 + 2 * len(officer.certificates) + sum(
        len(c.events) for c in officer.certificates
    )


def test_tally_with_shared_facts_equals_a_tally_of_each_case_alone(year: Dataset) -> None:
    pm = default_plugin_manager()
    shared, _ = _tally_cases(
        year.cases, list(year.agencies), list(year.officers), Policy(), ON, pm, None, year=2020
    )
    alone = _Tally(Policy(), ON, 2020)
    for case in year.cases:
        alone.add(case, _deadlines(year, case.agency_id))
    skip = {"policy", "tables"}
    assert {k: v for k, v in vars(shared).items() if k not in skip} == {
        k: v for k, v in vars(alone).items() if k not in skip
    }
    assert vars(shared.tables) == vars(alone.tables)
    assert shared.major > 0
    assert shared.late + shared.missing > 0


def test_summary_findings_equal_the_findings_of_check(year: Dataset) -> None:
    summary = summarize(year, year=2020, on=ON)
    expected = Counter(f.code for f in check(year, on=ON))
    assert dict(summary.findings_by_code) == dict(expected)
    assert sum(expected.values()) > 0  # the year has defects to find


def _facts_of_cases(
    year: Dataset,
) -> Iterator[tuple[Case, CaseFacts, dict[str, CertificateIndex]]]:
    """The first 80 cases of the year with their facts, and the officers' certificates."""
    officers = {o.id: CertificateIndex(o) for o in year.officers}
    for case in year.cases[:80]:
        deadlines = _deadlines(year, case.agency_id)
        yield (
            case,
            CaseFacts(case, policy=Policy(), deadlines=deadlines, officers=officers),
            officers,
        )


def test_officer_acts_list_every_officer_of_every_act_with_their_certificates(
    year: Dataset,
) -> None:
    for case, facts, officers in _facts_of_cases(year):
        expected: list[OfficerAct] = [
            (j, entry.at.date(), officer_id, officers[officer_id].active_on(entry.at.date()))
            for j, entry in enumerate(case.records)
            for officer_id in entry.officer_ids
        ]
        if case.decision is not None:
            day = case.decision.decided_on
            expected += [(None, day, o, officers[o].active_on(day)) for o in case.officer_ids]
        assert facts.officer_acts == expected


def test_officer_first_acts_keep_each_officers_first_act_with_each_set_of_certificates(
    year: Dataset,
) -> None:
    for _case, facts, _officers in _facts_of_cases(year):
        expected: list[OfficerAct] = []
        seen: set[tuple[str, object]] = set()
        for act in facts.officer_acts:
            _index, _day, officer_id, active = act
            if (officer_id, active) not in seen:
                seen.add((officer_id, active))
                expected.append(act)
        assert facts.officer_first_acts == expected


def test_a_certificate_period_holds_the_certificates_active_on_each_of_its_days(
    year: Dataset,
) -> None:
    for officer in year.officers[:40]:
        index = CertificateIndex(officer)
        day = date(2019, 6, 1)
        while day < date(2021, 3, 1):
            first, end, active = index.period_of(day)
            assert first <= day < end
            assert active is index.active_on(day)
            assert active == officer.active_certificates(day)
            if first > date.min:
                assert index.active_on(first) is active
            day += timedelta(days=17)
