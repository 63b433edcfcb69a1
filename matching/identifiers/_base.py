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


_NUMBER_WORD = r"(?:(?:n|no|nr|num|numero|رقم|عدد)\s+)"


def label_pattern(*labels: str, number_word: bool = True) -> re.Pattern[str]:
    """A regex for a leading label ("ICE :", "I.F. n°", "CIN") on folded text.

    A bare "n°" is only dropped where the value is all digits (``number_word``): a CIN may start
    with the letter N.
    """
    names = "|".join(re.escape(fold(label)) for label in sorted(labels, key=len, reverse=True))
    tail = f"{_NUMBER_WORD}?" if labels else ""
    head = f"(?:(?:{names})\\s+{tail})" if labels else ""
    alone = f"|{_NUMBER_WORD}" if number_word else ""
    return re.compile(f"^(?:{head}{alone})")


def clean(value: object, label: re.Pattern[str] | None = None) -> str:
    """Uppercase ASCII form without a leading label, accents, spaces and usual separators."""
    if value is None:
        return ""
    text = fold(str(value))
    if label is not None:
        text = label.sub("", text, count=1)
    return _SEPARATORS.sub("", text.upper())


def quietly(validate: Callable[..., str], value: object, *args: Any) -> str | None:
    """``validate(value, *args)`` or None when it raises: the never-raising ``normalize``."""
    try:
        return validate(value, *args)
    except ValueError:
        return None
