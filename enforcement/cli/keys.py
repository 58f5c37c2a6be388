"""``enforcement keys``: an agency's signing key and certificate."""

from __future__ import annotations

import os
from pathlib import Path

import click

from enforcement.cli.core import EXIT_UNUSABLE
from enforcement.cli.db import db_option, opened
from enforcement.errors import SigningKeyError, StoreError
from enforcement.models import Agency
from enforcement.store import open_store
from enforcement.transparency.keys import PASSPHRASE_VAR, generate_agency_key


@click.group()
def keys() -> None:
    """Make and inspect the key an agency signs its checkpoints and PDFs with."""


@keys.command()
@click.option("--agency", "agency_id", required=True, metavar="AGENCY_ID", help="The agency's id.")
@click.option(
    "--dir",
    "directory",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write AGENCY_ID.key.pem and AGENCY_ID.cert.pem.",
)
@click.option("--name", default=None, help="The agency's name, when it is not in the store.")
@click.option(
    "--credit-code", default=None, help="Its 统一社会信用代码, when the agency is not in the store."
)
@db_option
def init(
    agency_id: str, directory: Path, name: str | None, credit_code: str | None, db_url: str
) -> None:
    """Write a new ECDSA P-256 key (mode 0600) and a self-signed certificate for an agency.

    The agency's name and 统一社会信用代码 come from the store at --db, or
    from --name and --credit-code. The key is encrypted with
    $ENFORCEMENT_KEY_PASSPHRASE when it is set.
    """
    agency = Agency(id=agency_id, name=name, credit_code=credit_code) if name else None
    if agency is None:
        try:
            with open_store(db_url, create=False) as store:
                agency = next((a for a in store.agencies() if a.id == agency_id), None)
        except StoreError as exc:
            click.echo(f"error: {exc}; or give --name and --credit-code", err=True)
            raise SystemExit(EXIT_UNUSABLE) from None
        if agency is None:
            click.echo(
                f"error: no agency {agency_id!r} in the store; give --name and --credit-code",
                err=True,
            )
            raise SystemExit(EXIT_UNUSABLE)
    try:
        key_path, cert_path = generate_agency_key(agency, directory)
    except SigningKeyError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_UNUSABLE) from None
    state = (
        "encrypted" if os.environ.get(PASSPHRASE_VAR) else f"not encrypted (set {PASSPHRASE_VAR})"
    )
    click.echo(f"{key_path}: private key, mode 0600, {state}")
    click.echo(f"{cert_path}: self-signed certificate for {agency.name}")


__all__ = ["keys", "opened"]

COMMANDS = (keys,)
