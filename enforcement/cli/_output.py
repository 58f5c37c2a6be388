"""What every command shares about its output: one error prefix, escaped data, safe files.

- :func:`fail` prints ``error: ...`` on standard error and exits (2 by default):
  every error line of the command line starts with ``error: ``.
- :func:`clean` escapes the control characters (ESC and the rest of C0 and C1)
  and the bidirectional format characters of text that comes from the data, so
  that a terminal escape sequence in a record is shown, never executed.
- :func:`force_option` adds ``--force``; :func:`output_file` and
  :func:`write_output` check an output path (:mod:`enforcement._files`) and
  write it atomically, turning every refusal into a one-line error.
- :data:`DATE` is the one placeholder for a date option, and
  :func:`date_option` parses one, saying when the date does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from enforcement._files import (
    OutputError,
    atomic_write,
    check_output,
    check_output_dir,
    with_companions,
)
from enforcement.cli.exits import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from enforcement.cli.exits import EXIT_PROBLEMS as EXIT_PROBLEMS
from enforcement.cli.exits import EXIT_UNUSABLE as EXIT_UNUSABLE
from enforcement.converter import YEAR_MAX, YEAR_MIN

F = TypeVar("F", bound=Callable[..., Any])


DATE = "YYYY-MM-DD"
"""The placeholder of every date option."""

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def clean(text: object) -> str:
    """``text`` with control and bidirectional characters escaped (``\\x1b``, ``\\u202e``)."""
    return _UNSAFE.sub(_escape, str(text))


def clean_line(text: object) -> str:
    """:func:`clean`, and line breaks and tabs escaped too: the text stays on one line."""
    return clean(text).replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def clean_json(text: str) -> str:
    """JSON text with the same characters escaped as JSON escapes (``\\u001b``): still valid JSON."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def echo(text: object = "", *, err: bool = False) -> None:
    """Print a line whose content may come from the data (escaped with :func:`clean`)."""
    click.echo(clean(text), err=err)


def error(message: object) -> None:
    """Print one ``error: ...`` line on standard error."""
    click.echo(f"error: {clean_line(message)}", err=True)


def fail(message: object, code: int = EXIT_UNUSABLE) -> NoReturn:
    """Print ``error: message`` on standard error and exit with ``code`` (2: unusable input)."""
    error(message)
    raise SystemExit(code)


def force_option(func: F) -> F:
    """Add ``--force``: replace existing output files that enforcement did not write."""
    return click.option(
        "--force",
        is_flag=True,
        help="Replace existing output files even if enforcement did not write them "
        "(never an input).",
    )(func)


def inputs_of(
    path: str | Path | None, db_url: str | None = None, *others: str | Path | None
) -> list[Path]:
    """The files a command reads: its input file, a SQLite store with its companions, and
    ``others`` (a font, a policy, a narrative) when given."""
    files: list[Path] = [Path(p) for p in (path, *others) if p is not None and str(p) != "-"]
    if db_url is not None:
        from enforcement.store.url import SQLiteURL, parse_url, resolve_url

        try:
            parsed = parse_url(resolve_url(db_url))
        except ValueError:
            parsed = None
        if isinstance(parsed, SQLiteURL) and parsed.path != ":memory:":
            files += with_companions([parsed.path])
    return files


@contextmanager
def removed_if_failed(db_url: str) -> Iterator[None]:
    """A block that may create a SQLite store: if it fails, the files it created are removed,
    so that a failed import leaves no empty store behind (an existing store is never touched)."""
    fresh = [f for f in inputs_of(None, db_url) if not f.exists()]
    try:
        yield
    except BaseException:
        for leftover in fresh:
            leftover.unlink(missing_ok=True)
        raise


def output_file(target: str | Path, inputs: Iterable[Path], *, force: bool) -> Path:
    """``target``, after checking that it may be written; exit 2 with the reason if not."""
    try:
        check_output(target, inputs=inputs, force=force)
    except OutputError as exc:
        fail(exc)
    return Path(target)


def output_dir(directory: str | Path, inputs: Iterable[Path]) -> Path:
    """``directory`` (created if missing), after checking that it can hold outputs."""
    try:
        check_output_dir(directory, inputs=inputs)
    except OutputError as exc:
        fail(exc)
    return Path(directory)


def write_output(target: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` atomically; exit 2 if it cannot be written."""
    try:
        atomic_write(target, data)
    except OutputError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"{target}: cannot write: {exc.strerror or exc}")


def parse_date(value: str, option: str) -> date:
    """A date given as ``YYYY-MM-DD``; a clear error if it is malformed or does not exist."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter(f"expected a date as {DATE}, got {value!r}", param_hint=option)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value} does not exist (no such day in the calendar)", param_hint=option
        ) from None
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise click.BadParameter(
            f"{value} is outside the years {YEAR_MIN} to {YEAR_MAX}", param_hint=option
        )
    return day


YEAR = click.IntRange(YEAR_MIN, YEAR_MAX)
"""The type of a ``--year`` option: the years a date of the format may have."""


def date_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A click callback for a ``YYYY-MM-DD`` option (``None`` when absent)."""
    if value is None:
        return None
    return parse_date(value, f"'{param.opts[-1]}'" if param.opts else "date")
