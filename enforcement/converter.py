"""The one place where the interchange format meets the models.

Every structure and unstructure hook lives here: strict strings, booleans and
integers (no silent coercion of ``"false"`` to ``True``), ISO dates, datetimes
that must carry a UTC offset, money as decimal strings, enums with readable
errors, and unknown keys rejected.

Two cattrs converters share these hooks, and so do the functions of the fast
path (:func:`fast_structure`), generated per model class from its attrs fields:
they accept a value only where the same hook would, and refuse anything else.
Valid documents are built by the fast path; a refused one is structured again
by the detailed converter, the reference, so that every problem is reported
with its path and its usual message. Valid input never pays for error
bookkeeping, and there is one set of rules (``tests/test_fast_path.py`` holds
the two paths to the same verdicts).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from types import MemberDescriptorType, UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

import attrs
from cattrs import Converter
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from enforcement.errors import FieldError, ValidationError
from enforcement.models import (
    Agency,
    Case,
    Certificate,
    CertificateEvent,
    Dataset,
    Decision,
    LegalReview,
    Officer,
    Party,
    Penalty,
    Power,
    PublicNotice,
    RecordEntry,
    ReviewCheck,
    Training,
    enums,
)

T = TypeVar("T")

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_MONEY_RE = re.compile(r"-?\d+(\.\d+)?\Z")

YEAR_MIN = 1900
YEAR_MAX = 2999
"""Dates and datetimes lie in these years: deadlines a year or more ahead must stay computable."""

MONEY_MAX_DIGITS = 15
"""An amount has at most this many digits before the decimal point (under a thousand trillion yuan)."""

MONEY_MAX_PLACES = 2
"""An amount has at most this many decimal places: yuan and fen (分)."""

HOURS_MAX = Decimal(8784)
"""The most training hours (学时) one training record may carry: the hours of a leap year."""

FREE_TEXT_FIELDS: dict[type, tuple[str, ...]] = {
    Decision: ("facts", "revocation_reason"),
    RecordEntry: ("summary",),
    LegalReview: ("opinion",),
    ReviewCheck: ("note",),
    Penalty: ("description",),
    CertificateEvent: ("reason",),
    Training: ("topic",),
}
"""Free-text fields: the only ones where a tab or a line break is allowed."""

NAME_FIELDS: dict[type, tuple[str, ...]] = {
    Agency: ("id", "name", "credit_code"),
    Power: ("code",),
    Officer: ("id", "name", "agency_id"),
    Certificate: ("number",),
    Party: ("name", "id_number", "credit_code", "phone", "representative", "bank_account"),
    Case: ("id", "agency_id", "power_code"),
    RecordEntry: ("id", "corrects", "device"),
    Decision: ("number",),
    PublicNotice: ("id",),
}
"""Names and identifiers: fields where invisible format characters are refused as well."""

# C0 and C1 control characters (DEL included) and lone surrogates: never in any text.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_LINE_BAD = re.compile(f"[\t\n{_CONTROL}]")
_FREE_TEXT_BAD = re.compile(f"[{_CONTROL}]")
# Zero-width and bidirectional format characters: a name or an id that looks the same on
# screen but is another string (and slips past redaction) must not be stored.
_INVISIBLE = "\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_NAME_BAD = re.compile(f"[\t\n{_CONTROL}{_INVISIBLE}]")


class FormatError(ValueError):
    """A JSON value has the wrong type or shape; the message is user-facing."""


def _character_problem(value: str, bad: re.Pattern[str]) -> FormatError:
    m = bad.search(value)
    assert m is not None
    char = m.group()
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        what = "a lone surrogate"
    elif char in "\t\n":
        what = "a tab or line break (allowed only in free-text fields)"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        what = "a control character"
    else:
        what = "an invisible format character (not allowed in names and identifiers)"
    return FormatError(f"contains {what}, U+{code:04X}, at character {m.start() + 1}")


def _text_hook(bad: re.Pattern[str], *, optional: bool) -> Callable[[Any, type], Any]:
    search = bad.search

    def structure(value: Any, _: type) -> Any:
        if type(value) is str:
            if search(value):
                raise _character_problem(value, bad)
            return value
        if optional and value is None:
            return None
        raise FormatError(f"expected a string, got {_json_type(value)}")

    return structure


_structure_str = _text_hook(_LINE_BAD, optional=False)
_structure_optional_str = _text_hook(_LINE_BAD, optional=True)


def _structure_bool(value: Any, _: type) -> bool:
    if type(value) is not bool:
        raise FormatError(f"expected true or false, got {_json_type(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise FormatError(f"expected an integer, got {_json_type(value)}")
    return value


_DATES: dict[str, date] = {}
"""Dates already read, by their text: a year's documents name a few hundred days, over and
over (a date is immutable, so one object serves them all)."""
_DATES_MAX = 8192


def _structure_date(value: Any, _: type) -> date:
    if type(value) is str:
        found = _DATES.get(value)
        if found is not None:
            return found
    parsed = _parse_date(value)
    if len(_DATES) >= _DATES_MAX:
        _DATES.clear()  # hostile input of endless distinct days: the memo stays small
    _DATES[value] = parsed
    return parsed


def _parse_date(value: Any) -> date:
    if type(value) is not str or not _DATE_RE.match(value):
        raise FormatError(f"expected a date as YYYY-MM-DD, got {_show(value)}")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise FormatError(f"{value!r} is not a calendar date") from None
    if not YEAR_MIN <= parsed.year <= YEAR_MAX:
        raise FormatError(f"{value!r} is outside the years {YEAR_MIN} to {YEAR_MAX}")
    return parsed


def _structure_datetime(value: Any, _: type) -> datetime:
    if type(value) is not str or len(value) < 16 or value[10] not in "T ":
        raise FormatError(f"expected an ISO 8601 datetime with a UTC offset, got {_show(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FormatError(
            f"expected an ISO 8601 datetime with a UTC offset, got {_show(value)}"
        ) from None
    if parsed.tzinfo is None:
        raise FormatError(
            f"expected an ISO 8601 datetime with a UTC offset (e.g. +08:00), got {value!r}"
        )
    if not YEAR_MIN <= parsed.year <= YEAR_MAX:
        raise FormatError(f"{value!r} is outside the years {YEAR_MIN} to {YEAR_MAX}")
    return parsed


def _structure_money(value: Any, _: type) -> Decimal:
    if type(value) is not str:
        raise FormatError(
            f'expected money as a decimal string such as "5000.00", got {_json_type(value)}'
        )
    if not _MONEY_RE.match(value):
        raise FormatError(
            f'expected money as a decimal string such as "5000.00", got {_clip(value)!r}'
        )
    whole, _dot, fraction = value.lstrip("-").partition(".")
    if len(fraction) > MONEY_MAX_PLACES:
        raise FormatError(f"{value!r} has more than {MONEY_MAX_PLACES} decimal places (fen)")
    if len(whole.lstrip("0")) > MONEY_MAX_DIGITS:
        raise FormatError(
            f"{_clip(value)!r} has more than {MONEY_MAX_DIGITS} digits before the decimal point"
        )
    return Decimal(value)


def _structure_number(value: Any, _: type) -> Decimal:
    if type(value) is int:
        parsed = Decimal(value)
    elif type(value) is float:
        parsed = Decimal(repr(value))
    elif type(value) is str:
        try:
            parsed = Decimal(value)
        except InvalidOperation:
            raise FormatError(f"expected a number, got {_clip(value)!r}") from None
    else:
        raise FormatError(f"expected a number, got {_json_type(value)}")
    if not parsed.is_finite():
        raise FormatError(f"expected a finite number, got {_clip(str(value))!r}")
    if abs(parsed) > HOURS_MAX:
        raise FormatError(f"at most {HOURS_MAX} hours (a leap year), got {_clip(str(value))!r}")
    return parsed


def _clip(text: str, limit: int = 40) -> str:
    """``text`` itself, or its start and length when it is too long to print whole."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def _unstructure_money(value: Decimal) -> str:
    return format(value, "f")


