"""The ``enforcement`` command line.

Commands live in small modules listed in :data:`COMMAND_MODULES`; plugins add
their own through the ``enforcement_cli_commands`` hook.
"""

from __future__ import annotations

import errno
import importlib
import logging
import os
import sys
from typing import Any

import click

from enforcement.cli._output import EXIT_INTERRUPTED, EXIT_UNUSABLE, error
from enforcement.errors import EnforcementError
from enforcement.plugins import default_plugin_manager

COMMAND_MODULES = (
    "enforcement.cli.core",
    "enforcement.cli.check",
    "enforcement.cli.db",
    "enforcement.cli.keys",
    "enforcement.cli.notice",
    "enforcement.cli.demo",
    "enforcement.cli.summary",
    "enforcement.cli.calendar",
    "enforcement.cli.law_report",
    "enforcement.cli.workbook",
    "enforcement.cli.site",
)

WARNING_LOGGERS = ("enforcement_pdf",)
"""Loggers whose warnings the command line prints as ``warning:`` lines (the fonts' fallback)."""


class _WarningLines(logging.Handler):
    """Print a library warning as a ``warning:`` line on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


def _print_warnings() -> None:
    for name in WARNING_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, _WarningLines) for h in logger.handlers):
            logger.addHandler(_WarningLines(logging.WARNING))


class _Main(click.Group):
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
    _print_warnings()
    pm = default_plugin_manager()
    for problem in pm.load_errors:
        click.echo(f"warning: {problem}", err=True)


def _register() -> None:
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        for command in module.COMMANDS:
            cli.add_command(command)
    default_plugin_manager().hook.enforcement_cli_commands(cli=cli)


_register()


def main() -> None:
    """Entry point of the ``enforcement`` script."""
    sys.exit(cli.main(prog_name="enforcement", standalone_mode=True))
