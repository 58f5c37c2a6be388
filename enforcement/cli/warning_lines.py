"""Library warnings printed as ``warning:`` lines on standard error.

A module of its own so that ``enforcement --help`` does not import :mod:`logging`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import click


class WarningLines(logging.Handler):
    """Print a library warning as a ``warning:`` line on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


def print_warnings(loggers: Iterable[str]) -> None:
    """Print the warnings of these loggers as ``warning:`` lines (once per logger)."""
    for name in loggers:
        logger = logging.getLogger(name)
        if not any(isinstance(h, WarningLines) for h in logger.handlers):
            logger.addHandler(WarningLines(logging.WARNING))
