"""Agency keys, certificates and signed checkpoints."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from enforcement.errors import CheckpointError, SigningKeyError
from enforcement.models import Agency
from enforcement.transparency.checkpoint import (
    Checkpoint,
    origin_for,
    parse_checkpoint,
    sign_checkpoint,
    verify_checkpoint,
)
from enforcement.transparency.keys import (
    PASSPHRASE_VAR,
    SigningKey,
    generate_agency_key,
    load_certificate,
    load_signing_key,
    self_signed_certificate,
)

AGENCY = Agency(id="xc", name="天津市滨海新区新城镇人民政府", credit_code="11120116MB1754117U")
CHECKPOINT = Checkpoint(origin=origin_for(AGENCY), size=281, root=bytes(range(32)))


def test_keys_init_writes_a_private_key_file_only_its_owner_can_read(tmp_path: Path) -> None:
    key_path, cert_path = generate_agency_key(AGENCY, tmp_path)
    assert key_path.name == "xc.key.pem"
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    cert = load_certificate(cert_path)
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)[0].value == (
        AGENCY.credit_code
    )
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == AGENCY.name


def test_an_existing_key_is_never_overwritten(tmp_path: Path) -> None:
    key_path, _ = generate_agency_key(AGENCY, tmp_path)
    before = key_path.read_bytes()
    with pytest.raises(SigningKeyError, match="refusing to overwrite"):
        generate_agency_key(AGENCY, tmp_path)
    assert key_path.read_bytes() == before


def test_a_passphrase_encrypts_the_key_and_is_needed_to_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSPHRASE_VAR, "正确的口令")
    key_path, cert_path = generate_agency_key(AGENCY, tmp_path)
    assert b"ENCRYPTED PRIVATE KEY" in key_path.read_bytes()
    assert load_signing_key(key_path, cert_path).certificate is not None
    monkeypatch.delenv(PASSPHRASE_VAR)
    with pytest.raises(SigningKeyError, match="encrypted; set ENFORCEMENT_KEY_PASSPHRASE") as info:
        load_signing_key(key_path)
    assert "BEGIN" not in str(info.value)


def test_a_key_never_shows_in_its_repr_or_in_errors(tmp_path: Path) -> None:
    key_path, _ = generate_agency_key(AGENCY, tmp_path)
    key = load_signing_key(key_path)
    assert "PRIVATE" not in repr(key)
    assert str(key_path) in repr(key)
    broken = tmp_path / "broken.pem"
    text = key_path.read_text()
    broken.write_text(text[:60] + "AAAA" + text[64:])
    with pytest.raises(SigningKeyError) as info:
        load_signing_key(broken)
    assert text[30:60] not in str(info.value)


def test_a_pkcs12_file_holds_the_key_and_its_certificate(tmp_path: Path) -> None:
    key_path, cert_path = generate_agency_key(AGENCY, tmp_path)
    key = load_signing_key(key_path, cert_path)
    assert key.certificate is not None
    bundle = pkcs12.serialize_key_and_certificates(
        b"xc", key.private_key, key.certificate, None, serialization.NoEncryption()
    )
    p12 = tmp_path / "xc.p12"
    p12.write_bytes(bundle)
    loaded = load_signing_key(p12)
    assert loaded.certificate == key.certificate


def test_a_certificate_for_another_key_is_refused(tmp_path: Path) -> None:
    key_path, _ = generate_agency_key(AGENCY, tmp_path / "a")
    _, other_cert = generate_agency_key(AGENCY, tmp_path / "b")
    with pytest.raises(SigningKeyError, match="not for this key"):
        load_signing_key(key_path, other_cert)


def test_a_checkpoint_round_trips_and_verifies(tmp_path: Path) -> None:
    key_path, cert_path = generate_agency_key(AGENCY, tmp_path)
    text = sign_checkpoint(CHECKPOINT, load_signing_key(key_path))
    assert text.startswith(f"enforcement-log/{AGENCY.credit_code}\n281\n")
    assert parse_checkpoint(text).checkpoint == CHECKPOINT
    assert verify_checkpoint(text, load_certificate(cert_path)).valid
    assert sign_checkpoint(CHECKPOINT, load_signing_key(key_path)) == text  # RFC 6979


def test_an_rsa_key_signs_checkpoints_too(tmp_path: Path) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = self_signed_certificate(AGENCY, private)
    text = sign_checkpoint(CHECKPOINT, SigningKey(private_key=private, certificate=cert))
    assert verify_checkpoint(text, cert).valid
    changed = text.replace("\n281\n", "\n280\n")
    assert not verify_checkpoint(changed, cert).valid


@pytest.mark.parametrize(
    "text",
    [
        "",
        "origin\n12\n",
        "origin\n012\nAAAA\n\n— origin AAAAAAAA\n",
        "origin\n-1\nAAAA\n\n— origin AAAAAAAA\n",
        "origin\n1\nnot base64!\n\n— origin AAAAAAAA\n",
        "origin\n1\n" + "A" * 44 + "\n\nno dash here\n",
    ],
)
def test_malformed_checkpoints_are_clear_errors(text: str) -> None:
    with pytest.raises(CheckpointError):
        parse_checkpoint(text)
