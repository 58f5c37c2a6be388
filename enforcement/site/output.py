"""The site's output directory: written atomically, recognised by its manifest, never an input.

A directory the build produced holds :data:`MANIFEST` (the files written and
their SHA-256). The build refuses a non-empty directory without one unless
forced, and removes the files an earlier build wrote that this one does not.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from enforcement.errors import SiteError

MANIFEST = ".enforcement-site.json"
"""The manifest file name; a directory holding it was written by ``enforcement site``."""

MANIFEST_FORMAT = "enforcement-site/1"


def check_output(out: Path, inputs: Iterable[Path], *, force: bool = False) -> None:
    """Refuse an output directory that is a file, holds an input, or holds foreign files."""
    if out.exists() and not out.is_dir():
        raise SiteError("output", f"{out} exists and is not a directory")
    resolved = out.resolve()
    for item in inputs:
        path = item.resolve()
        if path == resolved or resolved in path.parents:
            raise SiteError("output", f"{out} holds the input {item}; choose another directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file() and not force:
        raise SiteError(
            "output",
            f"{out} is not empty and was not written by `enforcement site` "
            f"(no {MANIFEST}); give --force to write into it anyway",
        )


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _previous(out: Path) -> list[str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {})
        return [name for name in files if isinstance(name, str)]
    except (OSError, ValueError, AttributeError):
        return []


def write_site(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative POSIX path to bytes) under ``out``, then the manifest.

    Files an earlier build listed in its manifest and this one does not are removed.
    """
    out.mkdir(parents=True, exist_ok=True)
    stale = set(_previous(out)) - set(files)
    for name in sorted(files):
        target = out / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise SiteError("output", f"refusing to write outside the site: {name!r}")
        write_atomic(target, files[name])
    for name in sorted(stale):
        target = out / name
        if ".." not in Path(name).parts and target.is_file():
            target.unlink()
    manifest = {
        "format": MANIFEST_FORMAT,
        "files": {name: hashlib.sha256(files[name]).hexdigest() for name in sorted(files)},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomic(out / MANIFEST, text.encode())
