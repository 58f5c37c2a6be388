"""Reading and writing the JSON interchange format (``enforcement/1``)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any, cast

from enforcement.converter import fast_converter, structure, unstructure
from enforcement.errors import ValidationError
from enforcement.models import FORMAT, Agency, Case, Dataset, Officer
from enforcement.validation import dataset_problems, validate

PathOrFile = str | os.PathLike[str] | IO[str] | IO[bytes]

_TOP_KEYS = ("format", "agencies", "officers", "cases")


class UnreadableInputError(ValidationError):
    """The input could not be read at all (missing file, permission denied, a directory)."""


def load(source: PathOrFile) -> Dataset:
    """Read an interchange document from a path or an open file and validate it.

    Raises :class:`~enforcement.errors.ValidationError` listing every problem,
    including for a file that does not exist or is not JSON.
    """
    name = _name(source)
    if isinstance(source, str | os.PathLike):
        try:
            raw: str | bytes = Path(source).read_bytes()
        except OSError as exc:
            raise UnreadableInputError(
                [("$", f"cannot read {name}: {exc.strerror or exc}")], source=name
            ) from None
    else:
        raw = source.read()
    return loads(raw, source=name)


def loads(text: str | bytes, *, source: str | None = None) -> Dataset:
    """Parse and validate an interchange document given as text."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                [("$", f"not UTF-8 text: byte {exc.start} cannot be decoded")], source=source
            ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            [("$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")],
            source=source,
        ) from None
    return from_data(data, source=source)


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
        problems.append(("$.format", f"unsupported format {fmt!r}; this version reads {FORMAT!r}"))
    body = {k: v for k, v in data.items() if k != "format"}
    try:
        dataset = structure(body, Dataset)
    except ValidationError as exc:
        problems += exc.errors + _problems_of_readable_parts(body)
        raise ValidationError(_in_document_order(problems), source=source) from None
    if problems:
        raise ValidationError(problems, source=source)
    validate(dataset, source=source)
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
                readable[key].append(fast_converter.structure(item, cls))
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


def _in_document_order(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Problems sorted by where they are in the document (``$.cases[10]`` after ``$.cases[9]``)."""
    top = {"format": "0", "agencies": "1", "officers": "2", "cases": "3"}

    def key(problem: tuple[str, str]) -> str:
        path = problem[0]
        head = path[2:].split(".", 1)[0].split("[", 1)[0]
        return top.get(head, "9") + re.sub(r"\d+", lambda m: m.group().zfill(9), path)

    return sorted(problems, key=key)


def to_data(dataset: Dataset) -> dict[str, Any]:
    """The JSON-compatible ``dict`` of a dataset, ``format`` key first."""
    body: dict[str, Any] = unstructure(dataset)
    return {"format": FORMAT, **body}


def dumps(dataset: Dataset, *, indent: int | None = 2) -> str:
    """The interchange document of ``dataset`` as text (UTF-8, Chinese unescaped)."""
    return json.dumps(to_data(dataset), ensure_ascii=False, indent=indent)


def dump(dataset: Dataset, target: PathOrFile, *, indent: int | None = 2) -> None:
    """Write ``dataset`` to a path (atomically: an existing file is replaced whole) or an open file."""
    text = dumps(dataset, indent=indent) + "\n"
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
        try:
            # mkstemp creates the file 0600; give it the mode a plain open() would.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        stream = cast(Any, target)
        try:
            stream.write(text)
        except TypeError:
            stream.write(text.encode("utf-8"))


def _name(source: PathOrFile) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))