def _unstructure_number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _enum_hook(cls: type[Enum]) -> Callable[[Any, type], Enum]:
    members = {m.value: m for m in cls}
    allowed = ", ".join(str(v) for v in members)

    def structure(value: Any, _: type) -> Enum:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise FormatError(f"expected one of {allowed}; got {_show(value)}") from None

    return structure


def _enum_value(member: Enum) -> Any:
    return member.value


_ENUMS: tuple[type[Enum], ...] = tuple(
    obj
    for obj in vars(enums).values()
    if isinstance(obj, type) and issubclass(obj, Enum) and obj.__module__ == enums.__name__
)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({_clip(value)!r})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: Any) -> str:
    return repr(_clip(value)) if isinstance(value, str) else _json_type(value)


def _is_optional(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) in (Union, UnionType) and len(args) == 2 and type(None) in args


def _is_homogenous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


_LATER_KEYS: dict[type, tuple[str, ...]] = {
    Agency: ("reports", "parent"),
    Party: ("id_kind",),
    Decision: ("paid_on", "surcharge"),
    Penalty: ("duration_months",),
    Case: (
        "reviews",
        "hearing",
        "excluded_periods",
        "extension",
        "licence",
        "measures",
        "executions",
        "court_application",
    ),
}


def _build(detailed: bool) -> Converter:
    conv = Converter(forbid_extra_keys=True, detailed_validation=detailed)
    # singledispatch picks the most specific class, so the enums registered
    # below win over str (a StrEnum is a str) and bool over int.
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_structure_hook(Decimal, _structure_money)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_unstructure_hook(Decimal, _unstructure_money)

    for enum_cls in _ENUMS:
        conv.register_structure_hook(enum_cls, _enum_hook(enum_cls))
        conv.register_unstructure_hook(enum_cls, _enum_value)

    def tuple_factory(tp: Any) -> Callable[[Any, type], Any]:
        inner = homogenous_tuple_structure_factory(tp, conv)

        def structure(value: Any, _: type) -> Any:
            if type(value) is not list:
                raise FormatError(f"expected an array, got {_json_type(value)}")
            return inner(value, tp)

        return structure

    conv.register_structure_hook_factory(_is_homogenous_tuple, tuple_factory)

    def optional_factory(tp: Any) -> Callable[[Any, type], Any]:
        # cattrs dispatches on the inner type at every call; resolve it once.
        (inner_type,) = (a for a in get_args(tp) if a is not type(None))
        if inner_type is str:
            return _structure_optional_str  # the commonest field: one call, not two
        inner = conv.get_structure_hook(inner_type)

        def structure(value: Any, _: type) -> Any:
            return None if value is None else inner(value, inner_type)

        return structure

    conv.register_structure_hook_factory(_is_optional, optional_factory)
    conv.register_unstructure_hook_factory(
        _is_homogenous_tuple, lambda tp: lambda value: [conv.unstructure(v) for v in value]
    )

    overrides: dict[type, dict[str, Any]] = {
        Training: {
            "hours": override(struct_hook=_structure_number, unstruct_hook=_unstructure_number)
        },
    }
    # Keys added after the first release are written only when set, so a document
    # that does not use them reads and writes exactly as before.
    settings: dict[type, dict[str, dict[str, Any]]] = {}
    for cls, names in _LATER_KEYS.items():
        for name in names:
            settings.setdefault(cls, {}).setdefault(name, {})["omit_if_default"] = True
    for table, bad in ((FREE_TEXT_FIELDS, _FREE_TEXT_BAD), (NAME_FIELDS, _NAME_BAD)):
        for cls, names in table.items():
            optional = {n: _is_optional(t) for n, t in get_type_hints(cls).items()}
            for name in names:
                hook = _text_hook(bad, optional=optional[name])
                settings.setdefault(cls, {}).setdefault(name, {})["struct_hook"] = hook
    for cls, fields in settings.items():
        for name, kwargs in fields.items():
            overrides.setdefault(cls, {})[name] = override(**kwargs)

    def class_factory(cls: Any) -> Callable[[Any, type], Any]:
        inner = make_dict_structure_fn(cls, conv, **overrides.get(cls, {}))
        name = cls.__name__

        def structure(value: Any, _: type) -> Any:
            if type(value) is not dict:
                raise FormatError(f"expected an object ({name}), got {_json_type(value)}")
            return inner(value, cls)

        return structure

    conv.register_structure_hook_factory(attrs.has, class_factory)
    conv.register_unstructure_hook_factory(
        attrs.has,
        lambda cls: make_dict_unstructure_fn(cls, conv, **overrides.get(cls, {})),
    )
    # Touch the hot classes once so their functions are generated up front.
    for cls in (Dataset, Agency, Officer, Case, RecordEntry, Penalty):
        conv.get_structure_hook(cls)
    return conv


