"""Where a store lives: a SQLite file path (the embedded default) or a ``postgresql://`` URL.

``Store.open(location)`` takes either, as a string or a path, so a location can travel
unchanged from ``--db``, the config's ``db_path`` or ``$SKIPTRACE_DB`` to worker processes.
A URL that went through ``pathlib.Path`` has lost one slash of ``//`` ("postgresql:/u@h/db");
it is read back as the URL it was.

Credentials never sit in the URL (it ends up in configs, process lists and logs): a password
in it is refused. libpq finds the password itself, in ``PGPASSFILE`` (keyed by host, port,
database and user, so it only ever goes to the host it was written for) or in ``PGPASSWORD``,
which libpq would send to any host: it is honoured only when ``PGHOST`` names the URL's host,
so a password set for one server cannot reach another named by a changed URL. A URL naming
several hosts is refused for the same reason, and one naming none (libpq's local socket): a
store URL names its server, which also lets it travel through a Path (``--db``) unchanged.
:func:`masked` is what logs and errors show.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import PurePath

from skiptrace.errors import ConfigError

SCHEMES = ("postgresql", "postgres")
_COLLAPSED = re.compile(r"^(postgresql|postgres):/(?!/)")
_PASSWORD_IN_USERINFO = re.compile(r"^(\w+://[^/@:]*):([^/@]*)@")
_PASSWORD_PARAM = re.compile(r"(?i)(password=)[^&]*")


def is_postgres(location: str | PurePath | None) -> bool:
    """Whether ``location`` names a PostgreSQL store rather than a SQLite file."""
    if location is None:
        return False
    text = str(location)
    return any(text.startswith(f"{scheme}:/") for scheme in SCHEMES)


def postgres_url(location: str | PurePath) -> str:
    """The URL as written, also when it went through a Path (which collapses ``//``)."""
    return _COLLAPSED.sub(r"\1://", str(location))


def masked(location: str | PurePath) -> str:
    """``location`` with any password replaced by ``***``: what logs and messages show."""
    text = postgres_url(location) if is_postgres(location) else str(location)
    text = _PASSWORD_IN_USERINFO.sub(r"\1:***@", text)
    return _PASSWORD_PARAM.sub(r"\1***", text)


@dataclass(frozen=True)
class Target:
    """The server a URL names, as libpq will read it."""

    host: str
    port: str
    dbname: str
    user: str


def target(url: str) -> Target:
    """Check ``url`` (no password, one host, PGPASSWORD only for PGHOST's host) and return the
    server it names; raises :class:`ConfigError` with the URL masked."""
    from psycopg.conninfo import conninfo_to_dict  # only a PostgreSQL store needs psycopg

    shown = masked(url)
    try:
        params = conninfo_to_dict(url)
    except Exception as exc:  # psycopg.ProgrammingError: say what, never echo the password
        raise ConfigError(f"not a PostgreSQL URL: {shown}") from exc
    if params.get("password") is not None:
        raise ConfigError(
            f"the store URL {shown} carries a password: remove it and give it in PGPASSFILE "
            "(or PGPASSWORD with PGHOST naming the server), never in a URL")
    host = str(params.get("host") or "")
    if not host or host.startswith("/"):
        raise ConfigError(f"the store URL {shown} names no server: write its host, "
                          "postgresql://USER@HOST:PORT/DATABASE")
    if "," in host:
        raise ConfigError(f"the store URL {shown} names several hosts: name one")
    password_for = os.environ.get("PGHOST", "")
    if os.environ.get("PGPASSWORD") and password_for != host:
        raise ConfigError(
            f"PGPASSWORD is set but PGHOST ({password_for or 'unset'}) does not name the store's "
            f"host ({host}): set PGHOST to it to say the password is for that "
            "server, or use PGPASSFILE")
    return Target(host, str(params.get("port") or os.environ.get("PGPORT") or "5432"),
                  str(params.get("dbname") or ""), str(params.get("user") or ""))


__all__ = ["SCHEMES", "Target", "is_postgres", "masked", "postgres_url", "target"]
