"""Issue 12 recall gap, on the linking side: what a record says about a party reaches matching."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.linking.scoring import match_records
from skiptrace.model import Debtor, Identifier, Provenance, Record


def _record(kind: str, fields: dict[str, object], rid: str = "X-1") -> Record:
    prov = Provenance("legal_notices", rid, datetime(2026, 11, 1, tzinfo=UTC), url="http://127.0.0.1/x")
    return Record(kind, fields, prov)


def test_a_notice_of_a_company_of_another_legal_form_is_not_the_debtor() -> None:
    # demo seed 2026: "MODERNE MATERIAUX S.A." constituted in Tanger, the debtor a SARL of the
    # same name and city; the notice parser gives the form apart from the name
    debtor = Debtor(debtor_id="D-1", kind="company", name="MODERNE MATERIAUX S.A.R.L", city="Tanger",
                    addresses=["Nr 216 Boul. Moulay Youssef"],
                    identifiers=[Identifier("ice", "127656959000064", True)])
    notice = _record("notice", {"company": "MODERNE MATERIAUX", "legal_form": "SA",
                                "address": "N°121 R. 12 - Tanger", "city": "Tanger"})
    (match,) = match_records(debtor, [notice])
    assert match.probability < 0.5
    same_form = _record("notice", {"company": "MODERNE MATERIAUX", "legal_form": "SARL",
                                   "address": "N°121 R. 12 - Tanger", "city": "Tanger"})
    (match,) = match_records(debtor, [same_form])
    assert match.probability >= 0.5  # exact denomination, its seat in the same city


def test_a_register_entry_is_also_its_sigle_trade_names_and_old_names() -> None:
    # demo seed 2026: the portfolio knows "ARTR"; the register's entry is ARGANA TRAVAUX, sigle ARTR
    from skiptrace.linking.parties import record_parties

    entry = _record("company", {"denomination": "ARGANA TRAVAUX", "sigle": "ARTR", "legal_form": "SARL",
                                "trade_names": ["ARGANA BTP"], "old_names": ["ARGANA"],
                                "ice": "694097801000030", "city": "Casablanca",
                                "managers": [{"name": "Hicham Azizi", "cin": "BK621549"}]})
    parties = record_parties(entry)
    assert [(p.role, p.name) for p in parties] == [
        ("subject", "ARGANA TRAVAUX SARL"), ("manager", "Hicham Azizi"), ("subject", "ARTR SARL"),
        ("subject", "ARGANA BTP SARL"), ("subject", "ARGANA SARL")]
    assert {p.ice for p in parties if p.role == "subject"} == {"694097801000030"}


def test_a_notice_denomination_keeps_no_parser_residue() -> None:
    # the notice parser left "(sigle" and "Objet" at the end of the denomination
    from skiptrace.linking.parties import record_parties

    for raw in ("NOUR NEGOCE (sigle", "NOUR NEGOCE Objet", "NOUR NEGOCE"):
        (party,) = record_parties(_record("notice", {"company": raw, "legal_form": "SNC"}))
        assert party.name == "NOUR NEGOCE SNC"
