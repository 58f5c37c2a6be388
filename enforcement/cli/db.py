"""``enforcement db``: create, fill, export and verify a store.

Every command that reads or writes a store takes ``--db URL`` (or
``$ENFORCEMENT_DB``); :func:`db_option` adds that option to other commands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from enforcement._files import same_file
from enforcement._text import plural
from enforcement.cli._output import (
    EXIT_PROBLEMS,
    EXIT_UNUSABLE,
    echo,
    error,
    fail,
    force_option,
    inputs_of,
    output_file,
)
from enforcement.cli.source import max_bytes, max_bytes_option, report_invalid
from enforcement.errors import StoreError, ValidationError
from enforcement.io import dump_records
from enforcement.reader import DocumentReader, UnreadableInputError
from enforcement.store import DEFAULT_URL, ENV_VAR, Progress, Store, StoreCounts, open_store

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """Add ``--db URL`` (default ``$ENFORCEMENT_DB``, then ``sqlite:///enforcement.db``)."""
    return click.option(
        "--db",
        "db_url",
        envvar=ENV_VAR,
        default=DEFAULT_URL,
        show_default=True,
        metavar="URL",
        help=f"Store URL: sqlite:///PATH or postgresql://HOST/DB?schema=NAME (env {ENV_VAR}).",
    )(func)


class StoreUnusable(click.ClickException):
    """The store cannot be opened or read: exit status 2, like an unreadable file."""

    exit_code = EXIT_UNUSABLE


@contextmanager
def opened(url: str, *, create: bool = False) -> Iterator[Store]:
    """Open a store for a command; a store error becomes a message and exit status 2."""
    try:
        store = open_store(url, create=create)
    except StoreError as exc:
        raise StoreUnusable(str(exc)) from None
    with store:
        yield store


@contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A click progress bar on a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=0, label=label, file=sys.stderr) as bar:
        state = {"done": 0}

        def update(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - state["done"])
            state["done"] = done

        yield update


@click.group()
def db() -> None:
    """Keep records in a store: an SQLite file or a PostgreSQL schema."""


@db.command()
@db_option
def init(db_url: str) -> None:
    """Create an empty store (or migrate an older one) at --db."""
    with opened(db_url, create=True) as store:
        click.echo(f"{store.url}: store ready (schema version {store.schema_version()})")


@db.command(name="import")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@db_option
@max_bytes_option
def import_(path: Path, db_url: str) -> None:
    """Add the agencies, officers and cases of PATH ('-': standard input), all or nothing.

    The file is read and written case by case in one transaction: memory stays
    flat whatever its size, and any problem leaves the store as it was.
    """
    try:
        reader = DocumentReader(path, max_bytes=max_bytes())
    except UnreadableInputError as exc:
        report_invalid(path, exc, code=EXIT_UNUSABLE)
    except ValidationError as exc:
        _not_imported(path, exc)
    # A SQLite store this import creates holds nothing if the import fails: remove it.
    fresh = [f for f in inputs_of(None, db_url) if not f.exists()]
    try:
        added, url = _import_into(reader, path, db_url)
    except BaseException:
        for leftover in fresh:
            leftover.unlink(missing_ok=True)
        raise
    counts = ", ".join(
        [
            plural(added.agencies, "agency", "agencies"),
            plural(added.officers, "officer"),
            plural(added.cases, "case"),
            plural(added.records, "record entry", "record entries"),
        ]
    )
    click.echo(f"{url}: added {counts}")


def _import_into(reader: DocumentReader, path: Path, db_url: str) -> tuple[StoreCounts, str]:
    with reader, opened(db_url, create=True) as store:
        if any(same_file(path, f) for f in inputs_of(None, db_url)):
            fail(f"{path} is the store itself; nothing imported")
        try:
            reader.use_store(store.agencies(), store.officers())
            with progress_bar("importing") as progress:
                added = store.import_records(
                    reader.agencies, reader.officers, reader.cases(), progress=progress
                )
        except UnreadableInputError as exc:
            report_invalid(path, exc, code=EXIT_UNUSABLE)
        except ValidationError as exc:
            _not_imported(path, exc)
        except StoreError as exc:
            raise StoreUnusable(f"{exc}; nothing imported") from None
    return added, store.url


def _not_imported(path: Path, exc: ValidationError) -> NoReturn:
    for where, message in exc.errors:
        error(f"{path}: {message}" if where == "$" else f"{where}: {message}")
    fail(f"{path}: invalid, nothing imported", EXIT_PROBLEMS)


@db.command()
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@db_option
@force_option
def export(path: Path, db_url: str, force: bool) -> None:
    """Write everything in the store to PATH ('-': standard output) in the interchange format.

    Cases are streamed from the store into the file, one at a time. PATH must
    not be the store; an existing PATH is replaced only if enforcement wrote
    it, or with --force. The file is written whole or not at all.
    """
    to_stdout = str(path) == "-"
    if not to_stdout:
        output_file(path, inputs_of(None, db_url), force=force)
    with opened(db_url) as store:
        try:
            target = sys.stdout if to_stdout else path
            count = dump_records(store.agencies(), store.officers(), store.cases(), target)
        except StoreError as exc:
            raise StoreUnusable(str(exc)) from None
        except BrokenPipeError:
            raise  # the reader of standard output went away: a quiet exit
        except OSError as exc:
            fail(f"{path}: cannot write: {exc.strerror or exc}")
    if not to_stdout:
        click.echo(f"{path}: wrote {plural(count, 'case')}")


@db.command()
@db_option
def verify(db_url: str) -> None:
    """Recompute every hash chain; exit 1 naming each case and entry that changed."""
    with opened(db_url) as store, progress_bar("verifying") as progress:
        try:
            report = store.verify(progress=progress)
        except StoreError as exc:
            raise StoreUnusable(str(exc)) from None
    summary = f"{plural(report.cases, 'case')}, {plural(report.records, 'record')}"
    if report.intact:
        click.echo(f"{summary}, chain intact, head {report.head}")
        return
    for item in report.breaks:
        echo(f"BROKEN {item}")
    click.echo(f"{summary}, chain BROKEN in {plural(len(report.breaks), 'place')}", err=True)
    raise SystemExit(EXIT_PROBLEMS)


COMMANDS = (db,)
