"""Properties of the hash chain itself."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from enforcement.store.chain import canonical, genesis, head_digest, link

contents = st.lists(
    st.dictionaries(st.text(max_size=5), st.text(max_size=20) | st.integers(), max_size=4).map(
        canonical
    ),
    min_size=1,
    max_size=6,
)


def chain(case_id: str, items: list[bytes]) -> list[str]:
    """The digests of a chain of contents."""
    out, prev = [], genesis(case_id)
    for item in items:
        prev = link(prev, item)
        out.append(prev)
    return out


@given(contents, st.data())
def test_a_chain_verifies_until_any_byte_changes(items: list[str], data: st.DataObject) -> None:
    raw = [i.encode() for i in items]
    digests = chain("C1", raw)
    which = data.draw(st.integers(0, len(raw) - 1))
    at = data.draw(st.integers(0, len(raw[which]) - 1))
    flip = data.draw(st.integers(1, 255))
    changed = list(raw)
    changed[which] = raw[which][:at] + bytes([raw[which][at] ^ flip]) + raw[which][at + 1 :]
    after = chain("C1", changed)
    assert after[:which] == digests[:which]
    assert all(a != b for a, b in zip(after[which:], digests[which:], strict=True))


def test_link_is_sha256_of_prev_newline_content() -> None:
    prev = genesis("XC2020-00001")
    assert prev == hashlib.sha256(b"enforcement/1 chain\nXC2020-00001").hexdigest()
    assert (
        link(prev, '{"id":"R1"}') == hashlib.sha256(f'{prev}\n{{"id":"R1"}}'.encode()).hexdigest()
    )


def test_canonical_sorts_keys_and_keeps_chinese() -> None:
    assert canonical({"b": None, "a": "罚款"}) == '{"a":"罚款","b":null}'


def test_head_digest_does_not_depend_on_order() -> None:
    heads = [("B", 1, "x"), ("A", 0, "y")]
    assert head_digest(heads) == head_digest(reversed(heads))
