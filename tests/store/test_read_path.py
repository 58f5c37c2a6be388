"""The store reads a case the quick way (orjson over the stored bytes) only where the stdlib
way would read the same case; everything else is read, or refused, the stdlib way.

Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import orjson
import pytest

from enforcement import Dataset, Store, open_store
from enforcement.converter import structure
from enforcement.errors import ChainIntegrityError, EnforcementError
from enforcement.models import Attachment, Case
from enforcement.store import store as store_module

from .helpers import drop_triggers, raw_sql

HUGE = 10**20 - 1
"""A 20-digit byte count: the longest integer the format allows, beyond 64 bits (orjson
reads it as a float)."""


def _stored(url: str, case_id: str) -> tuple[str, list[str]]:
    """A case's stored document and its record entries' contents, as text, in order."""
    doc = raw_sql(
        url,
        "SELECT l.content FROM cases c JOIN log l ON l.agency_id = c.agency_id"
        " AND l.idx = c.idx WHERE c.id = ?",
        params=(case_id,),
    )[0][0]
    contents = raw_sql(
        url,
        "SELECT l.content FROM records r JOIN log l ON l.agency_id = r.agency_id"
        " AND l.idx = r.idx WHERE r.case_id = ? ORDER BY r.seq",
        params=(case_id,),
    )
    return doc, [c for (c,) in contents]


def test_both_read_paths_give_the_same_cases(store: Store, town: Dataset, store_url: str) -> None:
    store.import_dataset(town)
    streamed = list(store.cases())
    assert streamed == list(town.cases)
    for case in town.cases[:10]:
        doc, contents = _stored(store_url, case.id)
        from_bytes = store_module._build_case(doc.encode(), [c.encode() for c in contents])
        from_text = store_module._build_case(doc, contents)
        stdlib = structure({**json.loads(doc), "records": [json.loads(c) for c in contents]}, Case)
        assert from_bytes == from_text == stdlib == case


def test_an_integer_beyond_64_bits_reads_exactly(store: Store, town: Dataset) -> None:
    case = town.cases[0]
    entry = case.records[0]
    big = attrs.evolve(entry, attachment=Attachment(uri="oss://av/1.mp4", bytes=HUGE))
    changed = attrs.evolve(case, records=(big, *case.records[1:]))
    store.import_dataset(attrs.evolve(town, cases=(changed, *town.cases[1:])))
    read = next(c for c in store.cases() if c.id == case.id)
    attachment = read.records[0].attachment
    assert attachment is not None
    assert attachment.bytes == HUGE
    assert type(attachment.bytes) is int
    assert store.case(case.id) == read == changed


def _tamper(url: str, town: Dataset, store: Store, text: str) -> str:
    """Replace a record entry's stored content behind the library's back; its case id."""
    store.import_dataset(town)
    case = town.cases[0]
    drop_triggers(url)
    rows = raw_sql(
        url,
        "SELECT l.idx, l.content FROM records r JOIN log l ON l.agency_id = r.agency_id"
        " AND l.idx = r.idx WHERE r.case_id = ? AND r.seq = 1",
        params=(case.id,),
    )
    idx, content = rows[0]
    data = json.loads(content)
    data["summary"] = "@@"
    changed = json.dumps(data, ensure_ascii=False).replace('"@@"', text)
    raw_sql(url, "UPDATE log SET content = ? WHERE idx = ?", params=(changed, idx))
    return case.id


def test_an_escaped_lone_surrogate_is_refused_as_before(
    store: Store, town: Dataset, store_url: str
) -> None:
    # orjson refuses the escape itself; the stdlib reads it and the converter refuses the
    # character: the error is the converter's, naming the field, on both read paths.
    case_id = _tamper(store_url, town, store, '"\\ud800"')
    doc, contents = _stored(store_url, case_id)
    errors = []
    for args in ((doc, contents), (doc.encode(), [c.encode() for c in contents])):
        with pytest.raises(EnforcementError) as info:
            store_module._build_case(*args)
        errors.append(str(info.value))
    assert errors[0] == errors[1]
    assert "summary" in errors[0]
    with pytest.raises(EnforcementError, match="summary"):
        list(store.cases())


def test_a_nan_in_a_stored_entry_is_refused_as_before(
    store: Store, town: Dataset, store_url: str
) -> None:
    case_id = _tamper(store_url, town, store, "NaN")
    doc, contents = _stored(store_url, case_id)
    with pytest.raises(EnforcementError) as stdlib:
        store_module._build_case(doc, contents)
    with pytest.raises(EnforcementError) as quick:
        list(store.cases())
    assert str(quick.value) == str(stdlib.value)
    assert "summary" in str(quick.value)


def test_bytes_that_are_not_utf8_are_a_chain_error_not_a_traceback(
    tmp_path: Path, town: Dataset
) -> None:
    # (PostgreSQL's text cannot hold them; an SQLite file edited by hand can.)
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    with open_store(url, create=True) as store:
        store.import_dataset(town)
        drop_triggers(url)
        case = town.cases[0]
        raw_sql(
            url,
            "UPDATE log SET content = CAST(x'7b22ff22' AS TEXT) WHERE idx ="
            " (SELECT idx FROM cases WHERE id = ?)",
            params=(case.id,),
        )
        with pytest.raises(ChainIntegrityError, match="db verify"):
            list(store.cases())


EDGES = [
    b"\xef\xbb\xbf{}",
    b" {} ",
    b'"a\tb"',
    b'"a\nb"',
    b'"\\x"',
    b"01",
    b"1.",
    b".5",
    b"+1",
    b"[1,]",
    b'{"a":1,}',
    b'{"a":1,"a":2}',
    b'"\\u00"',
    b'"\x7f"',
    b'"\\ud83d\\ude00"',
    b'"\\udc00\\ud800"',
    b'"\xed\xa0\x80"',
    b'"\xc0\x80"',
    b'"\xf4\x90\x80\x80"',
    b"-0",
    b"1E400",
    b"NaN",
    b"123456789012345678901",
    b'"\x00"',
]


@pytest.mark.parametrize("text", EDGES, ids=repr)
def test_orjson_accepts_nothing_the_stdlib_refuses(text: bytes) -> None:
    # What _build_case relies on: where orjson reads a value, the stdlib reads the same one,
    # except an integer past 64 bits, which orjson reads as a float (no case field takes one).
    try:
        quick = orjson.loads(text)
    except orjson.JSONDecodeError:
        return  # refusing more is safe: the stdlib reads it again
    slow = json.loads(text.decode("utf-8"))
    if type(quick) is float and type(slow) is int:
        assert abs(slow) >= 2**64
    else:
        assert (type(quick), quick) == (type(slow), slow)