fast_converter = _build(detailed=False)
"""Structures valid documents quickly; its errors carry no paths."""

detailed_converter = _build(detailed=True)
"""Structures with detailed validation, to report every problem with its path."""


class _Refused(Exception):
    """The generated fast path met something it does not accept; the detailed path says why."""


_REFUSED = _Refused()


def _field_rules(cls: type) -> dict[str, re.Pattern[str] | Callable[[Any, type], Any]]:
    """The fields whose rule is not their type's: the text rule they obey, or their hook."""
    rules: dict[str, re.Pattern[str] | Callable[[Any, type], Any]] = {}
    if cls is Training:
        rules["hours"] = _structure_number
    for table, bad in ((FREE_TEXT_FIELDS, _FREE_TEXT_BAD), (NAME_FIELDS, _NAME_BAD)):
        for name in table.get(cls, ()):
            rules[name] = bad
    return rules


_ATTRS_CONFIG = importlib.import_module("attr._config")


def _bad(name: str, search: str) -> str:
    """The generated test that the string ``name`` holds a character its rule refuses.

    Every character the text rules refuse (controls, line breaks, surrogates, the
    invisible format characters) is one ``str.isprintable`` rejects (tests check each
    code point), so a printable string needs no search, and ``isprintable`` is twice
    as fast as the search; a string that is not printable (a tab in free text, an
    ideographic space) is searched as before.
    """
    return f"(not {name}.isprintable() and {search}({name}))"


