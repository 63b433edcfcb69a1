"""Errors and cleaning helpers shared by the identifier modules (python-stdnum's vocabulary)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from matching.text import fold


class InvalidIdentifier(ValueError):
    """The value is not a valid identifier of this kind."""


class InvalidFormat(InvalidIdentifier):
    """Characters or structure do not fit the identifier's grammar."""


class InvalidLength(InvalidIdentifier):
    """Right characters, wrong number of them."""


class InvalidChecksum(InvalidIdentifier):
    """The check digits do not verify (only ICE has them)."""


_SEPARATORS = re.compile(r"[\s.\-_/|,:;]+")


def clean(value: object, keep: str = "") -> str:
    """Uppercase ASCII form without accents, spaces and usual separators (except ``keep``)."""
    if value is None:
        return ""
    text = fold(str(value)).upper()
    seps = _SEPARATORS if not keep else re.compile(f"[^\\w{re.escape(keep)}]+")
    return seps.sub("", text)


def digits(value: object) -> str:
    """Only the digits of ``value`` (Arabic-Indic digits converted)."""
    return re.sub(r"\D", "", fold(str(value)) if value is not None else "")


def quietly(validate: Callable[..., str], value: object, *args: Any) -> str | None:
    """``validate(value, *args)`` or None when it raises: the never-raising ``normalize``."""
    try:
        return validate(value, *args)
    except ValueError:
        return None
