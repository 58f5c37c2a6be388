"""Reading the interchange format case by case, in bounded memory, with full validation.

:class:`DocumentReader` parses the top level of a document itself and decodes
each element of ``agencies``, ``officers`` and ``cases`` with the C decoder
(:meth:`json.JSONDecoder.raw_decode`) on a buffer that grows only as far as one
element needs; agencies and officers are kept structured, never as decoded JSON.
Each case is validated as it is read, against the document's agencies and
officers (:class:`~enforcement.validation.CaseIndex`), so memory stays flat
whatever the file size. The rules and messages are those of :func:`enforcement.load`, which
is built on this reader.

The reader also refuses what :mod:`json` would accept silently or crash on:

- a key twice in one object (:mod:`json` keeps the last);
- ``NaN``, ``Infinity`` and ``-Infinity``, which are not JSON;
- an integer literal of more than :data:`MAX_INT_DIGITS` digits, and a number
  too large for a float;
- nesting deeper than :data:`MAX_DEPTH` levels;
- one top-level value (a case, the list of agencies...) longer than
  :data:`MAX_ELEMENT_CHARS` characters;
- input longer than ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`, or
  ``$ENFORCEMENT_MAX_BYTES``);
- text that is not UTF-8.

If ``cases`` comes before ``agencies`` or ``officers`` in the file, the file is
read twice; a stream that cannot seek (standard input) is first copied to a
temporary file.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, Any, BinaryIO, cast

from enforcement.converter import _json_type, fast_structure, structure
from enforcement.errors import ValidationError
from enforcement.models import FORMAT, Agency, Case, Officer
from enforcement.validation import CaseIndex, index_after_stored

PathOrFile = str | os.PathLike[str] | IO[str] | IO[bytes]

MAX_BYTES_ENV = "ENFORCEMENT_MAX_BYTES"
"""The environment variable that sets the default input size limit, in bytes."""

DEFAULT_MAX_BYTES = 4 * 1024**3
"""The default input size limit: 4 GiB, about twice a county's year of decisions."""

MAX_DEPTH = 64
"""The deepest nesting of arrays and objects accepted (the format itself needs 7)."""

MAX_INT_DIGITS = 20
"""The longest integer literal accepted, in digits (a file size needs at most 20)."""

MAX_ELEMENT_CHARS = 32 * 1024**2
"""The longest single top-level value (one case, or the whole list of agencies), in characters."""

MAX_PROBLEMS = 10_000
"""At most this many problems are kept and listed; the rest are counted."""

_CHUNK = 1 << 20
_TOP_KEYS = ("format", "agencies", "officers", "cases")
_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


class UnreadableInputError(ValidationError):
    """The input could not be read at all (missing file, permission denied, too large)."""


class _Bad:
    """A value the decoder met but JSON (or this format) does not allow; found by :func:`_walk`."""

    __slots__ = ("item_id", "reason")

    def __init__(self, reason: str, item_id: str | None = None) -> None:
        self.reason = reason
        self.item_id = item_id


_DUPLICATES = _Bad("")  # a dict key (never a str) under which an object lists its repeated keys


def max_bytes_default() -> int:
    """The size limit from ``$ENFORCEMENT_MAX_BYTES``, else :data:`DEFAULT_MAX_BYTES`."""
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if value < 1:
        raise UnreadableInputError(
            [("$", f"{MAX_BYTES_ENV}={raw!r} is not a positive number of bytes")]
        )
    return value


