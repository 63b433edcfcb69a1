"""The Fellegi-Sunter model: EM recovers m, tf adjustment, JSON round-trip, weights to probabilities."""

from __future__ import annotations

import json
import random
import stat

import numpy as np
import pytest

from matching import Blocking, Model, link
from matching.comparisons import DateComparison, ExactMatch, StringAtThresholds
from matching.em import expectation_maximisation, level_frequencies, random_pairs
from matching.tf import TermFrequencies


def synthetic_gamma(n: int, lam: float, m: list[list[float]], u: list[list[float]], seed: int = 1):
    rng = np.random.default_rng(seed)
    is_match = rng.random(n) < lam
    gamma = np.zeros((n, len(m)), dtype=np.int8)
    for c, (mc, uc) in enumerate(zip(m, u, strict=True)):
        gamma[is_match, c] = rng.choice(len(mc), size=is_match.sum(), p=mc) + 1
        gamma[~is_match, c] = rng.choice(len(uc), size=(~is_match).sum(), p=uc) + 1
    return gamma, is_match


def test_em_recovers_known_m_and_match_rate():
    m = [[0.85, 0.1, 0.05], [0.9, 0.1], [0.7, 0.2, 0.1]]
    u = [[0.01, 0.04, 0.95], [0.2, 0.8], [0.02, 0.08, 0.9]]
    gamma, _ = synthetic_gamma(40_000, 0.25, m, u)
    start = [np.array([0.5, 0.3, 0.2]), np.array([0.6, 0.4]), np.array([0.4, 0.3, 0.3])]
    got, lam = expectation_maximisation(gamma, start, [np.array(x) for x in u], 0.1)
    assert lam == pytest.approx(0.25, abs=0.02)
    for est, true in zip(got, m, strict=True):
        assert np.allclose(est, true, atol=0.03), (est, true)


def test_u_is_the_level_frequency_among_random_pairs():
    gamma = np.array([[1], [2], [2], [2], [0]], dtype=np.int8)
    (u,) = level_frequencies(gamma, [2], alpha=0.0)
    assert u.tolist() == [0.25, 0.75]  # the null row is not counted
    i, j = random_pairs(10, None, 1000, seed=3)
    assert (i != j).all() and i.max() < 10 and j.max() < 10


def noisy_people(n: int, typo_rate: float, seed: int = 7):
    rnd = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    left, right = [], []
    for k in range(n):
        surname = "".join(rnd.choice(letters) for _ in range(7))
        row = {"surname": surname, "city": rnd.choice(["rabat", "fes", "sale", "oujda"]),
               "dob": f"19{rnd.randint(40, 99)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}", "id": k}
        left.append(row)
        copy = dict(row)
        if rnd.random() < typo_rate:
            copy["surname"] = surname[:3] + surname[4] + surname[3] + surname[5:]
        right.append(copy)
    return left, right


def test_fit_on_a_table_recovers_the_typo_rate_and_links_everyone():
    left, right = noisy_people(400, typo_rate=0.2)
    comps = [StringAtThresholds("surname", (0.9,)), ExactMatch("city"), DateComparison("dob")]
    links = link(left, right, comparisons=comps, blocking=Blocking(["city", "dob[:4]"]))
    model = links.model
    assert model.m[0][0] == pytest.approx(0.8, abs=0.06)  # exact surname among matches
    assert model.prior == pytest.approx(400 / (400 * 400), rel=0.2)
    found = {(p.left, p.right) for p in links}
    assert len(found & {(k, k) for k in range(400)}) >= 395
    assert len(found - {(k, k) for k in range(400)}) <= 4


def test_tf_adjustment_makes_a_rare_value_weigh_more():
    tf = TermFrequencies.from_values({"surname": ["alaoui"] * 50 + ["zerhouni"] + ["x"] * 49})
    adj = tf.adjustment({"surname": ["alaoui", "zerhouni", "never-seen"]}, u_level=0.02, n=3)
    assert adj[0] < 0 < adj[1]
    assert adj[2] == adj[1]  # unseen counts as seen once
    assert np.abs(adj).max() <= 6.0


def test_rare_name_match_scores_higher_than_common_name_match():
    rows = [{"surname": "alaoui", "city": "rabat"}] * 40 + [{"surname": "zerhouni", "city": "rabat"}]
    rows += [{"surname": f"name{k}", "city": "fes"} for k in range(60)]
    model = Model([ExactMatch("surname", tf=True)], m=[[0.9, 0.1]], u=[[0.05, 0.95]], prior=0.01)
    model.tf = TermFrequencies.from_values({"surname": [r["surname"] for r in rows]})
    prepared = model.prepare(rows)
    common, rare = np.array([0]), np.array([40])
    w_common, _ = model.score_pairs(prepared, prepared, common, common)
    w_rare, _ = model.score_pairs(prepared, prepared, rare, rare)
    assert w_rare[0] > w_common[0] + 3


def test_json_round_trip_keeps_every_parameter(tmp_path):
    left, right = noisy_people(150, typo_rate=0.1)
    comps = [StringAtThresholds("surname", (0.9,), tf=True), ExactMatch("city"), DateComparison("dob")]
    model = link(left, right, comparisons=comps, blocking=Blocking(["city"])).model
    model.calibration = (0.9, -0.2)
    path = tmp_path / "model.json"
    model.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = Model.load(path)
    assert again.to_dict() == json.loads(path.read_text())
    lp, rp = model.prepare(left), model.prepare(right)
    i, j = np.arange(150), np.arange(150)
    assert np.allclose(model.score_pairs(lp, rp, i, j)[0], again.score_pairs(lp, rp, i, j)[0])


def test_loading_a_model_whose_levels_differ_from_the_code_fails():
    data = Model([ExactMatch("city")]).to_dict()
    data["comparisons"][0]["levels"][0]["label"] = "same"
    with pytest.raises(ValueError, match="levels"):
        Model.from_dict(data)


def test_probability_is_the_logistic_of_the_weight():
    model = Model([ExactMatch("x")])
    assert model.probability(0.0) == pytest.approx(0.5)
    assert model.probability(np.log2(3)) == pytest.approx(0.75)
    assert model.probability(-1000) >= 0.0


def test_fit_on_descriptions_learns_name_frequencies_and_keeps_the_ladders():
    from datetime import date

    from matching import Description, default_model

    rnd = random.Random(4)
    given, surnames = ["Mohamed", "Youssef", "Khadija", "Salma"], ["Alaoui"] * 6 + ["Zerhouni", "Kabbaj"]
    left = [Description(name=f"{rnd.choice(surnames).upper()} {rnd.choice(given)} {k}", city="Rabat",
                        birth_date=date(1950 + k % 50, 1 + k % 12, 1 + k % 28)) for k in range(300)]
    right = [Description(name=" ".join(reversed(d.name.split(" ", 1))), city="Rabat", birth_date=d.birth_date)
             for d in left]
    model = Model.from_dict(default_model().to_dict())
    found = link(left, right, model=model, fit=True)
    assert model.tf.tables["surname"]["alaoui"] > 0.5  # learnt from the data, not the shipped table
    assert [c.labels for c in model.comparisons] == [c.labels for c in default_model().comparisons]
    pairs = {(p.left, p.right) for p in found}
    diagonal = {(k, k) for k in range(300)}
    assert len(pairs & diagonal) >= 295 and len(pairs - diagonal) <= 5
