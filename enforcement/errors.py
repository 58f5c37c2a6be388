"""Exceptions raised by the library.

Every error the library raises on purpose is an :class:`EnforcementError`, so a
caller can catch one class at the edge of their own system.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


class EnforcementError(Exception):
    """Base class of every error raised by ``enforcement``."""


class ValidationError(EnforcementError, ValueError):
    """A document or a model breaks the interchange format or its rules.

    ``errors`` lists every problem found, each a ``(path, message)`` pair where
    ``path`` points into the interchange format (``$.cases[2].parties[0].id_number``).
    """

    def __init__(self, errors: Iterable[tuple[str, str]], *, source: str | None = None) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        where = f"{self.source}: " if self.source else ""
        count = len(self.errors)
        head = f"{where}{count} problem{'s' if count != 1 else ''}"
        lines = [f"{path}: {message}" for path, message in self.errors[:20]]
        if count > 20:
            lines.append(f"... and {count - 20} more")
        return head + "\n" + "\n".join(lines) if lines else head

    def __reduce__(self) -> tuple[type[ValidationError], tuple[list[tuple[str, str]]]]:
        return (type(self), (self.errors,))


class FieldError(EnforcementError, ValueError):
    """A model invariant failed for one field.

    Raised by model validators so that the field's name survives the trip
    through cattrs and ends up in the path of a :class:`ValidationError`.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class CalendarError(EnforcementError, LookupError):
    """The working-day calendar has no data for a year (or region) it was asked about.

    ``missing`` is false when the year's data exists but is unusable (a plugin
    returned something else, or data for another year): the compliance checks
    turn a missing year into a CAL001 finding, and let an unusable one stop.
    """

    def __init__(self, year: int, message: str, *, missing: bool = True) -> None:
        self.year = year
        self.missing = missing
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_calendar_error, (self.year, str(self), self.missing))


def _calendar_error(year: int, message: str, missing: bool) -> CalendarError:
    return CalendarError(year, message, missing=missing)


class CalendarFileError(EnforcementError, ValueError):
    """A calendar file cannot be used: ``source`` the file, ``key`` where (``None``: the
    whole file, or the line given in the message), ``reason`` why."""

    def __init__(self, source: str, key: str | None, reason: str) -> None:
        self.source = source
        self.key = key
        self.reason = reason
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[CalendarFileError], tuple[str, str | None, str]]:
        return (type(self), (self.source, self.key, self.reason))


class PluginError(EnforcementError):
    """A plugin failed to load or returned something the library cannot use."""


class PluginLoadError(PluginError):
    """An entry-point plugin failed to import.

    ``name`` is the entry point's name and ``distribution`` the installed
    distribution that declared it (``None`` when unknown).
    """

    def __init__(self, name: str, distribution: str | None, cause: BaseException) -> None:
        self.name = name
        self.distribution = distribution
        self.cause = cause
        dist = f" (distribution {distribution})" if distribution else ""
        super().__init__(f"plugin {name!r}{dist} failed to load: {type(cause).__name__}: {cause}")


def join_path(base: str, parts: Sequence[str | int]) -> str:
    """Extend a JSON path such as ``$.cases[2]`` with keys and indexes."""
    out = [base]
    for part in parts:
        out.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(out)


class PolicyError(EnforcementError, ValueError):
    """A compliance policy (``--policy`` file or ``Policy(...)`` arguments) is unusable.

    ``key`` names the offending setting (``None`` when the whole file is at
    fault, e.g. it is not TOML); ``source`` is the file, when there is one.
    """

    def __init__(self, key: str | None, message: str, *, source: str | None = None) -> None:
        self.key = key
        self.message = message
        self.source = source
        where = f"{source}: " if source else ""
        what = f"{key}: " if key else ""
        super().__init__(f"{where}{what}{message}")


class StoreError(EnforcementError):
    """A store (SQLite file or PostgreSQL schema) could not be opened, read or written."""


class StoreURLError(StoreError, ValueError):
    """A store URL is malformed or names an engine this library does not support."""


class StoreConnectionError(StoreError, ConnectionError):
    """The store cannot be reached or opened: no server, no file, or not a database."""


class StoreLockedError(StoreError):
    """Another process held the store's write lock for longer than the busy timeout."""


class SchemaVersionError(StoreError):
    """The store was written by a newer version of the library (or is not a store at all)."""

    def __init__(self, found: int, supported: int, message: str) -> None:
        self.found = found
        self.supported = supported
        super().__init__(message)


class DuplicateIdError(ValidationError, StoreError):
    """A write would add an agency, officer, case, record entry or notice whose id is taken."""


class UnknownIdError(StoreError, LookupError):
    """A write names a case (or a notice, an entry) that the store does not hold."""


class ChainIntegrityError(StoreError):
    """A recording log's hash chain is broken: a row was changed, removed or inserted."""


class NoticeError(EnforcementError, ValueError):
    """A public notice cannot be produced from the data given.

    ``field`` names the field at fault, an argument (``lang``) or a field of the
    case (``decision.revoked_on``), ``case_id`` the case when there is one, and
    ``reason`` says why.
    """

    def __init__(self, field: str, reason: str, *, case_id: str | None = None) -> None:
        self.field = field
        self.reason = reason
        self.case_id = case_id
        where = f"case {case_id}: " if case_id is not None else ""
        super().__init__(f"{where}{field}: {reason}")


class ReportError(EnforcementError, ValueError):
    """An annual report cannot be produced from what was given.

    ``field`` names the input at fault (``narrative``, ``sections[1].key``,
    ``format``) and ``reason`` says why.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class PublicationRefusedError(NoticeError):
    """The law forbids publishing this case, e.g. its party was a minor (浙江 第五条), or
    something that may be a natural person's data survived redaction.

    ``refusals`` lists the surviving spans (field, offset, length, rule, reason:
    :class:`enforcement.redaction.Refusal`), empty for a refusal of the whole case.
    """

    refusals: tuple[Any, ...] = ()


class VerificationError(NoticeError):
    """A PDF carries no verification data, or it does not match its source."""


class SigningKeyError(EnforcementError, ValueError):
    """A key or certificate file cannot be read or used.

    The message names the file and the reason, never the key's content.
    """


class CheckpointError(EnforcementError, ValueError):
    """A checkpoint's text is malformed (not a C2SP tlog-checkpoint signed note)."""


class SiteError(EnforcementError, ValueError):
    """The public portal cannot be built as asked (``enforcement site``).

    ``field`` names the input or option at fault (``output``, ``checkpoint``,
    ``base_url``) and ``reason`` says why.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")
