"""Reading and writing the JSON interchange format (``enforcement/1``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from io import BytesIO, TextIOBase, TextIOWrapper
from typing import IO, Any, cast

import orjson

from enforcement._files import atomic_output
from enforcement.bulk import paused_gc
from enforcement.converter import _json_type, structure, unstructure
from enforcement.errors import ValidationError
from enforcement.models import FORMAT, Agency, Case, Dataset, Officer
from enforcement.reader import (
    DocumentReader,
    PathOrFile,
    UnreadableInputError,
    _in_document_order,
)
from enforcement.validation import dataset_problems

__all__ = ["UnreadableInputError", "dump", "dumps", "from_data", "load", "loads", "to_data"]

_TOP_KEYS = ("format", "agencies", "officers", "cases")


def load(source: PathOrFile, *, max_bytes: int | None = None) -> Dataset:
    """Read an interchange document from a path (``-``: standard input) or an open file, and validate it.

    Raises :class:`~enforcement.errors.ValidationError` listing every problem,
    including for a file that is not JSON, and :class:`UnreadableInputError`
    (a subclass) for one that cannot be read at all or is larger than
    ``max_bytes`` (default ``$ENFORCEMENT_MAX_BYTES``, else 4 GiB). The document
    is read by :class:`~enforcement.reader.DocumentReader`, case by case; only
    the dataset it returns is held whole. The cyclic garbage collector is paused
    while it reads (:func:`enforcement.bulk.paused_gc`).
    """
    with paused_gc(), DocumentReader(source, max_bytes=max_bytes) as reader:
        cases = tuple(reader.cases())
        return Dataset(agencies=reader.agencies, officers=reader.officers, cases=cases)


def loads(text: str | bytes, *, source: str | None = None) -> Dataset:
    """Parse and validate an interchange document given as text."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    with (
        paused_gc(),
        DocumentReader(BytesIO(data), name=source, max_bytes=max(len(data), 1)) as reader,
    ):
        cases = tuple(reader.cases())
        return Dataset(agencies=reader.agencies, officers=reader.officers, cases=cases)


def from_data(data: Any, *, source: str | None = None) -> Dataset:
    """Validate already-parsed JSON data (a ``dict``) and build a :class:`Dataset`."""
    if not isinstance(data, dict):
        kind = "an array" if isinstance(data, list) else type(data).__name__
        raise ValidationError(
            [("$", f"expected an object with keys {', '.join(_TOP_KEYS)}; got {kind}")],
            source=source,
        )
    problems: list[tuple[str, str]] = []
    fmt = data.get("format")
    if "format" not in data:
        problems.append(("$.format", f"required key is missing (expected {FORMAT!r})"))
    elif fmt != FORMAT:
        shown = repr(fmt) if isinstance(fmt, str) and len(fmt) < 60 else _json_type(fmt)
        problems.append(("$.format", f"unsupported format {shown}; this version reads {FORMAT!r}"))
    body = {k: v for k, v in data.items() if k != "format"}
    try:
        dataset = structure(body, Dataset)
    except ValidationError as exc:
        problems += exc.errors + _problems_of_readable_parts(body)
        raise ValidationError(_in_document_order(problems), source=source) from None
    problems += dataset_problems(dataset)
    if problems:
        raise ValidationError(problems, source=source)
    return dataset


_PARTS: tuple[tuple[str, type], ...] = (
    ("agencies", Agency),
    ("officers", Officer),
    ("cases", Case),
)


def _problems_of_readable_parts(body: dict[str, Any]) -> list[tuple[str, str]]:
    """The cross-object problems (check digits, references, date order) of what could be read.

    When some agencies, officers or cases have shape problems, the others are
    still validated, so that every problem of a document is reported at once.
    References to the ids of unreadable objects are not reported as dangling.
    """
    readable: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    unreadable: dict[str, set[str]] = {}
    for key, cls in _PARTS:
        items = body.get(key, [])
        readable[key], positions[key], unreadable[key] = [], [], set()
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            try:
                readable[key].append(structure(item, cls))
                positions[key].append(i)
            except Exception:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    unreadable[key].add(item["id"])
    partial = Dataset(**{key: tuple(values) for key, values in readable.items()})
    return list(
        dataset_problems(
            partial,
            positions=positions,
            unreadable_agencies=unreadable["agencies"],
            unreadable_officers=unreadable["officers"],
        )
    )


