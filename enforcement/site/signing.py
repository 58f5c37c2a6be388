"""Signing the portal's PDFs (PAdES) with the agency's key, through :func:`enforcement.signing.sign_pdf`.

Every PDF the portal renders (decision notices, withdrawals, the rosters, the
annual reports) is signed when the build is given :class:`~enforcement.signing.SigningOptions`;
the verify page's list of digests is then of the signed files, the files a
visitor downloads.

A signed PDF is the rendered PDF followed by the signature, written as an
incremental update. So a rebuild keeps the file an earlier build published
when that file still starts with exactly the PDF rendered today and carries a
valid signature by the same certificate covering the whole of it: a notice
whose record did not change keeps its bytes, and a copy a visitor downloaded
before keeps verifying on the verify page, whatever the signing time of the
rebuild. Anything else (changed content, another key, a damaged or foreign
file) is signed afresh.
"""

from __future__ import annotations

import logging
from pathlib import Path

from enforcement._files import read_limited
from enforcement.signing import SigningOptions, check_pdf_signature, sign_pdf

log = logging.getLogger(__name__)

MAX_PREVIOUS_BYTES = 64 << 20
"""The largest earlier file read to be kept (a notice is a few hundred kilobytes)."""


def signed_pdf(pdf: bytes, options: SigningOptions, previous: Path | None = None) -> bytes:
    """``pdf`` signed with ``options``, or the earlier signed file at ``previous`` if it still holds.

    ``previous`` is kept when it is ``pdf`` plus a signature by ``options``'
    certificate that is intact and covers the whole file.
    """
    if previous is not None:
        try:
            old = read_limited(previous, MAX_PREVIOUS_BYTES)
        except (OSError, ValueError):
            old = b""
        if len(old) > len(pdf) and old.startswith(pdf):
            check = check_pdf_signature(old, options.key.certificate)
            if check.valid and check.covers_whole_file:
                log.debug("kept the signed %s of an earlier build", previous)
                return old
    return sign_pdf(pdf, options)
