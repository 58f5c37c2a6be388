"""Hash tiles in the C2SP tlog-tiles layout: the published leaf and node hashes of a log.

A tile holds up to 256 consecutive hashes of one level: level 0 holds leaf
hashes, level 1 the roots of full 256-leaf subtrees, level 2 of full
65,536-leaf subtrees. A full tile is ``tile/<L>/<N>``, a partial one
``tile/<L>/<N>.p/<W>`` (``W`` hashes); ``N`` is written in groups of three
digits, all but the last prefixed with ``x`` (``1234067`` is
``x001/x234/067``). Only hash tiles are written, never entry data: with the
per-entry salt (:mod:`enforcement.store.log`) a leaf hash reveals nothing
about the entry.

With the tiles of a checkpoint, a verifier holds every leaf hash the agency
signed, so it can name the entry that changed even after an insider rewrote
an entry and every stored hash after it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from enforcement.transparency.merkle import HASH_SIZE, root

WIDTH = 256
"""Hashes in a full tile."""


def tile_path(level: int, index: int, width: int = WIDTH) -> str:
    """The path of a tile under the log's base, e.g. ``tile/0/x001/x234/067.p/12``."""
    digits = f"{index:03d}"
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    encoded = "/".join([*(f"x{g}" for g in groups[:-1]), groups[-1]])
    path = f"tile/{level}/{encoded}"
    return path if width == WIDTH else f"{path}.p/{width}"


def level_hashes(leaves: Sequence[bytes]) -> list[list[bytes]]:
    """The hashes of each tile level for a log with these leaf hashes: leaves, then full-subtree roots."""
    levels = [list(leaves)]
    while len(levels[-1]) >= WIDTH:
        below = levels[-1]
        levels.append([root(below[i : i + WIDTH]) for i in range(0, len(below) - WIDTH + 1, WIDTH)])
    return levels


def write_tiles(directory: str | os.PathLike[str], leaves: Sequence[bytes]) -> int:
    """Write every tile of a log with these leaf hashes under ``directory``; return how many.

    Full tiles already there are left alone (they never change); the partial
    tiles of this size are added beside earlier ones.
    """
    base = Path(directory)
    written = 0
    for level, hashes in enumerate(level_hashes(leaves)):
        for start in range(0, len(hashes), WIDTH):
            chunk = hashes[start : start + WIDTH]
            path = base / tile_path(level, start // WIDTH, len(chunk))
            if path.exists() and len(chunk) == WIDTH:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"".join(chunk))
            written += 1
    return written


def read_leaves(directory: str | os.PathLike[str], size: int) -> list[bytes] | None:
    """The first ``size`` leaf hashes from the level-0 tiles under ``directory``, or ``None``.

    ``None`` when a tile is missing or has the wrong length. The caller must
    check the result against a signed root before trusting it.
    """
    base = Path(directory)
    out: list[bytes] = []
    for index in range((size + WIDTH - 1) // WIDTH):
        want = min(WIDTH, size - index * WIDTH)
        candidates = [base / tile_path(0, index)]
        if want < WIDTH:
            candidates.insert(0, base / tile_path(0, index, want))
        data = None
        for path in candidates:
            if path.is_file():
                with path.open("rb") as f:  # a hostile tile may be huge: read what is needed
                    data = f.read(want * HASH_SIZE)
                break
        if data is None or len(data) != want * HASH_SIZE:
            return None
        out += [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]
    return out
