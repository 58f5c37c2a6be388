"""How fast the command line starts: ``enforcement --help`` against bare interpreters.

Run by hand: ``python benchmarks/cli.py [--runs 20]``. Each command is started
``--runs`` times in a fresh interpreter, alternating between commands so that a
burst of load on the shared machine hits them all alike; the median wall time
of each is printed beside the baselines measured in the same run,
``python -c pass`` and ``python -c "import click"``. Target (issue 14 §6):
``enforcement --help`` under 150 ms, and no reportlab imported to print help.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

HELP = "from enforcement.cli import main; import sys; sys.argv[1:] = ['--help']; main()"

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import click'": [sys.executable, "-c", "import click"],
    "import enforcement": [sys.executable, "-c", "import enforcement"],
    "enforcement --help": [sys.executable, "-c", HELP],
    "enforcement schema --help": [
        sys.executable,
        "-c",
        HELP.replace("['--help']", "['schema', '--help']"),
    ],
}


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def importtime(top: int = 12) -> None:
    """Print the top-level imports of ``enforcement --help`` by cumulative time (-X importtime)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", HELP], capture_output=True, text=True, check=True
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|", 2)
        if not name.startswith("  "):  # " name": top level, imported by the program itself
            rows.append((int(cumulative_us), int(self_us), name.strip()))
    print("top-level imports of enforcement --help (python -X importtime, one run):")
    for cumulative, own, name in sorted(rows, reverse=True)[:top]:
        print(f"  {cumulative / 1000:7.1f} ms cumulative  {own / 1000:6.1f} ms own  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--cases", type=int, default=0, help="accepted like every benchmark's; unused here"
    )
    parser.add_argument(
        "--importtime", action="store_true", help="also list what --help imports, by cost"
    )
    args = parser.parse_args()
    if args.importtime:
        importtime()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():
        timed(argv)  # warm the file cache
    for _ in range(args.runs):
        for name, argv in COMMANDS.items():
            times[name].append(timed(argv))
    medians = {name: statistics.median(values) for name, values in times.items()}
    bare, click_ = medians["python -c pass"], medians["python -c 'import click'"]
    for name, median in medians.items():
        print(
            f"{name:<28} median {median * 1000:6.1f} ms  (min {min(times[name]) * 1000:6.1f})"
            f"  {median / click_:4.2f}x import click, +{(median - bare) * 1000:5.1f} ms over bare"
        )
    help_ms = medians["enforcement --help"] * 1000
    probe = (
        "import sys\nfrom enforcement.cli import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'), file=sys.stderr)"
    )
    rl = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stderr.strip()
    print(f"reportlab modules imported by --help: {rl}")
    verdict = "met" if help_ms < 150 and rl == "[]" else "MISSED"
    print(f"target (--help < 150 ms, no reportlab): {verdict}", file=sys.stderr)


if __name__ == "__main__":
    main()
