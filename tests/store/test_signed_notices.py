"""Signed notices (PAdES) verified against the record and the log, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from enforcement import Dataset, Store, render_notice
from enforcement.models import Agency, Case
from enforcement.notices.verify import check_notice
from enforcement.signing import SigningOptions, check_pdf_signature, sign_pdf
from enforcement.transparency.checkpoint import parse_checkpoint
from enforcement.transparency.keys import (
    SigningKey,
    generate_agency_key,
    load_certificate,
    load_signing_key,
)

AT = dt.datetime(2021, 1, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(scope="module")
def agency_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    agency = Agency(id="xc", name="天津市滨海新区新城镇人民政府")
    return generate_agency_key(agency, tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def other_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate_agency_key(
        Agency(id="other", name="别的机关"), tmp_path_factory.mktemp("other")
    )


def key_of(paths: tuple[Path, Path]) -> SigningKey:
    return load_signing_key(paths[0], paths[1])


def published(town: Dataset) -> Case:
    return next(c for c in town.cases if c.decision is not None and c.notices)


def notice_pdf(store: Store, case: Case, keys: tuple[Path, Path] | None) -> bytes:
    agency = store.agencies()[0]
    stored = store.case(case.id)
    assert stored is not None
    pdf = render_notice(stored, agency=agency)
    return pdf if keys is None else sign_pdf(pdf, SigningOptions(key=key_of(keys), signing_time=AT))


def test_the_same_input_key_and_time_give_the_same_bytes(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    store.import_dataset(town)
    case = published(town)
    first = notice_pdf(store, case, agency_keys)
    time.sleep(1.1)  # a second later: nothing may come from the clock
    assert notice_pdf(store, case, agency_keys) == first


def test_a_signed_notice_verifies_against_the_agency_certificate(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    store.import_dataset(town)
    case = published(town)
    result = check_notice(
        notice_pdf(store, case, agency_keys), store, certificate=load_certificate(agency_keys[1])
    )
    assert result.ok, result.problems
    assert result.signature.covers_whole_file
    assert result.signature.by_certificate
    assert result.signature.signing_time == AT


def test_a_notice_with_one_byte_changed_fails(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    store.import_dataset(town)
    data = bytearray(notice_pdf(store, published(town), agency_keys))
    at = data.index(b"/Author")
    data[at + 12] ^= 1
    result = check_notice(bytes(data), store, certificate=load_certificate(agency_keys[1]))
    assert not result.ok
    assert "the file was changed" in result.problems[0]


def test_an_appended_revision_after_signing_fails(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    store.import_dataset(town)
    signed = notice_pdf(store, published(town), agency_keys)
    check = check_pdf_signature(signed + b"\n% appended\n", load_certificate(agency_keys[1]))
    assert not check.valid


def test_a_pdf_with_copied_metadata_fails(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    store.import_dataset(town)
    genuine = PdfReader(io.BytesIO(notice_pdf(store, published(town), agency_keys)))
    forged = PdfWriter()
    forged.add_blank_page(width=595, height=842)
    forged.add_metadata(dict(genuine.metadata or {}))
    out = io.BytesIO()
    forged.write(out)
    result = check_notice(out.getvalue(), store, certificate=load_certificate(agency_keys[1]))
    assert not result.ok
    assert result.problems[0].startswith("unsigned")


def test_a_notice_signed_by_another_key_fails(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path], other_keys: tuple[Path, Path]
) -> None:
    store.import_dataset(town)
    data = notice_pdf(store, published(town), other_keys)
    result = check_notice(data, store, certificate=load_certificate(agency_keys[1]))
    assert not result.ok
    assert result.problems[0].startswith("signature not by this certificate")


def test_an_unsigned_notice_reports_content_digest_only_and_fails_with_a_certificate(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    store.import_dataset(town)
    data = notice_pdf(store, published(town), None)
    assert check_notice(data, store).checked[0] == "unsigned: content digest only"
    assert check_notice(data, store).ok
    assert not check_notice(data, store, certificate=load_certificate(agency_keys[1])).ok


def test_a_signed_notice_whose_record_changed_since_fails(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    import attrs

    store.import_dataset(town)
    case = published(town)
    data = notice_pdf(store, case, agency_keys)
    assert case.decision is not None
    store.record_decision(case.id, attrs.evolve(case.decision, number="X罚〔2020〕777号"))
    result = check_notice(data, store, certificate=load_certificate(agency_keys[1]))
    assert not result.ok
    assert f"does NOT match case {case.id}" in result.problems[0]


def test_a_checkpoint_proves_the_case_entry_is_in_the_log(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    store.import_dataset(town)
    case = published(town)
    checkpoint = parse_checkpoint(store.checkpoint(key_of(agency_keys)))
    data = notice_pdf(store, case, agency_keys)
    cert = load_certificate(agency_keys[1])
    result = check_notice(data, store, certificate=cert, checkpoint=checkpoint)
    assert result.ok, result.problems
    assert result.included


def test_a_case_changed_after_the_checkpoint_is_not_in_it(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    import attrs

    store.import_dataset(town)
    case = published(town)
    checkpoint = parse_checkpoint(store.checkpoint(key_of(agency_keys)))
    assert case.decision is not None
    store.record_decision(case.id, attrs.evolve(case.decision, number="X罚〔2020〕778号"))
    data = notice_pdf(store, case, agency_keys)
    result = check_notice(
        data, store, certificate=load_certificate(agency_keys[1]), checkpoint=checkpoint
    )
    assert result.included is False
    assert any("was logged after the checkpoint" in p for p in result.problems)


def test_a_signed_notice_states_the_log_position_it_publishes(
    store: Store, town: Dataset, agency_keys: tuple[Path, Path]
) -> None:
    import attrs

    from enforcement.signing import log_position_of

    store.import_dataset(town)
    case = published(town)
    at = store.position(case.id)
    stored = store.case(case.id)
    assert stored is not None
    options = SigningOptions(
        key=key_of(agency_keys), signing_time=AT, log_position=(at.agency_id, at.index, at.size)
    )
    data = sign_pdf(render_notice(stored, agency=store.agencies()[0]), options)
    assert log_position_of(data) == ("xc", at.index, at.size)
    checkpoint = parse_checkpoint(store.checkpoint(key_of(agency_keys)))
    cert = load_certificate(agency_keys[1])
    result = check_notice(data, store, certificate=cert, checkpoint=checkpoint)
    assert result.ok, result.problems
    assert f"the notice publishes entry {at.index} of the log of xc" in " ".join(result.checked)
    other = next(c for c in town.cases if c.id != case.id)
    wrong = attrs.evolve(options, log_position=("xc", store.position(other.id).index, at.size))
    data = sign_pdf(render_notice(stored, agency=store.agencies()[0]), wrong)
    result = check_notice(data, store, certificate=cert)
    assert any(f"is not a version of case {case.id}" in p for p in result.problems)
