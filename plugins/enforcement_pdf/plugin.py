"""Hook implementations of the ``enforcement_pdf`` plugin.

This module is what the entry point loads, also to list commands for
``enforcement --help``: it imports the renderer, and with it reportlab, only
when a renderer is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from enforcement.hookspecs import hookimpl

if TYPE_CHECKING:
    import click

    from enforcement.notices import NoticeRenderer

KINDS = frozenset({"decision", "withdrawal", "roster"})


@hookimpl(trylast=True)
def enforcement_notice_renderer(kind: str, format: str) -> NoticeRenderer | None:
    """Render every document kind as PDF."""
    if format == "pdf" and kind in KINDS:
        from enforcement_pdf.render import render_pdf

        return render_pdf
    return None


@hookimpl
def enforcement_cli_commands(cli: click.Group) -> None:
    """Add ``enforcement fonts``: the fonts this plugin can embed."""
    from enforcement_pdf.cli import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)
