"""What every command settles before touching anyone's data: the store's path, the web sources
to crawl, and who is asking and why (law 09-08). Cheap to import: a lookup starts its crawl right
after this, before the heavy modules load. (A sandbox world is served by skiptrace/sandbox/serving.py,
which the app layer enters.)
"""

from __future__ import annotations

import os
from pathlib import Path

from skiptrace.config import NETWORK_KINDS, Config
from skiptrace.errors import ConfigError
from skiptrace.paths import default_db_path


def resolve_db(db: Path | None, config: Config | None = None) -> Path:
    """Where the store is: ``--db``, else the config's ``db_path`` (which $SKIPTRACE_DB
    overrides), else $SKIPTRACE_DB, else the user data directory. A ``postgresql://`` URL
    travels as a Path too; ``Store.open`` reads it back as the URL (store/location.py)."""
    if db is not None:
        return db
    if config is not None and config.db_path:
        return Path(config.db_path)
    if os.environ.get("SKIPTRACE_DB"):
        return Path(os.environ["SKIPTRACE_DB"])
    return default_db_path()


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


def remote_sources(config: Config) -> frozenset[str]:
    """The enabled sources reached over the network (``api`` and ``web``): a batch that reached
    none of them exits 4, whatever local extracts answered."""
    return frozenset(name for name, source in config.sources.items()
                     if source.enabled and source.kind in NETWORK_KINDS)
