"""Building the models of a case: the ways to do it, measured on the same cases in one run.

Generates ``--cases`` cases (ten record entries each), writes each as JSON, and measures per
case, in interleaved rounds (the median of ``--rounds``):

- ``json.loads`` alone: the floor;
- ``json.loads`` + cattrs, ``detailed_validation=False`` (the path before issue 14);
- ``json.loads`` + cattrs, ``detailed_validation=True`` (the path that explains a refusal);
- ``json.loads`` + the generated fast path (``enforcement.converter.fast_structure``);
- orjson + the generated fast path, and msgspec's untyped decoder + the generated fast path;
- msgspec decoding straight into the attrs classes (``msgspec.json.decode(type=Case)``).

orjson and msgspec are measured when installed (``pip install orjson msgspec``). The last
line shows, for msgspec's typed decoding, which rules of ``docs/format.md`` it does not
enforce: each is a document the library refuses and msgspec accepts.

Run: ``python benchmarks/structure.py [--cases 2000] [--rounds 7]``.
"""

from __future__ import annotations

import argparse
import copy
import gc
import importlib
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from enforcement.converter import detailed_converter, fast_converter, fast_structure, unstructure
from enforcement.models import Case
from enforcement.synthetic import generate_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    ds = generate_dataset(cases=args.cases, records_per_case=10, defects=0.05)
    texts = [json.dumps(unstructure(c), ensure_ascii=False) for c in ds.cases]
    blobs = [t.encode() for t in texts]
    loads = json.loads

    ways: dict[str, Callable[[], object]] = {
        "json.loads alone": lambda: [loads(t) for t in texts],
        "json.loads + cattrs (fast converter)": lambda: [
            fast_converter.structure(loads(t), Case) for t in texts
        ],
        "json.loads + cattrs (detailed converter)": lambda: [
            detailed_converter.structure(loads(t), Case) for t in texts
        ],
        "json.loads + generated fast path": lambda: [fast_structure(loads(t), Case) for t in texts],
    }
    try:
        orjson: Any = importlib.import_module("orjson")  # optional: measured when installed
        ways["orjson + generated fast path"] = lambda: [
            fast_structure(orjson.loads(b), Case) for b in blobs
        ]
    except ImportError:
        print("orjson not installed: not measured")
    try:
        msgspec: Any = importlib.import_module("msgspec")  # optional: measured when installed
        untyped = msgspec.json.Decoder()
        typed = msgspec.json.Decoder(Case)
        ways["msgspec (untyped) + generated fast path"] = lambda: [
            fast_structure(untyped.decode(b), Case) for b in blobs
        ]
        ways["msgspec straight into the attrs classes"] = lambda: [typed.decode(b) for b in blobs]
    except ImportError:
        print("msgspec not installed: not measured")

    expected = list(ds.cases)
    for name, way in ways.items():
        if name != "json.loads alone":
            assert way() == expected, name
    times: dict[str, list[float]] = {name: [] for name in ways}
    gc.disable()
    for _ in range(args.rounds):
        for name, way in ways.items():
            start = time.perf_counter()
            way()
            times[name].append(time.perf_counter() - start)
    gc.enable()
    floor = statistics.median(times["json.loads alone"])
    before = statistics.median(times["json.loads + cattrs (fast converter)"])
    print(f"{len(texts):,} cases, {sum(len(c.records) for c in expected):,} record entries")
    print(f"{'way':<42} {'µs a case':>10} {'x json.loads':>13} {'x before':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<42} {median / len(texts) * 1e6:>10.1f} {median / floor:>13.2f}"
            f" {median / before:>9.2f}"
        )
    if msgspec is not None:
        print("msgspec straight into the attrs classes accepts what docs/format.md refuses:")
        base = json.loads(texts[0])
        probes: dict[str, Callable[[dict[str, Any]], object]] = {
            "an unknown key": lambda d: d.update(extra=1),
            "a zero-width space in the case id": lambda d: d.update(id=d["id"] + "\u200b"),
            "a line break in the title": lambda d: d.update(title="a\nb"),
            "the year 0001": lambda d: d.update(opened_on="0001-01-02"),
        }
        for label, change in probes.items():
            doc = copy.deepcopy(base)
            change(doc)
            blob = json.dumps(doc).encode()
            try:
                typed.decode(blob)
                accepted = True
            except (msgspec.ValidationError, ValueError):
                accepted = False
            try:
                fast_structure(json.loads(blob), Case)
                ours = "accepts"
            except Exception:
                ours = "refuses"
            print(
                f"  {label:<36} msgspec {'accepts' if accepted else 'refuses'}, enforcement {ours}"
            )


if __name__ == "__main__":
    main()
