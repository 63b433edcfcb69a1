"""Human words for the codes that data carries (``indivision_many``, ``same_street_number``,
``listing``…): what a person reads instead of a schema value.

The words live in ``skiptrace/data/labels.yml`` (kind → code → English label), translated by
the gettext catalogue with the kind as context, so a translator sees each code once with its
meaning and the code itself never reaches a page or a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

from skiptrace.humanize import number
from skiptrace.i18n import ngettext, pgettext

KINDS = ("segment", "flag", "kind", "status", "source", "field", "level", "role", "relation",
         "schema", "key", "about", "evidence", "parameter", "missing", "action", "file_action",
         "column", "erased", "company_status", "method", "category", "detail",
         "source_kind", "reason")


@cache
def table() -> dict[str, dict[str, str]]:
    """kind → code → English label, as the data file says."""
    text = resources.files("skiptrace").joinpath("data/labels.yml").read_text("utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return {kind: {str(code): str(words) for code, words in codes.items()}
            for kind, codes in data.items()}


def label(kind: str, code: str | None) -> str:
    """The words for ``code`` of ``kind`` in the current language; "" for None.

    An unknown code comes back as it is, so that the test over rendered profiles
    (tests/render/test_no_codes.py) catches it rather than a guess hiding it."""
    if code is None:
        return ""
    english = table()[kind].get(code)
    return code if english is None else pgettext(kind, english)


# a search too broad, as model.too_broad_search writes it: "name EL**** (1014 results)", or
# "(more than 50 results)" when the count stopped at a bound
_BROAD_SEARCH = re.compile(
    r"^(?P<key>[a-z_]+) (?P<value>.+) \((?P<more>more than )?(?P<count>\d+) results\)$")


def reason(text: str | None) -> str:
    """Why a source did not answer fully, in words: each known part of the connectors'
    "; "-joined reason translated (a too-broad search's key and count too, its masked value
    as it is), an exception's own message left as it is."""
    return "; ".join(_reason_part(part) for part in (text or "").split("; ") if part)


def _reason_part(part: str) -> str:
    broad = _BROAD_SEARCH.match(part)
    if broad is None or broad["key"] not in table()["key"]:
        return label("reason", part)
    count = int(broad["count"])
    if broad["more"]:
        results = ngettext("more than {n} result", "more than {n} results", count)
    else:
        results = ngettext("{n} result", "{n} results", count)
    results = results.format(n=number(count))
    return f"{label('key', broad['key'])} {broad['value']} ({results})"


def labels(kind: str, codes: list[str] | tuple[str, ...]) -> str:
    """Several codes of one kind as a comma-separated phrase."""
    return ", ".join(label(kind, c) for c in codes)


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: Any
            ) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """A Babel extractor for labels.yml (babel.cfg), so that ``pybabel extract`` puts every
    label in the template with its kind as context: (line, "pgettext", (kind, label), [code])."""
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    for kind, codes in data.items():
        for code, words in codes.items():
            yield 0, "pgettext", (str(kind), str(words)), [f"code: {code}"]
