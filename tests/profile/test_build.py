"""build_profile end to end on hand-built cases: threshold, second-degree links, segments,
determinism and the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skiptrace.model import Debtor, SourceStatus
from skiptrace.profile import InvalidProfile, build_profile, validate
from skiptrace.profile.params import ProfileParams
from skiptrace.render.json import dumps, write_profile
from tests.profile.factories import (
    AS_OF,
    company,
    debtor,
    listing,
    match,
    owner,
    realistic_case,
    statuses,
    title,
    vehicle,
)

ROOT = Path(__file__).resolve().parents[2]


def _build(matches, sts=None, **kw):
    return build_profile(debtor(**kw), matches, sts if sts is not None else statuses(), as_of=AS_OF)


def test_decoy_title_with_low_probability_stays_below_the_threshold():
    decoy = title("99881", [owner("EL ALOUI Mhamed", "Z500005")], zone="Maarif")
    profile = _build([match(decoy, 0.08)])
    assert profile["assets"] == [] and profile["links"] == []
    assert [(r["record_id"], r["probability"]) for r in profile["rejected"]] == [("99881", 0.08)]
    assert not any(n["id"].startswith("title:") for n in profile["graph"]["nodes"])


def test_reporting_threshold_is_configurable(tmp_path):
    text = (ROOT / "skiptrace/data/reliability.yml").read_text(encoding="utf-8").replace("reporting_threshold: 0.5", "reporting_threshold: 0.05")
    (tmp_path / "rel.yml").write_text(text, encoding="utf-8")
    params = ProfileParams.load(tmp_path / "rel.yml")
    decoy = title("99881", [owner("EL ALOUI Mhamed", "Z500005")], zone="Maarif")
    profile = build_profile(debtor(), [match(decoy, 0.08)], statuses(), as_of=AS_OF, params=params)
    assert [a["asset_id"] for a in profile["assets"]] == ["title:99881/C"]


def test_shared_phone_is_flagged_with_who_else_holds_it():
    mine = listing("PD-1", "EL ALAOUI Mohamed", ["0522 30 40 50"], "N° 12, Rue 7")
    brother = listing("PD-2", "EL ALAOUI Karim", ["+212522304050"], "Lot. Al Massira", "Marrakech")
    profile = _build([match(mine, 0.9), match(brother, 0.1)])
    phone = profile["contacts"]["phones"][0]
    assert "shared" in phone["flags"] and phone["shared_with"] == ["EL ALAOUI Karim"]
    node = next(n for n in profile["graph"]["nodes"] if n["id"] == phone["node_id"])
    assert "shared" in node["flags"]


def test_the_debtors_own_listing_with_the_name_reversed_does_not_share_the_number():
    """Issue 14: one entity per thing: "Mohamed EL ALAOUI" listed below the link threshold is
    the debtor written the other way round, not someone else at the debtor's number."""
    mine = listing("PD-1", "EL ALAOUI Mohamed", ["0522 30 40 50"], "N° 12, Rue 7")
    reversed_ = listing("PD-3", "Mohamed EL ALAOUI", ["+212522304050"], "Lot. Al Massira", "Marrakech")
    profile = _build([match(mine, 0.9), match(reversed_, 0.3)])
    phone = profile["contacts"]["phones"][0]
    assert "shared" not in phone["flags"] and not phone.get("shared_with")


def test_a_companys_own_listing_under_a_shortened_name_is_not_another_company():
    from tests.profile.factories import record

    company_debtor = debtor(debtor_id="D-9", kind="company", name="ATLAS BTP SARL", first_name=None,
                            last_name=None, birth_date=None, identifiers=(), phones=("0522304050",))
    short = record("phone", {"name": "ATLAS", "listing_kind": "business", "city": "Casablanca",
                             "phones": ["0522304050"]}, "phone_directory", "PD-7")
    profile = build_profile(company_debtor, [match(short, 0.3)], statuses(), as_of=AS_OF)
    phone = profile["contacts"]["phones"][0]
    assert "shared" not in phone["flags"]
    assert not any(n["schema"] == "Company" and not n["debtor"] for n in profile["graph"]["nodes"])


def test_unshared_phone_is_not_flagged():
    profile = _build([match(listing("PD-1", "EL ALAOUI Mohamed", ["0661001020"]), 0.9)])
    assert profile["contacts"]["phones"][0]["flags"] == []


