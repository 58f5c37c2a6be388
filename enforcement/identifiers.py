"""Check digits of Chinese identifiers.

- 居民身份证号 (resident identity number), GB 11643-1999: 17 digits and a
  MOD 11-2 check character (``0``-``9`` or ``X``), with the holder's birth date
  in characters 7-14. First-generation cards carry a legacy 15-digit number
  (GB 11643-1989: region, ``YYMMDD`` birth date in the 1900s, sequence; no
  check character); they are still valid documents.
- 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters
  from ``0-9ABCDEFGHJKLMNPQRTUWXY`` with a MOD 31 check character.

Each ``*_problem`` function returns ``None`` for a valid value or a short
English sentence saying what is wrong, ready to be put beside a JSON path.
"""

from __future__ import annotations

from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def id_number_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an ID number."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 居民身份证号 (18 digits, or legacy 15), or ``None`` if it is."""
    if len(value) == 15:
        if not value.isascii() or not value.isdigit():
            return "a legacy 15-character ID number must be all digits"
        if id_number_birth_date(value) is None:
            return f"birth date 19{value[6:12]} is not a valid date"
        return None
    if len(value) != 18:
        return f"expected 18 characters (or a legacy 15-digit number), got {len(value)}"
    body, check = value[:17], value[17]
    if not body.isascii() or not body.isdigit():
        return "the first 17 characters must be digits"
    if check not in "0123456789X":
        if check == "x":
            return "the check character must be an upper-case X"
        return f"the check character must be a digit or X, got {check!r}"
    if id_number_birth_date(value) is None:
        return f"birth date {body[6:14]} is not a valid date"
    expected = id_number_check_char(body)
    if check != expected:
        return f"check digit is {check}, expected {expected}"
    return None


def id_number_birth_date(value: str) -> date | None:
    """The birth date encoded in an ID number (18 or legacy 15 digits), or ``None``."""
    # GB 11643-1989 (15-digit) numbers write the year with two digits, all in the 1900s.
    digits = "19" + value[6:12] if len(value) == 15 else value[6:14]
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    if born.year < 1850:
        return None
    return born


def is_valid_id_number(value: str) -> bool:
    """Whether ``value`` is a well-formed 居民身份证号 (18 digits with a correct check
    character, or a legacy 15-digit number)."""
    return id_number_problem(value) is None


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 统一社会信用代码, or ``None`` if it is."""
    if len(value) != 18:
        return f"expected 18 characters, got {len(value)}"
    bad = sorted({c for c in value[:17] if c not in _USCC_VALUE})
    if bad:
        return (
            "characters not allowed by GB 32100: "
            + ", ".join(repr(c) for c in bad)
            + " (allowed: 0-9 and ABCDEFGHJKLMNPQRTUWXY)"
        )
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        return f"check character is {value[17]}, expected {expected}"
    return None


def is_valid_credit_code(value: str) -> bool:
    """Whether ``value`` is a well-formed 统一社会信用代码 with a correct check character."""
    return credit_code_problem(value) is None
