"""A record reached by two searches keeps one provenance, the same on every run."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.connectors.web import distinct
from skiptrace.model import Provenance, Record

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def listing(record_id: str, url: str) -> Record:
    return Record("phone", {"name": "ESSAADI Annas"}, Provenance("phone_directory", record_id,
                                                                  WHEN, url=url))


def test_the_smallest_search_url_wins_whatever_the_arrival_order() -> None:
    by_name = listing("PD-1", "http://x/phone_directory/search?name=ESSAADI+Annas")
    by_surname = listing("PD-1", "http://x/phone_directory/search?name=ESSAADI")
    other = listing("PD-0", "http://x/phone_directory/search?name=ESSAADI")
    first = distinct([by_name, by_surname, other])
    second = distinct([other, by_surname, by_name])
    assert first == second
    assert [r.record_id for r in first] == ["PD-0", "PD-1"]
    assert first[1].provenance.url == by_surname.provenance.url
