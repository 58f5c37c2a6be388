"""Plugin discovery through entry points, failure isolation, blocking, and the CLI listing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import enforcement
from enforcement.cli import cli
from enforcement.plugins import (
    BUILTIN_PLUGINS,
    PluginInfo,
    PluginManager,
    make_plugin_manager,
    plugin_infos,
    set_default_plugin_manager,
)
from enforcement.testing import fake_distribution


def added(pm: PluginManager) -> list[PluginInfo]:
    """The plugins beyond the library's own built-in ones."""
    return [i for i in plugin_infos(pm) if i.name not in BUILTIN_PLUGINS]


GOOD = """
    from datetime import date
    import enforcement
    from enforcement.calendar import CalendarData, CalendarDay

    @enforcement.hookimpl
    def enforcement_calendar_days(year, region):
        if year == 2027:
            return CalendarData(year=2027, days=(CalendarDay(date(2027, 1, 1), False, "元旦"),))
        return None
"""

BROKEN = """
    raise ImportError("needs a module this machine does not have")
"""

WRONG_SIGNATURE = """
    import enforcement

    @enforcement.hookimpl
    def enforcement_calendar_days(year, region, colour):
        return None
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory on sys.path holding fake installed distributions."""
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("ENFORCEMENT_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("ENFORCEMENT_BLOCK_PLUGINS", raising=False)
    fake_distribution(
        tmp_path,
        "good-holidays",
        version="2.1",
        entry_points={"holidays": "good_holidays"},
        modules={"good_holidays": GOOD},
    )
    fake_distribution(
        tmp_path,
        "broken-plugin",
        entry_points={"broken": "broken_plugin"},
        modules={"broken_plugin": BROKEN},
    )
    return tmp_path


def test_entry_point_plugins_are_discovered_with_their_distribution(site: Path) -> None:
    pm = make_plugin_manager()
    infos = {i.name: i for i in plugin_infos(pm)}
    assert infos["holidays"].distribution == "good-holidays"
    assert infos["holidays"].version == "2.1"
    assert infos["holidays"].hooks == ("enforcement_calendar_days",)


def test_a_broken_plugin_is_named_and_the_others_still_load(site: Path) -> None:
    pm = make_plugin_manager()
    assert [e.name for e in pm.load_errors] == ["broken"]
    error = pm.load_errors[0]
    assert error.distribution == "broken-plugin"
    assert "plugin 'broken' (distribution broken-plugin) failed to load: ImportError" in str(error)
    assert pm.get_plugin("holidays") is not None
    cal = enforcement.calendar.WorkingCalendar(plugin_manager=pm)
    assert not cal.is_working_day(date(2027, 1, 1))


def test_a_plugin_with_a_wrong_hook_signature_is_a_load_error(site: Path) -> None:
    fake_distribution(
        site,
        "wrong-sig",
        entry_points={"wrong": "wrong_sig"},
        modules={"wrong_sig": WRONG_SIGNATURE},
    )
    pm = make_plugin_manager()
    names = {e.name for e in pm.load_errors}
    assert "wrong" in names
    assert pm.get_plugin("holidays") is not None


def test_autoload_can_be_turned_off(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert added(make_plugin_manager(autoload=False)) == []
    monkeypatch.setenv("ENFORCEMENT_DISABLE_PLUGIN_AUTOLOAD", "1")
    pm = make_plugin_manager()
    assert added(pm) == []
    assert pm.load_errors == []


def test_plugins_can_be_blocked_by_name(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pm = make_plugin_manager(block=["broken"])
    assert pm.load_errors == []
    assert pm.get_plugin("holidays") is not None
    monkeypatch.setenv("ENFORCEMENT_BLOCK_PLUGINS", "holidays, broken")
    pm = make_plugin_manager()
    assert pm.get_plugin("holidays") is None
    assert pm.load_errors == []


def test_plugins_command_lists_plugins_hooks_and_failures(site: Path) -> None:
    set_default_plugin_manager(make_plugin_manager())
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "holidays  [good-holidays 2.1]" in result.output
    assert "hooks: enforcement_calendar_days" in result.output
    assert (
        "broken  [broken-plugin]  FAILED: needs a module this machine does not have"
        in result.output
    )
    listing = json.loads(CliRunner().invoke(cli, ["plugins", "--json"]).stdout)
    assert {
        "name": "holidays",
        "distribution": "good-holidays",
        "version": "2.1",
        "hooks": ["enforcement_calendar_days"],
    } in listing["plugins"]
    assert listing["errors"][0]["name"] == "broken"


def test_cli_warns_about_broken_plugins_on_any_command(site: Path) -> None:
    set_default_plugin_manager(make_plugin_manager())
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert "warning: plugin 'broken' (distribution broken-plugin) failed to load" in result.stderr


def test_plugins_can_add_cli_commands() -> None:
    import click

    class Hello:
        @enforcement.hookimpl
        def enforcement_cli_commands(self, cli: click.Group) -> None:
            @click.command()
            def hello() -> None:
                click.echo("你好")

            cli.add_command(hello)

    group = click.Group()
    pm = make_plugin_manager(autoload=False, plugins=[Hello()])
    pm.hook.enforcement_cli_commands(cli=group)
    result = CliRunner().invoke(group, ["hello"])
    assert result.output == "你好\n"


def test_each_manager_is_fresh() -> None:
    class P:
        @enforcement.hookimpl
        def enforcement_calendar_days(self, year: int, region: str | None) -> None:
            return None

    a = make_plugin_manager(autoload=False, plugins=[P()])
    b = make_plugin_manager(autoload=False)
    assert len(added(a)) == 1
    assert added(b) == []
