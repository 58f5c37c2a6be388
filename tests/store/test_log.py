"""Properties of the log's entries: what is hashed and how."""

from __future__ import annotations

import hashlib
import json
import os

from hypothesis import given
from hypothesis import strategies as st

from enforcement.store.log import (
    canonical,
    entry_bytes,
    entry_head,
    leaf_of,
    new_salt,
    new_salts,
)
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


def test_canonical_is_json_dumps_of_every_kind_of_value() -> None:
    import json

    from enforcement.converter import unstructure
    from enforcement.synthetic import generate_dataset

    values: list[object] = [
        'a"\\\n\x01\x7f中',
        1.5,
        -0.0,
        10**30,
        None,
        True,
        [1, {"b": 2, "a": []}],
        {"z": "", "中": {"y": None, "x": [1.25]}},
    ]
    for case in unstructure(generate_dataset(cases=20, defects=0.2))["cases"]:
        values += [case, *case["records"]]
    for value in values:
        assert canonical(value) == json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )


def test_a_case_appended_in_one_go_is_the_same_entries_as_one_by_one() -> None:
    """_LogWriter.add_case (import's fast path) writes exactly what add() writes entry by entry."""
    from enforcement.store.store import _LogWriter
    from enforcement.store.tree import NodeBuilder

    def writer() -> _LogWriter:
        w = _LogWriter.__new__(_LogWriter)
        w.agency_id, w._size, w._rows, w._leaves = "xc", 0, [], []
        w._builder = NodeBuilder(0, [], [])
        return w

    fast, slow = writer(), writer()
    entries = [("E-1", '{"a":1}'), ('E-"2"中', '{"b":"\\n"}')]
    assert fast.add_case('XC-"1"中', '{"id":"x"}', entries) == 0
    slow.add("case", 'XC-"1"中', '{"id":"x"}')
    for seq, (entry_id, doc) in enumerate(entries, 1):
        slow.add("record", 'XC-"1"中', doc, seq=seq, entry_id=entry_id)
    for a, b in zip(fast._rows, slow._rows, strict=True):
        salt_a, salt_b = json.loads(a[4])["salt"], json.loads(b[4])["salt"]
        head = a[4].replace(salt_a, salt_b)
        assert (*a[:4], head, a[5]) == b[:6]
        assert a[6] == leaf_of(a[4], a[5])


def test_extending_the_builder_completes_the_same_nodes_as_adding_one_by_one() -> None:
    leaves = [hashlib.sha256(str(i).encode()).digest() for i in range(TILE * TILE + 3 * TILE + 7)]
    one, many = NodeBuilder(0, [], []), NodeBuilder(0, [], [])
    singly = [node for leaf in leaves for node in one.add(leaf)]
    chunked = []
    for start in range(0, len(leaves), 1000):
        chunked += many.extend(leaves[start : start + 1000])
    assert chunked == singly
    assert many.size == one.size == len(leaves)


def test_salts_drawn_in_bulk_are_distinct_hex_of_16_bytes() -> None:
    salts = [s for n in (1, 7, 100, 3) for s in new_salts(n)]
    assert len(salts) == 111
    assert len(set(salts)) == 111
    assert all(len(s) == 32 and int(s, 16) >= 0 for s in salts)


def test_a_forked_child_does_not_repeat_its_parents_salts() -> None:
    new_salts(1)  # the pool holds salts the parent has not handed out yet
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.write(writer, "".join(new_salts(4)).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(pid, 0)
    child = os.read(reader, 4096).decode()
    os.close(reader)
    assert len(child) == 128
    assert child != "".join(new_salts(4))
