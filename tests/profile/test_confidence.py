"""Confidence fusion: agreement, dependence within a source, contradiction, age decay."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skiptrace.profile import build_profile, default_params
from skiptrace.profile.confidence import contradict, evidence, fuse
from tests.profile.factories import AS_OF, listing, match, record, statuses
from tests.profile.factories import debtor as make_debtor

PARAMS = default_params()
HOME = "N° 12, Rue 7, Hay Al Amal"


def _ev(rec, probability=0.9, kind="address"):
    return evidence(match(rec, probability), kind, AS_OF, PARAMS)


def _company_with_address(record_id, address, days_ago=30):
    fields = {"denomination": "EL ALAOUI Mohamed", "address": address, "city": "Casablanca", "managers": [], "partners": []}
    return record("company", fields, "company_register", record_id, days_ago=days_ago)


def test_two_agreeing_sources_beat_one():
    one = fuse([_ev(listing("PD-1", "X", [], HOME))])
    two = fuse([_ev(listing("PD-1", "X", [], HOME)), _ev(_company_with_address("CR-1", HOME))])
    assert two > one


def test_records_of_one_source_are_not_independent():
    one = fuse([_ev(listing("PD-1", "X", [], HOME))])
    same_source = fuse([_ev(listing("PD-1", "X", [], HOME)), _ev(listing("PD-2", "X", [], HOME))])
    assert same_source == pytest.approx(one)


def test_contradicting_addresses_from_other_sources_lower_each_other():
    a = [_ev(listing("PD-1", "X", [], HOME))]
    b = [_ev(_company_with_address("CR-1", "Lot. Al Massira, N° 55"))]
    scored = contradict({"a": a, "b": b}, PARAMS.contradiction)
    assert scored["a"][1] < scored["a"][0] and scored["b"][1] < scored["b"][0]
    alone = contradict({"a": a}, PARAMS.contradiction)
    assert alone["a"][1] == alone["a"][0]


def test_older_evidence_weighs_less():
    fresh = _ev(listing("PD-1", "X", [], HOME))
    old = _ev(record("phone", {"name": "X", "address": HOME}, "phone_directory", "PD-9", days_ago=3 * 365))
    assert old.decay < fresh.decay and old.weight < fresh.weight
    assert old.decay == pytest.approx(0.5 ** ((3 * 365) / PARAMS.half_life("address")), rel=1e-6)


def test_a_stated_date_beats_the_retrieval_date():
    rec = record("notice", {"published": (AS_OF - timedelta(days=730)).date().isoformat()}, "legal_notices", "LN-1", days_ago=1)
    assert _ev(rec, kind="address").age_days == pytest.approx(730, abs=1)


def test_profile_ranks_the_address_two_sources_agree_on_first():
    debtor = make_debtor()
    matches = [
        match(listing("PD-1", "EL ALAOUI Mohamed", ["0661001020"], HOME), 0.9),
        match(listing("PD-2", "EL ALAOUI Mohamed", [], "Bd Anfa 200"), 0.9),
        match(record("person", {"name": "EL ALAOUI Mohamed", "address": HOME, "city": "Casablanca"}, "vehicle_registry", "VR-1"), 0.9),
    ]
    profile = build_profile(debtor, matches, statuses(), as_of=AS_OF)
    best = profile["contacts"]["addresses"][0]
    assert best["value"].startswith(HOME) and best["agreement"] == 2
    assert any("2 sources agree" in line for line in best["why"])
    other = profile["contacts"]["addresses"][1]
    assert other["confidence"] < other["confidence_before_contradiction"]
