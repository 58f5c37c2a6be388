"""The ``enforcement`` command line.

Commands live in small modules listed in :data:`COMMAND_MODULES`; plugins add
their own through the ``enforcement_cli_commands`` hook.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from enforcement.plugins import default_plugin_manager

COMMAND_MODULES = (
    "enforcement.cli.core",
    "enforcement.cli.check",
    "enforcement.cli.db",
    "enforcement.cli.notice",
    "enforcement.cli.demo",
    "enforcement.cli.summary",
    "enforcement.cli.calendar",
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="enforcement")
def cli() -> None:
    """Keep administrative law-enforcement records the way the law requires (行政执法三项制度)."""
    _print_warnings()
    pm = default_plugin_manager()
    for error in pm.load_errors:
        click.echo(f"warning: {error}", err=True)


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
