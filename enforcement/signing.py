"""Signing PDFs as PAdES with the agency's key (pyHanko), and checking such signatures.

:func:`sign_pdf` signs a rendered PDF (a notice, a withdrawal, a roster, an
annual report) with pyHanko's ``signers.sign_pdf``: PAdES baseline
(``/ETSI.CAdES.detached``), SHA-256, the agency's certificate embedded.
Everything that would make two signatures of the same document differ comes
from :class:`SigningOptions`, not from the clock or a random source: the
signing time, the modification date pyHanko writes into the document
information, the second half of the PDF's ``/ID`` (derived from the document
and the signing time), and for an ECDSA key the signature itself (RFC 6979
deterministic ECDSA, from :mod:`cryptography`); RSA PKCS#1 v1.5 is
deterministic by itself. So the same input, key and signing time give the same
bytes. (That needs pyHanko's incremental writer to take the ``/ID`` from us,
which it does through a private hook; a pyHanko release that changes it would
make the ``/ID``, and only it, random again.)

:func:`check_pdf_signature` reports what it checked, after pyHanko's
``validate_pdf_signature``: whether the file is signed, intact, covered
entirely by the signature, and signed by the expected certificate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from typing import Any

import attrs
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from attrs import field, frozen
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from enforcement.errors import SigningKeyError
from enforcement.transparency.keys import SigningKey, describe

log = logging.getLogger(__name__)

TZ = dt.timezone(dt.timedelta(hours=8))

LOG_KEY = "/EnforcementLog"
"""The document-information key holding ``agency-id leaf-index tree-size``."""


@frozen(kw_only=True)
class SigningOptions:
    """How to sign a document: with which key, at what time, with what stated reason.

    One object for every renderer and command (notice, notices, roster,
    summary), so a new choice is a field here.
    """

    key: SigningKey = field(repr=False)
    """The agency's key and certificate (:func:`enforcement.transparency.keys.load_signing_key`)."""
    signing_time: dt.datetime | None = None
    """The signing time written into the signature; ``None`` means now. Must be timezone-aware."""
    reason: str = "行政执法公示"
    """The reason shown by PDF readers."""
    log_position: tuple[str, int, int] | None = None
    """``(agency id, leaf index, tree size)`` of the log entry the document publishes.

    Written, under the signature, into the document information as
    ``/EnforcementLog``, so that a verifier can ask for an inclusion proof of
    exactly that entry (see :func:`log_position_of`).
    """

    def __attrs_post_init__(self) -> None:
        if self.key.certificate is None:
            raise SigningKeyError(
                f"{self.key.source or 'the key'}: signing a PDF needs the agency's certificate"
            )
        if self.signing_time is not None and self.signing_time.utcoffset() is None:
            raise SigningKeyError("signing_time must be timezone-aware")


def sign_pdf(data: bytes, options: SigningOptions) -> bytes:
    """``data`` (a PDF) signed as PAdES by the agency's key; the whole file is covered."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = options.key
    assert key.certificate is not None  # checked by SigningOptions
    when = (options.signing_time or dt.datetime.now(TZ)).replace(microsecond=0)
    seed = hashlib.sha256(data + when.isoformat().encode()).digest()[:16]

    class _Writer(IncrementalPdfFileWriter):
        @classmethod
        def _handle_id(cls, prev: Any) -> Any:
            ids = super()._handle_id(prev)  # type: ignore[no-untyped-call]
            ids[1] = generic.ByteStringObject(seed)
            return ids

        def _update_meta(self) -> None:
            # pyHanko stamps the modification date (/ModDate, xmp:ModifyDate) from the
            # clock by setting it to "now" here; the signing time is the modification.
            meta = self._meta
            base = type(meta)

            class FixedTime(base):  # type: ignore[valid-type,misc]
                def __setattr__(self, name: str, value: Any) -> None:
                    if name == "last_modified" and value == "now":
                        value = when
                    super().__setattr__(name, value)

            meta.__class__ = FixedTime
            super()._update_meta()  # type: ignore[no-untyped-call]

    cert = asn1_x509.Certificate.load(key.certificate.public_bytes(serialization.Encoding.DER))
    chain = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in key.chain
    ]
    private = asn1_keys.PrivateKeyInfo.load(
        key.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = _DeterministicSigner(
        signing_cert=cert,
        signing_key=private,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),  # type: ignore[no-untyped-call]
    )
    signer.private = key.private_key
    meta = signers.PdfSignatureMetadata(
        field_name="AgencySignature",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=options.reason,
    )
    pdf_signer = _TimedPdfSigner(meta, signer=signer)
    pdf_signer.fixed_time = when
    writer = _Writer(io.BytesIO(data))
    if options.log_position is not None:
        agency_id, index, size = options.log_position
        info = writer.trailer["/Info"]
        info[generic.pdf_name(LOG_KEY)] = generic.TextStringObject(f"{agency_id} {index} {size}")
        writer.update_container(info)
    out = pdf_signer.sign_pdf(writer, output=io.BytesIO())
    signed: bytes = out.getvalue()
    log.info("signed a PDF of %d bytes as %s", len(data), describe(key.certificate))
    return signed


def _signer_classes() -> tuple[type, type]:
    from pyhanko.sign import signers

    class DeterministicSigner(signers.SimpleSigner):
        """pyHanko's in-memory signer, with RFC 6979 ECDSA from cryptography."""

        private: Any = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            if isinstance(self.private, ec.EllipticCurvePrivateKey):
                algorithm = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384()}[
                    digest_algorithm.lower()
                ]
                signature: bytes = self.private.sign(
                    data, ec.ECDSA(algorithm, deterministic_signing=True)
                )
                return signature
            raw: bytes = super().sign_raw(data, digest_algorithm)
            return raw

    class TimedPdfSigner(signers.PdfSigner):
        """pyHanko's PdfSigner, with the signing time given rather than read from the clock."""

        fixed_time: dt.datetime | None = None

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            if self.fixed_time is not None:
                session.system_time = self.fixed_time
            return session

    return DeterministicSigner, TimedPdfSigner