class _FastStructurer:
    """Structuring functions generated per model class, over the converters' own hooks.

    The detailed cattrs converter is the reference for what a document may hold;
    these functions accept a value only where the same hook accepts it (a string
    is taken as is only when it is a ``str`` the field's character rule finds
    nothing in; anything else is handed to that hook), and anything they do not
    accept raises, so that :func:`structure` asks the detailed converter why. They
    exist because cattrs' generic layers (a hook call per field, per element and
    per optional) cost more than the checks themselves.
    """

    def __init__(self) -> None:
        self.functions: dict[Any, Callable[[Any], Any]] = {}
        self._namespace: dict[str, Any] = {
            "_REFUSED": _REFUSED,
            "_tuple": tuple,
            "_list": list,
            "_dict": dict,
            "_str": str,
            "_new": object.__new__,
            "_validators_off": attrs.validators.get_disabled,
            "_attrs_config": _ATTRS_CONFIG,
        }
        self._counter = 0

    def _name(self, value: Any, prefix: str) -> str:
        self._counter += 1
        name = f"_{prefix}{self._counter}"
        self._namespace[name] = value
        return name

    def function(self, cls: Any) -> Callable[[Any], Any]:
        found = self.functions.get(cls)
        if found is None:
            found = self._compile(cls)
        return found

    def _compile(self, cls: Any) -> Callable[[Any], Any]:
        # Recursive classes would need a forward reference: the models have none.
        hints = get_type_hints(cls)
        overrides = _field_rules(cls)
        fields = attrs.fields(cls)
        allowed = self._name(frozenset(a.name for a in fields), "keys")
        fname = f"structure_{cls.__name__}"
        lines = [
            f"def {fname}(o):",
            "    if type(o) is not _dict: raise _REFUSED",
            f"    if not {allowed}.issuperset(o): raise _REFUSED",
        ]
        names = []
        every: list[str] = []  # every key present (as the store writes a document)
        some: list[str] = []  # keys with a default may be absent
        for i, a in enumerate(fields):
            assert a.alias == a.name, (cls, a.name)
            # An attrs converter (Agency.region) runs in the constructor, after the type's
            # hook, exactly as under cattrs (which does not prefer attrib converters).
            key = repr(a.name)
            local = f"f{i}"
            names.append(f"{a.name}={local}")
            body = self._value_lines(hints[a.name], overrides.get(a.name))
            read = [f"v = o[{key}]", *body, f"{local} = v"]
            every += read
            if a.default is attrs.NOTHING:
                some += read
                continue
            # Absent: the attrs default, passed as attrs would (its validators still run).
            if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                default = f"{self._name(a.default.factory, 'factory')}()"
            else:
                default = self._name(a.default, "default")
            some += [f"if {key} in o:", *("    " + line for line in read), "else:"]
            some.append(f"    {local} = {default}")
        if some == every:
            lines += ["    " + line for line in every]
        else:
            # The keys are among the fields' (checked above): as many keys as fields is
            # every field, and no key needs to be looked for.
            lines.append(f"    if len(o) == {len(fields)}:")
            lines += ["        " + line for line in every]
            lines.append("    else:")
            lines += ["        " + line for line in some]
        lines += self._construct_lines(cls, fields, names)
        exec(
            compile("\n".join(lines), f"<enforcement fast structure {cls.__name__}>", "exec"),
            self._namespace,
        )
        function: Callable[[Any], Any] = self._namespace[fname]
        self.functions[cls] = function
        return function

    def _construct_lines(
        self, cls: Any, fields: tuple[attrs.Attribute[Any], ...], names: list[str]
    ) -> list[str]:
        """Lines that build the instance from the locals ``f0``, ``f1``... and return it.

        A slotted class whose ``__init__`` only stores the values and runs their
        validators is built as that ``__init__`` would build it, without the call's
        keyword arguments and ``object.__setattr__`` per field (the cost of a
        record entry's constructor halves): each slot is set through its descriptor,
        then every field's validators run, in field order, unless attrs' validators
        are switched off (``attrs.validators.set_disabled``). Any other class is
        called.
        """
        slots = set(cls.__dict__.get("__slots__", ())) - {"__weakref__"}
        if (
            slots != {a.name for a in fields}
            or any(a.converter is not None or not a.init for a in fields)
            or hasattr(cls, "__attrs_pre_init__")
            or hasattr(cls, "__attrs_post_init__")
            or not all(isinstance(cls.__dict__.get(a.name), MemberDescriptorType) for a in fields)
        ):
            return [f"    return {self._name(cls, 'cls')}({', '.join(names)})"]
        lines = [f"    x = _new({self._name(cls, 'cls')})"]
        checks = []
        for i, a in enumerate(fields):
            lines.append(f"    {self._name(cls.__dict__[a.name].__set__, 'set')}(x, f{i})")
            validator = a.validator
            if validator is None:
                continue
            # attrs.validators.and_ (a list given to field()) runs its members in order.
            members = getattr(validator, "_validators", None)
            if type(validator).__name__ != "_AndValidator" or not isinstance(members, tuple):
                members = (validator,)
            attribute = self._name(a, "attribute")
            checks += [
                f"        {self._name(v, 'validator')}(x, {attribute}, f{i})" for v in members
            ]
        if checks:
            # The flag attrs' own __init__ reads (set_disabled sets it); the public
            # getter is two calls per object.
            if isinstance(getattr(_ATTRS_CONFIG, "_run_validators", None), bool):
                lines.append("    if _attrs_config._run_validators is True:")
            else:
                lines.append("    if not _validators_off():")
            lines += checks
        lines.append("    return x")
        return lines

    def _value_lines(
        self, tp: Any, rule: re.Pattern[str] | Callable[[Any, type], Any] | None = None
    ) -> list[str]:
        """Lines that turn the raw ``v`` into the structured ``v`` (or raise)."""
        if isinstance(rule, re.Pattern):
            search = self._name(rule.search, "search")
            if _is_optional(tp):
                return [
                    f"if v is not None and (type(v) is not _str or {_bad('v', search)}): raise _REFUSED"
                ]
            return [f"if type(v) is not _str or {_bad('v', search)}: raise _REFUSED"]
        if rule is not None:
            name = self._name(rule, "hook")
            if _is_optional(tp):
                return [f"if v is not None: v = {name}(v, None)"]
            return [f"v = {name}(v, None)"]
        if _is_optional(tp):
            (inner,) = (t for t in get_args(tp) if t is not type(None))
            return ["if v is not None:"] + ["    " + line for line in self._value_lines(inner)]
        if tp is str:
            search = self._name(_LINE_BAD.search, "search")
            return [f"if type(v) is not _str or {_bad('v', search)}: raise _REFUSED"]
        if tp is bool:
            return ["if v is not True and v is not False: raise _REFUSED"]
        if tp is int:
            return ["if type(v) is not int: raise _REFUSED"]
        if isinstance(tp, type) and issubclass(tp, Enum):
            members = self._name({m.value: m for m in tp}, "members")
            return [f"v = {members}[v]"]
        if tp in (date, datetime, Decimal):
            hook_name = self._name(
                {date: _structure_date, datetime: _structure_datetime, Decimal: _structure_money}[
                    tp
                ],
                "hook",
            )
            return [f"v = {hook_name}(v, None)"]
        if _is_homogenous_tuple(tp):
            (inner, _) = get_args(tp)
            head = "if type(v) is not _list: raise _REFUSED"
            if attrs.has(inner):
                function = self._name(self.function(inner), "struct")
                return [head, f"v = _tuple([{function}(x) for x in v])"]
            if inner is str:
                search = self._name(_LINE_BAD.search, "search")
                return [
                    head,
                    "for x in v:",
                    f"    if type(x) is not _str or {_bad('x', search)}: raise _REFUSED",
                    "v = _tuple(v)",
                ]
            raise TypeError(f"no fast structuring for {tp!r}")
        if attrs.has(tp):
            return [f"v = {self._name(self.function(tp), 'struct')}(v)"]
        raise TypeError(f"no fast structuring for {tp!r}")


