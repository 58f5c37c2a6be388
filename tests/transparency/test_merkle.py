"""The Merkle functions against the RFC 6962/9162 reference vectors of transparency-dev/merkle.

The vectors (leaf inputs, roots of every prefix, inclusion and consistency
proofs) come from ``testonly/constants.go`` and ``proof/verify_test.go`` of
github.com/transparency-dev/merkle, the Go reference implementation.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enforcement.transparency.merkle import (
    EMPTY_ROOT,
    ProofError,
    consistency_proof,
    hashes_of,
    inclusion_proof,
    leaf_hash,
    root,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    bytes.fromhex(h)
    for h in [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]


def h(text: str) -> bytes:
    return bytes.fromhex(text)


INCLUSION = [  # (leaf index, tree size, proof)
    (
        0,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        5,
        8,
        [
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        1,
        5,
        [
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
]

CONSISTENCY = [  # (old size, size, proof)
    (1, 1, []),
    (
        1,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (
        2,
        5,
        [
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (
        6,
        7,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
]

HASHES = [leaf_hash(x) for x in LEAVES]


def test_empty_tree_hash_is_sha256_of_nothing() -> None:
    assert root([]) == EMPTY_ROOT == ROOTS[0]


@pytest.mark.parametrize("size", range(1, 9))
def test_root_of_every_prefix_matches_the_reference(size: int) -> None:
    assert root(HASHES[:size]) == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_proof_matches_the_reference(index: int, size: int, proof: list[bytes]) -> None:
    assert inclusion_proof(index, size, hashes_of(HASHES)) == proof
    assert root_from_inclusion_proof(index, size, HASHES[index], proof) == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_fails_for_another_leaf_index_or_size(
    index: int, size: int, proof: list[bytes]
) -> None:
    for i, n in [(index ^ 1, size), (index, size * 2), (index, size // 2)]:
        if 0 <= i < n:
            with pytest.raises(ProofError):
                verify_inclusion(i, n, HASHES[index], proof, ROOTS[size])


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_fails_when_any_proof_bit_flips(
    index: int, size: int, proof: list[bytes]
) -> None:
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
        with pytest.raises(ProofError):
            verify_inclusion(index, size, HASHES[index], bad, ROOTS[size])
    with pytest.raises(ProofError):
        verify_inclusion(index, size, HASHES[index], [*proof, ROOTS[size]], ROOTS[size])
    with pytest.raises(ProofError):
        verify_inclusion(index, size, HASHES[index], proof[:-1], ROOTS[size])


@pytest.mark.parametrize(("old", "size", "proof"), CONSISTENCY)
def test_consistency_proof_matches_the_reference(old: int, size: int, proof: list[bytes]) -> None:
    assert consistency_proof(old, size, hashes_of(HASHES)) == proof
    verify_consistency(old, size, proof, ROOTS[old], ROOTS[size])


@pytest.mark.parametrize(("old", "size", "proof"), [c for c in CONSISTENCY if c[2]])
def test_consistency_fails_for_changed_roots_sizes_or_proofs(
    old: int, size: int, proof: list[bytes]
) -> None:
    bad_cases = [
        (old, size, proof, ROOTS[size], ROOTS[size]),
        (old, size, proof, ROOTS[old], ROOTS[old]),
        (old - 1, size, proof, ROOTS[old], ROOTS[size]),
        (old, size * 2, proof, ROOTS[old], ROOTS[size]),
        (old, size, proof[:-1], ROOTS[old], ROOTS[size]),
        (old, size, [*proof, ROOTS[old]], ROOTS[old], ROOTS[size]),
        (old, size, [], ROOTS[old], ROOTS[size]),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        bad_cases.append((old, size, flipped, ROOTS[old], ROOTS[size]))
    for a, b, p, r1, r2 in bad_cases:
        if a == 0:
            continue  # the empty log is a prefix of every log
        with pytest.raises(ProofError):
            verify_consistency(a, b, p, r1, r2)


def test_a_shorter_log_is_never_consistent_with_a_longer_checkpoint() -> None:
    with pytest.raises(ProofError, match="cannot extend"):
        verify_consistency(5, 3, [], ROOTS[5], ROOTS[3])


@given(st.integers(1, 70), st.data())
def test_every_proof_of_a_random_tree_verifies(size: int, data: st.DataObject) -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(0, size))
    top = root(leaves)
    verify_inclusion(
        index, size, leaves[index], inclusion_proof(index, size, hashes_of(leaves)), top
    )
    proof = consistency_proof(old, size, hashes_of(leaves))
    verify_consistency(old, size, proof, root(leaves[:old]), top)


@given(st.integers(2, 40), st.data())
def test_a_changed_leaf_breaks_consistency_with_the_old_root(
    size: int, data: st.DataObject
) -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    old = data.draw(st.integers(1, size - 1))
    changed = data.draw(st.integers(0, old - 1))
    forged = list(leaves)
    forged[changed] = leaf_hash(b"forged")
    proof = consistency_proof(old, size, hashes_of(forged))
    with pytest.raises(ProofError):
        verify_consistency(old, size, proof, root(leaves[:old]), root(forged))
