"""The command line starts without importing what it does not need.

``enforcement --help`` lists every command from a static table, so the table must
say what the commands themselves say; printing help must not import reportlab,
the models or the rendering code of plugins.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import enforcement
from enforcement.cli import BUILTIN_COMMANDS, cli


def _modules_after(code: str) -> set[str]:
    """The modules loaded by running ``code`` in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


HELP = (
    "import sys\n"
    "from enforcement.cli import cli\n"
    "try:\n"
    "    cli.main(['--help'], prog_name='enforcement')\n"
    "except SystemExit:\n"
    "    pass\n"
)


def test_help_does_not_import_reportlab() -> None:
    loaded = _modules_after(HELP)
    assert not {m for m in loaded if m.split(".")[0] == "reportlab"}


def test_help_does_not_import_the_models_or_the_renderers() -> None:
    loaded = _modules_after(HELP)
    heavy = {
        "enforcement.models",
        "enforcement.checks",
        "enforcement.store",
        "enforcement.notices",
        "enforcement.reports",
        "enforcement_pdf.render",
        "enforcement_pdf.fonts",
        "enforcement_report.render",
    }
    assert not heavy & loaded


def test_help_still_lists_plugin_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "fonts " in result.output


def test_import_enforcement_does_not_import_reportlab() -> None:
    loaded = _modules_after("import enforcement")
    assert not {m for m in loaded if m.split(".")[0] == "reportlab"}


def test_static_table_names_every_builtin_command_with_its_own_help() -> None:
    found: dict[str, tuple[str, str]] = {}
    for module_name in dict.fromkeys(module for module, _ in BUILTIN_COMMANDS.values()):
        for command in importlib.import_module(module_name).COMMANDS:
            assert command.name is not None
            found[command.name] = (module_name, command.get_short_help_str(limit=10_000))
    assert found == BUILTIN_COMMANDS


def test_help_lists_the_same_lines_as_the_loaded_commands() -> None:
    lazy = CliRunner().invoke(cli, ["--help"], terminal_width=80).output
    eager = click.Group(name="enforcement", help=cli.help, params=cli.params)
    eager.context_settings = cli.context_settings
    for name, command in cli.commands.items():
        eager.add_command(command, name)
    expected = CliRunner().invoke(eager, ["--help"], terminal_width=80).output
    assert lazy.split("Commands:")[1] == expected.split("Commands:")[1]


def test_every_public_name_of_the_package_is_importable() -> None:
    for name in enforcement.__all__:
        assert getattr(enforcement, name) is not None, name


def test_package_exports_every_model() -> None:
    from enforcement import models

    assert set(models.__all__) <= set(enforcement.__all__)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        enforcement.NoSuchThing  # noqa: B018


def test_rendering_loads_reportlab_accelerator() -> None:
    from reportlab.lib import rl_accel

    accelerated = getattr(rl_accel, "_c_funcs", {})
    assert "fp_str" in accelerated, "reportlab is not using rl_accel's C functions"
    assert rl_accel.fp_str.__module__ == "_rl_accel"
