"""``validate``, ``schema`` and ``plugins``: the commands of the core package."""

from __future__ import annotations

import json
from pathlib import Path

import click

from enforcement._text import plural
from enforcement.bulk import paused_gc
from enforcement.cli._output import EXIT_PROBLEMS, EXIT_UNUSABLE, clean, echo
from enforcement.cli.source import max_bytes, max_bytes_option, report_invalid
from enforcement.errors import ValidationError
from enforcement.models import FORMAT
from enforcement.plugins import default_plugin_manager, plugin_infos
from enforcement.reader import DocumentReader, UnreadableInputError
from enforcement.schema import json_schema

__all__ = ["EXIT_PROBLEMS", "EXIT_UNUSABLE", "plugins", "schema", "validate"]


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format: lines of text, or one JSON object with the counts or the problems.",
)
@max_bytes_option
def validate(path: Path, output: str) -> None:
    """Check that PATH ('-': standard input) is a valid interchange document; list every problem if not.

    The file is read case by case, so its size does not matter to memory.
    Exit status: 0 valid, 1 invalid, 2 unreadable (missing, too large, a directory).
    """
    counts = dict.fromkeys(_COUNTED, 0)
    try:
        with DocumentReader(path, max_bytes=max_bytes()) as reader, paused_gc():
            for case in reader.cases():
                counts["cases"] += 1
                counts["records"] += len(case.records)
                counts["decisions"] += case.decision is not None
                counts["notices"] += len(case.notices)
            counts["agencies"], counts["officers"] = len(reader.agencies), len(reader.officers)
    except UnreadableInputError as exc:
        if output == "json":
            _json_result(path, "unreadable", problems=exc.errors)
        report_invalid(path, exc, code=EXIT_UNUSABLE)
    except ValidationError as exc:
        if output == "json":
            _json_result(path, "invalid", problems=exc.errors)
            raise SystemExit(EXIT_PROBLEMS) from None
        for where, message in exc.errors:
            echo(f"{where}: {message}")
        click.echo(f"{clean(path)}: invalid, {plural(len(exc.errors), 'problem')}", err=True)
        raise SystemExit(EXIT_PROBLEMS) from None
    if output == "json":
        _json_result(path, "valid", counts=counts)
        return
    text = ", ".join(plural(counts[key], *_COUNTED[key]) for key in _COUNTED)
    echo(f"{path}: valid {FORMAT}: {text}")


_COUNTED: dict[str, tuple[str, str]] = {
    "agencies": ("agency", "agencies"),
    "officers": ("officer", "officers"),
    "cases": ("case", "cases"),
    "records": ("record entry", "record entries"),
    "decisions": ("decision", "decisions"),
    "notices": ("notice", "notices"),
}


def _json_result(
    path: Path,
    status: str,
    *,
    counts: dict[str, int] | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> None:
    """``validate --format json``: one object (documented in docs/cli.md)."""
    data: dict[str, object] = {"file": str(path), "status": status, "format": FORMAT}
    if counts is not None:
        data["counts"] = counts
    if problems is not None:
        data["problems"] = [{"path": where, "message": message} for where, message in problems]
    click.echo(json.dumps(data, ensure_ascii=True, indent=2))


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
