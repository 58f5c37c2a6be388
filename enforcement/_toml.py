"""Reading TOML that a user wrote: every way tomllib can fail is one clear reason.

Policies, calendar files and the law report's SECTIONS.toml all go through
:func:`parse_toml`, so that a hostile file (an integer of 5,000 digits, arrays
nested thousands deep) is a message naming the file, never a traceback.
"""

from __future__ import annotations

import tomllib
from typing import Any


class TomlProblem(ValueError):
    """The text is not usable TOML; the message says why."""


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document ``text`` as a dict, or :class:`TomlProblem` with the reason."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlProblem(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise TomlProblem("not usable TOML: nested too deeply") from None
    except ValueError as exc:  # an integer literal of thousands of digits
        raise TomlProblem(f"not usable TOML: {exc}") from None