_DeterministicSigner, _TimedPdfSigner = _signer_classes()


@frozen(kw_only=True)
class SignatureCheck:
    """What :func:`check_pdf_signature` found; ``problem`` says why it fails, if it does."""

    signed: bool
    """Whether the PDF carries a signature at all."""
    intact: bool = False
    """The signed bytes hash to what the signature signs."""
    covers_whole_file: bool = False
    """Nothing was added or changed after the signature."""
    signer: str | None = None
    """The signing certificate's subject."""
    by_certificate: bool | None = None
    """Whether the signer is the expected certificate (``None``: no certificate given)."""
    signing_time: dt.datetime | None = None
    """The signing time the signature states."""
    signed_bytes: bytes = field(default=b"", repr=False)
    """The revision the signature covers (the file as it was signed)."""
    problem: str | None = None
    """Why the signature does not hold, in words; ``None`` when it does."""

    @property
    def valid(self) -> bool:
        """Signed, intact, whole file covered, and (when a certificate was given) by it."""
        return self.signed and self.problem is None


def check_pdf_signature(data: bytes, certificate: x509.Certificate | None = None) -> SignatureCheck:
    """Check a PDF's signature: intact, covering the whole file, and by ``certificate`` if given."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # pyHanko raises many kinds for a damaged file
        return SignatureCheck(signed=False, problem=f"not a readable PDF ({type(exc).__name__})")
    if not signatures:
        return SignatureCheck(signed=False, problem="unsigned")
    sig = signatures[-1]
    signer_cert = sig.signer_cert
    signer = signer_cert.subject.human_friendly if signer_cert is not None else None
    by_cert: bool | None = None
    if certificate is not None:
        expected = certificate.public_bytes(serialization.Encoding.DER)
        by_cert = signer_cert is not None and signer_cert.dump() == expected
    # Trust is decided here, by comparing certificates, not by a certificate
    # store: the signer's own certificate is the only root pyHanko is given, so
    # what it checks is the cryptography (intact, valid) and the coverage.
    roots = [signer_cert] if signer_cert is not None else []
    context = ValidationContext(trust_roots=roots)
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context, skip_diff=True)
    except Exception as exc:
        return SignatureCheck(
            signed=True,
            signer=signer,
            problem=f"the signature cannot be read ({type(exc).__name__})",
        )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    problem = None
    if not status.intact:
        problem = "the file was changed: the signed bytes no longer match the signature"
    elif not status.valid:
        problem = "the signature does not verify with the signer's key"
    elif not whole:
        problem = "the file was changed after it was signed (the signature does not cover it all)"
    elif by_cert is False:
        problem = f"signature not by this certificate: signed by {signer}"
    start, length = sig.byte_range[2], sig.byte_range[3]
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact),
        covers_whole_file=whole,
        signer=signer,
        by_certificate=by_cert,
        signing_time=status.signer_reported_dt,
        signed_bytes=data[: start + length],
        problem=problem,
    )


def for_case(options: SigningOptions | None, source: object, case_id: str) -> SigningOptions | None:
    """``options`` stating the log position of the case's current version, when read from a store.

    The statement ``enforcement notice --sign`` and the portal write (``/EnforcementLog``), so
    that ``notice verify --checkpoint`` can prove the entry is in the log. ``options`` is
    returned unchanged when there is nothing to sign with or ``source`` is not a store.
    """
    from enforcement.store import Store

    if options is None or not isinstance(source, Store):
        return options
    position = source.position(case_id)
    return attrs.evolve(options, log_position=(position.agency_id, position.index, position.size))


def log_position_of(data: bytes) -> tuple[str, int, int] | None:
    """The ``(agency id, leaf index, tree size)`` a signed document states, if it states one.

    Read from the last document information of ``data``: pass the signed
    revision (:attr:`SignatureCheck.signed_bytes`) so that only what the
    signature covers counts.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        value = reader.trailer["/Info"].get(LOG_KEY)
    except Exception:
        return None
    if value is None:
        return None
    parts = str(value).split(" ")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return parts[0], int(parts[1]), int(parts[2])
