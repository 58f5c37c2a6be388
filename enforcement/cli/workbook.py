"""``template xlsx``, ``import`` and ``convert``: records kept in a workbook (执法台账).

Outputs follow the rules every command shares (:mod:`enforcement.cli._output`):
written atomically, never onto the command's own input (even with ``--force``),
and over an existing file enforcement did not write only with ``--force``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from enforcement._files import same_file
from enforcement._text import plural
from enforcement.cli._output import (
    clean_line,
    fail,
    force_option,
    inputs_of,
    output_file,
    removed_if_failed,
)
from enforcement.cli.core import EXIT_PROBLEMS
from enforcement.cli.db import StoreUnusable, db_option, opened, progress_bar
from enforcement.cli.source import lang_option
from enforcement.errors import StoreError, ValidationError
from enforcement.io import dump_records
from enforcement.store import Store, StoreCounts
from enforcement.workbook import (
    UnreadableWorkbookError,
    WorkbookError,
    WorkbookStream,
    open_workbook,
    write_template,
)

_INPUT = click.Path(path_type=Path)


def _inputs(path: Path) -> list[Path]:
    """The files a command reads from PATH: the workbook, the CSV file, or each CSV file of a folder."""
    if path.is_dir():
        return [p for p in sorted(path.iterdir()) if p.suffix.lower() == ".csv"]
    return [path]


@contextmanager
def opened_input(path: Path, lang: str) -> Iterator[WorkbookStream]:
    """A workbook or CSV input, opened to stream its cases.

    Problems are printed (by cell) and exit 1, once the last case has been read;
    an unreadable file exits 2.
    """
    try:
        stream = open_workbook(path, lang=lang)
    except UnreadableWorkbookError as exc:
        fail(exc.errors[0][1])
    for file, encoding in stream.encodings.items():
        click.echo(f"{file}: encoding {encoding}", err=True)
    for name in stream.ignored_sheets:
        click.echo(f"{path}: sheet {name!r} is not part of the workbook; not read", err=True)
    try:
        with stream:
            yield stream
    except WorkbookError as exc:
        for where, message in exc.errors:
            # Messages quote cells: a cell's control characters are shown escaped, never run.
            click.echo(f"{clean_line(where)}: {clean_line(message)}", err=True)
        count = len(exc.errors)
        if lang == "en":
            click.echo(f"{path}: invalid, {plural(count, 'problem')}", err=True)
        else:
            click.echo(f"{path}: 有 {count} 处问题", err=True)
        raise SystemExit(EXIT_PROBLEMS) from None


@click.group()
def template() -> None:
    """Write an empty workbook to fill in."""


@template.command()
@click.option("-o", "--output", type=_INPUT, required=True, help="The workbook to write (.xlsx).")
@force_option
def xlsx(output: Path, force: bool) -> None:
    """Write the workbook template: one sheet per kind of record, with notes and lists."""
    output_file(output, [], force=force)
    write_template(output)
    click.echo(f"{output}: wrote the workbook template")


@click.command(name="import")
@click.argument("path", type=_INPUT)
@db_option
@lang_option
def import_(path: Path, db_url: str, lang: str) -> None:
    """Import a workbook (or CSV files) into the store at --db, all or nothing.

    The cases are read and written one at a time, in one transaction: any
    problem, in the workbook or against the store, and nothing is imported.
    """
    # A SQLite store this import creates holds nothing if the import fails: remove it.
    with removed_if_failed(db_url):
        added, url = _import_into(path, db_url, lang)
    counts = ", ".join(
        [
            plural(added.agencies, "agency", "agencies"),
            plural(added.officers, "officer"),
            plural(added.cases, "case"),
            plural(added.records, "record entry", "record entries"),
        ]
    )
    click.echo(f"{url}: added {counts}")


def _stored_cases(store: Store, ids: list[str]) -> list[tuple[str, str]]:
    """The cases of ``ids`` (the i-th at ``$.cases[i]``) that ``store`` already holds."""
    if not ids or store.counts().cases == 0:
        return []
    return [
        (f"$.cases[{i}].id", f"case {case_id!r} is already in the store")
        for i, case_id in enumerate(ids)
        if store.case(case_id) is not None
    ]


def _import_into(path: Path, db_url: str, lang: str) -> tuple[StoreCounts, str]:
    with (
        opened_input(path, lang) as stream,
        opened(db_url, create=True) as store,
        progress_bar("importing") as progress,
    ):
        if any(same_file(f, s) for f in _inputs(path) for s in inputs_of(None, db_url)):
            fail(f"{path} is the store itself; nothing imported")
        try:
            stream.use_store(store.agencies(), store.officers())
            added = store.import_records(
                stream.agencies,
                stream.officers,
                stream.cases(),
                progress=progress,
                total=stream.total,
            )
        except WorkbookError as exc:
            # The store never saw the rest: add the cases it already holds, so that
            # every problem is reported at once.
            raise stream.with_problems(exc, _stored_cases(store, stream.yielded)) from None
        except ValidationError as exc:
            for where, message in stream.locate(exc.errors):
                click.echo(f"{clean_line(where)}: {clean_line(message)}", err=True)
            click.echo(f"{path}: nothing imported", err=True)
            raise SystemExit(EXIT_PROBLEMS) from None
        except StoreError as exc:
            raise StoreUnusable(f"{exc}; nothing imported") from None
    return added, store.url


@click.command()
@click.argument("path", type=_INPUT)
@click.option("-o", "--output", type=_INPUT, required=True, help="The interchange file to write.")
@force_option
@lang_option
def convert(path: Path, output: Path, force: bool, lang: str) -> None:
    """Convert a workbook (or CSV files) to the interchange format."""
    output_file(output, _inputs(path), force=force)
    with opened_input(path, lang) as stream:
        # Written case by case into a temporary file, which replaces OUTPUT only
        # if every case was valid.
        count = dump_records(stream.agencies, stream.officers, stream.cases(), output)
    click.echo(f"{output}: wrote {plural(count, 'case')}")


COMMANDS = (template, import_, convert)
