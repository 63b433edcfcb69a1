"""One company per denomination (certificat négatif, DOMAIN.md §4; docs/decisions/0008).

The lanes of a world never consult each other, so the rule has to hold by construction: these
tests let sixteen lanes grant names from a tiny vocabulary (where collisions are certain) and
check a generated world, whose names come from the real tables.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skiptrace.sandbox import generate_world
from skiptrace.sandbox.denominations import Denominations, folded, lane_of

LANES = 16
WORDS = ["MAROC", "GROUP", "PLUS", "ET FILS", "CASABLANCA"]


def _grant_everywhere(ideas: list[str], per_lane: int, seed: int) -> list[tuple[int, str]]:
    granted: list[tuple[int, str]] = []
    for lane in range(LANES):
        names, rng = Denominations(lane, LANES), random.Random(f"{seed}:{lane}")
        for _ in range(per_lane):
            granted.append((lane, names.draw(lambda: rng.choice(ideas), rng, WORDS)))  # noqa: B023
    return granted


@settings(max_examples=30, deadline=None)
@given(ideas=st.lists(st.sampled_from(["ATLAS BTP", "Atlas  btp", "NOUR", "ETS ALAOUI", "Sté Anfa"]),
                      min_size=1, max_size=5),
       per_lane=st.integers(1, 40), seed=st.integers(0, 10**6))
def test_no_two_lanes_and_no_lane_twice_grant_one_name(ideas: list[str], per_lane: int,
                                                        seed: int) -> None:
    granted = _grant_everywhere(ideas, per_lane, seed)
    keys = [folded(name) for _, name in granted]
    assert len(keys) == len(set(keys)), "a name was granted twice"
    assert all(lane_of(name, LANES) == lane for lane, name in granted)


def test_a_free_first_idea_is_kept_as_is() -> None:
    names = Denominations(0, 1)
    assert names.grant("ATLAS BTP", random.Random(1), WORDS) == "ATLAS BTP"
    second = names.grant("ATLAS BTP", random.Random(1), WORDS)
    assert second != "ATLAS BTP" and second.startswith("ATLAS BTP ")


def test_names_differing_only_in_case_accents_or_spacing_are_the_same_name() -> None:
    assert folded("Sté  Anfa-Négoce") == folded("STE ANFA NEGOCE")
    names = Denominations(0, 1)
    names.grant("Sté Anfa", random.Random(1), WORDS)
    assert not names.free("STE ANFA")


def test_a_lane_runs_out_of_words_and_still_ends() -> None:
    names, rng = Denominations(0, 1), random.Random(3)
    granted = {names.grant("NOUR", rng, ["PLUS"]) for _ in range(5)}
    assert len(granted) == 5 and "NOUR" in granted and "NOUR PLUS" in granted


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    world = generate_world(61_511, 800, tmp_path_factory.mktemp("names-world"))
    text = (Path(world) / "sources" / "company_register.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_no_two_enterprises_of_a_world_share_a_denomination(register: list[dict[str, object]]) -> None:
    """Branches carry their company's name (the same enterprise: ICE's first nine digits)."""
    enterprises: dict[str, set[str]] = defaultdict(set)
    for row in register:
        if row["kind"] in ("company", "branch"):
            enterprises[folded(str(row["denomination"]))].add(str(row["ice"])[:9])
    shared = {name: ices for name, ices in enterprises.items() if len(ices) > 1}
    assert len(enterprises) > 500 and not shared


def test_an_old_name_is_nobody_elses_current_name(register: list[dict[str, object]]) -> None:
    current = {folded(str(r["denomination"])): str(r["ice"])[:9] for r in register if r["kind"] == "company"}
    olds = [(folded(str(o)), str(r["ice"])[:9]) for r in register if r["kind"] == "company"
            for o in r["old_names"]]  # type: ignore[attr-defined]
    assert olds and all(current.get(name, ice) == ice for name, ice in olds)


def test_a_trade_name_is_nobody_elses_name(register: list[dict[str, object]]) -> None:
    """Enseignes come from the same certificat négatif: neither another enterprise's
    denomination nor another's trade name (a person's own name, a trader's entry, is not one)."""
    owner: dict[str, set[str]] = defaultdict(set)
    for row in register:
        enterprise = str(row["ice"])[:9]
        names = [*row["trade_names"]]  # type: ignore[misc]
        if row["kind"] in ("company", "branch"):
            names.append(row["denomination"])
        for name in names:
            owner[folded(str(name))].add(enterprise)
    traded = {folded(str(n)) for r in register for n in r["trade_names"]}  # type: ignore[attr-defined]
    assert traded and all(len(owner[name]) == 1 for name in traded)


def test_names_in_another_script_are_names() -> None:
    """Folding keeps letters it cannot strip of accents: two Arabic names are two names."""
    assert folded("شركة الأطلس") != folded("شركة النور") and folded("شركة الأطلس")