class _Source:
    """A binary input and its size limit.

    A stream that cannot seek (standard input, a pipe) is copied to a temporary file as it
    is read, so that a second pass can read it again; nothing is read ahead of need, so a
    hostile stream fails as soon as its first bytes are wrong.
    """

    def __init__(self, source: PathOrFile, name: str, max_bytes: int) -> None:
        self.name = name
        self.max_bytes = max_bytes
        self._own = False
        self._tee: BinaryIO | None = None
        self.file: BinaryIO
        if isinstance(source, str | os.PathLike):
            if os.fspath(source) == "-":
                self.file = sys.stdin.buffer
            else:
                try:
                    self.file = open(source, "rb")  # noqa: SIM115 - closed by close()
                except OSError as exc:
                    raise self._unreadable(f"cannot read {name}: {exc.strerror or exc}") from None
                except ValueError:  # a name the file system cannot encode (a lone surrogate)
                    raise self._unreadable(f"cannot read {name!r}: not a valid file name") from None
                self._own = True
        else:
            stream = cast(Any, source)
            self.file = self._spool_text(stream) if isinstance(stream, io.TextIOBase) else stream
        try:
            seekable = self.file.seekable()
        except (OSError, ValueError):
            seekable = False
        if seekable:
            self.start = self.file.tell()
        else:
            self.start = 0
            self._tee = cast(BinaryIO, tempfile.TemporaryFile())  # noqa: SIM115 - closed by close()
        try:
            info = os.fstat(self.file.fileno())
        except (OSError, AttributeError, ValueError):
            return
        if stat.S_ISDIR(info.st_mode):
            self.close()
            raise self._unreadable(f"cannot read {name}: Is a directory")
        if stat.S_ISREG(info.st_mode) and info.st_size - self.start > max_bytes:
            self.close()
            raise self._too_large()

    def _unreadable(self, message: str) -> UnreadableInputError:
        return UnreadableInputError([("$", message)], source=self.name)

    def _too_large(self) -> UnreadableInputError:
        return self._unreadable(
            f"larger than the limit of {self.max_bytes:,} bytes; raise it with --max-bytes "
            f"or {MAX_BYTES_ENV}"
        )

    def read(self, size: int) -> bytes:
        data = self.file.read(size)
        if self._tee is not None:
            self._tee.write(data)
        return data

    def _spool_text(self, stream: Any) -> BinaryIO:
        spool = cast(BinaryIO, tempfile.TemporaryFile())  # noqa: SIM115 - closed by close()
        self._own = True
        copied = 0
        while chunk := stream.read(_CHUNK):
            data = chunk.encode("utf-8", "surrogatepass")
            copied += len(data)
            if copied > self.max_bytes:
                spool.close()
                raise self._too_large()
            spool.write(data)
        spool.seek(0)
        return spool

    def rewind(self) -> None:
        """Back to the start, for a second pass (after the first has read everything)."""
        if self._tee is None:
            self.file.seek(self.start)
            return
        if self._own:
            self.file.close()
        self.file, self._tee, self._own = self._tee, None, True
        self.file.seek(0)

    def close(self) -> None:
        if self._tee is not None:
            self._tee.close()
        if self._own:
            self.file.close()


