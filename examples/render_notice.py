"""Render the public notice of one case from an interchange file.

Usage: python examples/render_notice.py cases.json XC2020-00004 notice.pdf [decision|withdrawal]
"""

from __future__ import annotations

import sys

import enforcement


def main(argv: list[str]) -> int:
    """Render the notice and print its digest and redaction manifest."""
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    source, case_id, target = argv[:3]
    kind = argv[3] if len(argv) == 4 else "decision"
    dataset = enforcement.load(source)
    case = dataset.case(case_id)
    if case is None:
        print(f"{source}: no case {case_id!r}", file=sys.stderr)
        return 1
    if kind not in ("decision", "withdrawal"):
        print(f"unknown kind {kind!r}", file=sys.stderr)
        return 2
    enforcement.render_notice(
        case,
        "withdrawal" if kind == "withdrawal" else "decision",
        agency=dataset.agency(case.agency_id),
        out=target,
    )
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
