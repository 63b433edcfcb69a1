"""The evaluation grades with rules of its own, against the truth's structured fields."""

from __future__ import annotations

from skiptrace.evaluate import (
    address_is,
    evaluate,
    phone_digits,
    plate_number,
    render_evaluation,
    title_number,
    truth_cities,
    words,
)

TRUTH_ADDRESS = {
    "text": "Résidence Al Manar, Imm 25, Appt 36, N° 217, Avenue Al Wahda, Plaisance, Meknès 50000",
    "parts": {"number": 217, "street_kind": "avenue", "street": "Al Wahda", "residence": "Al Manar",
              "building": 25, "apartment": 36, "quartier": "Plaisance", "city": "Meknès",
              "postcode": "50000"},
}
CITIES = frozenset({"meknes", "casablanca", "fes"})


def test_words_fold_case_accents_and_punctuation() -> None:
    assert words("N°217 Av. Al Wahda, Meknès") == ["n", "217", "av", "al", "wahda", "meknes"]


def test_the_same_address_written_another_way_is_right() -> None:
    for text in ("Res Al Manar, Immeuble 25, Appt 36, Nr 217 Av Al Wahda, Quartier Plaisance, Meknès",
                 "217 AV Al Wahda, MEKNES",
                 "n° 217 Avenue Al Wahda, 50000",  # the postcode names the city
                 "N° 217, Av. Al Wahda, Miknas"):  # a spelling the grader cannot read
        assert address_is(text, TRUTH_ADDRESS, CITIES), text


def test_another_number_street_or_city_is_wrong() -> None:
    for text in ("N° 117, Avenue Al Wahda, Meknès",  # another house
                 "Avenue Al Wahda, Plaisance, Meknès",  # no number: a partial address
                 "N° 217, Rue Ibn Sina, Meknès",
                 "N° 217, Avenue Al Wahda, Casablanca",  # another city of the world
                 "Hay Plaisance, Meknès"):
        assert not address_is(text, TRUTH_ADDRESS, CITIES), text


def test_a_truth_without_parts_needs_its_words_in_order() -> None:
    assert address_is("12 rue de Fès, Rabat", "12 Rue de Fès", CITIES)
    assert not address_is("12 rue de Fès, Rabat", "14 Rue de Fès", CITIES)


def test_cities_come_from_the_truth_file() -> None:
    truths = [{"address": TRUTH_ADDRESS,
               "previous_addresses": [{"parts": {"city": "Dar Bouazza"}}]}, {"address": None}]
    assert truth_cities(truths) == {"meknes", "dar bouazza"}


def test_phones_compare_by_their_national_digits() -> None:
    forms = ("+212661234567", "06 61 23 45 67", "0661-234567", "06.61.23.45.67",
             "+212 6 61 23 45 67", "00212661234567")
    assert {phone_digits(f) for f in forms} == {"661234567"}
    assert phone_digits("") is None
    assert phone_digits("+33 1 23 45 67 89") == "33123456789"


def test_titles_and_plates_lose_their_prefixes_and_separators() -> None:
    assert title_number("TF 12345/c") == title_number("T.F. n° 12345/C") == "12345/C"
    assert plate_number("12345 | أ | 6") == plate_number("12345-أ-6") == "12345-أ-6"


def test_evaluate_counts_links_contacts_and_assets() -> None:
    truth = {
        "debtor_id": "D1", "address": TRUTH_ADDRESS, "phones": ["+212661234567"],
        "links": {"land_registry": [{"record_id": "LR-1", "role": "owner"}],
                  "phone_directory": [{"record_id": "PD-1", "role": "listing"}]},
        "decoys": [{"source": "land_registry", "record_id": "LR-9", "relation": "homonym"}],
        "assets": {"land_titles": [{"record_id": "LR-1", "title_number": "TF 12/C"}],
                   "vehicles": [{"record_id": "VR-1", "plate": "1-أ-6"}]},
    }
    profile = {
        "debtor_id": "D1",
        "links": [{"source": "land_registry", "record_id": "LR-1", "probability": 0.99},
                  {"source": "land_registry", "record_id": "LR-9", "probability": 0.9}],
        "contacts": {"addresses": [{"value": "217 Av Al Wahda, Meknès"}],
                     "phones": [{"value": "+212 6 61 23 45 67"}]},
        "assets": [{"asset_id": "title:12/C", "evidence": []},
                   {"asset_id": "vehicle:1 | أ | 6", "evidence": []}],
    }
    report = evaluate([profile], [truth])
    assert report["links"]["true_positives"] == 1
    assert report["links"]["false_positives"] == 1
    assert report["links"]["false_negatives"] == 1
    assert report["decoys_by_relation"] == {"homonym": 1}
    assert report["best_address_accuracy"] == 1.0
    assert report["best_phone_accuracy"] == 1.0
    assert report["asset_recall"] == 1.0


