"""Bulk work without the cyclic garbage collector in the way.

Loading a year of records builds millions of small objects and none of them
form reference cycles, yet CPython's collector keeps scanning them as they
accumulate: at 100,000 cases it was the largest single cost of loading. Bulk
work (loading, checking, summarising, rendering a batch) runs inside
:func:`paused_gc`, which turns the collector off and restores whatever state
it found; reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then restore its previous state.

    Nested uses are harmless: only the outermost one that found the collector
    enabled turns it back on. Not for work that yields to its caller (a
    generator), which would leave the collector off while the caller runs.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
