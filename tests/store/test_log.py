"""Properties of the log's entries: what is hashed and how."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from enforcement.store.log import canonical, entry_bytes, entry_head, leaf_of, new_salt
from enforcement.store.tree import TILE, NodeBuilder, StoredTree
from enforcement.transparency.merkle import hashes_of, inclusion_proof, leaf_hash, root


def test_leaf_is_rfc9162_leaf_hash_of_head_newline_doc() -> None:
    head = entry_head("case", "XC2020-00001", salt="00" * 16)
    doc = canonical({"id": "XC2020-00001", "title": "罚款"})
    assert leaf_of(head, doc) == hashlib.sha256(b"\x00" + entry_bytes(head, doc)).digest()
    assert entry_bytes(head, doc) == f"{head}\n{doc}".encode()
    assert leaf_of(head, doc) == leaf_hash(entry_bytes(head, doc))


def test_head_names_kind_subject_salt_and_a_record_entrys_place() -> None:
    head = entry_head("record", "C1", salt="ab", seq=3, entry_id="C1-R03")
    assert head == '{"entry":"C1-R03","kind":"record","salt":"ab","seq":3,"subject":"C1"}'


@given(st.sampled_from(["case", "record"]), st.text(), st.text(), st.integers(1, 10**6))
def test_the_head_is_canonical_json(kind: str, subject: str, entry_id: str, seq: int) -> None:
    salt = new_salt()
    if kind == "record":
        data = {"kind": kind, "salt": salt, "subject": subject, "seq": seq, "entry": entry_id}
        assert entry_head(kind, subject, salt=salt, seq=seq, entry_id=entry_id) == canonical(data)
    else:
        data = {"kind": kind, "salt": salt, "subject": subject}
        assert entry_head(kind, subject, salt=salt) == canonical(data)


def test_salts_are_random_and_16_bytes() -> None:
    salts = {new_salt() for _ in range(50)}
    assert len(salts) == 50
    assert all(len(bytes.fromhex(s)) == 16 for s in salts)


def test_the_same_document_gives_unrelated_leaves_under_two_salts() -> None:
    doc = canonical({"name": "张三"})
    one = leaf_of(entry_head("case", "C1", salt=new_salt()), doc)
    two = leaf_of(entry_head("case", "C1", salt=new_salt()), doc)
    assert one != two


def test_canonical_sorts_keys_and_keeps_chinese() -> None:
    assert canonical({"b": None, "a": "罚款"}) == '{"a":"罚款","b":null}'


@given(st.integers(0, 3 * TILE), st.integers(1, 2 * TILE + 3))
def test_node_builder_and_stored_tree_agree_with_the_plain_root(start: int, more: int) -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(start + more)]
    nodes: dict[int, dict[int, bytes]] = {8: {}, 16: {}}
    tiles = start // TILE
    for t in range(tiles):
        nodes[8][t] = root(leaves[t * TILE : (t + 1) * TILE])
    group = [nodes[8][t] for t in range(tiles - tiles % TILE, tiles)]
    builder = NodeBuilder(start, leaves[tiles * TILE : start], group)
    for leaf in leaves[start:]:
        for level, i, h in builder.add(leaf):
            nodes[level][i] = h
    tree = StoredTree(nodes, lambda t: leaves[t * TILE : (t + 1) * TILE])
    n = len(leaves)
    assert tree.root(n) == root(leaves)
    assert inclusion_proof(n - 1, n, tree.subtree) == inclusion_proof(n - 1, n, hashes_of(leaves))
