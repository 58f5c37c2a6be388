"""Store URLs: ``sqlite:///town.db`` and ``postgresql://host/db?schema=name``.

Parsing is strict so that a typo (``sqlite://town.db``, ``postgres:/host``) is
a clear :class:`~enforcement.errors.StoreURLError`, never a store created in
an unexpected place.
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from attrs import frozen

from enforcement.errors import StoreURLError

DEFAULT_URL = "sqlite:///enforcement.db"
"""The store used when neither an argument nor ``$ENFORCEMENT_DB`` names one."""

ENV_VAR = "ENFORCEMENT_DB"
"""The environment variable holding the default store URL."""

DEFAULT_TIMEOUT = 10.0
"""Seconds to wait for another process's write lock (SQLite) or for a connection (PostgreSQL)."""

_SCHEMA_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")


@frozen
class SQLiteURL:
    """A parsed ``sqlite:///`` URL."""

    path: str
    """File path, or ``:memory:``."""
    timeout: float = DEFAULT_TIMEOUT
    """Busy timeout in seconds (``?timeout=``)."""
    synchronous: str = "full"
    """``PRAGMA synchronous`` (``?synchronous=normal`` trades power-loss durability for speed)."""

    def display(self) -> str:
        """The URL as shown in messages."""
        return f"sqlite:///{self.path}"


@frozen
class PostgresURL:
    """A parsed ``postgresql://`` URL."""

    conninfo: str
    """The URL handed to psycopg, without our own parameters."""
    schema: str
    """The PostgreSQL schema holding the store's tables (``?schema=``, default ``enforcement``)."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds to wait for the server (``connect_timeout``) and for row locks."""

    def display(self) -> str:
        """The URL as shown in messages, without any password."""
        parts = urlsplit(self.conninfo)
        netloc = parts.netloc
        if "@" in netloc:
            user, host = netloc.rsplit("@", 1)
            netloc = f"{user.split(':', 1)[0]}@{host}"
        query = urlencode([*parse_qsl(parts.query), ("schema", self.schema)])
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


StoreURL = SQLiteURL | PostgresURL


def resolve_url(url: str | None) -> str:
    """``url``, else ``$ENFORCEMENT_DB``, else :data:`DEFAULT_URL`."""
    if url is not None:
        return url
    return os.environ.get(ENV_VAR) or DEFAULT_URL


def parse_url(url: str) -> StoreURL:
    """Parse a store URL, raising :class:`StoreURLError` with the reason when it is malformed."""
    if not isinstance(url, str) or not url.strip():
        raise StoreURLError("empty store URL; expected sqlite:///PATH or postgresql://HOST/DB")
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise StoreURLError(
            f"malformed store URL {url!r}: expected sqlite:///PATH or postgresql://HOST/DB"
        )
    scheme = scheme.lower()
    if scheme == "sqlite":
        return _parse_sqlite(url, rest)
    if scheme in ("postgresql", "postgres"):
        return _parse_postgres(url)
    raise StoreURLError(
        f"unsupported store URL scheme {scheme!r} in {url!r}; use sqlite:/// or postgresql://"
    )


def _parse_sqlite(url: str, rest: str) -> SQLiteURL:
    path, _, query = rest.partition("?")
    if not path.startswith("/"):
        raise StoreURLError(
            f"malformed SQLite URL {url!r}: use three slashes for a relative path "
            f"(sqlite:///{path}) and four for an absolute one (sqlite:////abs/{path})"
        )
    path = path[1:]
    if not path:
        raise StoreURLError(f"malformed SQLite URL {url!r}: no file path after sqlite:///")
    if path.endswith("/"):
        raise StoreURLError(f"malformed SQLite URL {url!r}: {path!r} is a directory")
    params = _params(url, query, {"timeout", "synchronous"})
    timeout = _timeout(url, params)
    sync = params.get("synchronous", "full").lower()
    if sync not in ("full", "normal", "extra"):
        raise StoreURLError(f"{url!r}: synchronous must be full, normal or extra, got {sync!r}")
    return SQLiteURL(path=path, timeout=timeout, synchronous=sync)


def _parse_postgres(url: str) -> PostgresURL:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise StoreURLError(f"malformed PostgreSQL URL {url!r}: {exc}") from None
    if port is not None and not 0 < port < 65536:
        raise StoreURLError(f"malformed PostgreSQL URL {url!r}: port {port} out of range")
    if parts.fragment:
        raise StoreURLError(f"malformed PostgreSQL URL {url!r}: unexpected #{parts.fragment}")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    ours = {k: v for k, v in pairs if k in ("schema", "timeout")}
    schema = ours.get("schema", "enforcement")
    if not _SCHEMA_RE.match(schema):
        raise StoreURLError(
            f"{url!r}: schema must be a plain identifier (letters, digits, _), got {schema!r}"
        )
    timeout = _timeout(url, ours)
    passthrough = [(k, v) for k, v in pairs if k not in ("schema", "timeout")]
    if not any(k == "connect_timeout" for k, _ in passthrough):
        passthrough.append(("connect_timeout", str(max(1, round(timeout)))))
    conninfo = urlunsplit(
        ("postgresql", parts.netloc, parts.path, urlencode(passthrough, quote_via=quote), "")
    )
    return PostgresURL(conninfo=conninfo, schema=schema, timeout=timeout)


def _params(url: str, query: str, allowed: set[str]) -> dict[str, str]:
    params = dict(parse_qsl(query, keep_blank_values=True))
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise StoreURLError(
            f"{url!r}: unknown parameter {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )
    return params


def _timeout(url: str, params: dict[str, str]) -> float:
    raw = params.get("timeout")
    if raw is None:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise StoreURLError(f"{url!r}: timeout must be a number of seconds, got {raw!r}") from None
    if not value >= 0:
        raise StoreURLError(f"{url!r}: timeout must not be negative, got {raw!r}")
    return value
