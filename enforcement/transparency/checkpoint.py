"""Signed checkpoints: C2SP tlog-checkpoint text, signed as a C2SP signed-note.

A checkpoint is plain text a person can read and anyone can verify offline::

    enforcement-log/11120116MB0000000X        <- origin: the agency's log
    269                                       <- tree size
    Uw9x6A2nbQUiyn+R0wu6ifKBp1WksEWg1PratKI8Nj8=   <- root hash, base64
                                              <- blank line ends the note text
    — enforcement-log/11120116MB0000000X AbCd...   <- signature line(s)

Signature lines follow C2SP signed-note: an em dash, the key name (the
origin), and base64 of a 4-byte key ID followed by the signature. An ECDSA
P-256 agency key uses signature type ``0x02`` (ECDSA, as transparency-dev's
witness implements it): the key ID is the first four bytes of SHA-256 over the
DER SubjectPublicKeyInfo, and the signature is an ASN.1 DER ECDSA signature
over SHA-256 of the note text, made deterministically (RFC 6979) so that the
same checkpoint and key give the same bytes. signed-note assigns no type to
RSA; an agency's RSA key uses the reserved ``0xff`` type followed by the
identifier ``enforcement/rsa-pkcs1v15-sha256``, key ID ``SHA-256(name || 0x0A
|| 0xff || identifier || SPKI)[:4]``, signature RSA PKCS#1 v1.5 over SHA-256.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from attrs import frozen
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from enforcement.errors import CheckpointError
from enforcement.models import Agency
from enforcement.transparency.keys import PublicKey, SigningKey, describe, spki
from enforcement.transparency.merkle import HASH_SIZE

ORIGIN_PREFIX = "enforcement-log/"
"""Origins are ``enforcement-log/`` and the agency's 统一社会信用代码 (or its id without one)."""

RSA_IDENTIFIER = b"enforcement/rsa-pkcs1v15-sha256"
_DASH = "\u2014"
_MAX_TEXT = 1 << 16


def origin_for(agency: Agency | str, credit_code: str | None = None) -> str:
    """The origin line of an agency's log: ``enforcement-log/`` + credit code (or agency id)."""
    if isinstance(agency, Agency):
        return ORIGIN_PREFIX + (agency.credit_code or agency.id)
    return ORIGIN_PREFIX + (credit_code or agency)


@frozen(kw_only=True)
class Checkpoint:
    """The signed claim: the log named ``origin`` had ``size`` entries with root hash ``root``."""

    origin: str
    size: int
    root: bytes

    def __attrs_post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise CheckpointError("the origin must be one non-empty line")
        if self.size < 0:
            raise CheckpointError("the tree size must not be negative")
        if len(self.root) != HASH_SIZE:
            raise CheckpointError(f"the root hash must be {HASH_SIZE} bytes")

    def body(self) -> str:
        """The note text that is signed (three lines, each ending in a newline)."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


@frozen(kw_only=True)
class NoteSignature:
    """One signature line of a signed note."""

    name: str
    key_id: bytes
    signature: bytes


@frozen(kw_only=True)
class SignedCheckpoint:
    """A checkpoint with its signature lines, as read from text."""

    checkpoint: Checkpoint
    signatures: tuple[NoteSignature, ...]
    text: str


@frozen(kw_only=True)
class CheckpointVerification:
    """What :func:`verify_checkpoint` checked, and why it failed (if it did)."""

    checkpoint: Checkpoint
    signer: str
    """The certificate's subject the signature was checked against."""
    signed: bool
    """Whether a signature line by the certificate's key verifies."""
    problem: str | None
    """Why not, in words; ``None`` when the signature verifies."""

    @property
    def valid(self) -> bool:
        """The signature is the certificate's and covers the text."""
        return self.signed and self.problem is None


def key_id(name: str, public_key: PublicKey) -> bytes:
    """The signed-note key ID of ``public_key`` under key name ``name``."""
    der = spki(public_key)
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return hashlib.sha256(der).digest()[:4]
    return hashlib.sha256(name.encode() + b"\n\xff" + RSA_IDENTIFIER + der).digest()[:4]


