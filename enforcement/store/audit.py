"""Checking a store against checkpoints signed earlier: has the log only grown since?

:func:`check_checkpoint` takes a :class:`~enforcement.store.verify.VerifyReport`
(the roots and leaf hashes recomputed from the content) and a signed
checkpoint. It checks the signature against the agency's certificate, that
the log still holds at least the checkpoint's entries, and, with an RFC 9162
consistency proof built from the stored tree, that today's log extends the
signed one unchanged. When it does not, it says where: with the checkpoint's
hash tiles (:mod:`enforcement.transparency.tiles`) it compares every signed
leaf hash with today's, and names the entries rewritten, swapped or gone.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen
from cryptography import x509

from enforcement.store.log import KIND_NAMES
from enforcement.store.store import Store
from enforcement.store.tree import Leaves
from enforcement.store.verify import VerifyReport
from enforcement.transparency.checkpoint import (
    Checkpoint,
    CheckpointVerification,
    SignedCheckpoint,
    verify_checkpoint,
)
from enforcement.transparency.merkle import ProofError, root, verify_consistency

_MAX_NAMED = 20


@frozen(kw_only=True)
class CheckpointReport:
    """What was checked against one checkpoint, and every problem found."""

    source: str
    """Where the checkpoint came from (its file), for messages."""
    checkpoint: Checkpoint
    agency_id: str | None
    """The agency whose log the checkpoint's origin names, when the store holds it."""
    signature: CheckpointVerification | None
    """The signature check, or ``None`` when no certificate was given."""
    consistent: bool
    """Whether today's log extends the checkpointed one unchanged (consistency proof)."""
    tiles_used: bool
    """Whether the checkpoint's hash tiles were used to name changed entries."""
    problems: tuple[str, ...]
    """Every problem, in words; empty when the checkpoint holds."""

    @property
    def ok(self) -> bool:
        """Signature (when checked) and consistency both hold."""
        return not self.problems


def check_checkpoint(
    store: Store,
    report: VerifyReport,
    signed: SignedCheckpoint,
    *,
    certificate: x509.Certificate | None = None,
    tile_leaves: Sequence[bytes] | None = None,
    source: str = "checkpoint",
) -> CheckpointReport:
    """Check the store (as ``report`` recomputed it) against one signed checkpoint."""
    cp = signed.checkpoint
    problems: list[str] = []
    signature = None
    if certificate is not None:
        signature = verify_checkpoint(signed, certificate)
        if not signature.valid:
            problems.append(signature.problem or "the signature does not verify")
    agency_id = store.agency_for_origin(cp.origin)
    if agency_id is None:
        problems.append(f"the store holds no log with origin {cp.origin}")
        return CheckpointReport(
            source=source,
            checkpoint=cp,
            agency_id=None,
            signature=signature,
            consistent=False,
            tiles_used=False,
            problems=tuple(problems),
        )
    leaves = report.leaves.get(agency_id, [])
    size = len(leaves)
    consistent = False
    if size < cp.size:
        problems.append(
            f"truncated: the log of {agency_id} has {size} entries, the checkpoint says {cp.size}"
        )
        problems.append(_lost(store, agency_id, size, cp.size))
    else:
        try:
            # The proof comes from the stored tree; the root it must reach is the
            # one recomputed from the content, so stored hashes are not trusted.
            proof = store.consistency_proof(cp.size, size, agency_id)
            verify_consistency(cp.size, size, proof, cp.root, report.roots[agency_id][1])
            consistent = _prefix_root(leaves, cp.size) == cp.root
        except ProofError:
            consistent = False
        if not consistent:
            problems.append(
                f"the log of {agency_id} does not extend the checkpointed one: "
                f"its first {cp.size} entries no longer hash to the signed root"
            )
    tiles_used = False
    if not consistent:
        if tile_leaves is not None and len(tile_leaves) == cp.size and root(tile_leaves) == cp.root:
            tiles_used = True
            problems += _locate(store, agency_id, tile_leaves, leaves)
        elif tile_leaves is not None:
            problems.append(
                "the tiles beside the checkpoint do not hash to its root; they were not used"
            )
        else:
            problems.append(
                "no hash tiles for this checkpoint: give them (--tiles DIR) to name the entries"
            )
    return CheckpointReport(
        source=source,
        checkpoint=cp,
        agency_id=agency_id,
        signature=signature,
        consistent=consistent,
        tiles_used=tiles_used,
        problems=tuple(problems),
    )