def test_recall_per_role_retrieved_beside_linked_and_requests_per_debtor() -> None:
    truth = {
        "debtor_id": "D1",
        "links": {
            "land_registry": [
                {"record_id": "LR-1", "role": "owner", "debtor_role": "owner"},
                {"record_id": "LR-2", "role": "owner", "debtor_role": "co-owner"},
                {"record_id": "LR-3", "role": "owner", "debtor_role": "co-owner"},
            ],
            "legal_notices": [{"record_id": "LN-1", "role": "named", "debtor_role": "partner"}],
            "geocoder": [{"record_id": "GC-1", "role": "current_address"}],  # before debtor_role
        },
    }
    profile = {
        "debtor_id": "D1",
        "sources": [{"source": "land_registry", "status": "ok", "records": 3, "requests": 2},
                    {"source": "geocoder", "status": "ok", "records": 1, "requests": 3}],
        "links": [{"source": "land_registry", "record_id": "LR-1", "probability": 0.99, "role": "owner"},
                  {"source": "geocoder", "record_id": "GC-1", "probability": 0.9, "role": None},
                  {"source": "geocoder", "record_id": "GC-7", "probability": 0.9, "role": None},
                  {"source": "legal_notices", "record_id": "LN-5", "probability": 0.9,
                   "role": "manager"}],
        # fetched and set aside: retrieved, not linked
        "rejected": [{"source": "land_registry", "record_id": "LR-2", "probability": 0.3,
                      "role": "owner"}],
    }
    report = evaluate([profile], [truth, {"debtor_id": "D2", "findable": False, "links": {}}])
    roles = report["by_role"]
    assert roles["owner"]["recall"] == 1.0
    assert roles["co-owner"]["recall"] == 0.0
    assert roles["co-owner"]["retrieved_share"] == 0.5  # LR-2 rejected, LR-3 never fetched
    assert roles["partner"]["false_negatives"] == 1 and roles["partner"]["retrieved"] == 0
    assert roles["manager"]["false_positives"] == 1  # a false link counts under the role claimed
    assert roles["subject"]["true_positives"] == 1 and roles["subject"]["false_positives"] == 1
    land = report["by_source"]["land_registry"]
    assert (land["recall"], land["retrieved_share"]) == (round(1 / 3, 4), round(2 / 3, 4))
    assert report["by_source_role"]["land_registry"]["co-owner"]["false_negatives"] == 2
    assert report["outside_geocoder"]["true_positives"] == 1
    assert report["own_outside_geocoder"]["false_negatives"] == 2  # the partner is not an own role
    assert report["requests_per_debtor"] == {"geocoder": 3.0, "land_registry": 2.0}
    assert report["unfindable_debtors"] == 1 and report["unfindable_with_links"] == 0.0
    assert report["retrieved_share"] == report["links"]["retrieved_share"] == 0.6  # 3 of 5


def test_successors_and_company_assets_are_graded_against_the_truth() -> None:
    truth = {"debtor_id": "D-1", "kind": "company", "links": {}, "decoys": [],
             "successors": [{"record_id": "CR-2", "evidence": ["manager"]},
                            {"record_id": "CR-3", "evidence": ["phone"]}],
             "successor_lookalikes": [{"record_id": "CR-4", "relation": "domiciliation"}],
             "second_degree_assets": [{"source": "land_registry", "record_id": "LR-1", "via": "CR-9"},
                                      {"source": "vehicle_registry", "record_id": "VR-1", "via": "CR-9"}]}
    company_asset = {"held_by": "company", "evidence": [{"source": "land_registry", "record_id": "LR-1"}]}
    stray = {"held_by": "company", "evidence": [{"source": "vehicle_registry", "record_id": "VR-7"}]}
    own = {"held_by": "debtor", "evidence": [{"source": "vehicle_registry", "record_id": "VR-1"}]}
    profile = {"debtor_id": "D-1", "links": [], "rejected": [], "sources": [],
               "assets": [company_asset, stray, own],
               "successors": [{"record_id": "CR-2"}, {"record_id": "CR-4"}]}
    report = evaluate([profile], [truth])
    succ = report["successors"]
    assert (succ["tp"], succ["fp"], succ["fn"]) == (1, 1, 1)
    assert succ["lookalikes_reported"] == {"domiciliation": 1}
    second = report["second_degree_assets"]
    # the debtor's own vehicle is not a company's: VR-1 stays a miss; VR-7 is a false one
    assert (second["tp"], second["fp"], second["fn"]) == (1, 1, 1)


def test_the_tables_speak_french_with_words_for_sources_and_roles(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    truth = {"debtor_id": "D1", "links": {"land_registry": [
        {"record_id": f"LR-{i}", "role": "owner", "debtor_role": "co-owner"} for i in range(1200)]}}
    profile = {"debtor_id": "D1",
               "sources": [{"source": "land_registry", "status": "ok", "records": 1, "requests": 2}],
               "links": [{"source": "land_registry", "record_id": f"LR-{i}", "probability": 0.99,
                          "role": "owner"} for i in range(1100)],
               "rejected": []}
    render_evaluation(evaluate([profile], [truth]))
    out = capsys.readouterr().out
    assert "Liens comparés à la vérité, par source" in out and "conservation foncière" in out
    assert "copropriétaire" in out and "co-owner" not in out and "land_registry" not in out
    assert "1\u00a0100" in out and "0,917" in out and "1,100" not in out  # French numbers
