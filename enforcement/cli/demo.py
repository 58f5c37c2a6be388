"""``enforcement demo``: a sample town's year, end to end, on the embedded SQLite default."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from enforcement._files import OutputError
from enforcement.cli._output import fail, force_option
from enforcement.demo import DemoResult, run_demo

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


@click.command()
@click.option(
    "-o",
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo"),
    show_default=True,
    help="Where to put the store, the notices and the reports.",
)
@click.option(
    "--cases",
    type=click.IntRange(min=10, max=100_000),
    default=300,
    show_default=True,
    help="How many cases the sample town's year has.",
)
@force_option
def demo(out_dir: Path, cases: int, force: bool) -> None:
    """Build a sample town's year, store it, check it, publish its notices and summarise it.

    The directory is marked as the demo's (.enforcement-demo), so running the
    demo again replaces its own files; files of the same names that the demo did
    not write are never replaced without --force.
    """
    with ExitStack() as stack:
        bars: dict[str, ProgressBar[int]] = {}

        def progress(step: str, done: int, total: int) -> None:
            if not sys.stderr.isatty():
                return
            bar = bars.get(step)
            if bar is None:
                bar = bars[step] = stack.enter_context(
                    click.progressbar(length=max(total, 1), label=step, file=sys.stderr)
                )
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        try:
            result = run_demo(out_dir, cases=cases, echo=click.echo, progress=progress, force=force)
        except OutputError as exc:
            fail(exc)
    click.echo("")
    click.echo(f"everything is in {result.directory}/:")
    for label, path in _outputs(result):
        click.echo(f"  {label:<22} {path}")
    first = next(iter(sorted(result.notices.glob("*.pdf"))), None)
    click.echo("")
    click.echo("verify them:")
    click.echo(
        f"  enforcement db verify --db {result.store_url} "
        f"--checkpoint {result.checkpoint} --cert {result.certificate}"
    )
    if first is not None:
        click.echo(
            f"  enforcement notice verify {first} --db {result.store_url} "
            f"--cert {result.certificate} --checkpoint {result.checkpoint}"
        )


def _outputs(result: DemoResult) -> Iterator[tuple[str, object]]:
    yield "interchange file", result.dataset
    yield "store", result.store_url
    yield "compliance findings", result.findings
    yield "public notices", result.notices
    yield "officer roster", result.roster
    yield "summary data", result.summary_json
    yield "summary report", result.summary_pdf
    yield "demo signing key", result.key
    yield "its certificate", result.certificate
    yield "signed checkpoint", result.checkpoint


COMMANDS = (demo,)