def test_company_managed_by_the_debtor_brings_its_title_as_second_degree_asset():
    managed = company("CR-1", partners=[])
    owned_by_company = title("555", [owner("ATLAS BTP", None, "1/1", kind="company", ice="000123456000093")], nature="local commercial")
    car = vehicle("777", owner_name="ATLAS BTP", cin=None, kind="company", ice="000123456000093")
    profile = build_profile(debtor(), [match(managed, 0.95, party_index=1)], statuses(), as_of=AS_OF,
                            related=[owned_by_company, car])
    held = {a["asset_id"]: a for a in profile["assets"]}
    assert held["title:555/C"]["held_by"] == "company" and held["title:555/C"]["via"] == "company:000123456000093"
    assert "company_asset" in held["title:555/C"]["flags"]
    assert profile["recoverability"]["seizable"]["mid"] == 0  # a company's assets do not pay the manager's debt
    assert profile["companies"][0]["roles"][0]["relation"] == "Directorship"


def test_partner_stake_is_valued_with_nominal_apart():
    profile = _build([match(company("CR-1"), 0.95, party_index=2)])
    stake = next(a for a in profile["assets"] if a["kind"] == "company_stake")
    assert stake["share"] == "500/1000" and stake["nominal"] == 50_000 and stake["value"]["low"] == 0


def test_links_list_every_attached_record_once():
    d, matches, sts = realistic_case()
    profile = build_profile(d, matches, sts, as_of=AS_OF)
    keys = [(link["source"], link["record_id"]) for link in profile["links"]]
    assert len(keys) == len(set(keys)) and ("land_registry", "99881") not in keys
    assert ("land_registry", "12345") in keys and all(link["probability"] >= 0.5 for link in profile["links"])


def test_same_inputs_give_the_same_bytes_whatever_the_order():
    d, matches, sts = realistic_case()
    first = dumps(build_profile(d, matches, sts, as_of=AS_OF))
    again = dumps(build_profile(d, list(reversed(matches)), list(reversed(sts)), as_of=AS_OF))
    assert first == again


def test_segment_forced_recovery_when_the_debtor_owns_something_seizable():
    assert _build([match(vehicle("1"), 0.95)])["recoverability"]["segment"] == "forced_recovery"


def test_segment_amicable_contact_when_reachable_but_nothing_seizable():
    profile = _build([match(listing("PD-1", "EL ALAOUI Mohamed", ["0661001020"]), 0.95)])
    assert profile["recoverability"]["segment"] == "amicable_contact" and profile["recoverability"]["reachable"]


def test_segment_irrecoverable_only_after_a_thorough_search():
    profile = _build([])
    assert profile["recoverability"]["segment"] == "irrecoverable_proposal" and profile["recoverability"]["thorough"]


def test_partial_search_never_proposes_non_valeur():
    profile = _build([], statuses(failed=("land_registry",)))
    assert profile["partial"] is True
    assert profile["recoverability"]["segment"] == "further_search"
    assert profile["recoverability"]["sources_incomplete"] == ["land_registry"]


def test_skipped_source_is_not_a_thorough_search():
    sts = [SourceStatus("land_registry", "skipped", "not configured"), SourceStatus("geocoder", "ok")]
    recoverability = _build([], sts)["recoverability"]
    assert recoverability["segment"] == "further_search" and not recoverability["thorough"]
    # asked nothing is not "did not answer fully" (issue 15: the terminal said so of skipped sources)
    assert recoverability["sources_incomplete"] == []


def test_seizable_value_no_step_would_recover_is_no_case_for_forced_recovery() -> None:
    """Issue 16: a debtor segmented forced_recovery whose proposal had no step (a stake worth
    less than its seizure costs); the segment follows the proposal."""
    from skiptrace.profile.recoverability import summarize

    profile = _build([match(vehicle("1"), 0.95)])
    debtor = Debtor(debtor_id="D-1", kind="person", name="EL ALAOUI Mohamed", debt_amount=5000.0)
    args = (debtor, profile["contacts"], profile["assets"], [SourceStatus("geocoder", "ok")],
            ProfileParams.load())
    assert summarize(*args)["segment"] == "forced_recovery"  # the proposal unknown: value decides
    assert summarize(*args, steps=1)["segment"] == "forced_recovery"
    assert summarize(*args, steps=0)["segment"] != "forced_recovery"


def test_leased_car_alone_is_not_seizable():
    profile = _build([match(vehicle("2", leasing=True), 0.95)])
    assert profile["recoverability"]["seizable"]["high"] == 0 and profile["recoverability"]["segment"] != "forced_recovery"


def test_portfolio_contact_alone_does_not_make_the_debtor_reachable():
    profile = _build([], phones=("0661001020",))
    assert profile["contacts"]["phones"] and not profile["recoverability"]["reachable"]


