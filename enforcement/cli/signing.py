"""``--sign KEY --cert CERT``: the options every command that renders a PDF shares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from enforcement.errors import SigningKeyError
from enforcement.signing import SigningOptions, sign_pdf
from enforcement.transparency.keys import load_signing_key

F = TypeVar("F", bound=Callable[..., Any])

EXIT_UNUSABLE = 2


def signing_options(func: F) -> F:
    """Add ``--sign KEY``, ``--cert CERT`` and ``--signed-at``."""
    func = click.option(
        "--signed-at",
        "signed_at",
        default=None,
        metavar="ISO-DATETIME",
        help="The signing time to state (default: now); the same time gives the same bytes.",
    )(func)
    func = click.option(
        "--cert",
        "cert_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="The agency's certificate (PEM) for --sign.",
    )(func)
    return click.option(
        "--sign",
        "key_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Sign the PDF (PAdES) with this key (PEM PKCS#8 or PKCS#12; $ENFORCEMENT_KEY_PASSPHRASE).",
    )(func)


def signing_from(
    key_path: Path | None, cert_path: Path | None, signed_at: str | None
) -> SigningOptions | None:
    """The :class:`SigningOptions` the options name, or ``None``; a bad key exits 2."""
    if key_path is None:
        if cert_path is not None or signed_at is not None:
            raise click.UsageError("--cert and --signed-at go with --sign KEY")
        return None
    try:
        when = datetime.fromisoformat(signed_at) if signed_at else None
    except ValueError:
        raise click.BadParameter(
            f"expected an ISO 8601 date-time with offset, got {signed_at!r}",
            param_hint="--signed-at",
        ) from None
    if when is not None and when.utcoffset() is None:
        raise click.BadParameter("give the UTC offset, e.g. +08:00", param_hint="--signed-at")
    try:
        return SigningOptions(key=load_signing_key(key_path, cert_path), signing_time=when)
    except SigningKeyError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_UNUSABLE) from None


def signed(data: bytes, options: SigningOptions | None) -> bytes:
    """``data`` (a PDF) signed as ``options`` say, or unchanged when signing was not asked for."""
    return data if options is None else sign_pdf(data, options)
