"""``enforcement db``: create, fill, export and verify a store.

Every command that reads or writes a store takes ``--db URL`` (or
``$ENFORCEMENT_DB``); :func:`db_option` adds that option to other commands.
"""

from __future__ import annotations

import base64
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
    removed_if_failed,
)
from enforcement.cli.source import max_bytes, max_bytes_option, report_invalid
from enforcement.errors import CheckpointError, SigningKeyError, StoreError, ValidationError
from enforcement.io import dump_records
from enforcement.reader import DocumentReader, UnreadableInputError
from enforcement.store import DEFAULT_URL, ENV_VAR, Progress, Store, StoreCounts, open_store
from enforcement.store.audit import check_checkpoint
from enforcement.transparency.checkpoint import SignedCheckpoint, parse_checkpoint, read_checkpoint
from enforcement.transparency.keys import load_certificate, load_signing_key
from enforcement.transparency.tiles import read_leaves, write_tiles

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
        created = store.prepare_partitions()  # a partitioned PostgreSQL store: this year's, next
        if created:
            click.echo(f"{store.url}: created partitions {', '.join(created)}")
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
    with removed_if_failed(db_url):
        added, url = _import_into(reader, path, db_url)
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "xlsx"]),
    default=None,
    help="json (the interchange format) or xlsx (the workbook); default: from PATH's suffix.",
)
def export(path: Path, db_url: str, force: bool, fmt: str | None) -> None:
    """Write everything in the store to PATH ('-': standard output) in the interchange format,
    or as a workbook (--format xlsx, or a PATH ending in .xlsx).

    JSON cases are streamed from the store into the file, one at a time. PATH
    must not be the store; an existing PATH is replaced only if enforcement
    wrote it, or with --force. The file is written whole or not at all.
    """
    if fmt is None:
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "json"
    to_stdout = str(path) == "-"
    if to_stdout and fmt == "xlsx":
        fail("a workbook cannot be written to standard output; give a file name")
    if not to_stdout:
        output_file(path, inputs_of(None, db_url), force=force)
    with opened(db_url) as store:
        if fmt == "xlsx":
            from enforcement.workbook import WorkbookWriteError, write_workbook

            try:
                ds = store.dataset()
                write_workbook(ds, path)
            except StoreError as exc:
                raise StoreUnusable(str(exc)) from None
            except WorkbookWriteError as exc:
                fail(f"{exc}; nothing written", EXIT_PROBLEMS)
            click.echo(f"{path}: wrote {plural(len(ds.cases), 'case')}")
            return
        try:
            target = sys.stdout if to_stdout else path
            with store.reading():  # PostgreSQL: one snapshot, cases through a named cursor
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
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The agency's private key (PEM PKCS#8 or PKCS#12; $ENFORCEMENT_KEY_PASSPHRASE).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the checkpoint here, and its hash tiles in tile/ beside it (default: stdout).",
)
@click.option("--agency", "agency_id", default=None, help="The agency whose log (if several).")
def checkpoint(db_url: str, key_path: Path, output: Path | None, agency_id: str | None) -> None:
    """Sign a checkpoint of an agency's log: origin, tree size and root hash (C2SP tlog-checkpoint).

    With -o, the log's hash tiles (C2SP tlog-tiles, hashes only) are written
    in tile/ beside the file, so that a later `db verify --checkpoint FILE`
    can name any entry changed since.
    """
    try:
        key = load_signing_key(key_path)
    except SigningKeyError as exc:
        raise StoreUnusable(str(exc)) from None
    with opened(db_url) as store:
        try:
            agency = (
                store.agency_ids()[0]
                if agency_id is None and len(store.agency_ids()) == 1
                else agency_id
            )
            if agency is None:
                raise StoreUnusable(
                    f"{store.url} holds several agencies' logs: choose one with --agency"
                )
            text = store.checkpoint(key, agency)
            size = parse_checkpoint(text).checkpoint.size
            leaves = store.leaf_hashes(agency, size) if output is not None else []
        except (StoreError, LookupError) as exc:
            raise StoreUnusable(str(exc)) from None
    if output is None:
        click.echo(text, nl=False)
        return
    if _is_store_file(output, db_url) or output.resolve() == key_path.resolve():
        raise StoreUnusable(f"{output}: refusing to write the checkpoint over the store or the key")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    written = write_tiles(output.parent, leaves)
    click.echo(
        f"{output}: checkpoint of {agency}'s log at size {size}; {written} new tiles in {output.parent / 'tile'}"
    )


