"""What the commands that read records share: their input (a JSON file, or a store given by
``--db``), the policy and language options, and how they report unusable input."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from enforcement.bulk import paused_gc
from enforcement.calendar.files import ENV_VAR as CALENDAR_ENV_VAR
from enforcement.cli._output import EXIT_UNUSABLE, error, fail
from enforcement.errors import CalendarFileError, PolicyError, StoreError, ValidationError
from enforcement.io import load
from enforcement.policy import Policy
from enforcement.reader import MAX_BYTES_ENV, DocumentReader
from enforcement.sources import DatasetSource, RecordSource
from enforcement.store import ENV_VAR, open_store
from enforcement.store.url import resolve_url

F = TypeVar("F", bound=Callable[..., Any])


def source_options(func: F) -> F:
    """Add an optional ``PATH`` argument and ``--db URL``: read the file, else the store."""
    func = click.option(
        "--db",
        "db_url",
        envvar=ENV_VAR,
        default=None,
        metavar="URL",
        help=f"Read a store instead of a file (env {ENV_VAR}; default sqlite:///enforcement.db).",
    )(func)
    func = max_bytes_option(func)
    return click.argument(
        "path", required=False, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path)
    )(func)


def max_bytes_option(func: F) -> F:
    """Add ``--max-bytes N``: the input size limit (kept in ``ctx.meta``, not passed on)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: int | None) -> None:
        ctx.meta["enforcement.max_bytes"] = value

    return click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        envvar=MAX_BYTES_ENV,
        default=None,
        expose_value=False,
        callback=remember,
        metavar="N",
        help=f"Refuse an input file larger than N bytes (env {MAX_BYTES_ENV}; default 4 GiB).",
    )(func)


def max_bytes() -> int | None:
    """The ``--max-bytes`` of the current command, if given."""
    value = click.get_current_context().meta.get("enforcement.max_bytes")
    return value if isinstance(value, int) else None


def report_invalid(path: Path | str, exc: ValidationError, *, code: int = EXIT_UNUSABLE) -> None:
    """Print the problems of an input file as ``error: FILE: PATH: MESSAGE`` lines; exit ``code``."""
    for where, message in exc.errors[:50]:
        error(f"{path}: {message}" if where == "$" else f"{path}: {where}: {message}")
    if len(exc.errors) > 50:
        error(f"{path}: ... and {len(exc.errors) - 50} more problems")
    raise SystemExit(code)


@contextmanager
def opened_file(path: Path) -> Iterator[DocumentReader]:
    """A :class:`DocumentReader` over ``path`` (``-``: standard input), streaming its cases.

    Problems, found as the cases are read, end the command with exit status 2.
    """
    try:
        with DocumentReader(path, max_bytes=max_bytes()) as reader:
            yield reader
    except ValidationError as exc:
        report_invalid(path, exc)


@contextmanager
def opened_source(path: Path | None, db_url: str | None) -> Iterator[RecordSource]:
    """The records of ``path`` or of the store at ``db_url``.

    A file wins over ``$ENFORCEMENT_DB``; a file and an explicit ``--db`` on one
    command line are a usage error. Unusable input is a message on stderr and
    exit status 2, never a traceback.
    """
    ctx = click.get_current_context()
    if path is not None:
        explicit_db = ctx.get_parameter_source("db_url") is click.core.ParameterSource.COMMANDLINE
        if explicit_db:
            raise click.UsageError("give a file or --db, not both")
        try:
            with paused_gc():
                dataset = load(path, max_bytes=max_bytes())
        except ValidationError as exc:
            report_invalid(path, exc)
        yield DatasetSource(dataset)
        return
    try:
        store = open_store(resolve_url(db_url), create=False)
    except StoreError as exc:
        fail(exc)
    # The commands only read: on PostgreSQL they read one snapshot, streaming the cases
    # through a named cursor (Store.reading).
    with store, store.reading():
        yield store


def db_given() -> bool:
    """Whether ``--db`` was given on the command line (not only through the environment)."""
    ctx = click.get_current_context()
    return ctx.get_parameter_source("db_url") is click.core.ParameterSource.COMMANDLINE


def source_name(path: Path | None, db_url: str | None) -> str:
    """How to name the input in a summary line."""
    return str(path) if path is not None else resolve_url(db_url)


def unusable(message: str) -> SystemExit:
    """Print ``error: message`` on stderr; the exit (status 2) to raise."""
    error(message)
    return SystemExit(EXIT_UNUSABLE)


def policy_option(func: F) -> F:
    """Add ``--policy FILE``: a TOML file of policy settings (see :class:`~enforcement.Policy`)."""
    return click.option(
        "--policy",
        "policy_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="A TOML file of policy settings (thresholds and periods).",
    )(func)


def load_policy(path: Path | None) -> Policy:
    """The policy of ``--policy`` (the defaults without one); an unusable file exits 2."""
    try:
        return Policy.load(path) if path is not None else Policy()
    except PolicyError as exc:
        raise unusable(f"--policy {exc}") from None


def lang_option(func: F) -> F:
    """Add ``--lang zh|en``."""
    return click.option(
        "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language."
    )(func)


def calendar_option(func: F) -> F:
    """Add ``--calendar FILE`` (repeatable; env ``ENFORCEMENT_CALENDAR``): calendar files."""
    return click.option(
        "--calendar",
        "calendar_paths",
        multiple=True,
        envvar=CALENDAR_ENV_VAR,
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"A calendar file (TOML) of a year's official holiday arrangement; repeatable "
        f"(env {CALENDAR_ENV_VAR}: paths separated by '{os.pathsep}').",
    )(func)


def with_calendars(policy: Policy, paths: Sequence[Path]) -> Policy:
    """``policy`` with the calendar files of ``--calendar`` first, all read and checked now.

    An unusable file (its own or the policy's) is an error naming the file, the
    key and the reason, and exit status 2.
    """
    if paths:
        policy = attrs.evolve(
            policy, calendar_files=tuple(str(p) for p in paths) + policy.calendar_files
        )
    try:
        policy.calendar_sources()
    except CalendarFileError as exc:
        raise unusable(f"calendar file {exc}") from None
    return policy
