"""``validate``, ``schema`` and ``plugins``: the commands of the core package."""

from __future__ import annotations

import json
from pathlib import Path

import click

from enforcement._text import plural
from enforcement.bulk import paused_gc
from enforcement.errors import ValidationError
from enforcement.io import UnreadableInputError, load
from enforcement.models import FORMAT
from enforcement.plugins import default_plugin_manager, plugin_infos
from enforcement.schema import json_schema

EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def validate(path: Path) -> None:
    """Check that PATH is a valid interchange document; list every problem if not."""
    try:
        with paused_gc():
            ds = load(path)
    except UnreadableInputError as exc:
        for where, message in exc.errors:
            click.echo(
                f"{path}: {message}" if where == "$" else f"{path}: {where}: {message}", err=True
            )
        raise SystemExit(EXIT_UNUSABLE) from None
    except ValidationError as exc:
        for where, message in exc.errors:
            click.echo(f"{where}: {message}")
        click.echo(f"{path}: invalid, {plural(len(exc.errors), 'problem')}", err=True)
        raise SystemExit(EXIT_PROBLEMS) from None
    records = sum(len(c.records) for c in ds.cases)
    decisions = sum(1 for c in ds.cases if c.decision is not None)
    notices = sum(len(c.notices) for c in ds.cases)
    counts = ", ".join(
        [
            plural(len(ds.agencies), "agency", "agencies"),
            plural(len(ds.officers), "officer"),
            plural(len(ds.cases), "case"),
            plural(records, "record entry", "record entries"),
            plural(decisions, "decision"),
            plural(notices, "notice"),
        ]
    )
    click.echo(f"{path}: valid {FORMAT}: {counts}")


@click.command()
def schema() -> None:
    """Print the JSON Schema of the interchange format."""
    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plugins(as_json: bool) -> None:
    """List the installed plugins, their distribution, version and hooks."""
    pm = default_plugin_manager()
    infos = plugin_infos(pm)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "plugins": [
                        {
                            "name": i.name,
                            "distribution": i.distribution,
                            "version": i.version,
                            "hooks": list(i.hooks),
                        }
                        for i in infos
                    ],
                    "errors": [
                        {"name": e.name, "distribution": e.distribution, "error": str(e.cause)}
                        for e in pm.load_errors
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not infos and not pm.load_errors:
        click.echo("no plugins installed")
    for info in infos:
        where = (
            f"{info.distribution} {info.version}" if info.distribution else "(registered directly)"
        )
        click.echo(f"{info.name}  [{where}]")
        click.echo(f"    hooks: {', '.join(info.hooks) or '(none)'}")
    for error in pm.load_errors:
        click.echo(
            f"{error.name}  [{error.distribution or 'unknown distribution'}]  FAILED: {error.cause}"
        )


COMMANDS = (validate, schema, plugins)
