"""What every command settles before touching anyone's data: the sandbox to serve, the store's
path, and who is asking and why (law 09-08). Cheap to import: a lookup starts its crawl right
after this, before the heavy modules load.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from skiptrace.config import Config
from skiptrace.errors import ConfigError
from skiptrace.paths import default_db_path

SANDBOX_ENV = "SKIPTRACE_SANDBOX_URL"


def resolve_db(db: Path | None, config: Config | None = None) -> Path:
    if db is not None:
        return db
    if os.environ.get("SKIPTRACE_DB"):
        return Path(os.environ["SKIPTRACE_DB"])
    return default_db_path()


@contextmanager
def sandbox_for(world: Path | None) -> Iterator[str | None]:
    """Serve ``world`` on a free local port for the duration, exporting its URL."""
    if world is None:
        yield None
        return
    from skiptrace.sandbox.server import SandboxServer

    previous = os.environ.get(SANDBOX_ENV)
    with SandboxServer(world) as server:
        os.environ[SANDBOX_ENV] = server.url
        try:
            yield server.url
        finally:
            if previous is None:
                os.environ.pop(SANDBOX_ENV, None)
            else:
                os.environ[SANDBOX_ENV] = previous


def require_purpose(operator: str | None, purpose: str | None, config: Config) -> tuple[str, str]:
    """Law 09-08: every lookup names who runs it and why."""
    who = operator or config.operator
    why = purpose or config.purpose
    if not who or not why:
        raise ConfigError(
            "every lookup needs an operator and a purpose: pass --operator and --purpose, or "
            "set SKIPTRACE_OPERATOR and SKIPTRACE_PURPOSE (or operator/purpose in skiptrace.toml)"
        )
    return who, why


def web_sources(config: Config) -> list[str]:
    """The enabled sources the crawl child runs (Scrapy spiders), by name."""
    return sorted(n for n, s in config.sources.items() if s.enabled and s.kind == "web")
