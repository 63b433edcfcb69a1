"""Calibration, measured: predicted probabilities against observed match rates on labelled pairs.

Two labelled sets: hand-written Moroccan-style pairs (spelling variants, scripts, namesakes,
fathers and sons, shared and conflicting identifiers) scored by the default model, and a
synthetic table whose truth is known, scored by a model fit without labels.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from matching import Blocking, Description, score
from matching.calibration import brier, calibration_error, reliability
from tests.matching.test_model import noisy_people

D = Description
P = "person"
C = "company"

# (left, right, same entity?) — written by hand from DOMAIN.md §7 variants; all values fabricated.
PAIRS: list[tuple[Description, Description, bool]] = [
    (D(name="EL ALAOUI Mohamed", cin="BK100001"), D(name="Mohammed Alaoui", cin="BK100001"), True),
    (D(name="BENJELLOUN Fatima-Zahra", birth_date=date(1980, 5, 17), city="Fès"),
     D(name="Fatimazahra Benjelloun", birth_date=date(1980, 5, 17), city="Fes"), True),
    (D(name="AIT OUAHMANE Youssef", city="Agadir", phones=("0661001020",)),
     D(name="Youssouf Ait Ouahmane", phones=("+212661001020",)), True),
    (D(name="CHRAIBI Abdelkader", birth_date=date(1970, 1, 2)),
     D(name="Abd El Kader Chraïbi", birth_date=date(1970, 1, 2)), True),
    (D(name="OUAZZANI Bouchra", city="Rabat", cin="AA123456"), D(name="Bushra Wazzani", cin="AA123456"), True),
    (D(name="IDRISSI Khadija", birth_date=date(1990, 3, 4), city="Salé"),
     D(name="Khadidja El Idrissi", birth_date=date(1990, 4, 3), city="Sale"), True),
    (D(name="محمد العلوي", cin="BK100001"), D(name="Mohamed Alaoui", cin="BK100001"), True),
    (D(kind=C, name="STE ATLAS BTP SARL AU", ice="000123456000093"),
     D(kind=C, name="ATLAS BTP S.A.R.L", ice="000123456000093"), True),
    (D(kind=C, name="NOUR TRADING SA", rc="400001", tribunal="Casablanca"),
     D(kind=C, name="Nour Trading", rc="400001", tribunal="Casa"), True),
    (D(name="BERRADA Omar", city="Marrakech", birth_date=date(1975, 8, 9)),
     D(name="Omar Berrada", city="Marrakesh", birth_date=date(1975, 8, 9)), True),
    (D(name="TAZI Karim", father_name="Mohamed", birth_date=date(1988, 2, 2)),
     D(name="Karim Tazi", father_name="Mohammed", birth_date=date(1988, 2, 2)), True),
    (D(name="EL AMRANI Hassan", phones=("0522001020",)), D(name="Hassan Amrani", phones=("05 22 00 10 20",)), True),
    (D(name="BENNANI Zineb", birth_date=date(1985, 6, 7)), D(name="Zineb Bennani", birth_date=date(1985, 6, 7)), True),
    (D(name="ZERHOUNI Anouar", city="Oujda"), D(name="Anouar Zerhouni", city="Oujda"), True),
    (D(name="Moulay Ahmed EL ALAOUI", cin="JM300003"), D(name="Ahmed Alaoui", cin="JM300003"), True),
    (D(name="Lalla Fatima Zahra BENNANI", birth_date=date(1979, 9, 1)),
     D(name="Fatima Zahra Bennani", birth_date=date(1979, 9, 1)), True),
    (D(name="HAJJI Rachid", birth_date=date(1966, 4, 12), city="Meknès"),
     D(name="Rachid Hajji", birth_date=date(1966, 4, 13), city="Meknes"), True),
    (D(name="AMRANI Said", phones=("0700102030",)), D(name="Saïd Amrani", phones=("+212 7 00 10 20 30",)), True),
    (D(kind=C, name="ETS BENALI ET FILS", city="Tanger", ice="000000101000086"),
     D(kind=C, name="Etablissements Benali & Fils", ice="000000101000086"), True),
    (D(name="EL FASSI Idriss", cin="EE400004", city="Marrakech"), D(name="Driss Elfassi", cin="EE400004"), True),
    # hard non-matches: namesakes, fathers and sons, related names, conflicting identifiers
    (D(name="ALAOUI Mohamed", birth_date=date(1956, 3, 2), city="Casablanca"),
     D(name="Mohamed Alaoui", birth_date=date(1984, 11, 20), city="Casa"), False),
    (D(name="ALAOUI Mohamed", cin="BK100001", city="Casablanca"),
     D(name="Mohamed Alaoui", cin="BK200002", city="Casablanca"), False),
    (D(name="ALAOUI Mhamed", city="Rabat"), D(name="Mohamed Alaoui", city="Rabat"), False),
    (D(name="ALAOUI Mohamed", city="Casablanca"), D(name="Mohamed Alaoui", city="Oujda"), False),
    (D(name="BENNANI Fatima", birth_date=date(1980, 1, 1)), D(name="Fatima Bennani", birth_date=date(1962, 7, 7)), False),
    (D(kind=C, name="ATLAS BTP SARL", ice="000123456000093"), D(kind=C, name="ATLAS TRAVAUX SA", ice="000999888000258"), False),
    (D(kind=C, name="NOUR SARL", rc="400001", tribunal="Casablanca"),
     D(kind=C, name="AMAL SARL", rc="400001", tribunal="Marrakech"), False),
    (D(name="TAZI Youssef", father_name="Brahim", city="Fès"), D(name="Youssef Tazi", father_name="Ahmed", city="Fes"), False),
    (D(name="IDRISSI Khadija", birth_date=date(1990, 3, 4)), D(name="Khadija Idrissi", birth_date=date(1971, 10, 30)), False),
    (D(name="TAZI Karim", city="Rabat"), D(name="Karima Tazi", city="Rabat"), False),
    (D(name="BERRADA Omar", city="Marrakech", birth_date=date(1975, 8, 9)),
     D(name="Omar Berrada", city="Marrakech", birth_date=date(2001, 1, 15)), False),
    (D(name="CHRAIBI Abdellah", city="Casablanca"), D(name="Abdelkader Chraibi", city="Casablanca"), False),
    (D(name="HAJJI Rachid", cin="D123456"), D(name="Rachid Hajji", cin="X654321"), False),
    (D(name="ZERHOUNI Anouar", city="Oujda", birth_date=date(1950, 5, 5)),
     D(name="Anouar Zerhouni", city="Oujda", birth_date=date(1983, 2, 9)), False),
    (D(kind=C, name="ETS BENALI", city="Tanger"), D(kind=C, name="BENALI IMMOBILIER SARL", city="Agadir"), False),
    (D(name="AMRANI Said", city="Tanger", phones=("0700102030",)), D(name="Said Amrani", city="Safi", phones=("0611223344",)), False),
    (D(name="BENNANI Zineb", city="Rabat"), D(name="Youssef Bennani", city="Rabat"), False),
    (D(name="EL AMRANI Hassan", father_name="Ali"), D(name="Hassan Amrani", father_name="Omar"), False),
    (D(name="ALAOUI Mohamed"), D(name="Mohamed Alaoui"), False),  # a common name alone
    (D(kind=C, name="STE ATLAS BTP", ice="000123456000094"), D(kind=C, name="NOUR TRADING", ice="000123456000094"), False),
]


def scored_pairs() -> tuple[np.ndarray, np.ndarray]:
    probs = np.array([score(a, b).probability for a, b, _ in PAIRS])
    labels = np.array([same for _, _, same in PAIRS], dtype=float)
    return probs, labels


def test_moroccan_labelled_pairs_are_separated_and_calibrated():
    probs, labels = scored_pairs()
    wrong = [(PAIRS[k][0].name, PAIRS[k][1].name, round(float(p), 3))
             for k, p in enumerate(probs) if (p >= 0.5) != bool(labels[k])]
    assert len(wrong) <= 2, wrong
    assert brier(probs, labels) < 0.08
    for row in reliability(probs, labels, bins=(0.0, 0.1, 0.9, 1.0)):
        if row["n"] >= 5:  # confident bins must be right about as often as they claim
            assert abs(row["observed"] - row["mean_predicted"]) < 0.25, row


def test_fitted_model_is_calibrated_on_a_synthetic_world():
    from matching import link
    from matching.comparisons import DateComparison, ExactMatch, StringAtThresholds

    left, right = noisy_people(600, typo_rate=0.3, seed=11)
    for k, row in enumerate(right):  # a third of the copies lose their birth date
        if k % 3 == 0:
            row["dob"] = None
    comps = [StringAtThresholds("surname", (0.9,)), ExactMatch("city"), DateComparison("dob")]
    links = link(left, right, comparisons=comps, blocking=Blocking(["city"], max_block=10**6), keep_all=True)
    labels = (links.left == links.right).astype(float)
    assert labels.sum() == 600
    table = reliability(links.probability, labels, bins=(0.0, 0.05, 0.5, 0.95, 1.0))
    assert table[0]["n"] > 10_000 and table[-1]["n"] > 300
    for row in (table[0], table[-1]):  # the bins decisions are made in: within 2 points
        assert abs(row["observed"] - row["mean_predicted"]) < 0.02, table
    assert calibration_error(table) < 0.01, table
    assert brier(links.probability, labels) < 0.01


def test_platt_scaling_moves_an_overconfident_model_towards_the_truth():
    from matching import Model
    from matching.comparisons import ExactMatch

    rng = np.random.default_rng(2)
    weights = rng.normal(0, 4, 4000)
    labels = (rng.random(4000) < 1 / (1 + np.exp(-0.5 * weights * np.log(2)))).astype(float)
    model = Model([ExactMatch("x")])
    before = brier(model.probability(weights), labels)
    model.calibrate(weights, labels)
    assert model.calibration[0] == __import__("pytest").approx(0.5, abs=0.1)
    assert brier(model.probability(weights), labels) < before
