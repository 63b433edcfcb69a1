"""Where skiptrace keeps things by default, overridable by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "skiptrace"
DB_ENV = "SKIPTRACE_DB"
CONFIG_ENV = "SKIPTRACE_CONFIG"


def default_db_path() -> Path:
    """``$SKIPTRACE_DB``, else ``skiptrace.db`` in the user's data directory (not created here)."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "skiptrace.db"


def default_config_path() -> Path | None:
    """``$SKIPTRACE_CONFIG`` when set; None means "built-in defaults (the sandbox)"."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override).expanduser() if override else None


__all__ = ["CONFIG_ENV", "DB_ENV", "default_config_path", "default_db_path"]
