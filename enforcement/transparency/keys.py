"""Agency keys: an ECDSA P-256 key and an X.509 certificate naming the agency (机关, 统一社会信用代码).

The same key signs the log's checkpoints and the agency's PDFs. P-256 is one
of the keys every common PDF reader validates, and the ECDSA signature type
(0x02) of C2SP signed-note; an agency's own RSA or P-256 key issued with a CA
certificate (PEM, or PKCS#12) is accepted too. Only :mod:`cryptography` does
cryptography here. Private key material never appears in a message, a log
line or an exception: errors name the file and the reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from attrs import field, frozen
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from enforcement.errors import SigningKeyError
from enforcement.models import Agency

log = logging.getLogger(__name__)

PASSPHRASE_VAR = "ENFORCEMENT_KEY_PASSPHRASE"
"""The environment variable holding the passphrase of encrypted key files."""

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey


@frozen
class SigningKey:
    """An agency's private key and, when known, its certificate (and the CA chain above it)."""

    private_key: PrivateKey = field(repr=False)
    certificate: x509.Certificate | None = field(default=None, repr=False)
    chain: tuple[x509.Certificate, ...] = field(default=(), repr=False)
    source: str = ""
    """The file it was read from, for messages."""

    def __repr__(self) -> str:
        return f"<SigningKey from {self.source or 'memory'}>"

    @property
    def public_key(self) -> PublicKey:
        """The public half."""
        return self.private_key.public_key()


def passphrase() -> bytes | None:
    """``$ENFORCEMENT_KEY_PASSPHRASE`` as bytes, or ``None`` when unset or empty."""
    value = os.environ.get(PASSPHRASE_VAR)
    return value.encode() if value else None


def generate_agency_key(
    agency: Agency, directory: str | os.PathLike[str], *, now: dt.datetime | None = None
) -> tuple[Path, Path]:
    """Write ``DIR/AGENCY_ID.key.pem`` (PKCS#8, mode 0600) and ``DIR/AGENCY_ID.cert.pem``.

    The key is ECDSA P-256, encrypted with ``$ENFORCEMENT_KEY_PASSPHRASE``
    when it is set. The certificate is self-signed, valid for ten years, and
    names the agency (CN, O) and its 统一社会信用代码 (the subject's
    ``organizationIdentifier``). An existing key file is never overwritten.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = out / f"{agency.id}.key.pem", out / f"{agency.id}.cert.pem"
    for path in (key_path, cert_path):
        if path.exists():
            raise SigningKeyError(f"{path} exists: refusing to overwrite a key or certificate")
    key = ec.generate_private_key(ec.SECP256R1())
    secret = passphrase()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    cert = self_signed_certificate(agency, key, now=now)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    log.info("wrote a key and a self-signed certificate for agency %s in %s", agency.id, out)
    return key_path, cert_path


def self_signed_certificate(
    agency: Agency, key: PrivateKey, *, now: dt.datetime | None = None
) -> x509.Certificate:
    """A self-signed certificate for ``key`` naming the agency and its credit code."""
    start = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.name),
        x509.NameAttribute(NameOID.COMMON_NAME, agency.name),
    ]
    if agency.credit_code:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, agency.credit_code))
    name = x509.Name(attributes)
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start - dt.timedelta(days=1))
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def load_signing_key(
    path: str | os.PathLike[str], certificate: str | os.PathLike[str] | None = None
) -> SigningKey:
    """Read a private key (PEM PKCS#8, or PKCS#12 holding key and certificate) and its certificate.

    Encrypted files are opened with ``$ENFORCEMENT_KEY_PASSPHRASE``. Raises
    :class:`SigningKeyError` naming the file and the reason.
    """
    where = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"{where}: cannot read the key file ({exc.strerror})") from None
    secret = passphrase()
    cert: x509.Certificate | None = None
    chain: tuple[x509.Certificate, ...] = ()
    try:
        if b"-----BEGIN" in data:
            loaded = serialization.load_pem_private_key(data, password=secret)
        else:
            bundle = pkcs12.load_pkcs12(data, secret)
            if bundle.key is None:
                raise SigningKeyError(f"{where}: the PKCS#12 file holds no private key")
            loaded = bundle.key
            cert = bundle.cert.certificate if bundle.cert else None
            chain = tuple(c.certificate for c in bundle.additional_certs)
    except SigningKeyError:
        raise
    except TypeError:
        raise SigningKeyError(
            f"{where}: the key is encrypted; set {PASSPHRASE_VAR}"
            if secret is None
            else f"{where}: the key is not encrypted, but {PASSPHRASE_VAR} is set"
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise SigningKeyError(
            f"{where}: not a readable private key (PEM PKCS#8 or PKCS#12), or a wrong passphrase"
        ) from None
    if not isinstance(loaded, PrivateKey):
        raise SigningKeyError(f"{where}: the key must be ECDSA P-256 or RSA")
    if isinstance(loaded, ec.EllipticCurvePrivateKey) and not isinstance(
        loaded.curve, ec.SECP256R1
    ):
        raise SigningKeyError(f"{where}: an ECDSA key must be on curve P-256")
    if certificate is not None:
        certs = load_certificates(certificate)
        cert, chain = certs[0], certs[1:]
    if cert is not None and _spki(cert.public_key()) != _spki(loaded.public_key()):
        raise SigningKeyError(f"{where}: the certificate is not for this key")
    return SigningKey(private_key=loaded, certificate=cert, chain=chain, source=where)


def load_certificates(path: str | os.PathLike[str]) -> tuple[x509.Certificate, ...]:
    """The certificates of a PEM (or DER) file, the agency's own first."""
    where = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"{where}: cannot read the certificate ({exc.strerror})") from None
    try:
        if b"-----BEGIN" in data:
            certs = tuple(x509.load_pem_x509_certificates(data))
        else:
            certs = (x509.load_der_x509_certificate(data),)
    except ValueError:
        raise SigningKeyError(f"{where}: not an X.509 certificate (PEM or DER)") from None
    if not certs:
        raise SigningKeyError(f"{where}: no certificate in the file")
    key = certs[0].public_key()
    if not isinstance(key, PublicKey):
        raise SigningKeyError(f"{where}: the certificate's key must be ECDSA P-256 or RSA")
    return certs


def load_certificate(path: str | os.PathLike[str]) -> x509.Certificate:
    """The agency's certificate (the first of the file)."""
    return load_certificates(path)[0]


def describe(cert: x509.Certificate) -> str:
    """The certificate's subject, e.g. ``CN=天津市新城区综合执法局,...``, for messages."""
    return cert.subject.rfc4514_string()


def _spki(key: object) -> bytes:
    assert isinstance(key, PublicKey)
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def spki(key: PublicKey) -> bytes:
    """The DER SubjectPublicKeyInfo of a public key."""
    return _spki(key)
