"""The one way user text reaches a reportlab ``Paragraph``.

``Paragraph`` parses its text as markup: raw user text can crash the build
(``a<b``), restyle the page (``<font size=40>``), add live links (``<a href>``)
or embed a file from the server's disk (``<img src=...>``). Every piece of text
from a document goes through :func:`escape_text`; only our own templates emit
tags, and they emit none from user data.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

_KEEP = {"\n"}


def escape_text(text: str) -> str:
    """``text`` as inert ``Paragraph`` markup: escaped, newlines as ``<br/>``.

    Control characters (which reportlab cannot draw) are dropped, tabs become
    spaces, and ``\\r\\n``/``\\r`` count as newlines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    # Printable text (the usual case) holds no character of a category C: nothing to drop.
    if not text.replace("\n", "").isprintable():
        text = "".join(c for c in text if c in _KEEP or not unicodedata.category(c).startswith("C"))
    return escape(text).replace("\n", "<br/>")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds CJK characters (and so needs ``wordWrap='CJK'``)."""
    return any(
        "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef"
        for c in text
    )
