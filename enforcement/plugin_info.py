"""What ``enforcement plugins`` shows for one registered plugin.

A module of its own so that building a plugin manager (also done to list the
plugins' commands in ``enforcement --help``) does not import attrs.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class PluginInfo:
    """What ``enforcement plugins`` shows for one registered plugin."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