class _Text:
    """The decoded text of a source, held only from the current position on."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._read = 0
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self._line = 0  # newlines before buf[0]
        self._col = 0  # the column of buf[0] within its line
        self._dropped = 0  # characters before buf[0]

    def fill(self, at_least: int = _CHUNK) -> bool:
        """Read more text; ``False`` at the end of the input."""
        if self.eof:
            return False
        self._compact()
        want = at_least
        while want > 0 and not self.eof:
            chunk = self.source.read(max(want, _CHUNK))
            if len(chunk) > self.source.max_bytes - self._read:
                raise self.source._too_large()
            pending = len(self._decoder.getstate()[0])
            try:
                text = self._decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                offset = self._read - pending + exc.start
                raise ValidationError(
                    [("$", f"not UTF-8 text: byte {max(offset, 0)} cannot be decoded")],
                    source=self.source.name,
                ) from None
            self._read += len(chunk)
            if not chunk:
                self.eof = True
            self.buf += text
            want -= len(chunk)
        return True

    def _compact(self) -> None:
        if self.pos > _CHUNK or (self.pos and self.pos * 2 > len(self.buf)):
            consumed = self.buf[: self.pos]
            newlines = consumed.count("\n")
            if newlines:
                self._line += newlines
                self._col = self.pos - consumed.rfind("\n") - 1
            else:
                self._col += self.pos
            self._dropped += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0

    def offset(self, pos: int) -> int:
        """The offset in the whole text (in characters) of ``buf[pos]``."""
        return self._dropped + pos

    def skip_ws(self) -> str:
        """The next non-blank character ('' at the end), without consuming it."""
        while True:
            end = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            self.pos = end
            if end < len(self.buf):
                return self.buf[end]
            if not self.fill():
                return ""

    def where(self, pos: int) -> str:
        newlines = self.buf.count("\n", 0, pos)
        col = pos - self.buf.rfind("\n", 0, pos) if newlines else self._col + pos + 1
        return f"line {self._line + newlines + 1} column {col}"

    def syntax(self, message: str, pos: int | None = None) -> ValidationError:
        at = self.pos if pos is None else pos
        return ValidationError(
            [("$", f"not valid JSON: {message} at {self.where(at)}")], source=self.source.name
        )


class DocumentReader:
    """One interchange document, read case by case.

    ``agencies`` and ``officers`` are read when the reader is created;
    :meth:`cases` then streams the valid cases. Every problem of the document
    (shape, references, duplicates, dates, and those of the agencies and
    officers) is collected, and when :meth:`cases` is exhausted they are raised
    together as one :class:`~enforcement.errors.ValidationError`, in the order
    :func:`enforcement.load` reports them. A caller that writes as it reads
    (``db import``) therefore learns of any problem before it commits.

    ``known_agencies`` and ``known_officers`` (a store's) may be referred to by
    the document's cases and officers as if they came first in the document
    (or call :meth:`use_store` later). Use the reader as a context manager, or
    call :meth:`close`.

    Attributes: ``agencies`` and ``officers``, the valid ones of the document;
    ``cases_read``, how many elements of ``cases`` have been read so far, valid
    or not.
    """

    def __init__(
        self,
        source: PathOrFile,
        *,
        max_bytes: int | None = None,
        name: str | None = None,
        known_agencies: Sequence[Agency] = (),
        known_officers: Sequence[Officer] = (),
    ) -> None:
        self.name = name or _name(source)
        self._source = _Source(source, self.name, max_bytes or max_bytes_default())
        self._problems: list[tuple[str, str]] = []
        self._dropped = 0
        self._shape_problems = False
        self._known = (tuple(known_agencies), tuple(known_officers))
        self.agencies: tuple[Agency, ...] = ()
        self.officers: tuple[Officer, ...] = ()
        self.cases_read = 0
        self._seen: set[str] = set()
        self._index: CaseIndex | None = None
        self._started = False
        self._suspect = False
        self._decoder = json.JSONDecoder(
            object_pairs_hook=self._object,
            parse_constant=self._constant,
            parse_int=self._int,
            parse_float=self._float,
        )
        try:
            self._text = _Text(self._source)
            self._header()
        except BaseException:
            self.close()
            raise

    # -- public ---------------------------------------------------------------------------

    def cases(self) -> Iterator[Case]:
        """The document's valid cases, in document order; raises at the end if any problem.

        Can be iterated once.
        """
        if self._started:
            raise RuntimeError("DocumentReader.cases() can be iterated only once")
        self._started = True
        if self._at_cases:
            yield from self._case_array()
            while (key := self._next_key()) is not None:
                self._top_key(key)
        elif self._needs_second_pass:
            # The cases came before the agencies or officers they refer to: read them again.
            self._source.rewind()
            self._text = _Text(self._source)
            self._open_object()
            first = True
            while (key := self._next_key()) is not None:
                if key == "cases" and first:
                    first = False
                    yield from self._case_array()
                else:
                    self._skip_value(key)
        self._finish()

    def close(self) -> None:
        """Close the input (if the reader opened it)."""
        self._source.close()

    def __enter__(self) -> DocumentReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- top level ------------------------------------------------------------------------

    def _header(self) -> None:
        """Read up to the ``cases`` array (or to the end); keep agencies and officers."""
        self._at_cases = False
        self._needs_second_pass = False
        self._format: Any = _MISSING
        self._raw: dict[str, Any] = {}
        first = self._text.skip_ws()
        if first != "{":
            if first == "":
                raise self._text.syntax("Expecting value")
            value = self._value("$")
            kind = "an array" if isinstance(value, list) else type(value).__name__
            keys = ", ".join(_TOP_KEYS)
            raise ValidationError(
                [("$", f"expected an object with keys {keys}; got {kind}")], source=self.name
            )
        self._open_object()
        while (key := self._next_key()) is not None:
            if self._top_key(key):
                self._at_cases = True
                break
        # Absent is not null: "agencies": null is refused like any other non-array.
        self._build_index(self._raw.get("agencies", _MISSING), self._raw.get("officers", _MISSING))
        self._raw.clear()

    def _top_key(self, key: str) -> bool:
        """Handle one top-level key; ``True`` when it is ``cases`` and they can be read now."""
        path = f"$.{key}"
        if key in self._seen:
            self._problem(path, "duplicate key: the object has this key twice")
            self._shape_problems = True
            self._skip_value(key)
            return False
        self._seen.add(key)
        if key == "cases":
            if "agencies" in self._seen and "officers" in self._seen:
                return True
            self._needs_second_pass = True
            self._skip_value(key)
        elif key == "format":
            self._format = self._value(path)
        elif key in ("agencies", "officers"):
            if self._index is not None:  # after the cases: they were checked without them
                raise AssertionError("agencies or officers after the cases on the first pass")
            self._raw[key] = self._parts(key, Agency if key == "agencies" else Officer)
        else:
            self._shape_problems = True
            self._problem(path, "unknown key (allowed here: agencies, officers, cases)")
            self._value(path)
        return False

    def _parts(self, key: str, cls: type[Agency] | type[Officer]) -> Any:
        """The agencies or officers: an array is read and structured element by element.

        Only the structured objects are kept, never the decoded JSON of the whole
        array at once (a county's 25,000 officers decode to about 95 MB of dicts).
        The limits are still those of the array as one value, reported at
        ``$.agencies`` or ``$.officers``: its length from ``[`` to ``]`` against
        :data:`MAX_ELEMENT_CHARS`, its nesting (its own level included) against
        :data:`MAX_DEPTH`. A value that is not an array is returned decoded, for
        :meth:`_build_index` to refuse.
        """
        text = self._text
        path = f"$.{key}"
        if text.skip_ws() != "[":
            return self._value(path)
        whole = (path, text.offset(text.pos))
        text.pos += 1
        parts = _Parts()
        i = 0
        while True:
            c = text.skip_ws()
            if c == "]" and i == 0:
                break
            where = f"{path}[{i}]"
            item = self._value(where, whole)
            built = self._shape(item, cls, where)
            if built is None:
                if isinstance(item, _Bad) and item.item_id is not None:
                    parts.unreadable.add(item.item_id)
                elif isinstance(item, dict) and isinstance(item.get("id"), str):
                    parts.unreadable.add(item["id"])
            else:
                parts.items.append(built)
                parts.positions.append(i)
            i += 1
            c = text.skip_ws()
            if c == "]":
                break
            if c != ",":
                raise text.syntax("Expecting ',' delimiter")
            text.pos += 1
        text.pos += 1
        self._check_length(whole, text.pos)
        return parts

    def _build_index(self, agencies: Any, officers: Any) -> None:
        """Keep the agencies and officers; index them (after any known ones) for the cases."""
        parts: dict[str, list[Any]] = {}
        positions: dict[str, list[int]] = {}
        unreadable: dict[str, set[str]] = {}
        for key, cls, got in (("agencies", Agency, agencies), ("officers", Officer, officers)):
            read = got if isinstance(got, _Parts) else _Parts()
            parts[key], positions[key] = read.items, read.positions
            unreadable[key] = read.unreadable
            if got is not read and got is not _MISSING and not isinstance(got, _Bad):
                self._shape(got, tuple[cls, ...], f"$.{key}")  # type: ignore[valid-type]  # not an array
        self.agencies = tuple(parts["agencies"])
        self.officers = tuple(parts["officers"])
        self._positions, self._unreadable = positions, unreadable
        self._make_index()

    def use_store(self, agencies: Sequence[Agency], officers: Sequence[Officer]) -> None:
        """Let the document refer to a store's ``agencies`` and ``officers`` (call before :meth:`cases`).

        The document's own agencies and officers are then checked as if added
        after the stored ones: an id already stored is a problem.
        """
        self._known = (tuple(agencies), tuple(officers))
        self._make_index()

    def _make_index(self) -> None:
        positions, unreadable = self._positions, self._unreadable
        models: dict[str, Sequence[Agency | Officer]] = {
            "agencies": self.agencies,
            "officers": self.officers,
        }
        index, self._index_problems = index_after_stored(
            self._known,
            self.agencies,
            self.officers,
            positions=positions,
            unreadable=unreadable,
            id_at=lambda kind, at: models[kind][positions[kind].index(at)].id,
        )
        self._index = index

    def _case_array(self) -> Iterator[Case]:
        text = self._text
        if text.skip_ws() != "[":
            value = self._value("$.cases")
            self._shape(value, tuple[Case, ...], "$.cases")
            return
        text.pos += 1
        assert self._index is not None
        i = 0
        while True:
            c = text.skip_ws()
            if c == "]" and i == 0:
                text.pos += 1
                return
            path = f"$.cases[{i}]"
            data = self._value(path)
            self.cases_read += 1
            case = self._shape(data, Case, path)
            if case is not None:
                problems = list(self._index.check(case, path))
                for problem in problems:
                    self._problem(*problem)
                if not problems:
                    yield case
            i += 1
            c = text.skip_ws()
            if c == ",":
                text.pos += 1
            elif c == "]":
                text.pos += 1
                return
            else:
                raise text.syntax("Expecting ',' delimiter")

    def _finish(self) -> None:
        text = self._text
        if text.skip_ws() != "":
            raise text.syntax("Extra data")
        fmt = self._format
        self._format_problem = True
        if fmt is _MISSING:
            self._problems.insert(0, ("$.format", f"required key is missing (expected {FORMAT!r})"))
        elif fmt != FORMAT and not isinstance(fmt, _Bad):
            shown = repr(fmt) if isinstance(fmt, str) and len(fmt) < 60 else _json_type(fmt)
            self._problems.insert(
                0, ("$.format", f"unsupported format {shown}; this version reads {FORMAT!r}")
            )
        else:
            self._format_problem = False
        problems = self._problems[:1] + self._index_problems + self._problems[1:]
        if not self._format_problem:
            problems = self._index_problems + self._problems
        if not problems:
            return
        if self._shape_problems:
            problems = _in_document_order(problems)
        if self._dropped:
            problems = [*problems, ("$", f"... and {self._dropped} more problems")]
        raise ValidationError(problems, source=self.name)

    def _open_object(self) -> None:
        text = self._text
        text.skip_ws()
        text.pos += 1  # the "{"
        self._first_key = True

    def _next_key(self) -> str | None:
        """The next key of the top-level object, ``None`` after its closing brace."""
        text = self._text
        c = text.skip_ws()
        if not self._first_key:
            if c == "}":
                text.pos += 1
                return None
            if c != ",":
                raise text.syntax("Expecting ',' delimiter")
            text.pos += 1
            c = text.skip_ws()
        elif c == "}":
            text.pos += 1
            return None
        if c != '"':
            raise text.syntax("Expecting property name enclosed in double quotes")
        key = self._decode("$")
        self._first_key = False
        if text.skip_ws() != ":":
            raise text.syntax("Expecting ':' delimiter")
        text.pos += 1
        if not isinstance(key, str):
            raise text.syntax("Expecting property name enclosed in double quotes")
        return key

    def _skip_value(self, key: str) -> None:
        text = self._text
        if key == "cases" and text.skip_ws() == "[":
            text.pos += 1
            first = True
            while True:
                c = text.skip_ws()
                if c == "]" and first:
                    text.pos += 1
                    return
                self._decode("$.cases")
                first = False
                c = text.skip_ws()
                if c == ",":
                    text.pos += 1
                elif c == "]":
                    text.pos += 1
                    return
                else:
                    raise text.syntax("Expecting ',' delimiter")
        self._decode(f"$.{key}")

    # -- values ---------------------------------------------------------------------------

    def _value(self, path: str, whole: tuple[str, int] | None = None) -> Any:
        """The next JSON value, decoded; its JSON-level problems are reported at ``path``.

        ``whole``: the path and offset of the array this value is an element of, for
        :meth:`_decode`.
        """
        value = self._decode(path, whole)
        if self._suspect:
            self._suspect = False
            if isinstance(value, list):  # an array read whole (an unknown key's): item by item
                return [self._marked(item, f"{path}[{i}]") for i, item in enumerate(value)]
            return self._marked(value, path)
        return value

    def _marked(self, value: Any, path: str) -> Any:
        """``value``, or a :class:`_Bad` after reporting the marks the decoder hooks left in it."""
        bad = list(_walk(value, path))
        for where, reason in bad:
            self._problem(where, reason)
        if not bad:
            return value
        self._shape_problems = True
        item_id = value.get("id") if isinstance(value, dict) else None
        return _Bad("reported", item_id if isinstance(item_id, str) else None)

    def _decode(self, path: str, whole: tuple[str, int] | None = None) -> Any:
        """The next JSON value, within the limits of length and nesting.

        ``whole``: ``(path, offset)`` of the array the value is an element of (read
        element by element, see :meth:`_parts`); the limits are then the array's,
        as if it were decoded as one value, and reported at its path.
        """
        text = self._text
        text.skip_ws()
        if whole is None:
            whole = (path, text.offset(text.pos))
            above = 0
        else:
            above = 1  # the array's own level
        while True:
            try:
                value, end = self._decoder.raw_decode(text.buf, text.pos)
            except json.JSONDecodeError as exc:
                near_end = exc.pos >= len(text.buf) - 12 or exc.msg.startswith("Unterminated")
                if near_end and not text.eof:
                    self._check_length(whole, len(text.buf))
                    text.fill(max(_CHUNK, len(text.buf) - text.pos))
                    continue
                raise text.syntax(exc.msg, exc.pos) from None
            except RecursionError:
                raise ValidationError(
                    [(whole[0], f"nested deeper than {MAX_DEPTH} levels")], source=self.name
                ) from None
            if end == len(text.buf) and not text.eof and not isinstance(value, dict | list | str):
                # A number or a literal may continue in the next chunk.
                text.fill()
                continue
            break
        self._check_length(whole, end)
        buf = text.buf
        # Cheap first: a value with fewer brackets than the limit cannot nest deeper.
        if isinstance(value, dict | list) and (
            buf.count("[", text.pos, end) + buf.count("{", text.pos, end) + above > MAX_DEPTH
        ):
            depth = _depth(buf, text.pos, end) + above
            if depth > MAX_DEPTH:
                raise ValidationError(
                    [(whole[0], f"nested deeper than {MAX_DEPTH} levels")], source=self.name
                )
        text.pos = end
        return value

    def _check_length(self, whole: tuple[str, int], end: int) -> None:
        """Refuse a value (at path ``whole[0]``, from offset ``whole[1]``) reaching ``buf[end]``
        if it is longer than :data:`MAX_ELEMENT_CHARS`."""
        if self._text.offset(end) - whole[1] > MAX_ELEMENT_CHARS:
            raise ValidationError(
                [(whole[0], f"longer than {MAX_ELEMENT_CHARS:,} characters")], source=self.name
            )

    def _shape(self, data: Any, cls: Any, path: str) -> Any:
        """``data`` structured as ``cls``, or ``None`` after reporting its problems."""
        if isinstance(data, _Bad):
            return None
        try:
            return fast_structure(data, cls)
        except Exception:
            try:
                return structure(data, cls, path=path)  # the detailed converter decides
            except ValidationError as exc:
                self._shape_problems = True
                for problem in exc.errors:
                    self._problem(*problem)
                return None

    def _problem(self, path: str, message: str) -> None:
        if len(self._problems) < MAX_PROBLEMS:
            self._problems.append((path, message))
        else:
            self._dropped += 1

    # -- decoder hooks: mark what JSON or the format does not allow, report it with its path --

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[Any, Any]:
        obj: dict[Any, Any] = dict(pairs)
        if len(obj) != len(pairs):
            self._suspect = True
            seen: set[str] = set()
            twice: set[str] = set()
            for key, _value in pairs:
                (twice if key in seen else seen).add(key)
            obj[_DUPLICATES] = sorted(twice)
        return obj

    def _constant(self, token: str) -> _Bad:
        self._suspect = True
        return _Bad(f"{token} is not a JSON number")

    def _int(self, literal: str) -> int | _Bad:
        if len(literal.lstrip("-")) > MAX_INT_DIGITS:
            self._suspect = True
            return _Bad(
                f"an integer of {len(literal.lstrip('-'))} digits (at most {MAX_INT_DIGITS})"
            )
        return int(literal)

    def _float(self, literal: str) -> float | _Bad:
        value = float(literal)
        if value in (float("inf"), float("-inf")):
            self._suspect = True
            return _Bad(f"the number {literal[:20]}… is too large")
        return value


_MISSING: Any = object()


class _Parts:
    """The agencies or officers of a document as read: the readable ones structured, with
    their positions in the array, and the ids of the unreadable ones."""

    __slots__ = ("items", "positions", "unreadable")

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.positions: list[int] = []
        self.unreadable: set[str] = set()


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """The marks the decoder hooks left in ``value``, with their paths (iteratively: no recursion)."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, _Bad):
            yield (where, item.reason)
        elif isinstance(item, dict):
            for key in item.get(_DUPLICATES, ()):
                yield (f"{where}.{key}", "duplicate key: the object has this key twice")
            stack.extend((v, f"{where}.{k}") for k, v in item.items() if k is not _DUPLICATES)
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))