def test_built_profiles_validate_and_a_broken_one_does_not():
    d, matches, sts = realistic_case()
    profile = build_profile(d, matches, sts, as_of=AS_OF)
    validate(profile)
    broken = json.loads(json.dumps(profile))
    broken["recoverability"]["segment"] = "maybe"
    with pytest.raises(InvalidProfile):
        validate(broken)
    broken = json.loads(json.dumps(profile))
    broken["assets"][0]["surprise"] = 1
    with pytest.raises(InvalidProfile):
        validate(broken)


def test_write_profile_validates_and_creates_a_private_file(tmp_path):
    d, matches, sts = realistic_case()
    profile = build_profile(d, matches, sts, as_of=AS_OF)
    path = tmp_path / "p.json"
    write_profile(path, profile)
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text(encoding="utf-8")) == profile
    with pytest.raises(InvalidProfile):
        write_profile(tmp_path / "bad.json", {**profile, "schema_version": "0"})
    assert not (tmp_path / "bad.json").exists()


def test_the_schema_is_a_valid_2020_12_schema():
    from jsonschema import Draft202012Validator

    from skiptrace.profile.schema import load_schema

    Draft202012Validator.check_schema(load_schema())  # raises SchemaError if it is not


def test_packaged_schema_is_identical_to_the_published_one():
    assert (ROOT / "schema/profile.schema.json").read_bytes() == (ROOT / "skiptrace/data/profile.schema.json").read_bytes()


def test_raw_field_values_still_give_a_valid_profile():
    from datetime import date as day

    rec = company("CR-9", capital="100 000,00 MAD")
    rec.fields["created"] = day(2015, 3, 2)  # a date object where the vocabulary says ISO text
    profile = _build([match(rec, 0.95, party_index=2)])
    stake = next(a for a in profile["assets"] if a["kind"] == "company_stake")
    assert stake["nominal"] == 50_000 and profile["companies"][0]["capital"] == 100_000


def test_fast_and_reference_validators_agree_on_valid_and_broken_profiles():
    from jsonschema import Draft202012Validator

    from skiptrace.profile.schema import _fast, load_schema

    d, matches, sts = realistic_case()
    profile = build_profile(d, matches, sts, as_of=AS_OF)
    reference = Draft202012Validator(load_schema())
    fast = _fast()
    cases = [profile]
    for path, value in ((("partial",), "no"), (("graph", "edges", 0, "type"), "owns"), (("contacts", "phones", 0, "rank"), 0),
                        (("assets", 0, "value", "mid"), "a lot"), (("links", 0, "probability"), 1.5)):
        broken = json.loads(json.dumps(profile))
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        cases.append(broken)
    for case in cases:
        expected = reference.is_valid(case)
        if fast is not None:
            try:
                fast(case)
                fast_ok = True
            except Exception:
                fast_ok = False
            assert fast_ok == expected
        assert expected == (case is profile)


def test_a_record_found_twice_gives_the_same_profile_whatever_the_arrival_order():
    from dataclasses import replace

    rec = listing("PD-1", "EL ALAOUI Mohamed", ["0661001020"], "N° 12, Rue 7")
    twin = replace(rec, provenance=replace(rec.provenance, url="http://127.0.0.1:8765/phone_directory/search?name=ALAOUI"))
    one, two = match(rec, 0.9), match(twin, 0.9)
    assert dumps(_build([one, two])) == dumps(_build([two, one]))


def test_a_search_too_broad_is_not_partial_nor_thorough_and_the_profile_says_which():
    """Issue 17: every request answered, a common name found too many: not a failed source
    (the profile is not partial), not a thorough search either (no non-valeur proposal)."""
    broad = {"key": "name", "value": "E* A*****", "reason": "name as written", "results": 1014,
             "too_broad": True, "narrowed": 1}
    sts = [s if s.source != "legal_notices" else SourceStatus(
        "legal_notices", "too_broad", "search too broad; name E* A***** (Casablanca) (320 results)",
        requests=2, searches=(broad,)) for s in statuses()]
    profile = _build([], sts)
    validate(profile)
    assert profile["partial"] is False
    recoverability = profile["recoverability"]
    assert recoverability["segment"] == "further_search" and not recoverability["thorough"]
    assert recoverability["sources_incomplete"] == []
    (notices,) = [s for s in profile["sources"] if s["source"] == "legal_notices"]
    assert notices["status"] == "too_broad" and "320 results" in notices["reason"]
    (entry,) = [s for s in profile["searches"] if s["source"] == "legal_notices"]
    assert entry["too_broad"] is True and entry["narrowed"] == 1
