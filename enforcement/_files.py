"""Writing output files safely: never onto an input, never over a stranger's file, always whole.

Every command that writes a file goes through :func:`check_output` before it
starts and :func:`atomic_write` (or :func:`atomic_output`) to write:

- **Never onto an input.** The target is compared with each input as a file
  (:func:`os.path.samefile`: same device and inode), not as a path string, so
  ``./town.db``, ``town.db`` and a hard link are all caught. A store's
  companions (``-wal``, ``-shm``, ``-journal``) count as the store.
- **Never over a file the library did not write**, unless ``force``. The
  library recognises its own files by their content (:func:`written_by_library`):
  a PDF whose Creator is ``enforcement ...``, or a JSON file whose first key is
  ``"format"`` with a value starting ``enforcement`` (an interchange file, a
  findings, summary or notice index file).
- **Whole or not at all.** The data goes to a temporary file in the target's
  directory, which then replaces the target in one rename: a crash or an error
  leaves the old file (or no file), never half of one.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from enforcement.errors import EnforcementError

_PDF_MARK = b"/Creator (enforcement "
_JSON_MARK = re.compile(rb'\A\s*\{\s*"format"\s*:\s*"enforcement')
_SCAN_LIMIT = 64 * 1024**2
STORE_COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps next to a store, which belong to the store as much as the file itself."""


class OutputError(EnforcementError, ValueError):
    """An output path cannot be used: it is an input, a directory, or a file the library did not write.

    ``path`` is the output path and ``reason`` says why.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether ``a`` and ``b`` are the same existing file (device and inode, not path strings)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def with_companions(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """``paths`` and, for each, SQLite's ``-wal``, ``-shm`` and ``-journal`` files next to it."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        out.append(path)
        out += [path.with_name(path.name + suffix) for suffix in STORE_COMPANIONS]
    return out


def written_by_library(path: str | os.PathLike[str]) -> bool:
    """Whether the file at ``path`` looks like one this library wrote (see the module docstring)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
            if head.startswith(b"%PDF-"):
                if os.fstat(f.fileno()).st_size > _SCAN_LIMIT:
                    return False
                return _PDF_MARK in head + f.read()
    except OSError:
        return False
    return bool(_JSON_MARK.match(head))


def check_output(
    target: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    force: bool = False,
) -> None:
    """Raise :class:`OutputError` unless ``target`` may be written.

    ``inputs`` are the files the command reads (a store's companions are added
    by :func:`with_companions`). ``force`` allows replacing an existing file
    the library did not write, never an input.
    """
    path = Path(target)
    # A store's -wal or -shm may not exist between runs; writing one would corrupt the store.
    bases = [path] + [
        path.with_name(path.name[: -len(suffix)])
        for suffix in STORE_COMPANIONS
        if path.name.endswith(suffix) and len(path.name) > len(suffix)
    ]
    for item in inputs:
        if any(same_file(base, item) for base in bases):
            raise OutputError(path, f"is the input {os.fspath(item)}; refusing to write onto it")
    if path.is_dir():
        raise OutputError(path, "is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(path, f"directory {os.fspath(parent)} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(path, f"directory {os.fspath(parent)} is not writable")
    if path.exists() and not force and not written_by_library(path):
        raise OutputError(
            path, "exists and was not written by enforcement; use --force to replace it"
        )


def check_output_dir(
    directory: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Raise :class:`OutputError` unless ``directory`` can hold outputs (it is created if missing).

    The directory may contain inputs: each file written into it is checked
    with :func:`check_output`.
    """
    path = Path(directory)
    for item in inputs:
        if same_file(path, item):
            raise OutputError(path, f"is the input {os.fspath(item)}")
    if path.exists() and not path.is_dir():
        raise OutputError(path, "is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(path, f"cannot create the directory: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(path, "the directory is not writable")


@contextmanager
def atomic_output(target: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO[Any]]:
    """A file to write ``target``'s new content into; it replaces ``target`` on success only.

    ``mode`` is ``"wb"`` or ``"w"`` (UTF-8 text). On any exception the
    temporary file is removed and ``target`` is left as it was.
    """
    path = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        # mkstemp creates the file 0600; give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the file at ``path``, reading at most ``limit`` of them.

    Raises :class:`ValueError` naming the limit when the file is larger (a device
    such as ``/dev/zero`` never ends: it is never read whole), and
    :class:`OSError` when it cannot be read.
    """
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit:,} bytes")
    return data


def atomic_write(target: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to ``target`` whole, through a temporary file and a rename."""
    with atomic_output(target, "wb") as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
