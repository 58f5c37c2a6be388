"""The redactor: detect spans, mask them, scan again, refuse what survives.

:class:`Redactor` is the one redaction path of everything the library
publishes (notices, withdrawals, rosters, the annual report and its data file,
``check --public``). Its three steps:

1. :meth:`Redactor.detect`: run every recognizer on the text's compact view.
2. :meth:`Redactor.redact`: mask each span at or above
   :data:`~enforcement.redaction.recognizers.MASK_SCORE` (in the original text,
   including what was removed inside it), remove format and control
   characters, and write a manifest entry per span.
3. :meth:`Redactor.scan`: the residual scan of the result. Whatever a
   recognizer still finds there (an uncertain match, or data the masking could
   not remove) is a :class:`Refusal`; :meth:`Redactor.check` raises
   :class:`~enforcement.errors.PublicationRefusedError` listing them all.

Spans that lie inside a public name (an officer, an organisation, a legal
representative, the agency) are not personal data and are dropped, unless
they are a value the case records for a natural person. A reviewed
:class:`~enforcement.redaction.manifest.AllowList` lets a flagged span through,
and the manifest records it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache

from attrs import frozen

from enforcement.errors import PublicationRefusedError
from enforcement.redaction.folding import (
    CACHED_LENGTH,
    Normalised,
    fold,
    normalise,
    strip_format_characters,
)
from enforcement.redaction.manifest import (
    NO_ALLOW_LIST,
    AllowList,
    ManifestEntry,
    span_digest,
)
from enforcement.redaction.recognizers import MASK_SCORE, Recognizer, Span, mask_for

log = logging.getLogger(__name__)


@frozen
class Refusal:
    """A span that may not be published: where, which rule, why (never the text itself)."""

    field: str
    offset: int
    length: int
    rule: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.field} [{self.offset}:{self.offset + self.length}] {self.rule}: {self.reason}"
        )


@frozen
class RedactedText:
    """A text as it may be published, and the manifest entries that say how it was made."""

    text: str
    entries: tuple[ManifestEntry, ...]


def refusal_error(
    refusals: Sequence[Refusal], *, case_id: str | None = None
) -> PublicationRefusedError:
    """The :class:`PublicationRefusedError` listing ``refusals``."""
    lines = "\n".join(f"  {r}" for r in refusals)
    error = PublicationRefusedError(
        refusals[0].field,
        f"{len(refusals)} span{'s' if len(refusals) != 1 else ''} that may be a natural "
        f"person's data survived redaction:\n{lines}\n"
        "Correct the record, or publish anyway with a reviewed allow-list (--allow FILE).",
        case_id=case_id,
    )
    error.refusals = tuple(refusals)
    return error


class Redactor:
    """Redaction of the texts of one publication (one case, a roster, a report).

    ``recognizers`` are the known-value recognizers and extra detectors;
    ``builtins`` adds the built-in detectors (:func:`default_detectors`, cached
    per text);
    ``public`` the public names and codes whose spans are kept; ``allow`` the
    reviewed allow-list. Build one with :func:`enforcement.redaction.redactor_for`.
    """

    def __init__(
        self,
        recognizers: Sequence[Recognizer],
        *,
        public: Iterable[str] = (),
        allow: AllowList = NO_ALLOW_LIST,
        case_id: str | None = None,
        builtins: bool = False,
    ) -> None:
        self.recognizers = tuple(recognizers)
        self.builtins = builtins
        self.public = tuple(sorted({p for p in (fold(v) for v in public) if p}, key=len))
        self.allow = allow
        self.case_id = case_id

    def with_public(self, names: Iterable[str]) -> Redactor:
        """This redactor with more public names (officers, the agency)."""
        return Redactor(
            self.recognizers,
            public=(*self.public, *names),
            allow=self.allow,
            case_id=self.case_id,
            builtins=self.builtins,
        )

    # -- detection ---------------------------------------------------------------

    def _public_intervals(self, view: Normalised) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        compact = view.compact
        for value in self.public:
            if value in compact:
                spans.extend(view.find_all(value))
        return spans

    def detect(self, view: Normalised) -> list[Span]:
        """Every span of personal data in ``view`` (public names dropped, allowed kept)."""
        found: list[Span] = []
        if self.builtins:
            text = view.original
            found.extend(builtin_spans(text) if len(text) <= CACHED_LENGTH else _builtins(view))
        for recognizer in self.recognizers:
            found.extend(recognizer.detect(view))
        if not found:
            return found
        public = self._public_intervals(view)
        if public:
            found = [
                s
                for s in found
                if s.known or not any(a <= s.start and s.end <= b for a, b in public)
            ]
        return found

    def _allowed(self, view: Normalised, span: Span) -> bool:
        return not span.known and self.allow.allows(span.rule, view.compact[span.start : span.end])

    # -- masking -----------------------------------------------------------------

    def redact(self, text: str, field: str) -> RedactedText:
        """``text`` masked, with format characters removed, and its manifest entries."""
        view = normalise(text)
        spans = self.detect(view)
        entries: list[ManifestEntry] = []
        to_mask: list[Span] = []
        for span in spans:
            if self._allowed(view, span):
                start, end = view.span(span.start, span.end)
                entries.append(
                    ManifestEntry(
                        rule=span.rule,
                        field=field,
                        offset=start,
                        length=end - start,
                        sha256=span_digest(text[start:end]),
                        allowed=True,
                    )
                )
            elif span.score >= MASK_SCORE:
                to_mask.append(span)
        groups = _merge(to_mask)
        out: list[str] = []
        at = 0
        for first, last, lead in groups:
            start, end = view.offsets[first], view.offsets[last - 1] + 1
            kept, removed = strip_format_characters(text[at:start])
            out.append(kept)
            entries.extend(_removal(field, at, removed))
            value = view.compact[first:last]
            exact = lead.start == first and lead.end == last
            replacement = lead.replacement if exact and lead.replacement is not None else None
            out.append(replacement if replacement is not None else mask_for(lead.kind, value))
            entries.append(
                ManifestEntry(
                    rule=lead.rule,
                    field=field,
                    offset=start,
                    length=end - start,
                    sha256=span_digest(text[start:end]),
                )
            )
            at = end
        kept, removed = strip_format_characters(text[at:])
        out.append(kept)
        entries.extend(_removal(field, at, removed))
        entries.sort(key=lambda e: (e.offset, e.rule))
        return RedactedText("".join(out), tuple(entries))

    # -- the residual scan --------------------------------------------------------

    def scan(self, text: str, field: str) -> list[Refusal]:
        """What in ``text`` (already redacted) may still be a natural person's data."""
        view = normalise(text)
        refusals = []
        for span in self.detect(view):
            if self._allowed(view, span):
                continue
            start, end = view.span(span.start, span.end)
            if span.score < MASK_SCORE:
                reason = span.reason or f"uncertain match (score {span.score:.1f})"
            else:
                reason = span.reason or "survived masking"
            refusals.append(Refusal(field, start, end - start, span.rule, reason))
        return refusals

    def check(self, texts: Iterable[tuple[str, str]]) -> None:
        """Scan ``(field, text)`` pairs; raise :class:`PublicationRefusedError` listing all."""
        refusals = [r for field, text in texts for r in self.scan(text, field)]
        if refusals:
            raise refusal_error(refusals, case_id=self.case_id)

    def publish(self, text: str, field: str) -> RedactedText:
        """:meth:`redact` then :meth:`check`: the text as published, or a refusal."""
        result = self.redact(text, field)
        self.check([(field, result.text)])
        return result


@lru_cache(maxsize=8192)
def builtin_spans(text: str) -> tuple[Span, ...]:
    """The spans the built-in detectors find in ``text`` (pure, so cached per text)."""
    return _builtins(normalise(text))


def _builtins(view: Normalised) -> tuple[Span, ...]:
    from enforcement.redaction.case import default_detectors

    return tuple(span for r in default_detectors() for span in r.detect(view))


def _removal(field: str, base: int, removed: list[tuple[int, str]]) -> list[ManifestEntry]:
    return [
        ManifestEntry(
            rule="format_character",
            field=field,
            offset=base + offset,
            length=1,
            sha256=span_digest(char),
        )
        for offset, char in removed
    ]


def _rank(span: Span) -> tuple[bool, float, int]:
    return (span.known, span.score, span.end - span.start)


def _merge(spans: list[Span]) -> list[tuple[int, int, Span]]:
    """Overlapping spans merged: ``(start, end, leading span)`` in text order."""
    groups: list[tuple[int, int, Span]] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if groups and span.start < groups[-1][1]:
            start, end, lead = groups[-1]
            groups[-1] = (start, max(end, span.end), max(lead, span, key=_rank))
        else:
            groups.append((span.start, span.end, span))
    return groups
