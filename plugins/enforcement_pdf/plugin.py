"""Hook implementations of the ``enforcement_pdf`` plugin."""

from __future__ import annotations

import click

from enforcement.hookspecs import hookimpl
from enforcement.notices import NoticeRenderer
from enforcement_pdf.render import render_pdf

KINDS = frozenset({"decision", "withdrawal", "roster"})


@hookimpl(trylast=True)
def enforcement_notice_renderer(kind: str, format: str) -> NoticeRenderer | None:
    """Render every document kind as PDF."""
    if format == "pdf" and kind in KINDS:
        return render_pdf
    return None


@hookimpl
def enforcement_cli_commands(cli: click.Group) -> None:
    """Add ``enforcement fonts``: the fonts this plugin can embed."""
    from enforcement_pdf.cli import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)
