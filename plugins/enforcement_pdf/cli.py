"""``enforcement fonts``: which installed fonts the PDFs can embed, and why the others cannot.

Added to the command line through the ``enforcement_cli_commands`` hook by the
plugin that owns the fonts: the core package has no PDF code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from enforcement_pdf.fonts import FontFace

EXIT_PROBLEMS = 1


def _line(face: FontFace, chosen: FontFace | None) -> str:
    status = "chosen" if face == chosen else "usable" if face.usable else "unusable"
    family = f" ({face.family})" if face.family else ""
    return f"{status:<8}  {face.label}{family}: {face.reason}"


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
def fonts(files: tuple[Path, ...], as_json: bool) -> None:
    """List the installed font files the PDFs could embed, each with why it is usable or not.

    With FILE arguments, judge those files instead (what --font would do with
    them). Exit 1 when no font is usable.
    """
    # The fonts module imports reportlab: not needed to list this command in --help.
    from enforcement_pdf.fonts import BUILTIN_FONT, FALLBACK_WARNING, candidates

    faces = candidates([str(f) for f in files] if files else None)
    chosen = None if files else next((face for face in faces if face.usable), None)
    usable = chosen is not None or (bool(files) and all(_usable_file(f, faces) for f in files))
    if as_json:
        data = {
            "chosen": chosen.to_data() if chosen is not None else None,
            "fallback": None if chosen is not None or files else BUILTIN_FONT,
            "candidates": [face.to_data() for face in faces],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for face in faces:
            click.echo(_line(face, chosen))
        if chosen is not None:
            family = f" ({chosen.family})" if chosen.family else ""
            click.echo(f"PDFs embed a subset of {chosen.label}{family}")
        elif not files:
            click.echo(f"warning: {FALLBACK_WARNING}", err=True)
    if not usable:
        raise SystemExit(EXIT_PROBLEMS)


def _usable_file(path: Path, faces: list[FontFace]) -> bool:
    return any(face.usable for face in faces if face.path == str(path))


COMMANDS = (fonts,)
