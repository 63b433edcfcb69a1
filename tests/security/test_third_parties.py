"""docs/security.md, "Third parties": a profile names the people met while researching a debtor
(co-owners, partners, co-managers, someone sharing a phone) and their role, never their
identifiers in clear. On 1701b9c their CINs were graph node ids and properties of every profile
and output line."""

from __future__ import annotations

from skiptrace.model import Identifier
from skiptrace.profile import build_profile
from skiptrace.render import html
from skiptrace.render.json import dumps
from tests.profile.factories import AS_OF, company, debtor, match, statuses

THIRD_PARTY_CINS = ("A200002", "K700007")


def third_party_case() -> dict:
    """A company debtor: its register entry names a manager and two partners (third parties)."""
    managers = [{"name": "TAZI Rachid", "cin": "K700007", "role": "gérant"}]
    the_company = debtor(debtor_id="D-0002", kind="company", name="ATLAS BTP", first_name=None,
                         last_name=None, birth_date=None,
                         identifiers=(Identifier("ice", "000123456000093"),))
    matches = [match(company("CR-1", managers=managers), 0.97, party_index=0,
                     debtor_id="D-0002")]
    return build_profile(the_company, matches, statuses(), as_of=AS_OF)


def test_third_parties_are_named_with_their_role_but_never_identified_in_clear() -> None:
    profile = third_party_case()
    text = dumps(profile) + html.render(profile)
    for cin in THIRD_PARTY_CINS:
        assert cin not in text, cin
    people = {n["label"]: n for n in profile["graph"]["nodes"] if n["schema"] == "Person"}
    assert {"EL ALAOUI Mohamed", "BENJELLOUN Fatima-Zahra", "TAZI Rachid"} <= set(people)
    assert people["TAZI Rachid"]["properties"]["cin"] == "K7*****"
    assert "000123456000093" in dumps(profile)  # the debtor's own identifier stays
    roles = {(e["source"], e["type"], e["role"]) for e in profile["graph"]["edges"]}
    assert (people["TAZI Rachid"]["id"], "Directorship", "gérant") in roles  # their role stays
    assert (people["BENJELLOUN Fatima-Zahra"]["id"], "Ownership", "partner") in roles


def test_one_third_party_is_one_node_and_two_are_two() -> None:
    profile = third_party_case()
    ids = [n["id"] for n in profile["graph"]["nodes"] if n["schema"] == "Person"]
    assert len(ids) == len(set(ids)) >= 3  # the debtor node and three people
    assert third_party_case()["graph"] == profile["graph"]  # stable run to run
