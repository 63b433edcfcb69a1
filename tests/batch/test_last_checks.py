"""A notice the last pivot round fetched, naming someone written like the debtor too weakly to
link, has its company's register entry checked in one more round (issue 13,
skiptrace/pipeline/enrich.py ``_last_checks``): session 18 lost "Mme A. Eslaoui : 67 parts" (seed
80037) and "M. BERADA Hadj Mouhamed : 14 parts" (seed 80039) this way, each fetched in the last
round by a spelling a record of the round before gave."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.linking.pivots import PIVOT_THRESHOLD, VERIFY_FLOOR
from skiptrace.linking.scoring import match_records
from skiptrace.model import Debtor, Identifier, Provenance, Record
from skiptrace.pipeline.enrich import Enriched, Enricher

from .test_pivot_rescore import Fake

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
CIN = "BH334455"
PHONE = "+212661234567"
DEBTOR = Debtor("D-7", "person", "SLAOUI Amina", first_name="Amina", last_name="SLAOUI",
                city="Casablanca", identifiers=(Identifier("cin", CIN),),
                addresses=("N° 8, Rue Ibn Battouta, Casablanca",))


def _record(source: str, rid: str, kind: str, fields: dict) -> Record:
    return Record(kind, fields, Provenance(source, rid, NOW, url=f"http://127.0.0.1/{rid}"))


LISTING = _record("phone_directory", "PD-1", "phone", {  # hers: name, door and a number
    "name": "SLAOUI Amina", "listing_kind": "private", "city": "Casablanca",
    "address": "N° 8, Rue Ibn Battouta", "phones": [PHONE]})
NOTICE = _record("legal_notices", "LN-2", "notice", {  # fetched by her number, in round 1
    "company": "ANFA DECOR", "rc_number": "512377", "rc_tribunal": "Casablanca",
    "city": "Casablanca", "phones": [PHONE], "people": [
        {"name": "Mme A. Eslaoui", "role": "associé", "shares": 67},
        {"name": "M. Karim TAZI", "role": "gérant", "shares": 33}]})
ENTRY = _record("company_register", "CR-3", "company", {
    "denomination": "ANFA DECOR", "rc_number": "512377", "rc_tribunal": "Casablanca",
    "city": "Casablanca", "kind": "company",
    "managers": [{"name": "TAZI Karim", "cin": "BE100200", "role": "gérant"}],
    "partners": [{"name": "SLAOUI Amina", "cin": CIN, "shares": 67},
                 {"name": "TAZI Karim", "cin": "BE100200", "shares": 33}]})


def _enrich(*sources: Fake) -> Enriched:
    enricher = Enricher({s.source: s for s in sources}, None, as_of=NOW, pivot_depth=1)
    try:
        return enricher.enrich(DEBTOR)
    finally:
        enricher.close()


def test_a_notice_of_the_last_round_is_checked_in_the_register() -> None:
    # the premise: the notice names her too weakly to link, not too weakly to check
    [weak] = [m for m in match_records(DEBTOR, [NOTICE])
              if m.party is not None and "slaoui" in m.party.name.casefold()]
    assert VERIFY_FLOOR <= weak.probability < PIVOT_THRESHOLD
    directory = Fake("phone_directory", {("name", DEBTOR.name): [LISTING]})
    notices = Fake("legal_notices", {("phone", PHONE): [NOTICE]})
    register = Fake("company_register", {("rc", "512377"): [ENTRY]})
    result = _enrich(directory, notices, register)
    assert [q.pivot for q in notices.asked if q.phones] == [1]  # found in the last round
    checks = [k for k in result.profile["pivots"] if k["about"] == "verify"]
    assert [(k["record_id"], k["round"]) for k in checks] == [("LN-2", 2)]
    assert [q.rc for q in register.asked if q.pivot == 2] == ["512377"]
    [link] = [x for x in result.profile["links"] if x["record_id"] == "CR-3"]
    assert link["role"] == "partner" and link["probability"] >= PIVOT_THRESHOLD


def test_no_check_round_for_a_debtor_without_a_cin() -> None:
    """Nothing to compare a register entry with: no round after the last."""
    no_cin = Debtor(**{**DEBTOR.__dict__, "identifiers": ()})
    directory = Fake("phone_directory", {("name", no_cin.name): [LISTING]})
    notices = Fake("legal_notices", {("phone", PHONE): [NOTICE]})
    register = Fake("company_register", {("rc", "512377"): [ENTRY]})
    enricher = Enricher({s.source: s for s in (directory, notices, register)}, None, as_of=NOW,
                        pivot_depth=1)
    try:
        result = enricher.enrich(no_cin)
    finally:
        enricher.close()
    assert [q for q in register.asked if (q.pivot or 0) > 1] == []
    assert all(k["round"] <= 1 for k in result.profile["pivots"])
