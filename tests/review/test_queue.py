"""The queue built from a store (review/queue.py): the band, geocoder answers left out, household
listings and successors named apart, judged candidates gone (unsure kept with its note), the
order by what is at stake, and the agency's and role's limits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skiptrace.linking.scoring import HOUSEHOLD_CAP
from skiptrace.model import Debtor, Match, Party, Provenance, Record
from skiptrace.review.queue import Band, build, find
from skiptrace.store import Store, judgements, tenancy

WHEN = datetime(2026, 12, 6, tzinfo=UTC)


def match(debtor_id: str, source: str, record_id: str, kind: str, probability: float,
          party: Party | None = None, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    record = Record(kind, fields or {}, Provenance(source, record_id, WHEN))
    return Match(debtor_id, record, party, probability).to_dict()


def listing(name: str) -> Party:
    return Party("listing", "person", name)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "store.db") as s:
        with s.atomic():
            other = tenancy.agency_id(s.db.conn, "beta", create=True)
            tenancy.claim(s.db.conn, ["D-BETA"], other or 0)
        s.upsert_debtors([Debtor("D-RICH", "person", "EL ALAOUI Mohamed", debt_amount=90_000.0),
                          Debtor("D-POOR", "person", "BENNANI Karim", debt_amount=5_000.0),
                          Debtor("D-BETA", "person", "IDRISSI Omar", debt_amount=1e6)])
        profile = {"assets": [{"value": {"mid": 400_000.0}, "evidence": [
            {"source": "land_registry", "record_id": "LR-1"}]}]}
        s.checkpoint("j", "D-RICH", "done", profile, [
            match("D-RICH", "phone_directory", "PD-1", "phone", 0.6, listing("EL ALAOUI M")),
            match("D-RICH", "land_registry", "LR-1", "land_title", 0.4,
                  Party("owner", "person", "EL ALAOUI Mohamed")),
            match("D-RICH", "geocoder", "G-1", "address", 0.5),
            match("D-RICH", "phone_directory", "PD-HIGH", "phone", 0.95, listing("EL ALAOUI")),
            match("D-RICH", "phone_directory", "PD-LOW", "phone", 0.1, listing("ALAOUI")),
        ])
        s.checkpoint("j", "D-POOR", "done", {"successors": [
            {"source": "company_register", "record_id": "CR-9", "name": "NEW SARL",
             "confidence": 0.7}]}, [
            match("D-POOR", "phone_directory", "PD-2", "phone", HOUSEHOLD_CAP,
                  listing("BENNANI Ali"))])
        s.checkpoint("j", "D-BETA", "done", {}, [
            match("D-BETA", "phone_directory", "PD-3", "phone", 0.5, listing("IDRISSI"))])
        yield s


def keys(items: list[Any]) -> list[tuple[str, str, str]]:
    return [(i.debtor_id, i.record_id, i.kind) for i in items]


def test_the_band_most_at_stake_first_without_geocoder_answers(store: Store) -> None:
    items = build(store.db.conn, 1, Band(), assets=True)
    assert keys(items) == [("D-RICH", "LR-1", "uncertain"), ("D-RICH", "PD-1", "uncertain"),
                           ("D-POOR", "PD-2", "household")]
    assert [i.stake for i in items] == [490_000.0, 90_000.0, 5_000.0]
    wider = {i.record_id for i in build(store.db.conn, 1, Band(0.05, 0.99), assets=True)}
    assert wider == {"LR-1", "PD-1", "PD-2", "PD-LOW", "PD-HIGH"}


def test_successors_are_queued_only_from_company_debtors_profiles(store: Store) -> None:
    store.upsert_debtors([Debtor("D-POOR", "company", "BENNANI SARL", debt_amount=5_000.0)])
    items = build(store.db.conn, 1, Band(), assets=True)
    assert ("D-POOR", "CR-9", "successor") in keys(items)


def test_roles_and_agencies_see_their_part(store: Store) -> None:
    contacts = build(store.db.conn, 1, Band(), assets=False)
    assert keys(contacts) == [("D-RICH", "PD-1", "uncertain"), ("D-POOR", "PD-2", "household")]
    assert keys(build(store.db.conn, 2, Band(), assets=True)) == [
        ("D-BETA", "PD-3", "uncertain")]


def test_judged_candidates_leave_unsure_ones_stay_with_their_note(store: Store) -> None:
    with store.atomic():
        for record_id, verdict, note in (("LR-1", "accept", ""), ("PD-1", "unsure", "à voir")):
            source = "land_registry" if record_id == "LR-1" else "phone_directory"
            judgements.record(store.db.conn, judgements.new(
                "D-RICH", source, record_id, verdict, note, "amina", "web:1"), "dossier")
    items = build(store.db.conn, 1, Band(), assets=True)
    assert keys(items) == [("D-RICH", "PD-1", "uncertain"), ("D-POOR", "PD-2", "household")]
    assert items[0].judgement is not None and items[0].judgement.note == "à voir"
    everything = build(store.db.conn, 1, Band(), assets=True, include_judged=True)
    before, found, after = find(store.db.conn, 1, Band(), everything[0].token, assets=True)
    assert found is not None and found.record_id == "LR-1" and before is None
    assert after is not None and after.record_id == "PD-1"
    assert find(store.db.conn, 2, Band(), everything[0].token, assets=True)[1] is None
