"""The ``index.json`` written next to a directory of rendered notices.

``enforcement notices`` and ``enforcement demo`` write the same document (format
``enforcement-notices/1``, described in docs/notices.md):

.. code-block:: json

    {
      "format": "enforcement-notices/1",
      "generated_from": "cases.json",
      "year": 2020,
      "notices": [{"case_id": "XC2020-00001", "kind": "decision",
                   "file": "XC2020-00001-decision.pdf", "sha256": "...", "manifest": [...]}],
      "skipped": [{"case_id": "XC2020-00007", "reason": "..."}]
    }
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from enforcement.notices import BatchResult

INDEX_FORMAT = "enforcement-notices/1"
"""The value of the index's ``format`` key."""


def notice_index(
    results: Iterable[BatchResult], *, generated_from: str, year: int | None
) -> dict[str, Any]:
    """The index of a batch of notices: those written, and those skipped with the reason."""
    written: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for result in results:
        if result.error is not None:
            skipped.append({"case_id": result.case_id, "reason": result.error})
        else:
            written.append(
                {
                    "case_id": result.case_id,
                    "kind": result.kind,
                    "file": Path(result.path or "").name,
                    "sha256": result.digest,
                    "manifest": list(result.manifest),
                }
            )
    return {
        "format": INDEX_FORMAT,
        "generated_from": generated_from,
        "year": year,
        "notices": written,
        "skipped": skipped,
    }
