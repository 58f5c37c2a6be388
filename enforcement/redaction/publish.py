"""The final pass over whatever is about to be published: documents, data files, lines.

Every publishing path ends here, after plugins have had their say, so that a
block, a letterhead line or a data key a plugin added is redacted and scanned
like the library's own text:

- :func:`redact_document`: a finished :class:`~enforcement.notices.NoticeDocument`
  (decision, withdrawal, roster; the annual report's document too);
- :func:`redact_data`: JSON-compatible data (the summary data file);
- :func:`redact_lines`: plain lines of text (``check --public``);
- :func:`redact_object`: any attrs object (the annual report's document, a
  plugin's own block type).

Each masks what it finds, scans the result again and raises
:class:`~enforcement.errors.PublicationRefusedError` listing every span that
survives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from enforcement.redaction.engine import Redactor, Refusal, refusal_error
from enforcement.redaction.manifest import ManifestEntry

if TYPE_CHECKING:
    from enforcement.notices.document import NoticeDocument


class _Pass:
    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.entries: list[ManifestEntry] = []
        self.refusals: list[Refusal] = []

    def text(self, value: str, field: str) -> str:
        if not value:
            return value
        result = self.redactor.redact(value, field)
        self.entries.extend(result.entries)
        self.refusals.extend(self.redactor.scan(result.text, field))
        return result.text

    def done(self) -> None:
        if self.refusals:
            raise refusal_error(self.refusals, case_id=self.redactor.case_id)


def redact_document(document: NoticeDocument, redactor: Redactor) -> NoticeDocument:
    """Redact and scan every text of ``document`` in place (after the plugins' hook).

    Masks what was not masked before (a plugin's block, say) and adds those
    spans to ``document.manifest``. ``content``, ``canonical`` and ``digest``
    are not touched: they were redacted when the content was built. Raises
    :class:`~enforcement.errors.PublicationRefusedError` listing each span that
    survives.
    """
    from enforcement.notices.document import Fields, Row, Table, Text

    p = _Pass(redactor)
    document.title = p.text(document.title, "document.title")
    document.letterhead.lines = [
        p.text(line, f"document.letterhead.lines[{i}]")
        for i, line in enumerate(document.letterhead.lines)
    ]
    if document.letterhead.subtitle:
        document.letterhead.subtitle = p.text(
            document.letterhead.subtitle, "document.letterhead.subtitle"
        )
    blocks: list[Any] = []
    for b, block in enumerate(document.blocks):
        at = f"document.blocks[{b}]"
        if isinstance(block, Fields):
            blocks.append(
                Fields(
                    tuple(
                        Row(
                            p.text(row.label, f"{at}.rows[{r}].label"),
                            p.text(row.value, f"{at}.rows[{r}].value"),
                            row.code,
                        )
                        for r, row in enumerate(block.rows)
                    )
                )
            )
        elif isinstance(block, Text):
            blocks.append(
                Text(p.text(block.heading, f"{at}.heading"), p.text(block.text, f"{at}.text"))
            )
        elif isinstance(block, Table):
            blocks.append(
                Table(
                    p.text(block.heading, f"{at}.heading") if block.heading else block.heading,
                    tuple(p.text(c, f"{at}.columns[{i}]") for i, c in enumerate(block.columns)),
                    tuple(
                        tuple(p.text(v, f"{at}.rows[{r}][{i}]") for i, v in enumerate(row))
                        for r, row in enumerate(block.rows)
                    ),
                    block.widths,
                    block.code_columns,
                )
            )
        else:
            blocks.append(_walk(block, p, at))
    document.blocks = blocks
    document.signature = tuple(
        p.text(s, f"document.signature[{i}]") for i, s in enumerate(document.signature)
    )
    document.notes = [p.text(n, f"document.notes[{i}]") for i, n in enumerate(document.notes)]
    info = document.info
    document.info = attrs.evolve(
        info,
        title=p.text(info.title, "document.info.title"),
        author=p.text(info.author, "document.info.author"),
        subject=p.text(info.subject, "document.info.subject"),
    )
    p.done()
    document.manifest = document.manifest.merged(p.entries)
    return document


def redact_data(data: Any, redactor: Redactor, field: str = "$") -> Any:
    """JSON-compatible ``data`` with every string (keys included) redacted and scanned.

    Raises :class:`~enforcement.errors.PublicationRefusedError` listing each
    span that survives.
    """
    p = _Pass(redactor)
    result = _walk(data, p, field)
    p.done()
    return result


def _walk(data: Any, p: _Pass, field: str) -> Any:
    if isinstance(data, str):
        return p.text(data, field)
    if isinstance(data, dict):
        return {
            (p.text(k, f"{field}.<key>") if isinstance(k, str) else k): _walk(v, p, f"{field}.{k}")
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_walk(v, p, f"{field}[{i}]") for i, v in enumerate(data)]
    if isinstance(data, tuple):
        return tuple(_walk(v, p, f"{field}[{i}]") for i, v in enumerate(data))
    if attrs.has(type(data)):
        changes = {}
        for a in attrs.fields(type(data)):
            value = getattr(data, a.name)
            new = _walk(value, p, f"{field}.{a.name}")
            if new != value:
                changes[a.alias or a.name] = new
        return attrs.evolve(data, **changes) if changes else data
    return data


def redact_object(obj: Any, redactor: Redactor, field: str, *, skip: tuple[str, ...] = ()) -> Any:
    """Any attrs object (a plugin's block, the annual report's document), every string in it
    redacted and scanned; the attributes named in ``skip`` are left alone.

    Mutable objects are changed in place and returned; frozen ones are copied.
    Raises :class:`~enforcement.errors.PublicationRefusedError` listing each span
    that survives.
    """
    p = _Pass(redactor)
    if attrs.has(type(obj)) and skip:
        for a in attrs.fields(type(obj)):
            if a.name not in skip:
                setattr(obj, a.name, _walk(getattr(obj, a.name), p, f"{field}.{a.name}"))
        result = obj
    else:
        result = _walk(obj, p, field)
    p.done()
    return result


def redact_lines(lines: list[str], redactor: Redactor, field: str = "line") -> list[str]:
    """Lines of text as they may be published (each redacted and scanned)."""
    p = _Pass(redactor)
    out = [p.text(line, f"{field}[{i}]") for i, line in enumerate(lines)]
    p.done()
    return out
