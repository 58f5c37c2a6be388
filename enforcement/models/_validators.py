"""attrs validators that keep the failing field's name.

cattrs reports an exception raised inside a class's ``__init__`` at the path
of the object, not of the field; raising :class:`~enforcement.errors.FieldError`
lets the edge put the field name back on the path.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from enforcement.errors import FieldError


def non_empty(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """A required string must not be empty or blank."""
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


def non_negative(
    _instance: object, attribute: attrs.Attribute[Any], value: Decimal | int | None
) -> None:
    """An amount, a count or a number of hours must not be negative."""
    if value is not None and value < 0:
        raise FieldError(attribute.name, f"must not be negative, got {value}")


def aware(_instance: object, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """A datetime must carry a UTC offset."""
    if value is not None and value.utcoffset() is None:
        raise FieldError(attribute.name, "expected a datetime with a UTC offset")


def not_before(other: str) -> Any:
    """The field's date must not be earlier than the date in field ``other``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: date | None) -> None:
        if value is None:
            return  # most such dates are absent: no need to read the other field
        earlier = getattr(instance, other)
        if earlier is not None and value < earlier:
            raise FieldError(
                attribute.name, f"{value.isoformat()} is before {other} {earlier.isoformat()}"
            )

    return check
