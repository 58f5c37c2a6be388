"""QR codes drawn straight onto the canvas: segno's symbol, chosen faster.

segno encodes a 64-character digest in QR alphanumeric mode (``SHA256:`` plus upper-case
hex), against about 9 ms for reportlab's own widget. Three quarters of segno's time is
choosing the data mask: it applies each of the eight masks and scores the result module by
module in Python. :func:`qr_matrix` runs segno's own encoding steps (segments, error
correction, format and version information) and does two things differently: the modules
the codewords fill, in segno's order, are worked out once per version (by segno's own
placement), and the mask is chosen with each row as a Python integer, a mask as an XOR
with rows remembered per symbol size, and the four penalty scores of ISO/IEC 18004
§7.8.3 counted with bytes and integer operations over all lines at once that give segno's
numbers exactly (same rules, same quirks, the same first-lowest choice): about 0.8 ms a
notice's code against segno's 2.9 ms (CPU time). The symbol is therefore the one ``segno.make(payload,
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
    template, positions = _layout(version, width)
    matrix = tuple(bytearray(row) for row in template)
    bits = buff.getbits()
    if len(bits) > len(positions):  # pragma: no cover - segno would refuse it: let it say so
        e.add_codewords(matrix, buff, version)
    for (i, j), bit in zip(positions, bits, strict=False):
        matrix[i][j] = bit
    masks = _masks(width)
    values = [int.from_bytes(row, "big") for row in matrix]
    mask = _best_mask(values, masks, width)
    for i, row in enumerate(matrix):
        row[:] = (values[i] ^ masks[mask][i]).to_bytes(width, "big")
    e.add_format_info(matrix, version, error, mask)
    e.add_version_info(matrix, version)
    return tuple(matrix)


@functools.cache
def _layout(version: int, width: int) -> tuple[tuple[bytes, ...], tuple[tuple[int, int], ...]]:
    """A symbol's function patterns (segno's matrix before the codewords) and the modules
    segno's ``add_codewords`` fills, in the order it fills them: what depends on the
    version alone."""
    e: Any = _encoder
    matrix = e.make_matrix(width, width)
    e.add_finder_patterns(matrix, width, width)
    e.add_alignment_patterns(matrix, width, width)
    template = tuple(bytes(row) for row in matrix)
    # segno's placement run on rows of numbers, with "bits" that number the modules.
    rows = [list(row) for row in template]
    free = sum(row.count(0x2) for row in template)
    first = 0x100  # no module value
    e.add_codewords(rows, list(range(first, first + free)), version)
    cells = sorted(
        (value, i, j) for i, row in enumerate(rows) for j, value in enumerate(row) if value >= first
    )
    return template, tuple((i, j) for _, i, j in cells)


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


def _n3_lines(lines: bytes, size: int) -> int:
    """segno's ``n3_pattern_occurrences`` summed over every line of ``lines`` (each line
    ``size`` modules after a separator byte): the same walk, line by line, from one search."""
    count = 0
    width = size + 1
    pos = lines.find(_N3)
    while pos != -1:
        start = pos - (pos - 1) % width  # where this line's modules begin
        idx = pos - start
        offset = idx + 7
        if (
            idx in (0, size - 7)
            or not any(lines[start + max(idx - 4, 0) : start + min(idx, size)])
            or not any(lines[start + max(offset, 0) : start + min(offset + 4, size)])
        ):
            count += 40
        else:
            offset = idx + 4
        pos = lines.find(_N3, start + offset)
    return count


@functools.cache
def _n2_mask(size: int) -> int:
    """Byte flags over a matrix's rows joined: 1 where a module has one above and one to its
    left (row and column past the first), where segno looks for a 2x2 block."""
    flags = bytes(1 if k >= size and k % size else 0 for k in range(size * size))
    return int.from_bytes(flags, "big")


def _equal_to_previous(data: bytes, distance: int) -> int:
    """Byte flags: 1 at ``k`` where ``data[k] == data[k - distance]`` (0 for ``k < distance``
    unless ``data[k]`` is 0: callers mask those positions out)."""
    value = int.from_bytes(data, "big")
    return int.from_bytes(
        (value ^ (value >> (8 * distance))).to_bytes(len(data), "big").translate(_EQUAL), "big"
    )


def _penalty(rows: list[bytes], size: int) -> int:
    """segno's ``evaluate_mask`` of the matrix ``rows`` (N1 + N2 + N3 + N4)."""
    columns = [bytes(column) for column in zip(*rows, strict=True)]
    # A separator that is no module value keeps runs and patterns within their line.
    lines = b"\xff" + b"\xff".join(rows) + b"\xff" + b"\xff".join(columns)
    # N1: a run of L >= 5 equal modules counts L - 2. With E the flags "equals the module
    # before", such a run is a run of k = L - 1 >= 4 flags; windows of four flags number
    # k - 3 in it, so L - 2 = k - 1 is the windows plus two per run of windows.
    same = _equal_to_previous(lines, 1)
    windows = same & (same >> 8) & (same >> 16) & (same >> 24)
    n1 = windows.bit_count() + 2 * (windows & ~(windows >> 8)).bit_count()
    # N2: 2x2 blocks of one value: the module equals the one above it, the one to its left,
    # and the one to its left equals the one above that.
    matrix = b"".join(rows)
    above = _equal_to_previous(matrix, size)
    left = _equal_to_previous(matrix, 1)
    n2 = (above & (above >> 8) & left & _n2_mask(size)).bit_count()
    n3 = _n3_lines(lines, size)
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