def _prefix_root(leaves: Sequence[bytes], size: int) -> bytes:
    """The tree hash of the first ``size`` leaves (tile by tile when they are compact)."""
    return leaves.root(size) if isinstance(leaves, Leaves) else root(leaves[:size])


def _locate(
    store: Store, agency_id: str, signed: Sequence[bytes], today: Sequence[bytes]
) -> list[str]:
    """Name the entries where the signed leaf hashes and today's differ."""
    where = {h: i for i, h in enumerate(today)}
    was = {h: i for i, h in enumerate(signed)}
    out: list[str] = []
    changed = [i for i in range(len(signed)) if i >= len(today) or today[i] != signed[i]]
    swapped: set[int] = set()
    deleted: list[int] = []
    moved: dict[int, list[int]] = {}  # shift -> signed positions found that far away
    for i in changed:
        if i in swapped:
            continue
        j = where.get(signed[i])
        if (
            j is not None
            and j < len(signed)
            and j != i
            and i < len(today)
            and today[i] == signed[j]
        ):
            swapped |= {i, j}
            out.append(
                f"entries {i} and {j} swapped ({_name(store, agency_id, j)}; "
                f"{_name(store, agency_id, i)})"
            )
        elif j is not None:
            moved.setdefault(j - i, []).append(i)
        elif i < len(today) and today[i] not in was:
            out.append(f"entry {i} ({_name(store, agency_id, i)}) rewritten")
        else:
            deleted.append(i)
        if len(out) >= _MAX_NAMED:
            out.append(f"... {len(changed)} signed entries differ in all")
            return out
    if deleted:
        out.append(f"{_span(deleted)} of the checkpointed log deleted")
        out.append(_deleted_context(store, agency_id, deleted, signed, where))
    for shift, positions in sorted(moved.items()):
        direction = "back" if shift < 0 else "forward"
        cause = "deleted" if shift < 0 else "inserted"
        out.append(
            f"{_span(positions)} moved {direction} by {abs(shift)} "
            f"({abs(shift)} entries before them {cause})"
        )
    return out


def _lost(store: Store, agency_id: str, start: int, end: int) -> str:
    """What the store still knows of the cut entries ``[start, end)``: index rows pointing at them."""
    named = store.indexed_from(agency_id, start)
    gone = f"entries {start} to {end - 1}" if end - start > 1 else f"entry {start}"
    if named:
        listed = ", ".join(f"{kind} {subject}" for kind, subject in named[:_MAX_NAMED])
        more = f" and {len(named) - _MAX_NAMED} more" if len(named) > _MAX_NAMED else ""
        return f"{gone} cut off the log belonged to {listed}{more} (their index rows remain)"
    return (
        f"which cases {gone} belonged to cannot be told from the store: it holds neither"
        " them nor an index row pointing at them (compare with an export or a copy made"
        " before the checkpoint)"
    )


def _deleted_context(
    store: Store,
    agency_id: str,
    deleted: Sequence[int],
    signed: Sequence[bytes],
    where: dict[bytes, int],
) -> str:
    """Name the entries the checkpoint had on either side of the first deleted run."""
    first = deleted[0]
    last = first
    while last + 1 < len(signed) and last + 1 in set(deleted):
        last += 1
    sides = []
    if first > 0 and (before := where.get(signed[first - 1])) is not None:
        sides.append(f"after entry {first - 1} ({_name(store, agency_id, before)})")
    if last + 1 < len(signed) and (after := where.get(signed[last + 1])) is not None:
        sides.append(f"before entry {last + 1} ({_name(store, agency_id, after)})")
    around = f" they came {' and '.join(sides)}." if sides else ""
    return (
        f"the deleted entries {first} to {last} are no longer in the store, nor any index"
        f" row naming them, so their cases cannot be read from it;{around}"
        " Entries of one case are appended together: the case between those is the one"
        " deleted."
    )


def _span(positions: Sequence[int]) -> str:
    if len(positions) == 1:
        return f"entry {positions[0]}"
    return f"entries {positions[0]} to {positions[-1]}"


def _name(store: Store, agency_id: str, index: int) -> str:
    for entry in store.log_entries(agency_id, index, index + 1):
        if entry.kind == "record":
            return f"case {entry.subject}, record entry {entry.seq}"
        return f"{entry.kind} {entry.subject}, {KIND_NAMES.get(entry.kind, entry.kind)}"
    return "no longer in the log"
