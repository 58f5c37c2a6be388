"""``enforcement db``: create, fill, export and verify a store.

Every command that reads or writes a store takes ``--db URL`` (or
``$ENFORCEMENT_DB``); :func:`db_option` adds that option to other commands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from enforcement._text import plural
from enforcement.cli.core import EXIT_PROBLEMS, EXIT_UNUSABLE
from enforcement.errors import StoreError, ValidationError
from enforcement.io import UnreadableInputError, dump, load
from enforcement.store import DEFAULT_URL, ENV_VAR, Progress, Store, open_store

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
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def import_(path: Path, db_url: str) -> None:
    """Add the agencies, officers and cases of PATH, all or nothing."""
    try:
        ds = load(path)
    except UnreadableInputError as exc:
        click.echo(f"{path}: {exc.errors[0][1]}", err=True)
        raise SystemExit(EXIT_UNUSABLE) from None
    except ValidationError as exc:
        for where, message in exc.errors:
            click.echo(f"{where}: {message}", err=True)
        click.echo(f"{path}: invalid, nothing imported", err=True)
        raise SystemExit(EXIT_PROBLEMS) from None
    with opened(db_url, create=True) as store, progress_bar("importing") as progress:
        try:
            added = store.import_dataset(ds, progress=progress)
        except ValidationError as exc:
            for where, message in exc.errors:
                click.echo(f"{where}: {message}", err=True)
            click.echo(f"{path}: nothing imported", err=True)
            raise SystemExit(EXIT_PROBLEMS) from None
        except StoreError as exc:
            raise StoreUnusable(f"{exc}; nothing imported") from None
    counts = ", ".join(
        [
            plural(added.agencies, "agency", "agencies"),
            plural(added.officers, "officer"),
            plural(added.cases, "case"),
            plural(added.records, "record entry", "record entries"),
        ]
    )
    click.echo(f"{store.url}: added {counts}")


@db.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "xlsx"]),
    default=None,
    help="json (the interchange format) or xlsx (the workbook); default: from PATH's suffix.",
)
def export(path: Path, db_url: str, fmt: str | None) -> None:
    """Write everything in the store to PATH in the interchange format (or as a workbook)."""
    if fmt is None:
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "json"
    with opened(db_url) as store:
        if store.engine == "sqlite" and _is_store_file(path, store.url):
            raise StoreUnusable(f"{path}: is the store itself; choose another output file")
        try:
            ds = store.dataset()
        except StoreError as exc:
            raise StoreUnusable(str(exc)) from None
    if fmt == "xlsx":
        from enforcement.workbook import WorkbookWriteError, write_workbook

        try:
            write_workbook(ds, path)
        except WorkbookWriteError as exc:
            click.echo(f"error: {exc}; nothing written", err=True)
            raise SystemExit(EXIT_PROBLEMS) from None
    else:
        dump(ds, path)
    click.echo(f"{path}: wrote {plural(len(ds.cases), 'case')}")


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
        click.echo(f"BROKEN {item}")
    click.echo(f"{summary}, chain BROKEN in {plural(len(report.breaks), 'place')}", err=True)
    raise SystemExit(EXIT_PROBLEMS)


def _is_store_file(path: Path, url: str) -> bool:
    """Whether ``path`` is the SQLite file of the store at ``url``."""
    database = url.split("///", 1)[-1]
    try:
        return path.exists() and Path(database).exists() and path.samefile(database)
    except OSError:
        return False


COMMANDS = (db,)
