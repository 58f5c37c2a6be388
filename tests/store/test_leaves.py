"""The compact leaf list that ``verify`` keeps: the same hashes, the same roots, 32 bytes a leaf."""

from __future__ import annotations

import hashlib

import pytest

from enforcement.store.tree import TILE, Leaves
from enforcement.transparency.merkle import root


def _hashes(n: int) -> list[bytes]:
    return [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(n)]


@pytest.mark.parametrize("n", [0, 1, 2, 3, 255, 256, 257, 511, 512, 513, 3 * TILE + 17])
def test_every_prefix_root_is_rfc_9162s(n: int) -> None:
    hashes = _hashes(n)
    leaves = Leaves(b"".join(hashes))
    assert len(leaves) == n
    assert list(leaves) == hashes
    for size in {0, 1, n // 2, n - 1, n}:
        if 0 <= size <= n:
            assert leaves.root(size) == root(hashes[:size])
    assert leaves.root() == root(hashes)


def test_indexing_and_slicing_behave_as_a_list() -> None:
    hashes = _hashes(600)
    leaves = Leaves(b"".join(hashes))
    assert leaves[0] == hashes[0]
    assert leaves[-1] == hashes[-1]
    assert leaves[299] == hashes[299]
    assert list(leaves[10:300]) == hashes[10:300]
    assert list(leaves[300:10]) == []
    assert list(leaves[::7]) == hashes[::7]
    with pytest.raises(IndexError):
        leaves[600]
    with pytest.raises(ValueError, match="601 leaves asked of 600"):
        leaves.root(601)
    with pytest.raises(ValueError, match="32 bytes each"):
        Leaves(b"x" * 33)


def test_a_buffer_filled_in_place_gives_bytes_hashes_usable_as_keys() -> None:
    """verify fills one bytearray per log: what it hands out are bytes (hashable, comparable)."""
    hashes = _hashes(TILE + 3)
    leaves = Leaves(bytearray(b"".join(hashes)))
    assert all(type(h) is bytes for h in leaves)
    assert type(leaves[TILE]) is bytes
    assert {leaves[0]: 1}[hashes[0]] == 1
    assert list(leaves[1:4]) == hashes[1:4]
    assert leaves.root() == root(hashes)