def _is_store_file(path: Path, db_url: str) -> bool:
    """Whether ``path`` is the SQLite file (or its WAL) of the store at ``db_url``."""
    if not db_url.startswith("sqlite:///"):
        return False
    store = Path(db_url.removeprefix("sqlite:///").split("?", 1)[0]).resolve()
    return path.resolve() in {store, Path(f"{store}-wal"), Path(f"{store}-shm")}


@db.command()
@db_option
@click.option(
    "--checkpoint",
    "checkpoints",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A checkpoint published earlier; may be repeated. Its tiles are read from tile/ beside it.",
)
@click.option(
    "--cert",
    "cert_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The agency's certificate: each checkpoint must be signed by its key.",
)
@click.option(
    "--tiles",
    "tiles_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the checkpoints' hash tiles are, if not beside them.",
)
def verify(
    db_url: str, checkpoints: tuple[Path, ...], cert_path: Path | None, tiles_dir: Path | None
) -> None:
    """Re-hash every log and check every index row; with --checkpoint, that the logs only grew.

    Exit 1 naming each entry, case or index row that changed, each checkpoint
    the log no longer extends, and each signature not by --cert.
    """
    certificate = None
    signed: list[tuple[Path, SignedCheckpoint]] = []
    try:
        if cert_path is not None:
            certificate = load_certificate(cert_path)
        for path in checkpoints:
            try:
                signed.append((path, read_checkpoint(path)))
            except OSError as exc:
                raise SigningKeyError(f"{path}: cannot read ({exc.strerror})") from None
            except CheckpointError as exc:
                raise SigningKeyError(f"{path}: not a checkpoint: {exc}") from None
    except SigningKeyError as exc:
        raise StoreUnusable(str(exc)) from None
    with opened(db_url) as store, progress_bar("verifying") as progress:
        try:
            report = store.verify(progress=progress)
            results = []
            for path, cp in signed:
                leaves = read_leaves(tiles_dir or path.parent, cp.checkpoint.size)
                results.append(
                    check_checkpoint(
                        store,
                        report,
                        cp,
                        certificate=certificate,
                        tile_leaves=leaves,
                        source=str(path),
                    )
                )
        except StoreError as exc:
            raise StoreUnusable(str(exc)) from None
    logs = ", ".join(f"{a} {n} entries" for a, (n, _) in sorted(report.roots.items()))
    summary = f"{plural(report.cases, 'case')}, {plural(report.records, 'record')}; logs: {logs or 'none'}"
    failed = not report.intact
    for item in report.breaks:
        echo(f"BROKEN {item}")
    for result in results:
        if result.ok:
            signer = (
                f", signed by {result.signature.signer}"
                if result.signature
                else ", signature not checked (no --cert)"
            )
            click.echo(
                f"{result.source}: {result.agency_id}'s log extends the checkpoint at size "
                f"{result.checkpoint.size}{signer}"
            )
            continue
        failed = True
        for problem in result.problems:
            echo(f"BROKEN {result.source}: {problem}")
    if failed:
        click.echo(f"{summary}: BROKEN", err=True)
        raise SystemExit(EXIT_PROBLEMS)
    click.echo(f"{summary}: intact")
    for agency, (size, top) in sorted(report.roots.items()):
        click.echo(f"{agency}: size {size}, root {base64.b64encode(top).decode()}")


COMMANDS = (db,)
