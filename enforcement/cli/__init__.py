"""The ``enforcement`` command line.

Commands live in small modules listed in :data:`BUILTIN_COMMANDS`; plugins add
their own through the ``enforcement_cli_commands`` hook.

The group loads lazily so that ``enforcement --help`` and commands that render
nothing start fast: a built-in command's module is imported only when that
command runs or shows its help, and ``enforcement --help`` lists the built-in
commands from :data:`BUILTIN_COMMANDS` (kept equal to the commands' own help by
a test). Plugin commands are found by importing the plugins' entry-point
modules, not the whole plugin manager, and only when a listing or a command
name that is not built in needs them; the first-party plugins keep reportlab
out of their entry-point modules.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from collections.abc import MutableMapping
from typing import Any

import click

from enforcement.cli.exits import EXIT_INTERRUPTED, EXIT_UNUSABLE
from enforcement.errors import EnforcementError

BUILTIN_COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "enforcement.cli.core",
        "Check that PATH ('-': standard input) is a valid interchange document; list every "
        "problem if not.",
    ),
    "schema": ("enforcement.cli.core", "Print the JSON Schema of the interchange format."),
    "plugins": (
        "enforcement.cli.core",
        "List the installed plugins, their distribution, version and hooks.",
    ),
    "check": (
        "enforcement.cli.check",
        "Check the records in PATH, or in the store given by --db, against the compliance rules.",
    ),
    "db": (
        "enforcement.cli.db",
        "Keep records in a store: an SQLite file or a PostgreSQL schema.",
    ),
    "notice": (
        "enforcement.cli.notice",
        "Render the public notice of one case (FILE CASE_ID -o notice.pdf), or verify one.",
    ),
    "notices": (
        "enforcement.cli.notice",
        "Render every due notice of FILE (or the --db store) into --out-dir, with an index.json.",
    ),
    "roster": (
        "enforcement.cli.notice",
        "Render an agency's roster of certified officers and its powers (事前公开).",
    ),
    "demo": (
        "enforcement.cli.demo",
        "Build a sample town's year, store it, check it, publish its notices and summarise it.",
    ),
    "summary": (
        "enforcement.cli.summary",
        "Summarise a year of PATH, or of the store given by --db: the annual statistics.",
    ),
    "calendar": (
        "enforcement.cli.calendar",
        "Show a year's working-day calendar, or write a calendar file to fill in.",
    ),
    "keys": (
        "enforcement.cli.keys",
        "Make and inspect the key an agency signs its checkpoints and PDFs with.",
    ),
    "law-report": (
        "enforcement.cli.law_report",
        "Write the annual 法治政府建设情况报告 of PATH, or of the store given by --db.",
    ),
    "template": ("enforcement.cli.workbook", "Write an empty workbook to fill in."),
    "import": (
        "enforcement.cli.workbook",
        "Import a workbook (or CSV files) into the store at --db, all or nothing.",
    ),
    "convert": (
        "enforcement.cli.workbook",
        "Convert a workbook (or CSV files) to the interchange format.",
    ),
    "site": (
        "enforcement.cli.site",
        "Render the public portal of PATH, or of the store given by --db, into -o DIR.",
    ),
}
"""Each built-in command: the module defining it (in its ``COMMANDS``) and its short help."""

COMMAND_MODULES = tuple(dict.fromkeys(module for module, _ in BUILTIN_COMMANDS.values()))
"""The modules of the built-in commands, in the order ``--help`` used to list them."""

WARNING_LOGGERS = ("enforcement_pdf",)
"""Loggers whose warnings the command line prints as ``warning:`` lines (the fonts' fallback)."""


class LazyGroup(click.Group):
    """A click group that imports a command's module only when the command is needed.

    :attr:`commands` still holds every command (built-in and plugin) for code that
    walks the tree; reading it loads them all.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, click.Command] = {}
        self._plugins_loaded = False

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        for name in BUILTIN_COMMANDS:
            self._builtin(name)
        self._load_plugin_commands()
        return self._loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        # click.Group.__init__ assigns the initial (empty) mapping.
        self._loaded = dict(value)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Register ``cmd`` (what plugins call from ``enforcement_cli_commands``)."""
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")
        self._loaded[name] = cmd

    def _builtin(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            module = importlib.import_module(BUILTIN_COMMANDS[name][0])
            for command in module.COMMANDS:
                self._loaded.setdefault(command.name, command)
            command = self._loaded[name]
        return command

    def _load_plugin_commands(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from enforcement.plugins import command_plugin_manager

        command_plugin_manager().hook.enforcement_cli_commands(cli=self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted({*BUILTIN_COMMANDS, *self._loaded})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in BUILTIN_COMMANDS:
            return self._builtin(cmd_name)
        if cmd_name not in self._loaded:
            self._load_plugin_commands()
        return self._loaded.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands, the built-in ones from the table without importing them."""
        names = self.list_commands(ctx)
        rows: list[tuple[str, str]] = []
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        for name in names:
            if name in BUILTIN_COMMANDS and name not in self._loaded:
                # A stand-in with the same help shortens it exactly as the real command would.
                stand_in = click.Command(name, help=BUILTIN_COMMANDS[name][1])
                rows.append((name, stand_in.get_short_help_str(limit)))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


class _Main(LazyGroup):
    """The top-level group: every error line starts with ``error: ``; Ctrl-C exits 130.

    Click's own messages (``Error: No such option``) get the same prefix as the
    commands' (``error: ...``), and an error of the library that a command did
    not catch is one line too, never a traceback.
    """

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        nul = next((a for a in (args or ()) if isinstance(a, str) and "\0" in a), None)
        if nul is not None:  # click.Path's stat() raises ValueError on it, not OSError
            error(f"{nul!r}: an argument cannot contain a NUL character (no file name can)")
            sys.exit(EXIT_UNUSABLE)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except (click.Abort, KeyboardInterrupt):
            error("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        except click.ClickException as exc:
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                click.echo(exc.ctx.get_usage(), err=True)
                cmd = exc.ctx.command_path
                click.echo(f"Try '{cmd} -h' for help.", err=True)
            error(exc.format_message())
            sys.exit(exc.exit_code)
        except EnforcementError as exc:
            error(exc)
            sys.exit(EXIT_UNUSABLE)
        except UnicodeEncodeError as exc:  # a file name or text the system cannot encode
            error(f"cannot encode {exc.object[exc.start : exc.end]!r} ({exc.reason})")
            sys.exit(EXIT_UNUSABLE)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader of our output went away (| head)
                _silence_stdout()
                sys.exit(1)
            where = f"{exc.filename}: " if exc.filename else ""
            error(f"{where}{exc.strerror or exc}")
            sys.exit(EXIT_UNUSABLE)
        sys.exit(code if isinstance(code, int) else 0)


def error(message: object) -> None:
    """Print one ``error: ...`` line (imported on first use: help never needs it)."""
    from enforcement.cli._output import error as print_error

    print_error(message)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="enforcement")
def cli() -> None:
    """Keep administrative law-enforcement records the way the law requires (行政执法三项制度)."""
    from enforcement.cli.warning_lines import print_warnings
    from enforcement.plugins import default_plugin_manager

    print_warnings(WARNING_LOGGERS)
    pm = default_plugin_manager()
    for problem in pm.load_errors:
        click.echo(f"warning: {problem}", err=True)


def main() -> None:
    """Entry point of the ``enforcement`` script."""
    sys.exit(cli.main(prog_name="enforcement", standalone_mode=True))
