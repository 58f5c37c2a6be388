"""RFC 9162 §2.1 Merkle tree hashing and proofs, as pure functions over bytes.

No I/O happens here. The tree is the one of Certificate Transparency
(RFC 9162 §2.1, unchanged from RFC 6962):

- ``leaf_hash(entry) = SHA-256(0x00 || entry)``
- ``node_hash(left, right) = SHA-256(0x01 || left || right)``
- the tree hash of ``n > 1`` leaves splits them at ``k``, the largest power of
  two smaller than ``n``: ``MTH(D[0:n]) = node_hash(MTH(D[0:k]), MTH(D[k:n]))``;
  the hash of the empty tree is ``SHA-256("")``.

Functions that build proofs take ``subtree(start, end)``, which returns the
tree hash of the leaves ``[start, end)``: a caller that keeps the hashes of
full subtrees (a store, a directory of tiles) answers from them, and
:func:`hashes_of` turns a plain list of leaf hashes into one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
"""Bytes in a SHA-256 hash."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""The tree hash of the empty tree (RFC 9162 §2.1.1)."""

Subtree = Callable[[int, int], bytes]
"""``subtree(start, end)``: the tree hash of leaves ``[start, end)``."""


class ProofError(ValueError):
    """A proof does not verify; the message says why."""


def leaf_hash(entry: bytes) -> bytes:
    """``SHA-256(0x00 || entry)``: the hash of one log entry."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``: the hash of an interior node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """The tree hash (MTH) of a list of leaf hashes."""
    if not leaves:
        return EMPTY_ROOT
    # Fold full subtrees bottom-up, then combine the right-hand partial ones:
    # the same shape as the recursive definition, without recursion.
    # (node_hash inlined: this runs once per leaf when a store builds or checks its tiles)
    sha256 = hashlib.sha256
    level = list(leaves)
    while len(level) > 1:
        odd = level[-1] if len(level) % 2 else None
        paired = [
            sha256(b"\x01" + left + right).digest()
            for left, right in zip(level[0::2], level[1::2], strict=False)
        ]
        if odd is not None:
            paired.append(odd)
        level = paired
    return level[0]


def hashes_of(leaves: Sequence[bytes]) -> Subtree:
    """A :data:`Subtree` function over an in-memory list of leaf hashes."""

    def subtree(start: int, end: int) -> bytes:
        return root(leaves[start:end])

    return subtree


def inclusion_proof(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``size`` leaves (RFC 9162 §2.1.3.1)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of {size} leaves")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start += k
    path.reverse()
    return path


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that ``proof`` yields for ``leaf`` at ``index`` (RFC 9162 §2.1.3.2).

    Raises :class:`ProofError` when the proof has the wrong shape for
    ``index`` and ``size``.
    """
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of {size} leaves")
    _check_hashes([leaf, *proof])
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("the inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion proof is shorter than the tree is deep")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes
) -> None:
    """Check that ``leaf`` is entry ``index`` of the tree of ``size`` leaves with ``root_hash``.

    Raises :class:`ProofError` saying why not.
    """
    if root_from_inclusion_proof(index, size, leaf, proof) != root_hash:
        raise ProofError(f"entry {index} is not in the tree of {size} entries with this root")


def consistency_proof(old_size: int, size: int, subtree: Subtree) -> list[bytes]:
    """The proof that the tree of ``old_size`` leaves is a prefix of the one of ``size`` (§2.1.4.1)."""
    if not 0 <= old_size <= size:
        raise ValueError(f"no consistency proof from size {old_size} to size {size}")
    if old_size in (0, size):
        return []
    proof: list[bytes] = []

    def subproof(m: int, start: int, end: int, complete: bool) -> None:
        n = end - start
        if m == n:
            if not complete:
                proof.append(subtree(start, end))
            return
        k = split_point(n)
        if m <= k:
            subproof(m, start, start + k, complete)
            proof.append(subtree(start + k, end))
        else:
            subproof(m - k, start + k, end, False)
            proof.append(subtree(start, start + k))

    subproof(old_size, 0, size, True)
    return proof


def verify_consistency(
    old_size: int,
    size: int,
    proof: Sequence[bytes],
    old_root: bytes,
    root_hash: bytes,
) -> None:
    """Check that the tree ``(size, root_hash)`` extends ``(old_size, old_root)`` (§2.1.4.2).

    Raises :class:`ProofError` saying why not.
    """
    if not 0 <= old_size <= size:
        raise ProofError(f"a log of {size} entries cannot extend one of {old_size}")
    _check_hashes(proof)
    if old_size == size:
        if proof:
            raise ProofError("a proof between equal sizes must be empty")
        if old_root != root_hash:
            raise ProofError(f"two different roots for the same size {size}")
        return
    if old_size == 0:
        if proof:
            raise ProofError("a proof from the empty tree must be empty")
        return
    if not proof:
        raise ProofError("the consistency proof is empty")
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof is too short")
    if fr != old_root:
        raise ProofError(
            f"the first {old_size} entries changed: they no longer hash to the earlier root"
        )
    if sr != root_hash:
        raise ProofError(f"the proof does not lead to the root of the {size}-entry log")


def _check_hashes(hashes: Sequence[bytes]) -> None:
    for h in hashes:
        if len(h) != HASH_SIZE:
            raise ProofError(f"a hash of {len(h)} bytes where SHA-256 gives {HASH_SIZE}")