_fast = _FastStructurer()
for _cls in (Dataset, Agency, Officer, Case, RecordEntry):
    _fast.function(_cls)


def fast_structure(data: Any, cls: type[T]) -> T:
    """Structure valid ``data`` into ``cls`` quickly; raises (without paths) on anything else.

    Accepts exactly what :func:`structure` accepts (``tests/test_fast_path.py``
    compares them); use :func:`structure` to learn why a value was refused.
    """
    function = _fast.functions.get(cls)
    if function is None:
        result: T = fast_converter.structure(data, cls)
        return result
    try:
        return function(data)  # type: ignore[no-any-return]
    except _Refused:
        # The generated code raises one shared instance; raised again, an exception keeps
        # the traceback it had and adds to it, so every refused document's frames (and the
        # document) would stay alive for the life of the process: forget them here.
        _REFUSED.__traceback__ = None
        raise _Refused from None


def structure(data: Any, cls: type[T], *, path: str = "$") -> T:
    """Structure JSON-compatible ``data`` into ``cls``.

    Raises :class:`enforcement.errors.ValidationError` listing every problem
    as ``(path, message)`` pairs.
    """
    try:
        return fast_structure(data, cls)
    except Exception:  # the detailed converter says why
        pass
    try:
        result: T = detailed_converter.structure(data, cls)
    except Exception as exc:
        problems = list(problems_from_exception(exc, path))
        raise ValidationError(problems) from None
    # Accepted by the reference but refused by the fast path: the fast path is
    # stricter than the rules here, a bug the equivalence tests look for; the
    # reference decides.
    return result


