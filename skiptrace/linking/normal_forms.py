"""A record's normal forms as the store keeps them, given back to the descriptions scoring makes.

Decision 0033 (issue 17): a record is normalised once, when it is imported or harvested into
the store (record_forms.py writes the forms), and every batch that meets the record as a
candidate reads them instead of normalising it again. The store hands the forms over with the
record, as the text it holds (:func:`attach`); they are parsed the first time scoring asks
(:func:`prime`), and only forms made by the very same normalisation code (their version stamp)
and for the very same description (their key) are ever used: anything else is normalised as
before, so a stale or damaged form costs time, never a wrong score.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from matching import stored_forms
from matching.description import Description
from skiptrace.model import Record

STORED = "_stored_forms"  # the store's text, on the record (a memo: eq and pickling ignore it)
_READ = "_stored_forms_read"  # that text parsed: {description key: form data}


def forms_text(descriptions: Iterable[Description]) -> str:
    """The stored text of some descriptions' normal forms, under this code's version stamp
    (none at all is stored too: that record is normalised, there was nothing to do)."""
    forms: dict[str, Any] = {}
    parsed: dict[str, dict[str, Any]] = {}
    for d in descriptions:
        forms[stored_forms.key(d)] = stored_forms.to_data(d.features)
        for kind, by_text in stored_forms.parses(d.features).items():
            parsed.setdefault(kind, {}).update(by_text)
    return json.dumps({"v": stored_forms.version(), "f": forms, "p": parsed},
                      ensure_ascii=False, separators=(",", ":"))


def attach(record: Record, text: str | None) -> Record:
    """Keep the store's forms text on the record it came with (nothing to keep: nothing done)."""
    if text:
        object.__setattr__(record, STORED, text)
    return record


def prime(record: Record, descriptions: Iterable[Description]) -> None:
    """Give each description the normal form stored for it with its record, if any."""
    forms = _read(record)
    if not forms:
        return
    for description in descriptions:
        data = forms.get(stored_forms.key(description))
        if data is None:
            continue
        try:
            description.remember(stored_forms.from_data(data))
        except ValueError:
            continue  # damaged: normalised again when asked


def forms_current(text: str | None) -> bool:
    """Whether a stored forms text is one this code uses (``store normalize`` redoes the rest)."""
    return _parse(text) is not None


def _read(record: Record) -> dict[str, Any]:
    memo: dict[str, Any] | None = record.__dict__.get(_READ)
    if memo is None:
        data = _parse(record.__dict__.get(STORED))
        memo = data["f"] if data else {}
        if data and isinstance(data.get("p"), dict):
            stored_forms.seed(data["p"])  # the parses its comparisons will ask for
        object.__setattr__(record, _READ, memo)
    return memo


def _parse(text: str | None) -> dict[str, Any] | None:
    """A stored text's data (forms under "f", parses under "p"); None when it holds nothing
    this code may use."""
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("v") != stored_forms.version():
        return None
    return data if isinstance(data.get("f"), dict) else None


__all__ = ["STORED", "attach", "forms_current", "forms_text", "prime"]
