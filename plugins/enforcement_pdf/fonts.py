"""Fonts: the built-in ``STSong-Light`` CID font, or a TrueType font embedded as a subset."""

from __future__ import annotations

import hashlib
import os
import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from enforcement.errors import NoticeError

DEFAULT_FONT = "STSong-Light"
CODE_FONT = "Courier"

_lock = threading.Lock()
_registered: dict[str, str] = {}


def font_name(path: str | None) -> str:
    """Register the font (once per process) and return its reportlab name.

    ``None`` gives the built-in CID font, which needs no file and extracts
    cleanly. A path to a ``.ttf``/``.ttc``/``.otf`` (TrueType outlines) is
    embedded; reportlab always subsets TrueType fonts to the glyphs used.
    """
    key = path or DEFAULT_FONT
    with _lock:
        name = _registered.get(key)
        if name is not None:
            return name
        if path is None:
            pdfmetrics.registerFont(UnicodeCIDFont(DEFAULT_FONT))
            name = DEFAULT_FONT
        else:
            if not os.path.isfile(path):
                raise NoticeError("font", f"no font file at {path}")
            name = "EnfTT-" + hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:10]
            try:
                index = 0 if path.lower().endswith(".ttc") else None
                font = TTFont(name, path) if index is None else TTFont(name, path, subfontIndex=0)
            except (TTFError, OSError) as exc:
                raise NoticeError("font", f"{path} is not a usable TrueType font: {exc}") from None
            pdfmetrics.registerFont(font)
        _registered[key] = name
        return name