def sign_checkpoint(checkpoint: Checkpoint, key: SigningKey) -> str:
    """The checkpoint as a signed note, signed by the agency's key under the origin as key name."""
    body = checkpoint.body().encode()
    private = key.private_key
    if isinstance(private, ec.EllipticCurvePrivateKey):
        signature = private.sign(body, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    else:
        signature = private.sign(body, padding.PKCS1v15(), hashes.SHA256())
    name = checkpoint.origin
    line = base64.b64encode(key_id(name, private.public_key()) + signature).decode()
    return f"{checkpoint.body()}\n{_DASH} {name} {line}\n"


def read_checkpoint(path: str | os.PathLike[str]) -> SignedCheckpoint:
    """Read a signed checkpoint from a file, never more of it than a checkpoint can be.

    Raises :class:`CheckpointError` (malformed, or too long) or :class:`OSError`.
    """
    with open(path, "rb") as stream:
        return parse_checkpoint(stream.read(_MAX_TEXT + 1))


def parse_checkpoint(text: str | bytes) -> SignedCheckpoint:
    """Read a signed checkpoint; raise :class:`CheckpointError` saying what is malformed."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise CheckpointError("a checkpoint is UTF-8 text") from None
    if len(text) > _MAX_TEXT:
        raise CheckpointError("too long for a checkpoint")
    body, sep, sigs = text.partition("\n\n")
    if not sep or not sigs.endswith("\n"):
        raise CheckpointError("no blank line followed by signature lines")
    lines = body.split("\n")
    if len(lines) < 3:
        raise CheckpointError("the note text needs an origin, a tree size and a root hash")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if (
        not size_text.isascii()
        or not size_text.isdigit()
        or (size_text != "0" and size_text[0] == "0")
    ):
        raise CheckpointError(f"tree size {size_text!r} is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error:
        raise CheckpointError("the root hash is not base64") from None
    checkpoint = Checkpoint(origin=origin, size=int(size_text), root=root)
    signatures = []
    for line in sigs[:-1].split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != _DASH or not parts[1]:
            raise CheckpointError(f"malformed signature line {line[:60]!r}")
        try:
            raw = base64.b64decode(parts[2], validate=True)
        except binascii.Error:
            raise CheckpointError("a signature is not base64") from None
        if len(raw) < 5:
            raise CheckpointError("a signature line is too short")
        signatures.append(NoteSignature(name=parts[1], key_id=raw[:4], signature=raw[4:]))
    return SignedCheckpoint(checkpoint=checkpoint, signatures=tuple(signatures), text=text)


def verify_checkpoint(
    text: str | bytes | SignedCheckpoint, certificate: x509.Certificate
) -> CheckpointVerification:
    """Check that a checkpoint is signed by ``certificate``'s key.

    Following signed-note, a signature line counts only when its key name is
    the checkpoint's origin and its key ID is the certificate key's; such a
    line must verify. Signature lines of other keys (a witness's) are ignored.
    """
    signed = text if isinstance(text, SignedCheckpoint) else parse_checkpoint(text)
    cp = signed.checkpoint
    public = certificate.public_key()
    signer = describe(certificate)
    if not isinstance(public, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        return CheckpointVerification(
            checkpoint=cp, signer=signer, signed=False, problem="unsupported certificate key"
        )
    wanted = key_id(cp.origin, public)
    body = cp.body().encode()
    ours = [s for s in signed.signatures if s.name == cp.origin and s.key_id == wanted]
    if not ours:
        return CheckpointVerification(
            checkpoint=cp,
            signer=signer,
            signed=False,
            problem=f"signature not by this certificate: no signature line by {signer}",
        )
    for s in ours:
        try:
            if isinstance(public, ec.EllipticCurvePublicKey):
                public.verify(s.signature, body, ec.ECDSA(hashes.SHA256()))
            else:
                public.verify(s.signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return CheckpointVerification(
                checkpoint=cp,
                signer=signer,
                signed=False,
                problem="forged: the signature by this certificate's key does not verify "
                "(the checkpoint text or its signature was changed)",
            )
    return CheckpointVerification(checkpoint=cp, signer=signer, signed=True, problem=None)
