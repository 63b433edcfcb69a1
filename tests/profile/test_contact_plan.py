"""The contact plan: the debtor's own contacts in order, shared lines kept apart and last."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from skiptrace.profile import build_profile
from skiptrace.profile.contact_plan import contact_plan
from tests.profile.factories import AS_OF, realistic_case


def _contact(node: str, confidence: float, rank: int = 1, shared: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"node_id": node, "value": node.split(":", 1)[1], "confidence": confidence, "rank": rank,
            "sources": ["phone_directory"], "geocoded": False, "shared_with": list(shared)}


def test_realistic_case_plan():
    debtor, matches, statuses = realistic_case()
    plan = build_profile(debtor, matches, statuses, as_of=AS_OF)["contact_plan"]
    assert [p["rank"] for p in plan] == list(range(1, len(plan) + 1))
    assert [(p["channel"], p["household"]) for p in plan] == [
        ("phone", False), ("address", False), ("phone", True)]
    shared = plan[-1]
    assert shared["value"] == "+212 5 22 30 40 50"
    assert "EL ALAOUI Karim" in shared["why"] and "never speak of the debt" in shared["why"]
    assert "Call the debtor" in plan[0]["why"] and "0.80" in plan[0]["why"]


def test_household_line_comes_after_own_contacts_even_when_surer():
    contacts = {"addresses": [_contact("address:rue 7", 0.4)],
                "phones": [_contact("phone:+212600000001", 0.9, shared=("EL ALAOUI Karim",))]}
    plan = contact_plan(contacts, 0.35)
    assert [p["node_id"] for p in plan] == ["address:rue 7", "phone:+212600000001"]
    assert plan[1]["household"] and not plan[0]["household"]


def test_phone_before_address_of_equal_confidence_and_threshold_respected():
    contacts = {"addresses": [_contact("address:rue 7", 0.6), _contact("address:rue 9", 0.2, rank=2)],
                "phones": [_contact("phone:+212600000001", 0.6)], "emails": [_contact("email:a@b.ma", 0.9)]}
    plan = contact_plan(contacts, 0.35)
    assert [p["node_id"] for p in plan] == ["phone:+212600000001", "address:rue 7"]


contacts_strategy = st.lists(
    st.tuples(st.sampled_from(["addresses", "phones"]), st.floats(0, 1), st.booleans()),
    max_size=12)


@settings(deadline=None)  # timing varies on a shared machine; the property is what is tested
@given(contacts_strategy, st.floats(0, 1))
def test_plan_order_invariants(items, threshold):
    contacts: dict[str, list[dict[str, Any]]] = {"addresses": [], "phones": []}
    for i, (kind, confidence, shared) in enumerate(items):
        prefix = "address" if kind == "addresses" else "phone"
        contacts[kind].append(_contact(f"{prefix}:{i}", confidence, rank=len(contacts[kind]) + 1,
                                       shared=("X",) if shared else ()))
    plan = contact_plan(contacts, threshold)
    assert all(p["confidence"] >= threshold for p in plan)
    assert len(plan) == sum(1 for _, c, _ in items if c >= threshold)
    flags = [p["household"] for p in plan]
    assert flags == sorted(flags)  # every shared line after every own contact
    own = [p["confidence"] for p in plan if not p["household"]]
    assert own == sorted(own, reverse=True)
