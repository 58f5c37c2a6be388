"""Redaction of everything published (公示信息脱敏), failing closed.

The rules are the law's, after 《浙江省行政处罚结果信息网上公开暂行办法》第七条
and 《政府信息公开条例》第十五条 (see ``domain.md`` section 2):

- a natural person's name becomes the surname plus 某某 (``王某某``);
- a natural person's ID number keeps its first 6 and last 4 characters;
- phone numbers and bank accounts are masked (an organisation's bank account too);
- a natural person's address is removed;
- names of the other people in the case (witnesses, third parties) and the
  operator of a 个体工商户 are masked;
- organisations keep their names and credit codes; legal representatives and
  officers are public.

Free text is redacted on a normalised view (:mod:`.folding`): NFKC, upper
case, no spaces, hyphens, name dots or invisible characters, mapped back to
the original text. Recognizers (:mod:`.recognizers`, :mod:`.names`,
:mod:`.known`) find spans; the :class:`Redactor` masks them, writes a
:class:`RedactionManifest` (rule, field, offset, length, SHA-256 of the
original span, never the text) and scans the result again: whatever still
looks like a natural person's data, an uncertain match included, raises
:class:`~enforcement.errors.PublicationRefusedError` listing each span,
unless a reviewed :class:`AllowList` lets it through.

A party who was a minor on the decision date is not published at all
(浙江 第五条): :func:`redact_case` refuses unless ``allow_minor=True``.

The public API every publishing path uses: :func:`redactor_for` builds the
redactor of a case (or of no case), :meth:`Redactor.publish` redacts and
checks one text, :func:`redact_document`, :func:`redact_data` and
:func:`redact_lines` make the final pass over a finished document, a data
file or printed lines. Plugins add rules or recognizers through the
``enforcement_redaction_rules`` hook.
"""

from __future__ import annotations

from enforcement.redaction.case import (
    RedactedCase,
    RedactedParty,
    RedactedPenalty,
    check_publishable,
    default_detectors,
    redact_case,
    redact_text,
    redactor_for,
)
from enforcement.redaction.engine import RedactedText, Redactor, Refusal
from enforcement.redaction.folding import Normalised, normalise
from enforcement.redaction.known import is_sole_proprietorship
from enforcement.redaction.manifest import (
    AllowEntry,
    AllowList,
    ManifestEntry,
    RedactionManifest,
)
from enforcement.redaction.masks import (
    COMPOUND_SURNAMES,
    mask_account,
    mask_id_number,
    mask_name,
    mask_phone,
    surname,
)
from enforcement.redaction.publish import (
    redact_data,
    redact_document,
    redact_lines,
    redact_object,
)
from enforcement.redaction.recognizers import MASK_SCORE, Recognizer, RedactionRule, Span

__all__ = [
    "COMPOUND_SURNAMES",
    "MASK_SCORE",
    "AllowEntry",
    "AllowList",
    "ManifestEntry",
    "Normalised",
    "Recognizer",
    "RedactedCase",
    "RedactedParty",
    "RedactedPenalty",
    "RedactedText",
    "RedactionManifest",
    "RedactionRule",
    "Redactor",
    "Refusal",
    "Span",
    "check_publishable",
    "default_detectors",
    "is_sole_proprietorship",
    "mask_account",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "normalise",
    "redact_case",
    "redact_data",
    "redact_document",
    "redact_lines",
    "redact_object",
    "redact_text",
    "redactor_for",
    "surname",
]
