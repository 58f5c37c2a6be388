"""The Merkle tree over a log as stored: leaves plus the hashes of full 256- and 65,536-leaf subtrees.

The layout is C2SP tlog-tiles': a level-8 node is the root of one full tile
of 256 leaf hashes, a level-16 node the root of 256 full level-8 nodes. With
these kept, the hash of any subtree, hence any root or proof, needs at most
a few hundred stored hashes. The functions here compute; the store reads and
writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from enforcement.transparency.merkle import node_hash, root, split_point

TILE = 256
"""Leaves per tile (tlog-tiles' tile width)."""
LEVELS = (8, 16)
"""Tree levels whose full-subtree hashes are stored."""


class StoredTree:
    """Answers ``subtree(start, end)`` from stored nodes and leaves, fetched on demand.

    ``nodes[level]`` maps the index of a full subtree at level 8 or 16 to its
    hash; ``leaves(tile)`` returns the leaf hashes of one tile (256, or fewer
    for the last one).
    """

    def __init__(
        self,
        nodes: dict[int, dict[int, bytes]],
        leaves: Callable[[int], Sequence[bytes]],
    ) -> None:
        self._nodes = nodes
        self._leaves = leaves
        self._tiles: dict[int, Sequence[bytes]] = {}

    def leaf(self, index: int) -> bytes:
        """The stored leaf hash at ``index``."""
        tile = index // TILE
        if tile not in self._tiles:
            self._tiles[tile] = self._leaves(tile)
        return self._tiles[tile][index % TILE]

    def subtree(self, start: int, end: int) -> bytes:
        """The tree hash of leaves ``[start, end)`` (``start`` aligned as RFC 9162's recursion gives)."""
        n = end - start
        if n == 1:
            return self.leaf(start)
        for level in (16, 8):
            width = 1 << level
            if n == width and start % width == 0:
                found = self._nodes.get(level, {}).get(start >> level)
                if found is not None:
                    return found
        if n <= TILE and start % TILE == 0 and n & (n - 1) == 0:
            tile = start // TILE
            if tile not in self._tiles:
                self._tiles[tile] = self._leaves(tile)
            return root(self._tiles[tile][:n])
        k = split_point(n)
        return node_hash(self.subtree(start, start + k), self.subtree(start + k, end))

    def root(self, size: int) -> bytes:
        """The tree hash of the first ``size`` leaves."""
        return root([]) if size == 0 else self.subtree(0, size)


class Leaves(Sequence[bytes]):
    """Leaf hashes held as one buffer of 32-byte hashes, not as a Python object each.

    What :meth:`enforcement.store.Store.verify` keeps of a log to compare it with
    checkpoints: 32 bytes an entry (a list of ``bytes`` objects costs about 65),
    so memory stays within bounds at a county's two million entries. :meth:`root`
    computes the tree hash of a prefix tile by tile. The buffer may be a ``bytearray``
    filled in place (no copy of a county's 70 MB of hashes); it is not changed after.
    """

    __slots__ = ("_data", "_tile_roots")

    def __init__(self, data: bytes | bytearray) -> None:
        if len(data) % 32:
            raise ValueError("leaf hashes are 32 bytes each")
        self._data = data
        self._tile_roots: dict[int, bytes] = {}

    def __len__(self) -> int:
        return len(self._data) // 32

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...
    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return Leaves(self._data[start * 32 : max(start, stop) * 32])
            return [self[i] for i in range(start, stop, step)]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("leaf index out of range")
        return bytes(self._data[index * 32 : index * 32 + 32])

    def __iter__(self) -> Iterator[bytes]:
        data = self._data
        return (bytes(data[i : i + 32]) for i in range(0, len(data), 32))

    def tile(self, t: int) -> Sequence[bytes]:
        """The leaf hashes of tile ``t`` (256, or fewer for the last one)."""
        return list(self[t * TILE : (t + 1) * TILE])

    def root(self, size: int | None = None) -> bytes:
        """The tree hash (RFC 9162 MTH) of the first ``size`` leaves (all by default)."""
        size = len(self) if size is None else size
        if not 0 <= size <= len(self):
            raise ValueError(f"{size} leaves asked of {len(self)}")
        nodes: dict[int, dict[int, bytes]] = {8: self._tile_roots}
        for t in range(size // TILE):
            if t not in self._tile_roots:
                self._tile_roots[t] = root(self.tile(t))
        return StoredTree(nodes, self.tile).root(size)


class NodeBuilder:
    """Collects leaf hashes as they are appended and yields the level-8 and level-16 nodes they complete.

    Start it with the leaves of the log's last, partial tile and the level-8
    nodes of its last, partial level-16 group.
    """

    def __init__(
        self, size: int, tail_leaves: Sequence[bytes], tail_nodes: Sequence[bytes]
    ) -> None:
        self.size = size
        self._leaves = list(tail_leaves)
        self._level8 = list(tail_nodes)
        if len(self._leaves) != size % TILE or len(self._level8) != (size // TILE) % TILE:
            raise ValueError("the tail does not match the log size")

    def extend(self, leaves: Sequence[bytes]) -> list[tuple[int, int, bytes]]:
        """Append leaves; return ``(level, index, hash)`` of each node they complete."""
        pending = self._leaves
        pending.extend(leaves)
        self.size += len(leaves)
        if len(pending) < TILE:
            return []
        out: list[tuple[int, int, bytes]] = []
        first = (self.size - len(pending)) // TILE  # the tile the pending leaves start
        full = len(pending) // TILE
        for t in range(full):
            node8 = root(pending[t * TILE : (t + 1) * TILE])
            index8 = first + t
            out.append((8, index8, node8))
            self._level8.append(node8)
            if len(self._level8) == TILE:
                out.append((16, index8 // TILE, root(self._level8)))
                self._level8 = []
        self._leaves = pending[full * TILE :]
        return out

    def add(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Append one leaf; return ``(level, index, hash)`` of each node it completes."""
        self.size += 1
        self._leaves.append(leaf)
        if len(self._leaves) < TILE:
            return []
        node8 = root(self._leaves)
        self._leaves = []
        index8 = self.size // TILE - 1
        out = [(8, index8, node8)]
        self._level8.append(node8)
        if len(self._level8) == TILE:
            out.append((16, index8 // TILE, root(self._level8)))
            self._level8 = []
        return out
