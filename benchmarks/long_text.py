"""Rendering time of a notice with very long facts, against the one-paragraph layout.

The PDF plugin lays out long free text in pieces of ``PIECE_CHARS`` characters; the baseline,
measured in the same run, is the old layout (the whole text one paragraph), which reportlab
re-wraps at every page break. Run: ``python benchmarks/long_text.py [--sizes 20000,80000,...]``.
The baseline stops at ``--baseline-max`` characters, because it grows quadratically.
"""

from __future__ import annotations

import argparse
import time

import attrs
import enforcement_pdf.render as pdf_render

import enforcement
from enforcement.synthetic import generate_dataset

SENTENCE = "当事人在新城镇港城路违法搭建彩钢棚一处，面积约三十平方米，未取得建设工程规划许可证。"


def _seconds(case: enforcement.Case, agency: enforcement.Agency) -> float:
    start = time.perf_counter()
    enforcement.render_notice(case, agency=agency)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="20000,80000,400000,4000000")
    parser.add_argument("--baseline-max", type=int, default=80000)
    args = parser.parse_args()
    ds = generate_dataset(cases=20, officers=6, year=2020, seed=1)
    case = next(c for c in ds.cases if c.decision is not None and c.decision.penalties)
    agency = ds.agencies[0]
    assert case.decision is not None
    print(f"{'characters':>12} {'pieces (s)':>11} {'one paragraph (s)':>18} {'ratio':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        facts = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
        long_case = attrs.evolve(case, decision=attrs.evolve(case.decision, facts=facts))
        pieces = _seconds(long_case, agency)
        baseline = "-"
        ratio = "-"
        if size <= args.baseline_max:
            saved = pdf_render.PIECE_CHARS
            pdf_render.PIECE_CHARS = 10**12
            try:
                one = _seconds(long_case, agency)
            finally:
                pdf_render.PIECE_CHARS = saved
            baseline, ratio = f"{one:.2f}", f"{one / pieces:.1f}x"
        print(f"{size:>12,} {pieces:>11.2f} {baseline:>18} {ratio:>7}")


if __name__ == "__main__":
    main()
