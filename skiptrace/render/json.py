"""The profile as JSON text: sorted keys, UTF-8 kept readable, one trailing newline, so equal
profiles are equal bytes."""

from __future__ import annotations

import json
from typing import Any


def dumps(profile: dict[str, Any], *, indent: int | None = 2) -> str:
    """Stable JSON for a profile (``indent=None`` gives one line, for JSON Lines outputs)."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(profile, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators)
    return text + "\n"
