"""Small text helpers shared by the command line and the demo."""

from __future__ import annotations


def plural(n: int, singular: str, many: str | None = None) -> str:
    """``"1 case"``, ``"2,000 cases"``."""
    return f"{n:,} {singular if n == 1 else (many or singular + 's')}"