def _depth(text: str, start: int, end: int) -> int:
    """How deeply the JSON value ``text[start:end]`` nests, up to ``MAX_DEPTH + 1``.

    C-speed passes: drop the strings, keep the brackets, then peel the innermost pairs
    one level per pass.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text[start:end]))
    depth = 0
    while brackets and depth <= MAX_DEPTH:
        brackets = _INNERMOST.sub("", brackets)
        depth += 1
    return depth


def _in_document_order(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Problems sorted by where they are in the document (``$.cases[10]`` after ``$.cases[9]``)."""
    top = {"format": "0", "agencies": "1", "officers": "2", "cases": "3"}

    def key(problem: tuple[str, str]) -> str:
        where = problem[0]
        head = where[2:].split(".", 1)[0].split("[", 1)[0]
        return top.get(head, "9") + re.sub(r"\d+", lambda m: m.group().zfill(9), where)

    return sorted(problems, key=key)


def _name(source: PathOrFile) -> str:
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        return "<stdin>" if name == "-" else name
    return str(getattr(source, "name", "<stream>"))


__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_BYTES_ENV",
    "MAX_DEPTH",
    "MAX_ELEMENT_CHARS",
    "MAX_INT_DIGITS",
    "DocumentReader",
    "UnreadableInputError",
    "max_bytes_default",
]
