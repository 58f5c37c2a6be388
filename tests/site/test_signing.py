"""A portal built with ``--sign KEY --cert CERT``: every PDF it renders is PAdES-signed by the agency."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from enforcement.cli import cli
from enforcement.io import dump
from enforcement.models import Dataset
from enforcement.notices.verify import check_notice
from enforcement.signing import TZ, SigningOptions, check_pdf_signature
from enforcement.site import SiteOptions, build_site
from enforcement.sources import DatasetSource
from enforcement.store import Store, open_store
from enforcement.transparency.checkpoint import parse_checkpoint
from enforcement.transparency.keys import generate_agency_key, load_signing_key
from tests.site.conftest import ON, SIGNED_AT, build


def _pdfs(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.endswith(".pdf")}


@pytest.fixture(scope="module")
def store(demo_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Store:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'town.db'}"
    with open_store(url, create=True) as created:
        created.import_dataset(demo_dataset)
    return open_store(url)


def test_every_pdf_of_a_signed_portal_validates_with_the_agencys_certificate(
    store: Store, signing: SigningOptions, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build_site(store, out, SiteOptions(on=ON, signing=signing))
    certificate = signing.key.certificate
    checkpoint = parse_checkpoint(store.checkpoint(signing.key))
    notices = sorted((out / "notices").glob("*.pdf"))
    assert any(p.name.endswith("-withdrawal.pdf") for p in notices)
    for pdf in notices:
        # Exactly what `enforcement notice verify PDF --db URL --cert CERT --checkpoint FILE` runs.
        result = check_notice(
            pdf.read_bytes(), store, certificate=certificate, checkpoint=checkpoint
        )
        assert result.ok, (pdf.name, result.problems)
    others = [*(out / "roster").glob("*.pdf"), *(out / "tables").glob("*/summary.pdf")]
    assert others
    for pdf in others:
        check = check_pdf_signature(pdf.read_bytes(), certificate)
        assert check.valid, (pdf.name, check.problem)


def test_the_verify_page_lists_the_signed_files_a_visitor_downloads(
    demo_dataset: Dataset, signing: SigningOptions, tmp_path: Path
) -> None:
    signed = build(demo_dataset, tmp_path / "signed", signing=signing)
    unsigned = build(demo_dataset, tmp_path / "unsigned")
    listed = {n["sha256"] for n in json.loads(signed["notices/digests.json"])["notices"]}
    published = {
        hashlib.sha256(data).hexdigest()
        for name, data in signed.items()
        if name.startswith("notices/") and name.endswith(".pdf")
    }
    assert published
    assert published <= listed
    unsigned_pdfs = {
        hashlib.sha256(data).hexdigest()
        for name, data in unsigned.items()
        if name.startswith("notices/") and name.endswith(".pdf")
    }
    assert not unsigned_pdfs & listed
    # Each notice's page shows the digest of the signed file it links to.
    for name, data in signed.items():
        if name.startswith("notices/") and name.endswith(".pdf"):
            page = signed[name.replace(".pdf", ".html")].decode()
            assert hashlib.sha256(data).hexdigest() in page


def test_a_rebuild_keeps_the_signed_files_an_earlier_build_published(
    demo_dataset: Dataset, signing: SigningOptions, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = _pdfs(build(demo_dataset, out, signing=signing))
    later = attrs.evolve(signing, signing_time=datetime(2021, 4, 1, 9, 0, tzinfo=TZ))
    assert _pdfs(build(demo_dataset, out, signing=later)) == first
    # Signed afresh (another directory), the later time gives other bytes: the rebuild kept them.
    fresh = _pdfs(build(demo_dataset, tmp_path / "fresh", signing=later))
    assert fresh.keys() == first.keys()
    assert all(fresh[name] != first[name] for name in first)


def test_a_notice_withdrawn_since_keeps_the_digest_of_the_file_published_before(
    demo_dataset: Dataset, signing: SigningOptions, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    later = build(demo_dataset, tmp_path / "probe", signing=signing)
    withdrawn = next(
        n
        for n in json.loads(later["notices/digests.json"])["notices"]
        if n["status"] == "withdrawn"
    )
    before = date.fromordinal(date.fromisoformat(withdrawn["withdrawn_on"]).toordinal() - 1)
    earlier = build(demo_dataset, out, on=before, signing=signing)
    downloaded = next(
        data
        for name, data in earlier.items()
        if name.endswith("-decision.pdf")
        and withdrawn["number"] in earlier[name.replace(".pdf", ".html")].decode()
    )
    # Rebuilt on the later day, signing at another time: the withdrawn file is no longer
    # published, but the list still knows the copy a visitor downloaded before.
    resigned = attrs.evolve(signing, signing_time=datetime(2021, 4, 2, tzinfo=TZ))
    rebuilt = build(demo_dataset, out, signing=resigned)
    entries = json.loads(rebuilt["notices/digests.json"])["notices"]
    entry = next(n for n in entries if n["sha256"] == hashlib.sha256(downloaded).hexdigest())
    assert entry["status"] == "withdrawn"


def test_an_earlier_file_signed_with_another_key_is_signed_afresh(
    demo_dataset: Dataset, signing: SigningOptions, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(demo_dataset, out, signing=signing)
    key, cert = generate_agency_key(demo_dataset.agencies[0], tmp_path / "other")
    other = SigningOptions(key=load_signing_key(key, cert), signing_time=SIGNED_AT)
    files = _pdfs(build(demo_dataset, out, signing=other))
    assert files
    for name, data in files.items():
        check = check_pdf_signature(data, other.key.certificate)
        assert check.valid, (name, check.problem)


def test_an_earlier_file_with_bytes_appended_is_signed_afresh(
    demo_dataset: Dataset, signing: SigningOptions, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = _pdfs(build(demo_dataset, out, signing=signing))
    name = next(n for n in first if n.startswith("notices/"))
    (out / name).write_bytes(first[name] + b"\n% appended by someone\n")
    again = _pdfs(build(demo_dataset, out, signing=signing))
    assert again[name] == first[name]


def test_site_signs_on_the_command_line_and_keeps_the_key_out_of_the_site(
    demo_dataset: Dataset, agency_keys: tuple[Path, Path], tmp_path: Path
) -> None:
    key, cert = agency_keys
    cases = tmp_path / "cases.json"
    dump(demo_dataset, cases)
    out = tmp_path / "site"
    args = ["site", str(cases), "-o", str(out), "--on", ON.isoformat()]
    signed_at = ["--signed-at", SIGNED_AT.isoformat()]
    result = CliRunner().invoke(cli, [*args, "--sign", str(key), "--cert", str(cert), *signed_at])
    assert result.exit_code == 0, result.output
    certificate = load_signing_key(key, cert).certificate
    pdf = next((out / "notices").glob("*-decision.pdf"))
    assert check_notice(pdf.read_bytes(), DatasetSource(demo_dataset), certificate=certificate).ok

    result = CliRunner().invoke(cli, [*args, "--cert", str(cert)])
    assert result.exit_code == 2
    assert "--sign" in result.output

    inside = out / "keys"
    inside.mkdir()
    (inside / key.name).write_bytes(key.read_bytes())
    result = CliRunner().invoke(
        cli, [*args, "--sign", str(inside / key.name), "--cert", str(cert), *signed_at]
    )
    assert result.exit_code == 2
    assert "holds the input" in result.output


def test_a_signed_portal_publishes_the_certificate_its_pdfs_name(
    demo_dataset: Dataset, signing: SigningOptions, tmp_path: Path
) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    signed = build(demo_dataset, tmp_path / "signed", signing=signing)
    certificate = signing.key.certificate
    assert certificate is not None
    published = x509.load_pem_x509_certificate(signed["verify/certificate.pem"])
    assert published == certificate
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    assert fingerprint in signed["verify/index.html"].decode()
    page = next(data for name, data in signed.items() if name.endswith("-decision.html"))
    assert f"<dt>电子签名</dt><dd>{demo_dataset.agencies[0].name}（" in page.decode()
    assert '<a href="../verify/certificate.pem">' in page.decode()

    unsigned = build(demo_dataset, tmp_path / "unsigned")
    assert "verify/certificate.pem" not in unsigned
    assert "电子签名" not in unsigned["verify/index.html"].decode()
