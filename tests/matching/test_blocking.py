"""Blocking: union of keys, vectorised join equal to brute force, block cap, completeness report."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Blocking, Description
from matching.blocking import columns_rule, report
from matching.description import DESCRIPTION_BLOCKING


def as_set(pairs: tuple[np.ndarray, np.ndarray]) -> set[tuple[int, int]]:
    return set(zip(pairs[0].tolist(), pairs[1].tolist(), strict=True))


def brute(left, right, rules, dedupe):
    keys = [[{f(r)} - {None} for f in rules] for r in left]
    rkeys = keys if dedupe else [[{f(r)} - {None} for f in rules] for r in right]
    return {(i, j) for i in range(len(left)) for j in range(len(rkeys))
            if (not dedupe or i < j) and any(a & b for a, b in zip(keys[i], rkeys[j], strict=True))}


rows = st.lists(st.fixed_dictionaries({"a": st.sampled_from(["x", "y", "z", None]),
                                       "b": st.sampled_from(["p", "q", ""])}), max_size=25)


@settings(max_examples=60, deadline=None)
@given(rows, rows)
def test_vectorised_join_equals_brute_force(left, right):
    rules = [columns_rule("a"), columns_rule("a", "b"), columns_rule("b")]
    blocking = Blocking(rules)
    assert as_set(blocking.pairs(left, right)) == brute(left, right, rules, dedupe=False)
    assert as_set(blocking.pairs(left)) == brute(left, left, rules, dedupe=True)


def test_prefix_specs_and_block_cap():
    rows = [{"s": "alaoui"}, {"s": "alami"}, {"s": "bennani"}]
    assert as_set(Blocking(["s[:2]"]).pairs(rows)) == {(0, 1)}
    many = [{"city": "casa"}] * 30 + [{"city": "fes"}] * 2
    assert as_set(Blocking(["city"], max_block=100).pairs(many)) == {(30, 31)}  # 435 casa pairs dropped


def test_report_counts_completeness_and_reduction():
    pairs = (np.array([0, 1, 2]), np.array([0, 2, 2]))
    got = report(pairs, [(0, 0), (1, 1), (2, 2), (3, 3)], n_left=4, n_right=4)
    assert got == {"pairs": 3.0, "pairs_completeness": 0.5, "reduction_ratio": 1 - 3 / 16}


def test_description_keys_survive_transliteration_and_find_shared_identifiers():
    debtor = Description(name="EL ALAOUI Mohamed", city="Casablanca", cin="BK100001", phones=("0661001020",))
    candidates = [
        Description(name="Mohammed Alaoui", city="Casa"),  # variant spelling, city alias
        Description(name="Karima Idrissi", cin="bk 100001"),  # shares only the CIN
        Description(name="Karim Tazi", phones=("+212 661-001020",)),  # shares only the phone
        Description(name="Youssef Bennani", city="Rabat", cin="JM300003"),  # shares nothing
    ]
    i, j = DESCRIPTION_BLOCKING.pairs([debtor], candidates)
    assert sorted(j.tolist()) == [0, 1, 2]


def test_blocking_keeps_true_pairs_on_noisy_copies():
    rnd = random.Random(5)
    left = [{"surname": f"name{k:04d}", "dob": f"19{k % 90:02d}0101", "pc": str(k % 97)} for k in range(500)]
    right = []
    for row in left:
        copy = dict(row)
        if rnd.random() < 0.3:
            copy["surname"] = copy["surname"][::-1]  # name destroyed: dob or postcode must catch it
        right.append(copy)
    blocking = Blocking(["surname", ("dob", "pc")])
    got = report(blocking.pairs(left, right), [(k, k) for k in range(500)], 500, 500)
    assert got["pairs_completeness"] == 1.0
    assert got["reduction_ratio"] > 0.99
