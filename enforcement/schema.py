"""JSON Schema (draft 2020-12) of the interchange format, generated from the models.

The schema describes shapes and formats; rules that span objects (references,
check digits, date order) are only in :mod:`enforcement.validation`.
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from enforcement.models import FORMAT, Dataset, Training

SCHEMA_ID = "https://enforcement.readthedocs.io/schema/enforcement-1.json"

_NUMBER_FIELDS = {(Training, "hours")}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of an ``enforcement/1`` document."""
    defs: dict[str, Any] = {}
    root = _object_schema(Dataset, defs)
    root["properties"] = {
        "format": {"const": FORMAT, "description": "格式版本"},
        **root["properties"],
    }
    root["required"] = ["format", *root.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "enforcement interchange format (行政执法记录交换格式)",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for a in attrs.fields(cls):
        if (cls, a.name) in _NUMBER_FIELDS:
            prop: dict[str, Any] = {
                "oneOf": [
                    {"type": "number", "minimum": 0},
                    {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
                ]
            }
        else:
            prop = _type_schema(hints[a.name], defs)
        extra = a.metadata.get("schema")
        if extra:
            prop = _with_string_schema(prop, extra)
        doc = a.metadata.get("doc")
        if doc:
            prop = {**prop, "description": doc}
        properties[a.name] = prop
        if a.default is attrs.NOTHING:
            required.append(a.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if cls.__doc__:
        schema["description"] = cls.__doc__.strip().splitlines()[0]
    if required:
        schema["required"] = required
    return schema


def _with_string_schema(prop: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``prop`` with ``extra`` (a field's ``schema`` metadata) on its string alternative."""
    if "anyOf" in prop:
        return {"anyOf": [_with_string_schema(p, extra) for p in prop["anyOf"]]}
    return {**prop, **extra} if prop.get("type") == "string" else prop


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return {"anyOf": [*(_type_schema(a, defs) for a in inner), {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # reserve the name against recursion
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer", "minimum": 0}
    if tp is datetime:
        return {
            "type": "string",
            "format": "date-time",
            "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$",
        }
    if tp is date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if tp is Decimal:
        return {"type": "string", "pattern": r"^\d+(\.\d+)?$"}
    raise TypeError(f"no JSON Schema for {tp!r}")
