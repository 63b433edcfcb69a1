"""Geocode what matched records say about where the debtor is.

The portfolio's address is often stale: a moved debtor's current address comes from a phone
listing, a company's seat or a vehicle's registration. The addresses of records that matched
the debtor confidently are geocoded, and each answer weighs as much as its fit to the address
asked times the match probability of the record that gave the address. Land titles are left
out: an asset's location is not where its owner lives.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from skiptrace.connectors.geocoder import record_addresses
from skiptrace.linking.scoring import geocode_match
from skiptrace.model import Debtor, Match, SourceStatus

LOCATE_THRESHOLD = 0.5
LOCATED_KINDS = frozenset({"company", "phone", "notice", "vehicle", "person"})


def locate_matches(
    debtor: Debtor, matches: list[Match], geocoder: Any
) -> tuple[list[Match], SourceStatus | None]:
    """Geocoder matches for the addresses confident matches give, and the geocoder's status."""
    parent: dict[str, float] = {}
    confident = []
    for match in matches:
        if match.record.kind in LOCATED_KINDS and match.probability >= LOCATE_THRESHOLD:
            confident.append(match.record)
            for text in record_addresses([match.record]):
                parent[text] = max(parent.get(text, 0.0), match.probability)
    if not confident:
        return [], None
    result = geocoder.locate(confident)
    located = []
    for record in result.records:
        fit = geocode_match(debtor, record)
        weight = parent.get(str(record.fields.get("query")), 0.0)
        located.append(replace(fit, probability=round(fit.probability * weight, 6)))
    return located, result.to_status()


def merge_status(first: SourceStatus, second: SourceStatus) -> SourceStatus:
    """One source asked twice for a debtor: one status, the worse state, counts added."""
    order = ("ok", "skipped", "partial", "failed")
    worse = max(first, second, key=lambda s: order.index(s.status))
    return SourceStatus(
        first.source, worse.status, reason=worse.reason if worse.status != "ok" else None,
        records=first.records + second.records, requests=first.requests + second.requests,
        seconds=round(first.seconds + second.seconds, 3),
    )