def to_data(dataset: Dataset) -> dict[str, Any]:
    """The JSON-compatible ``dict`` of a dataset, ``format`` key first."""
    body: dict[str, Any] = unstructure(dataset)
    return {"format": FORMAT, **body}


def dumps(dataset: Dataset, *, indent: int | None = 2) -> str:
    """The interchange document of ``dataset`` as text (UTF-8, Chinese unescaped)."""
    return json.dumps(to_data(dataset), ensure_ascii=False, indent=indent)


def dump(dataset: Dataset, target: PathOrFile, *, indent: int | None = 2) -> None:
    """Write ``dataset`` to a path (atomically: an existing file is replaced whole) or an open file."""
    dump_records(dataset.agencies, dataset.officers, dataset.cases, target, indent=indent)


def dump_records(
    agencies: Iterable[Agency],
    officers: Iterable[Officer],
    cases: Iterable[Case],
    target: PathOrFile,
    *,
    indent: int | None = 2,
) -> int:
    """Write an interchange document case by case, holding one case at a time; return the count.

    ``cases`` may be a stream (a store's :meth:`~enforcement.store.Store.cases`).
    The text is exactly that of :func:`dumps`. A path is written atomically:
    through a temporary file in the same directory, renamed over the target
    only once everything is written.
    """
    if isinstance(target, str | os.PathLike):
        with atomic_output(target, "w") as out:
            return _write_document(out, agencies, officers, cases, indent)
    stream = cast(Any, target)
    if isinstance(stream, TextIOBase):
        return _write_document(cast(IO[str], stream), agencies, officers, cases, indent)
    text_stream = TextIOWrapper(stream, encoding="utf-8", write_through=True)
    try:
        return _write_document(text_stream, agencies, officers, cases, indent)
    finally:
        text_stream.detach()


def _json_text(data: Any, indent: int | None) -> str:
    """``json.dumps`` as :func:`dumps` writes it."""
    return json.dumps(data, ensure_ascii=False, indent=indent)


def _case_text(data: Any, indent: int | None) -> str:
    """:func:`_json_text` of a case's data, written by orjson where its text is the same.

    With two-space indentation orjson writes exactly what ``json.dumps(...,
    ensure_ascii=False, indent=2)`` writes for what a case holds: objects in
    their key order, arrays, strings (the same escapes, non-ASCII left as is),
    integers up to 64 bits, booleans and null (``tests/test_reader.py``
    compares them). It cannot write an integer past 64 bits, and a case holds
    no float (whose exponent form could differ): anything it refuses is written
    by ``json.dumps``. Officers (whose training hours may be floats) and
    agencies are always written by ``json.dumps``. The stdlib's indented
    encoder is pure Python: this halves the time of ``db export``.
    """
    if indent == 2:
        try:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
        except TypeError:  # (orjson.JSONEncodeError): an integer past 64 bits
            pass
    return _json_text(data, indent)


def _write_document(
    out: IO[str],
    agencies: Iterable[Agency],
    officers: Iterable[Officer],
    cases: Iterable[Case],
    indent: int | None,
) -> int:
    pad = "" if indent is None else "\n" + " " * indent
    pad2 = "" if indent is None else pad + " " * indent
    sep = ", " if indent is None else ","

    def value(data: Any, level: int, text_of: Callable[[Any, int | None], str]) -> str:
        text = text_of(data, indent)
        return text if indent is None else text.replace("\n", "\n" + " " * (indent * level))

    def array(key: str, items: Iterable[Any], text_of: Callable[[Any, int | None], str]) -> int:
        # Item by item, so that no list of dicts or text of the whole array is ever held:
        # the same text as json.dumps of the list (a county holds tens of thousands of
        # officers).
        out.write(pad + json.dumps(key) + ": [")
        count = 0
        for item in items:
            out.write((sep if count else "") + pad2 + value(unstructure(item), 2, text_of))
            count += 1
        out.write(pad + "]" if count else "]")
        return count

    out.write("{" + pad + json.dumps("format") + ": " + json.dumps(FORMAT) + sep)
    array("agencies", agencies, _json_text)
    out.write(sep)
    array("officers", officers, _json_text)
    out.write(sep)
    count = array("cases", cases, _case_text)
    out.write(("\n}" if indent is not None else "}") + "\n")
    return count
