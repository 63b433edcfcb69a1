"""The profile as JSON text: sorted keys, UTF-8 kept readable, one trailing newline, so equal
profiles are equal bytes; and the one way a profile is written to disk (validated first)."""

from __future__ import annotations

import json
import os
from typing import IO, Any

from skiptrace.privacy import write_private_text
from skiptrace.profile.schema import validate


def dumps(profile: dict[str, Any], *, indent: int | None = 2) -> str:
    """Stable JSON for a profile (``indent=None`` gives one line, for JSON Lines outputs)."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(profile, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators)
    return text + "\n"


def write_profile(target: str | os.PathLike[str] | IO[str], profile: dict[str, Any]) -> None:
    """Validate, then write the profile as stable JSON (a new file is created 0600)."""
    validate(profile)
    write_private_text(target, dumps(profile))
