"""``site``: the public portal (行政执法公示专栏) as static HTML, from a file or a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from enforcement.cli.signing import signing_from, signing_options
from enforcement.cli.source import (
    load_policy,
    opened_source,
    policy_option,
    source_name,
    source_options,
    unusable,
)
from enforcement.errors import EnforcementError, PublicationRefusedError, SiteError
from enforcement.site import SiteOptions, build_site, normalise_base_url
from enforcement.store.url import resolve_url

EXIT_UNUSABLE = 2


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2021-03-31, got {value!r}") from None


def _store_file(path: Path | None, db_url: str | None) -> list[Path]:
    """The files the build reads, which the output directory may not hold."""
    if path is not None:
        return [path]
    url = resolve_url(db_url)
    if url.startswith("sqlite:///"):
        return [Path(url.removeprefix("sqlite:///"))]
    return []


@click.command()
@source_options
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The site's directory (created; an earlier build of it is updated).",
)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="Where the site is served (the QR codes lead there).",
)
@click.option(
    "--on",
    "on",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="Show what is published on this day (default: today).",
)
@click.option(
    "--agency", "agency_id", default=None, help="Only this agency's records (default: all)."
)
@click.option(
    "--checkpoint",
    "checkpoints",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A checkpoint file of the record log to publish (with its tile/ directory); repeatable.",
)
@click.option(
    "--law-report",
    "law_reports",
    multiple=True,
    type=(click.IntRange(1900, 2999), click.Path(dir_okay=False, exists=True, path_type=Path)),
    metavar="YEAR FILE",
    help="A year's 法治政府建设情况报告 (the PDF of `enforcement law-report`) to publish; "
    "repeatable.",
)
@policy_option
@signing_options
@click.option(
    "--force", is_flag=True, help="Write into a non-empty directory not built by this command."
)
def site(
    path: Path | None,
    db_url: str | None,
    output: Path,
    base_url: str | None,
    on: date | None,
    agency_id: str | None,
    checkpoints: tuple[Path, ...],
    law_reports: tuple[tuple[int, Path], ...],
    policy_path: Path | None,
    key_path: Path | None,
    cert_path: Path | None,
    signed_at: str | None,
    force: bool,
) -> None:
    """Render the public portal of PATH, or of the store given by --db, into -o DIR.

    Static HTML to copy onto any web server: the roster and powers (事前公开),
    the decision notices in their publication term with their PDFs (事后公开),
    withdrawals, the annual data, the record log's checkpoints, and a page that
    verifies a downloaded notice. With --sign KEY --cert CERT every PDF it renders
    is signed (PAdES), and the verify page lists the signed files. Exit status 1, listing each span, when something
    that may be a natural person's data would be published; 2 when the input or the
    output directory is unusable (see docs/portal.md).
    """
    signing = signing_from(key_path, cert_path, signed_at)
    try:
        options = SiteOptions(
            on=on or date.today(),
            base_url=normalise_base_url(base_url),
            agency_id=agency_id,
            checkpoints=checkpoints,
            policy=load_policy(policy_path),
            law_reports=law_reports,
            signing=signing,
        )
    except SiteError as exc:
        raise unusable(f"--base-url: {exc.reason}") from None
    # The key (and certificate) may not be inside the site: a web server would serve them.
    inputs = [
        *_store_file(path, db_url),
        *(p for p in (policy_path, key_path, cert_path) if p is not None),
    ]
    with opened_source(path, db_url) as source:
        try:
            result = build_site(source, output, options, inputs=inputs, force=force)
        except SiteError as exc:
            raise unusable(f"{exc.field}: {exc.reason}") from None
        except PublicationRefusedError as exc:
            click.echo(f"error: cannot publish the portal: {exc}", err=True)
            raise SystemExit(1) from None
        except EnforcementError as exc:
            raise unusable(str(exc)) from None
        except OSError as exc:
            raise unusable(f"cannot write {output}: {exc}") from None
    click.echo(
        f"{source_name(path, db_url)}: wrote {len(result.files)} files into {output} as of "
        f"{options.on.isoformat()}: {result.current} notices shown, {result.withdrawn} withdrawn, "
        f"{result.expired} past their term"
    )


COMMANDS = (site,)
