"""docs/cli.md documents every command of the library and every option of each.

The test walks the click command tree of ``enforcement.cli.cli``. A command is documented by a
heading naming it (``## `enforcement db import` ``); its options must appear in that heading's
section (up to the next command heading), each name on its own (``-o`` and ``--output``).
Commands that plugins add through ``enforcement_cli_commands`` are documented by their plugins,
so only the library's own commands are required, and those of the plugins it ships
(``enforcement fonts`` comes from ``enforcement_pdf``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click

from enforcement.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cli.md"

DOCUMENTED_ELSEWHERE: set[str] = set()
"""Commands whose reference lives in another page (none today)."""

SKIPPED_OPTIONS = {"--help", "-h"}
HEADING = re.compile(r"^#{2,4} `(enforcement(?: [a-z][a-z-]*)*)`\s*$", re.M)


def commands(
    group: click.Command = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``group`` with its path of names, the group itself first."""
    yield path, group
    if isinstance(group, click.Group):
        for name, command in sorted(group.commands.items()):
            yield from commands(command, (*path, name))


BUNDLED_PLUGINS = ("enforcement_pdf", "enforcement_report")
"""Plugins shipped in the library's own distribution: their commands are documented here too."""


def own(command: click.Command) -> bool:
    module = getattr(command.callback, "__module__", "") or ""
    package = module.split(".")[0]
    return package == "enforcement" or package in BUNDLED_PLUGINS


def sections() -> dict[str, str]:
    """The text under each command heading of docs/cli.md, by command name."""
    text = DOC.read_text(encoding="utf-8")
    found = list(HEADING.finditer(text))
    out: dict[str, str] = {}
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        assert match.group(1) not in out, f"docs/cli.md has two sections for {match.group(1)}"
        out[match.group(1)] = text[match.end() : end]
    return out


def option_names(command: click.Command) -> list[str]:
    return [
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
        if name not in SKIPPED_OPTIONS
    ]


def mentions(section: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", section) is not None


def test_every_command_has_a_section() -> None:
    documented = sections()
    missing = [
        " ".join(("enforcement", *path))
        for path, command in commands()
        if own(command)
        and not (path and path[0] in DOCUMENTED_ELSEWHERE)
        and " ".join(("enforcement", *path)) not in documented
    ]
    assert missing == [], f"commands missing from docs/cli.md: {missing}"


def test_every_option_is_documented_in_its_section() -> None:
    documented = sections()
    missing = []
    for path, command in commands():
        name = " ".join(("enforcement", *path))
        if not own(command) or name not in documented:
            continue
        missing += [
            f"{name} {option}"
            for option in option_names(command)
            if not mentions(documented[name], option)
        ]
    assert missing == [], f"options missing from docs/cli.md: {missing}"


def test_every_section_names_a_real_command() -> None:
    real = {" ".join(("enforcement", *path)) for path, _ in commands()}
    stale = sorted(set(sections()) - real)
    assert stale == [], f"docs/cli.md documents commands that do not exist: {stale}"


def test_the_walk_sees_the_whole_tree() -> None:
    names = {" ".join(path) for path, command in commands() if own(command)}
    assert {"check", "db import", "db verify", "notice verify", "roster", "demo"} <= names
    assert "--published-on" in option_names(cli.commands["notice"].commands["render"])  # type: ignore[attr-defined]
