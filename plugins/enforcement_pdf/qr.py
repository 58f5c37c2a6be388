"""QR codes drawn straight onto the canvas: segno's symbol, chosen faster.

segno encodes a 64-character digest in QR alphanumeric mode (``SHA256:`` plus upper-case
hex), against about 9 ms for reportlab's own widget. Three quarters of segno's time is
choosing the data mask: it applies each of the eight masks and scores the result module by
module in Python. :func:`qr_matrix` runs segno's own encoding steps (segments, error
correction, codeword placement, format and version information) and only chooses the mask
differently: each row is a Python integer, a mask is an XOR with rows remembered per
symbol size, and the four penalty scores of ISO/IEC 18004 §7.8.3 are counted with bytes
and integer operations that give segno's numbers exactly (same rules, same quirks, the
same first-lowest choice). The symbol is therefore the one ``segno.make(payload,
error="m", micro=False, boost_error=False)`` makes, module for module; the tests compare
them over thousands of payloads. If segno's internals are not the ones this was written
against, :func:`qr_matrix` uses ``segno.make`` itself.

The modules are drawn as one filled path of horizontal runs (:func:`draw_qr`), with the
numbers of the path formatted once per position and size.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import segno
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

try:  # segno's encoding steps (segno.encoder, 1.6): everything but the mask choice
    from segno import consts as _consts
    from segno import encoder as _encoder

    _STEPS: Any = (
        _encoder.prepare_data,
        _encoder.find_version,
        _encoder.version_range,
        _encoder.Buffer,
        _encoder.write_segment,
        _encoder.write_terminator,
        _encoder.write_padding_bits,
        _encoder.write_pad_codewords,
        _encoder.make_final_message,
        _encoder.calc_matrix_size,
        _encoder.make_matrix,
        _encoder.add_finder_patterns,
        _encoder.add_alignment_patterns,
        _encoder.add_codewords,
        _encoder.get_data_mask_functions,
        _encoder.add_format_info,
        _encoder.add_version_info,
        _consts.SYMBOL_CAPACITY,
        _consts.ERROR_LEVEL_M,
    )
except (ImportError, AttributeError):  # pragma: no cover - another segno
    _STEPS = None

_RUN = re.compile(rb"(.)\1{4,}", re.DOTALL)
"""Five or more equal modules in a row (penalty N1)."""
_N3 = b"\x01\x00\x01\x01\x01\x00\x01"
"""The finder-like 1:1:3:1:1 pattern (penalty N3)."""
_EQUAL = bytes([1] + [0] * 255)
"""``bytes.translate`` table: 1 where a byte is zero (two modules were equal), else 0."""


def qr_matrix(payload: str) -> list[list[bool]]:
    """The dark modules of the QR code of ``payload`` (error correction M, no quiet zone)."""
    return [[bool(v) for v in row] for row in _rows(payload)]


def _rows(payload: str) -> tuple[bytes, ...]:
    """The modules of the QR code of ``payload``, a row of bytes each (non-zero is dark)."""
    rows = _encode(payload) if _STEPS is not None else None
    if rows is None:
        code: Any = segno.make(payload, error="m", micro=False, boost_error=False)
        rows = code.matrix
    return tuple(bytes(row) for row in rows)


def _encode(payload: str) -> tuple[bytearray, ...] | None:
    """segno's ``encode(payload, error="m", micro=False, boost_error=False)``, step by step,
    with the mask chosen by :func:`_best_mask`. ``None`` for a Micro QR size (never chosen
    with ``micro=False``) so that the caller asks segno itself."""
    e: Any = _encoder
    error = _consts.ERROR_LEVEL_M
    segments = e.prepare_data(payload, None, None)
    version = e.find_version(segments, error, eci=False, micro=False)
    if version < 1:  # pragma: no cover - micro=False never gives a Micro QR version
        return None
    buff = e.Buffer()
    ver_range = e.version_range(version)
    for segment in segments:
        e.write_segment(buff, segment, None, ver_range, False)
    consts: Any = _consts
    capacity = consts.SYMBOL_CAPACITY[version][error]
    e.write_terminator(buff, capacity, None, len(buff))
    e.write_padding_bits(buff, version, len(buff))
    e.write_pad_codewords(buff, version, capacity, len(buff))
    buff = e.make_final_message(version, error, buff)
    width = e.calc_matrix_size(version)
    matrix = e.make_matrix(width, width)
    e.add_finder_patterns(matrix, width, width)
    e.add_alignment_patterns(matrix, width, width)
    e.add_codewords(matrix, buff, version)
    masks = _masks(width)
    values = [int.from_bytes(row, "big") for row in matrix]
    mask = _best_mask(values, masks, width)
    for i, row in enumerate(matrix):
        row[:] = (values[i] ^ masks[mask][i]).to_bytes(width, "big")
    e.add_format_info(matrix, version, error, mask)
    e.add_version_info(matrix, version)
    return tuple(matrix)


@functools.cache
def _masks(width: int) -> tuple[tuple[int, ...], ...]:
    """Per mask pattern, its rows as integers: byte ``j`` is 1 where segno's mask flips
    module ``j`` (the encoding region, where the pattern's condition holds)."""
    e: Any = _encoder
    function = e.make_matrix(width, width)
    e.add_finder_patterns(function, width, width)
    e.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    out = []
    for pattern in e.get_data_mask_functions(False):
        rows = []
        for i in range(width):
            flips = bytes(1 if function[i][j] > 0x1 and pattern(i, j) else 0 for j in range(width))
            rows.append(int.from_bytes(flips, "big"))
        out.append(tuple(rows))
    return tuple(out)


def _best_mask(values: list[int], masks: tuple[tuple[int, ...], ...], width: int) -> int:
    """The mask segno chooses: the first with the lowest penalty score."""
    best, best_score = 0, -1
    for number, mask in enumerate(masks):
        rows = [(v ^ m).to_bytes(width, "big") for v, m in zip(values, mask, strict=True)]
        score = _penalty(rows, width)
        if best_score < 0 or score < best_score:
            best, best_score = number, score
    return best


def _n3(seq: bytes, size: int) -> int:
    """segno's ``n3_pattern_occurrences`` (the same walk, the same boundary rule)."""
    count = 0
    idx = seq.find(_N3)
    while idx != -1:
        offset = idx + 7
        if (
            idx in (0, size - 7)
            or not any(seq[max(idx - 4, 0) : min(idx, size)])
            or not any(seq[max(offset, 0) : min(offset + 4, size)])
        ):
            count += 40
        else:
            offset = idx + 4
        idx = seq.find(_N3, offset)
    return count


def _penalty(rows: list[bytes], size: int) -> int:
    """segno's ``evaluate_mask`` of the matrix ``rows`` (N1 + N2 + N3 + N4)."""
    columns = [bytes(column) for column in zip(*rows, strict=True)]
    # A separator that is no module value keeps runs and patterns within their line.
    lines = b"\xff".join(rows) + b"\xff" + b"\xff".join(columns)
    # N1: each run of five or more counts its length less two.
    rest, runs = _RUN.subn(b"", lines)
    n1 = len(lines) - len(rest) - 2 * runs
    # N2: 2x2 blocks of one value, as byte flags: the module equals the one above it, on two
    # neighbouring columns, and equals its left neighbour.
    n2 = 0
    previous: int | None = None
    for row in rows:
        value = int.from_bytes(row, "big")
        if previous is not None:
            same_left = (value ^ (value >> 8)).to_bytes(size, "big").translate(_EQUAL)
            vertical = int.from_bytes((value ^ previous).to_bytes(size, "big").translate(_EQUAL))
            # byte j of (vertical >> 8) is column j-1; byte 0 gets 0 (segno skips j == 0)
            n2 += (vertical & (vertical >> 8) & int.from_bytes(same_left)).bit_count()
        previous = value
    n3 = 0
    if _N3 in lines:
        n3 = sum(_n3(seq, size) for seq in (*rows, *columns) if _N3 in seq)
    matrix = lines[: size * (size + 1)]
    dark = matrix.count(1) + 2 * matrix.count(2) + 3 * matrix.count(3)
    percent = float(dark) / (size**2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1 + 3 * n2 + n3 + n4


_DARK = re.compile(rb"[^\x00]+")
"""A run of dark modules in a row."""


@functools.lru_cache(maxsize=64)
def _grid(x: float, y: float, size: float, n: int) -> tuple[list[str], list[str], list[str], str]:
    """The numbers of a QR code's path as the canvas writes them (``fp_str``), per column
    start, row and run length: the arithmetic of ``path.rect(x + start * module, top,
    (c - start) * module, module)``, done once per position and size."""
    module = size / n
    starts = [fp_str(x + start * module) for start in range(n)]
    tops = [fp_str(y + size - (r + 1) * module) for r in range(n)]
    widths = [fp_str(length * module) for length in range(n + 1)]
    return starts, tops, widths, fp_str(module)


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of ``payload`` with its lower-left corner at (x, y), ``size`` wide:
    one filled path of a rectangle per horizontal run of dark modules."""
    rows = _rows(payload)
    starts, tops, widths, module = _grid(x, y, size, len(rows))
    codes = []
    for r, row in enumerate(rows):
        top = tops[r]
        for run in _DARK.finditer(row):
            start, end = run.span()
            codes.append(f"{starts[start]} {top} {widths[end - start]} {module} re")
    path: Any = canvas.beginPath()
    for code in codes:
        path._code_append(code)  # the first call starts the path ("n"), as path.rect does
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
