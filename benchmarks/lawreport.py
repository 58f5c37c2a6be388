"""The law report (法治政府建设情况报告): the seed's report, and the largest input accepted.

Measures in the same run, against the statistics report of the same summary as the baseline:

- summary: ``enforcement.render_summary`` of the seed town's year (cover, charts, tables);
- seed: ``build_law_report`` + ``render_law_report`` of the seed's own words (10 KB);
- largest: the same with part 2 one paragraph filling ``MAX_BYTES``; reportlab's cost of breaking
  one paragraph across pages grows with the square of its length, which is why the input is
  capped.

Target: the seed's report no slower than the statistics report; the largest input under 30 s.
Run: ``python benchmarks/lawreport.py [--repeat 3]`` (the best of ``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

import enforcement
from enforcement.lawreport import ReportInput, build_law_report, render_law_report
from enforcement.lawreport.sections import MAX_BYTES
from enforcement.reports import SummarySection
from enforcement.synthetic import generate_dataset

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "lawreport" / "fixtures" / "seed_2020.toml"


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    dataset = generate_dataset(cases=60, officers=80, defects=0)
    summary = enforcement.summarize(dataset, year=2020, agency_id="xc")
    seed_text = SEED.read_text(encoding="utf-8")
    seed = ReportInput.parse(seed_text)
    sentence = "本镇持续推进法治建设，各项工作有序开展。"
    filler = sentence * ((MAX_BYTES - len(seed_text.encode()) - 200) // len(sentence.encode()))
    largest = ReportInput.parse(
        seed_text.replace("2020,新城镇在推进法治政府建设工作取得了一些成绩和进步", filler, 1)
    )

    # The disclosure plugin's section, as it states the seed's figures.
    sections = [
        SummarySection(
            key="disclosure_requests",
            title="政府信息公开申请办理情况",
            paragraphs=["办理上年度结转政府信息公开申请16件，本年度收到政府信息公开申请71件。"],
        )
    ]

    def law_report(report: ReportInput) -> bytes:
        return render_law_report(build_law_report(summary, report, sections=sections))

    baseline = best(args.repeat, lambda: enforcement.render_summary(summary))
    seed_time = best(args.repeat, lambda: law_report(seed))
    largest_time = best(1, lambda: law_report(largest))
    print(f"statistics report (baseline): {baseline * 1000:8.1f} ms")
    print(
        f"seed law report:              {seed_time * 1000:8.1f} ms  ({seed_time / baseline:.2f}x)"
    )
    print(
        f"largest input ({MAX_BYTES // 1024} KB):     {largest_time:8.1f} s   "
        f"({largest_time / baseline:.0f}x)"
    )
    ok = seed_time <= baseline and largest_time < 30
    print("target met" if ok else "target missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
