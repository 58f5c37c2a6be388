"""The streaming reader: the same rules and messages as whole-document validation, case by case."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import enforcement
from enforcement import ValidationError, from_data, load
from enforcement.io import dump_records, dumps
from enforcement.reader import DocumentReader

EXAMPLE = Path(__file__).resolve().parent / ".." / "examples" / "cases.json"

Mutation = Callable[[dict[str, Any]], object]


def _doc() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def _set(path: str, value: Any) -> Mutation:
    """A mutation setting ``path`` (keys and indexes separated by dots) to ``value``."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = (int(p) if p.isdigit() else p for p in path.split("."))
        node: Any = data
        for part in parents:
            node = node[part]
        node[last] = value

    return change


def _delete(path: str) -> Mutation:
    def change(data: dict[str, Any]) -> None:
        *parents, last = (int(p) if p.isdigit() else p for p in path.split("."))
        node: Any = data
        for part in parents:
            node = node[part]
        del node[last]

    return change


def _both(*mutations: Mutation) -> Mutation:
    def change(data: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(data)

    return change


BAD: dict[str, Mutation] = {
    "title of the wrong type": _set("cases.3.title", 5),
    "missing required key": _delete("cases.0.opened_on"),
    "unknown key in a case": _set("cases.2.colour", "red"),
    "unknown top-level key": _set("extra", []),
    "wrong format": _set("format", "enforcement/9"),
    "missing format": _delete("format"),
    "cases not an array": _set("cases", {"a": 1}),
    "agencies not an array": _set("agencies", "xc"),
    "dangling agency": _set("cases.1.agency_id", "nowhere"),
    "dangling officer": _set("cases.1.officer_ids.0", "nobody"),
    "duplicate case id": _set("cases.5.id", "XC2020-00001"),
    "duplicate officer id": _set("officers.1.id", "xc-001"),
    "bad credit code": _set("agencies.0.credit_code", "91350100M000100Y4Z"),
    "date that does not exist": _set("cases.2.opened_on", "2020-02-30"),
    "decision before opening": _set("cases.3.decision.decided_on", "2019-01-01"),
    "unreadable officer referred to": _set("officers.0.name", 7),
    "unreadable agency referred to": _set("agencies.0.powers", "none"),
    "bad hash": _set("cases.3.records.0.attachment.sha256", "xyz"),
    "sub-fen amount": _set("cases.3.decision.penalties.0.amount", "1.001"),
    "control character": _set("cases.4.title", "a\x1bb"),
    "shape and reference problems together": _both(
        _set("cases.3.title", 5), _set("cases.7.agency_id", "nowhere"), _set("format", "x")
    ),
    "many problems in one case": _both(
        _set("cases.3.title", None), _set("cases.3.domain", 1), _set("cases.3.colour", 2)
    ),
}


def _whole(data: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        from_data(data)
    except ValidationError as exc:
        return exc.errors
    return []


def _streamed(text: str) -> list[tuple[str, str]]:
    try:
        load(io.BytesIO(text.encode("utf-8")))
    except ValidationError as exc:
        return exc.errors
    return []


@pytest.mark.parametrize("name", sorted(BAD))
def test_the_reader_reports_what_whole_document_validation_reports(name: str) -> None:
    data = _doc()
    BAD[name](data)
    expected = _whole(data)
    assert expected, "the corpus document must be invalid"
    assert _streamed(json.dumps(data, ensure_ascii=False)) == expected


@pytest.mark.parametrize("name", sorted(BAD))
def test_cases_before_agencies_are_read_again_with_the_same_result(name: str) -> None:
    data = _doc()
    BAD[name](data)
    expected = _whole(data)
    reordered: dict[str, Any] = {
        key: data[key] for key in ("cases", "officers", "agencies") if key in data
    }
    reordered.update({k: v for k, v in data.items() if k not in reordered})
    assert _streamed(json.dumps(reordered, ensure_ascii=False)) == expected


def test_a_valid_document_reads_the_same_streamed_and_whole() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert load(io.BytesIO(text.encode("utf-8"))) == from_data(json.loads(text))


def test_syntax_errors_name_the_line_and_column_of_the_document() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    at = text.index('"title"', len(text) // 2)
    broken = text[:at] + "," + text[at:]
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(broken)
    message = f"not valid JSON: {expected.value.msg} at line {expected.value.lineno} column {expected.value.colno}"
    assert _streamed(broken) == [("$", message)]


def test_cases_longer_than_a_chunk_are_read_whole() -> None:
    data = _doc()
    data["cases"][3]["decision"]["facts"] = "事实。" * 1_000_000  # 3 million characters
    ds = load(io.BytesIO(json.dumps(data, ensure_ascii=False).encode("utf-8")))
    assert ds.case("XC2020-00004").decision.facts == "事实。" * 1_000_000  # type: ignore[union-attr]


def test_a_non_utf8_byte_is_reported_with_its_offset() -> None:
    raw = EXAMPLE.read_bytes()
    at = raw.index(b"title")
    with pytest.raises(ValidationError, match=f"not UTF-8 text: byte {at}"):
        load(io.BytesIO(raw[:at] + b"\xff" + raw[at + 1 :]))


def test_the_reader_yields_cases_one_at_a_time() -> None:
    seen: list[str] = []
    with DocumentReader(EXAMPLE) as reader:
        cases = reader.cases()
        first = next(cases)
        seen.append(first.id)
        assert reader.cases_read == 1
        seen += [c.id for c in cases]
    assert len(seen) == 30


def _counting(cases: Iterator[enforcement.Case], spy: list[str]) -> Iterator[enforcement.Case]:
    for case in cases:
        spy.append(case.id)
        yield case


def test_import_records_writes_nothing_when_a_late_case_is_invalid() -> None:
    ds = load(EXAMPLE)
    bad = [*ds.cases[:29], enforcement.Case(**{**_fields(ds.cases[29]), "agency_id": "nowhere"})]
    with enforcement.open_store("sqlite:///:memory:") as store:
        with pytest.raises(ValidationError, match=r"\$\.cases\[29\]\.agency_id: no agency"):
            store.import_records(ds.agencies, ds.officers, iter(bad))
        assert store.counts().cases == 0
        assert store.counts().agencies == 0


def test_import_records_takes_a_stream_and_a_total() -> None:
    ds = load(EXAMPLE)
    calls: list[tuple[int, int]] = []
    spy: list[str] = []
    with enforcement.open_store("sqlite:///:memory:") as store:
        added = store.import_records(
            ds.agencies,
            ds.officers,
            _counting(iter(ds.cases), spy),
            progress=lambda done, total: calls.append((done, total)),
            total=30,
        )
        assert store.dataset() == ds
    assert (added.cases, added.records) == (30, sum(len(c.records) for c in ds.cases))
    assert calls[-1] == (30, 30)


def _fields(case: enforcement.Case) -> dict[str, Any]:
    import attrs

    return attrs.asdict(case, recurse=False)


@pytest.mark.parametrize("indent", [2, None])
def test_dump_records_writes_exactly_what_dumps_writes(indent: int | None) -> None:
    ds = load(EXAMPLE)
    out = io.StringIO()
    count = dump_records(ds.agencies, ds.officers, iter(ds.cases), out, indent=indent)
    assert count == 30
    assert out.getvalue() == dumps(ds, indent=indent) + "\n"


@pytest.mark.parametrize("indent", [2, None])
@pytest.mark.parametrize("keep", [(0, 0, 0), (1, 0, 0), (0, 1, 3), (1, 2, 0)])
def test_every_array_is_streamed_and_written_as_dumps_writes_it(
    indent: int | None, keep: tuple[int, int, int]
) -> None:
    # Agencies and officers are written one at a time too (a county holds tens of thousands
    # of officers): the text stays exactly that of dumps, empty arrays included.
    ds = load(EXAMPLE)
    part = enforcement.Dataset(
        agencies=ds.agencies[: keep[0]], officers=ds.officers[: keep[1]], cases=ds.cases[: keep[2]]
    )
    out = io.StringIO()
    count = dump_records(
        iter(part.agencies), iter(part.officers), iter(part.cases), out, indent=indent
    )
    assert count == keep[2]
    assert out.getvalue() == dumps(part, indent=indent) + "\n"


def _leaf_types(tp: Any, seen: set[Any]) -> set[Any]:
    """The non-model types a model class holds, all the way down."""
    import typing

    import attrs

    found: set[Any] = set()
    for arg in typing.get_args(tp):
        found |= _leaf_types(arg, seen)
    if attrs.has(tp):
        if tp not in seen:
            seen.add(tp)
            for hint in typing.get_type_hints(tp).values():
                found |= _leaf_types(hint, seen)
    elif not typing.get_args(tp) and tp is not Ellipsis:
        found.add(tp)
    return found


def test_a_case_holds_no_float() -> None:
    # io._case_text writes cases with orjson, whose text for a float in exponent form could
    # differ from json.dumps'; a float field in a case would need that looked at again.
    leaves = _leaf_types(enforcement.Case, set())
    assert float not in leaves
    assert leaves >= {str, int, bool}


@pytest.mark.parametrize(
    "summary",
    ["".join(map(chr, range(0x20, 0x80))), "\u2028\u2029\u00a0\ufeff\U0001f600中文", 'a"b\\c/d'],
)
def test_cases_are_written_as_json_dumps_writes_them(summary: str) -> None:
    # Built directly (not read), so that the text holds what the reader would refuse too;
    # the attachment's byte count is past 64 bits, which orjson cannot write.
    import attrs

    ds = load(EXAMPLE)
    case = ds.cases[0]
    first = attrs.evolve(
        case.records[0],
        summary=summary,
        attachment=enforcement.Attachment(uri="oss://a/1.mp4", bytes=10**20 - 1),
    )
    changed = attrs.evolve(case, records=(first, *case.records[1:]))
    odd = attrs.evolve(ds, cases=(changed, attrs.evolve(ds.cases[1], records=(first,))))
    out = io.StringIO()
    dump_records(odd.agencies, odd.officers, iter(odd.cases), out)
    assert out.getvalue() == dumps(odd) + "\n"


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, like standard input or a pipe; ``endless`` repeats forever."""

    def __init__(self, data: bytes, *, endless: bool = False) -> None:
        self._data, self._pos, self._endless = data, 0, endless
        self.served = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        if self._endless:
            chunk = (self._data * (len(buffer) // len(self._data) + 1))[: len(buffer)]
        else:
            chunk = self._data[self._pos : self._pos + len(buffer)]
            self._pos += len(chunk)
        buffer[: len(chunk)] = chunk
        self.served += len(chunk)
        return len(chunk)


def test_a_pipe_with_cases_first_is_read_twice_through_a_copy() -> None:
    data = _doc()
    reordered = {"cases": data["cases"], **{k: v for k, v in data.items() if k != "cases"}}
    pipe = _Pipe(json.dumps(reordered, ensure_ascii=False).encode("utf-8"))
    assert load(io.BufferedReader(pipe)) == load(EXAMPLE)


def test_an_endless_stream_of_garbage_stops_at_once() -> None:
    pipe = _Pipe(b"\x00", endless=True)
    with pytest.raises(ValidationError, match="not valid JSON"):
        load(io.BufferedReader(pipe))
    assert pipe.served < 4 * 1024**2


@pytest.mark.parametrize("key", ["agencies", "officers"])
def test_a_null_list_of_agencies_or_officers_is_refused_as_by_from_data(key: str) -> None:
    """Absent is allowed, null is not (docs/format.md: optional lists are absent or [])."""
    data: dict[str, Any] = {"format": "enforcement/1", "agencies": [], "officers": [], "cases": []}
    data[key] = None
    with pytest.raises(ValidationError) as streamed:
        enforcement.loads(json.dumps(data))
    assert streamed.value.errors == [(f"$.{key}", "expected an array, got null")]
    assert streamed.value.errors == _whole(data)
    del data[key]
    assert enforcement.loads(json.dumps(data)) == enforcement.Dataset()


def _officers_only(data: dict[str, Any]) -> str:
    return json.dumps({**data, "cases": []}, ensure_ascii=False)


def test_the_officers_array_is_held_to_the_length_limit_of_one_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Officers are read one at a time (a county has tens of thousands), yet the limit on
    the length of one top-level value still counts the whole array, from ``[`` to ``]``."""
    import enforcement.reader

    data = _doc()
    span = len(json.dumps(data["officers"], ensure_ascii=False))
    monkeypatch.setattr(enforcement.reader, "MAX_ELEMENT_CHARS", span)
    assert len(enforcement.loads(_officers_only(data)).officers) == len(data["officers"])
    monkeypatch.setattr(enforcement.reader, "MAX_ELEMENT_CHARS", span - 1)
    with pytest.raises(ValidationError) as refused:
        enforcement.loads(_officers_only(data))
    assert refused.value.errors == [("$.officers", f"longer than {span - 1:,} characters")]


@pytest.mark.parametrize(("depth", "refused"), [(62, False), (63, True)])
def test_the_officers_array_counts_its_own_level_against_the_nesting_limit(
    depth: int, refused: bool
) -> None:
    # [ officers [ officer { name [[...]] ]: the array, the officer and the name's depth levels.
    data = _doc()
    data["officers"][1]["name"] = json.loads("[" * depth + "]" * depth)
    with pytest.raises(ValidationError) as raised:
        enforcement.loads(_officers_only(data))
    if refused:
        assert raised.value.errors == [("$.officers", "nested deeper than 64 levels")]
    else:
        assert raised.value.errors[0][0] == "$.officers[1].name"
