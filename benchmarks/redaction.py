"""Precision and recall of each redaction detector on the labelled 违法事实 corpus, and speed.

The corpus (``tests/redaction/corpus/facts.jsonl``) marks the personal data of each sentence
by kind. Each detector runs alone, as publication would run it (no case on record, the
sentence's officers, organisations and representatives public), on every sentence:

- a detector's span is a true positive when it overlaps a labelled span of a kind it is
  meant to find, a false positive otherwise (precision);
- a labelled span of a kind is found when some detector of that kind overlaps it (recall).

Addresses have no detector: they are masked when they are on record (``known_address``).

It then publishes every due notice of the demo's 300 cases (``enforcement demo``: the same
generator, seed and defect rate), the roster and the annual report data, and prints how many
were refused: clean realistic data must publish (issue 10 asks for 0).

Run: ``python benchmarks/redaction.py``.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from enforcement.redaction import redactor_for
from enforcement.redaction.engine import Redactor
from enforcement.redaction.folding import normalise

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "redaction" / "corpus" / "facts.jsonl"

KINDS = {
    "id_number_like": {"id_number"},
    "mobile_number": {"phone"},
    "landline_number": {"phone"},
    "local_phone_number": {"phone"},
    "phone_like": {"phone"},
    "bank_card": {"bank_account"},
    "long_number": {"bank_account", "id_number", "phone"},
    "email": {"email"},
    "licence_plate": {"licence_plate"},
    "person_name": {"name"},
    "person_name_uncertain": {"name"},
    "dotted_name": {"name"},
}


def load() -> list[dict[str, Any]]:
    """The labelled sentences."""
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def evaluate(sentences: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per detector: tp, fp, precision; per kind: labelled, found, recall."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for sentence in sentences:
        redactor: Redactor = redactor_for(None, public=sentence["public"])
        view = normalise(sentence["text"])
        spans = [(s, *view.span(s.start, s.end)) for s in redactor.detect(view)]
        gold = [tuple(label) for label in sentence["labels"]]
        for span, start, end in spans:
            kinds = KINDS.get(span.rule, set())
            if any(k in kinds and start < b and a < end for a, b, k in gold):
                tp[span.rule] += 1
            else:
                fp[span.rule] += 1
        for a, b, kind in gold:
            labelled[kind] += 1
            if any(
                kind in KINDS.get(s.rule, set()) and start < b and a < end
                for s, start, end in spans
            ):
                found[kind] += 1
    out: dict[str, dict[str, float]] = {}
    for rule in sorted(set(tp) | set(fp)):
        total = tp[rule] + fp[rule]
        out[rule] = {"tp": tp[rule], "fp": fp[rule], "precision": tp[rule] / total}
    for kind in sorted(labelled):
        out[f"kind:{kind}"] = {
            "labelled": labelled[kind],
            "found": found[kind],
            "recall": found[kind] / labelled[kind],
        }
    return out


def demo_refusals() -> tuple[int, int, Counter[str]]:
    """``(published, refused, rules)`` over the demo's due notices, roster and report data."""
    from datetime import date

    from enforcement.demo import YEAR
    from enforcement.errors import PublicationRefusedError
    from enforcement.notices import (
        build_notice_document,
        build_roster_document,
        document_redactor,
        due_notice_kinds,
    )
    from enforcement.redaction import redact_document
    from enforcement.reports import summary_data
    from enforcement.sources import DatasetSource
    from enforcement.summary import summarize
    from enforcement.synthetic import generate_dataset

    ds = generate_dataset(cases=300, officers=40, year=YEAR, seed=YEAR, defects=0.08)
    agencies = {a.id: a for a in ds.agencies}
    published = refused = 0
    rules: Counter[str] = Counter()

    def attempt(make: Any) -> None:
        nonlocal published, refused
        try:
            make()
            published += 1
        except PublicationRefusedError as exc:
            refused += 1
            rules.update(r.rule for r in exc.refusals)

    for case in ds.cases:
        if any(p.is_minor_on(case.decision.decided_on) for p in case.parties if case.decision):
            continue
        for kind in due_notice_kinds(case):

            def notice(case: Any = case, kind: Any = kind) -> None:
                document = build_notice_document(case, kind, agency=agencies.get(case.agency_id))
                redact_document(document, document_redactor(document, case))

            attempt(notice)
    for agency in ds.agencies:

        def roster(agency: Any = agency) -> None:
            document = build_roster_document(agency, ds.officers, date(YEAR, 12, 31))
            redact_document(document, document_redactor(document))

        attempt(roster)
    attempt(lambda: summary_data(summarize(DatasetSource(ds), year=YEAR)))
    return published, refused, rules


def main(argv: Sequence[str] | None = None) -> int:
    """Print precision per detector, recall per kind, the time per sentence, and the demo's
    refusal rate."""
    sentences = load()
    redactor_for(None).detect(normalise("预热"))  # load jieba outside the timing
    start = time.perf_counter()
    results = evaluate(sentences)
    elapsed = time.perf_counter() - start
    print(f"{len(sentences)} labelled sentences, {elapsed / len(sentences) * 1000:.2f} ms each")
    print(f"{'detector':<24} {'tp':>5} {'fp':>5} {'precision':>10}")
    for name, row in results.items():
        if not name.startswith("kind:"):
            print(f"{name:<24} {row['tp']:>5.0f} {row['fp']:>5.0f} {row['precision']:>10.1%}")
    print(f"{'kind':<24} {'found':>5} {'of':>5} {'recall':>10}")
    for name, row in results.items():
        if name.startswith("kind:"):
            print(
                f"{name[5:]:<24} {row['found']:>5.0f} {row['labelled']:>5.0f} {row['recall']:>10.1%}"
            )
    published, refused, rules = demo_refusals()
    total = published + refused
    print(
        f"demo (300 cases): {total} publications (notices, roster, report data), "
        f"{refused} refused ({refused / total:.1%}) {dict(rules) or ''}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