def unstructure(obj: Any) -> Any:
    """Turn a model (or a collection of models) into JSON-compatible data."""
    return fast_converter.unstructure(obj)


def problems_from_exception(exc: BaseException, path: str) -> Iterable[tuple[str, str]]:
    """Flatten a cattrs exception (group) into ``(path, message)`` pairs."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from problems_from_exception(sub, _extend(path, note))
        for sub in without:
            yield from problems_from_exception(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_items, without_items = exc.group_exceptions()
        for sub, inote in with_items:
            yield from problems_from_exception(sub, _extend(path, inote))
        for sub in without_items:
            yield from problems_from_exception(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(a.name for a in attrs.fields(exc.cl))
        for key in sorted(exc.extra_fields):
            yield (f"{path}.{key}", f"unknown key (allowed here: {allowed})")
    elif isinstance(exc, FieldError):
        yield (f"{path}.{exc.field}", exc.message)
    elif isinstance(exc, FormatError):
        yield (path, str(exc))
    elif isinstance(exc, KeyError):
        yield (path, "required key is missing")
    else:
        yield (path, f"{type(exc).__name__}: {exc}")


def _extend(path: str, note: AttributeValidationNote | IterableValidationNote) -> str:
    if isinstance(note, IterableValidationNote):
        return f"{path}[{note.index}]"
    return f"{path}.{note.name}"
