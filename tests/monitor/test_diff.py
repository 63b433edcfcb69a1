"""The diff of two profiles (skiptrace/monitor/diff.py): properties over generated profiles, and
one example per event type with the evidence a client reads."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from skiptrace.monitor.diff import (
    ADDRESS_LOST,
    ADDRESS_NEW,
    ASSET_LOST,
    ASSET_NEW,
    CHARGE_FLAGS,
    COMPANY_STATUS_CHANGED,
    MORTGAGE_RELEASED,
    PHONE_LOST,
    PHONE_NEW,
    SEGMENT_CHANGED,
    SUCCESSOR_NEW,
    TITLE_CHARGE_NEW,
    TYPES,
    comparable,
    diff,
)

_IDS = st.text("abcdef0123456789", min_size=1, max_size=4)
_FLAGS = st.lists(st.sampled_from([*CHARGE_FLAGS, "indivision", "pledge"]), unique=True)
_SEGMENTS = st.sampled_from(["amicable_contact", "forced_recovery", "further_search",
                             "irrecoverable_proposal"])
_STATUS = st.sampled_from(["active", "en liquidation", "radiée", None])


@st.composite
def assets(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["land_title", "vehicle"]))
    mortgages = draw(st.none() | st.floats(0, 1e6, allow_nan=False))
    return {"asset_id": f"{kind}:{draw(_IDS)}", "kind": kind, "label": "L",
            "held_by": "debtor", "via": None, "share": "1", "value": {"mid": 1.0},
            "flags": draw(_FLAGS),
            "parameters": [] if mortgages is None else [
                {"name": "mortgages_registered", "value": mortgages}],
            "evidence": [{"source": "land_registry", "record_id": "LR-1", "url": "u"}]}


def _contacts(prefix: str) -> Any:
    return st.lists(st.builds(lambda i: {"node_id": f"{prefix}:{i}", "value": i,
                                         "confidence": 0.5, "sources": ["x"]}, _IDS),
                    unique_by=lambda c: c["node_id"], max_size=4)


@st.composite
def profiles(draw: Any) -> dict[str, Any]:
    return {
        "partial": False,
        "assets": draw(st.lists(assets(), unique_by=lambda a: a["asset_id"], max_size=5)),
        "contacts": {"addresses": draw(_contacts("address")), "phones": draw(_contacts("phone"))},
        "companies": draw(st.lists(st.builds(
            lambda i, s: {"node_id": f"company:{i}", "name": "C", "status": s}, _IDS, _STATUS),
            unique_by=lambda c: c["node_id"], max_size=3)),
        "successors": draw(st.lists(st.builds(
            lambda i: {"record_id": f"CR-{i}", "source": "company_register", "name": "S"}, _IDS),
            unique_by=lambda s: s["record_id"], max_size=3)),
        "recoverability": {"segment": draw(_SEGMENTS)},
        "graph": {"nodes": []},
    }


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_a_profile_compared_with_itself_has_no_change(profile: dict[str, Any]) -> None:
    assert diff(profile, profile) == []
    assert diff(profile, copy.deepcopy(profile)) == []


@settings(max_examples=200, deadline=None)
@given(profiles(), profiles())
def test_what_appears_one_way_vanishes_the_other(old: dict[str, Any], new: dict[str, Any]) -> None:
    forward, backward = diff(old, new), diff(new, old)
    for appear, vanish in ((ASSET_NEW, ASSET_LOST), (ADDRESS_NEW, ADDRESS_LOST),
                           (PHONE_NEW, PHONE_LOST)):
        assert ({c.key for c in forward if c.type == appear}
                == {c.key for c in backward if c.type == vanish})
    segments = [c for c in forward if c.type == SEGMENT_CHANGED]
    assert len(segments) == (old["recoverability"] != new["recoverability"])


@settings(max_examples=200, deadline=None)
@given(profiles(), profiles())
def test_events_are_typed_sorted_and_unique(old: dict[str, Any], new: dict[str, Any]) -> None:
    changes = diff(old, new)
    assert all(c.type in TYPES for c in changes)
    order = [(TYPES.index(c.type), c.key) for c in changes]
    assert order == sorted(order)
    assert len({(c.type, c.key) for c in changes}) == len(changes)


@settings(max_examples=100, deadline=None)
@given(profiles())
def test_the_order_of_lists_changes_nothing(profile: dict[str, Any]) -> None:
    shuffled = copy.deepcopy(profile)
    for key in ("assets", "companies", "successors"):
        shuffled[key].reverse()
    shuffled["contacts"]["phones"].reverse()
    assert diff(profile, shuffled) == []


def _title(flags: list[str], mortgages: float | None = None) -> dict[str, Any]:
    return {"asset_id": "title:123/7", "kind": "land_title", "label": "TF 123/7", "held_by":
            "debtor", "via": None, "share": "1/2", "value": {"mid": 10.0}, "flags": flags,
            "parameters": [] if mortgages is None else [{"name": "mortgages_registered",
                                                         "value": mortgages}],
            "evidence": [{"source": "land_registry", "record_id": "LR-9", "url": "http://x/LR-9"}]}


def _profile(**parts: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"partial": False, "assets": [], "contacts": {"addresses": [],
                            "phones": []}, "companies": [], "successors": [],
                            "recoverability": {"segment": "forced_recovery"},
                            "graph": {"nodes": []}}
    base.update(parts)
    return base


def test_a_new_title_is_an_asset_with_its_record() -> None:
    [change] = diff(_profile(), _profile(assets=[_title([])]))
    assert change.type == ASSET_NEW
    assert change.evidence["asset_id"] == "title:123/7"
    assert change.evidence["record"] == {"source": "land_registry", "record_id": "LR-9",
                                         "url": "http://x/LR-9"}


def test_a_seizure_and_a_released_mortgage_on_a_title() -> None:
    old = _profile(assets=[_title(["mortgage"], 500_000.0)])
    new = _profile(assets=[_title(["seizure"])])
    changes = {c.type: c for c in diff(old, new)}
    assert set(changes) == {TITLE_CHARGE_NEW, MORTGAGE_RELEASED}
    assert changes[TITLE_CHARGE_NEW].evidence["charge"] == "seizure"
    assert changes[MORTGAGE_RELEASED].evidence["mortgages_before"] == 500_000.0


def test_a_second_mortgage_raises_the_registered_total() -> None:
    [change] = diff(_profile(assets=[_title(["mortgage"], 100.0)]),
                    _profile(assets=[_title(["mortgage"], 300.0)]))
    assert (change.type, change.evidence["charge"]) == (TITLE_CHARGE_NEW, "mortgage")


def test_a_company_debtor_closing_and_its_successor() -> None:
    def node(status: str) -> dict[str, Any]:
        return {"graph": {"nodes": [{"id": "debtor:D1", "debtor": True, "schema": "Company",
                                     "label": "SARA BTP", "properties": {"status": status}}]}}
    successor = {"record_id": "CR-5", "source": "company_register", "name": "OASIS"}
    changes = diff(_profile(**node("active")),
                   _profile(**node("radiée"), successors=[successor],
                            recoverability={"segment": "further_search"}))
    assert [c.type for c in changes] == [COMPANY_STATUS_CHANGED, SUCCESSOR_NEW, SEGMENT_CHANGED]
    assert changes[0].evidence["before"] == "active" and changes[0].evidence["after"] == "radiée"
    assert changes[1].evidence["record_id"] == "CR-5"


def test_only_a_complete_profile_is_comparable() -> None:
    assert comparable(_profile())
    assert not comparable(_profile(partial=True))
    assert not comparable({"assets": []})  # no verdict is not a complete run
