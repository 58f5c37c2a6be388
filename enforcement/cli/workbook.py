"""``template xlsx``, ``import`` and ``convert``: records kept in a workbook (执法台账).

Outputs are written atomically, never over the command's own input, and over an
existing file only with ``--force``.
"""

from __future__ import annotations

from pathlib import Path

import click

from enforcement._files import same_file
from enforcement._text import plural
from enforcement.cli.core import EXIT_PROBLEMS, EXIT_UNUSABLE
from enforcement.cli.db import StoreUnusable, db_option, opened, progress_bar
from enforcement.cli.source import lang_option
from enforcement.errors import StoreError, ValidationError
from enforcement.io import dump
from enforcement.models import Dataset
from enforcement.workbook import (
    UnreadableWorkbookError,
    WorkbookContents,
    WorkbookError,
    locate_problems,
    read_workbook,
    write_template,
)

_INPUT = click.Path(path_type=Path)


def force_option(func: click.decorators.FC) -> click.decorators.FC:
    """Add ``--force``: replace an existing output file."""
    return click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")(func)


def check_output(output: Path, force: bool, *inputs: Path) -> None:
    """Refuse (exit 2) to write over an input, or over an existing file without ``--force``."""
    for source in inputs:
        inside = (
            source.is_dir()
            and output.suffix.lower() == ".csv"
            and _same_file(output.parent, source)
        )
        if inside or _same_file(output, source):
            raise _unusable(f"{output}: is the input; choose another output file")
    if output.is_dir():
        raise _unusable(f"{output}: is a directory")
    if output.exists() and not force:
        raise _unusable(f"{output}: exists; use --force to replace it")
    if not output.parent.is_dir():
        raise _unusable(f"{output.parent}: no such directory")


def _same_file(a: Path, b: Path) -> bool:
    """The same path, or (through another name or link) the same existing file."""
    return a.resolve() == b.resolve() or same_file(a, b)


def _unusable(message: str) -> SystemExit:
    click.echo(f"error: {message}", err=True)
    return SystemExit(EXIT_UNUSABLE)


def read_input(path: Path, lang: str) -> Dataset:
    """Read a workbook or CSV input for a command; problems are printed and exit 1 (2 if unreadable)."""
    try:
        contents: WorkbookContents = read_workbook(path, lang=lang)
    except UnreadableWorkbookError as exc:
        raise _unusable(exc.errors[0][1]) from None
    except WorkbookError as exc:
        for where, message in exc.errors:
            click.echo(f"{where}: {message}", err=True)
        count = len(exc.errors)
        if lang == "en":
            click.echo(f"{path}: invalid, {plural(count, 'problem')}", err=True)
        else:
            click.echo(f"{path}: 有 {count} 处问题", err=True)
        raise SystemExit(EXIT_PROBLEMS) from None
    for file, encoding in contents.encodings.items():
        click.echo(f"{file}: encoding {encoding}", err=True)
    for name in contents.ignored_sheets:
        click.echo(f"{path}: sheet {name!r} is not part of the workbook; not read", err=True)
    return contents.dataset


@click.group()
def template() -> None:
    """Write an empty workbook to fill in."""


@template.command()
@click.option("-o", "--output", type=_INPUT, required=True, help="The workbook to write (.xlsx).")
@force_option
def xlsx(output: Path, force: bool) -> None:
    """Write the workbook template: one sheet per kind of record, with notes and lists."""
    check_output(output, force)
    write_template(output)
    click.echo(f"{output}: wrote the workbook template")


@click.command(name="import")
@click.argument("path", type=_INPUT)
@db_option
@lang_option
def import_(path: Path, db_url: str, lang: str) -> None:
    """Import a workbook (or CSV files) into the store at --db, all or nothing."""
    dataset = read_input(path, lang)
    with opened(db_url, create=True) as store, progress_bar("importing") as progress:
        try:
            added = store.import_dataset(dataset, progress=progress)
        except ValidationError as exc:
            for where, message in locate_problems(path, exc.errors, lang=lang):
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


@click.command()
@click.argument("path", type=_INPUT)
@click.option("-o", "--output", type=_INPUT, required=True, help="The interchange file to write.")
@force_option
@lang_option
def convert(path: Path, output: Path, force: bool, lang: str) -> None:
    """Convert a workbook (or CSV files) to the interchange format."""
    check_output(output, force, path)
    dataset = read_input(path, lang)
    dump(dataset, output)
    click.echo(f"{output}: wrote {plural(len(dataset.cases), 'case')}")


COMMANDS = (template, import_, convert)
