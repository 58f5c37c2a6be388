"""Building the plugin manager and discovering plugins.

Plugins register under the ``enforcement`` entry-point group, first-party ones
(``plugins/enforcement_*``) exactly like everyone else's. Entry points load one
at a time: one that fails to import is recorded as a
:class:`~enforcement.errors.PluginLoadError` naming the plugin and its
distribution, and the others still load.

Set ``ENFORCEMENT_DISABLE_PLUGIN_AUTOLOAD=1`` to load no entry points, and
``ENFORCEMENT_BLOCK_PLUGINS=name,other`` to skip some by name.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

import pluggy

from enforcement import hookspecs
from enforcement.errors import PluginLoadError

if TYPE_CHECKING:
    from enforcement.plugin_info import PluginInfo as PluginInfo

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "enforcement"
AUTOLOAD_ENV = "ENFORCEMENT_DISABLE_PLUGIN_AUTOLOAD"
BLOCK_ENV = "ENFORCEMENT_BLOCK_PLUGINS"

BUILTIN_PLUGINS: tuple[str, ...] = ("enforcement.checks.builtin",)
"""Modules of the core package registered as plugins in every manager.

Default behaviour is itself implemented as plugins (``trylast``) so that any
plugin can override it.
"""


def __getattr__(name: str) -> Any:
    # PluginInfo lives in its own module so that listing commands does not import attrs.
    if name == "PluginInfo":
        from enforcement.plugin_info import PluginInfo

        return PluginInfo
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering where each plugin came from and which failed to load."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT_NAME)
        self.load_errors: list[PluginLoadError] = []
        self.origins: dict[str, tuple[str | None, str | None]] = {}


def _env_autoload_disabled() -> bool:
    return os.environ.get(AUTOLOAD_ENV, "").strip().lower() not in ("", "0", "false", "no")


def _env_blocked() -> set[str]:
    return {n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}


def make_plugin_manager(
    *,
    autoload: bool | None = None,
    block: Iterable[str] = (),
    plugins: Iterable[object] = (),
) -> PluginManager:
    """Build a fresh plugin manager.

    ``autoload`` loads entry points (default: yes, unless
    ``ENFORCEMENT_DISABLE_PLUGIN_AUTOLOAD`` is set). ``block`` names plugins to
    skip, in addition to ``ENFORCEMENT_BLOCK_PLUGINS``. ``plugins`` are extra
    modules or objects registered directly (handy in tests).
    """
    return _build(autoload=autoload, block=block, plugins=plugins, builtins=True)


def _build(
    *, autoload: bool | None, block: Iterable[str], plugins: Iterable[object], builtins: bool
) -> PluginManager:
    import importlib

    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    blocked = set(block) | _env_blocked()
    for name in blocked:
        pm.set_blocked(name)
    for module_name in BUILTIN_PLUGINS if builtins else ():
        if module_name not in blocked:
            pm.register(importlib.import_module(module_name), name=module_name)
            pm.origins[module_name] = ("enforcement", _version("enforcement"))
    if autoload is None:
        autoload = not _env_autoload_disabled()
    if autoload:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            _load_entry_point(pm, ep, blocked)
    for plugin in plugins:
        pm.register(plugin)
    return pm


def _load_entry_point(pm: PluginManager, ep: EntryPoint, blocked: set[str]) -> None:
    dist = ep.dist.name if ep.dist is not None else None
    version = ep.dist.version if ep.dist is not None else None
    if ep.name in blocked or pm.is_blocked(ep.name):
        log.debug("plugin %s is blocked", ep.name)
        return
    if pm.get_plugin(ep.name) is not None:
        return
    try:
        plugin = ep.load()
        pm.register(plugin, name=ep.name)
    except Exception as exc:
        error = PluginLoadError(ep.name, dist, exc)
        log.warning("%s", error)
        pm.load_errors.append(error)
        return
    pm.origins[ep.name] = (dist, version)


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def plugin_infos(pm: PluginManager) -> list[PluginInfo]:
    """Every registered plugin with its distribution, version and implemented hooks."""
    from enforcement.plugin_info import PluginInfo

    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
        dist, version = pm.origins.get(name, (None, None))
        infos.append(PluginInfo(name, dist, version, hooks))
    return sorted(infos, key=lambda i: i.name)


_default: PluginManager | None = None
_lock = threading.Lock()


def default_plugin_manager() -> PluginManager:
    """The process-wide plugin manager, built on first use."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = make_plugin_manager()
    return _default


def command_plugin_manager() -> PluginManager:
    """The plugins that may add commands to the command line.

    The process-wide manager once it is built; before that, a manager of the
    entry-point plugins alone, without the built-in rules (which add no command
    and would load the models), so that ``enforcement --help`` stays fast.
    """
    if _default is not None:
        return _default
    return _build(autoload=None, block=(), plugins=(), builtins=False)


def set_default_plugin_manager(pm: PluginManager | None) -> None:
    """Replace (or with ``None``, forget) the process-wide plugin manager.

    Also forgets the default calendar, which consulted the old manager.
    """
    global _default
    from enforcement.calendar import reset_default_calendar

    with _lock:
        _default = pm
    reset_default_calendar()
