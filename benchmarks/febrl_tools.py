"""The three matchers as benchmarks/febrl.py runs them, each in its documented setup.

Each runner takes the left frame and the right frame (None to deduplicate), fits its model on the
data without labels, and returns (candidate pairs after blocking, scored pairs as rec_id tuples,
their match probabilities). The default decision threshold is 0.5 for every tool.
"""

from __future__ import annotations

from typing import Any

import numpy as np


# -- skiptrace --------------------------------------------------------------------------------
def _skiptrace_setup(columns: set[str]) -> tuple[list[Any], Any]:
    from matching import Blocking
    from matching.comparisons import (
        DateComparison,
        EditDistanceAtThresholds,
        ExactMatch,
        StringAtThresholds,
    )

    comparisons = [
        StringAtThresholds("given_name", (0.92, 0.8), tf=True, swap_with="surname"),
        StringAtThresholds("surname", (0.92, 0.8), tf=True, swap_with="given_name"),
        DateComparison("date_of_birth"),
        ExactMatch("street_number"),
        StringAtThresholds("address_1", (0.9, 0.7)),
        StringAtThresholds("address_2", (0.9, 0.7)),
        StringAtThresholds("suburb", (0.9,), tf=True),
        EditDistanceAtThresholds("postcode", (1,)),
        ExactMatch("state"),
    ]
    rules: list[Any] = [
        _name_set, ("given_name", "surname"), ("date_of_birth",), ("street_number", "address_1"),
        ("street_number", "postcode"), ("postcode", "surname[:2]"), ("surname[:3]", "date_of_birth[:4]"),
        ("given_name[:3]", "suburb"),
    ]
    if "soc_sec_id" in columns:
        comparisons.append(EditDistanceAtThresholds("soc_sec_id", (1, 2)))
        rules.append(("soc_sec_id",))
    return comparisons, Blocking(rules)


def _name_set(row: dict[str, Any]) -> str | None:
    """Given name and surname as an unordered pair: catches the two written in each other's place."""
    g, s = row.get("given_name"), row.get("surname")
    if not isinstance(g, str) or not isinstance(s, str):
        return None
    return "|".join(sorted((g.strip(), s.strip())))


def run_skiptrace(left: Any, right: Any) -> tuple[int, list[tuple[str, str]], np.ndarray]:
    from matching import dedupe, link

    comparisons, blocking = _skiptrace_setup(set(left.columns))
    lrows = left.to_dict("records")
    lids = list(left.index)
    if right is None:
        res = dedupe(lrows, comparisons=comparisons, blocking=blocking, keep_all=True)
        rids = lids
    else:
        rrows = right.to_dict("records")
        rids = list(right.index)
        res = link(lrows, rrows, comparisons=comparisons, blocking=blocking, keep_all=True)
    pairs = [(lids[i], rids[j]) for i, j in zip(res.left.tolist(), res.right.tolist(), strict=True)]
    return res.candidates, pairs, res.probability


# -- recordlinkage (ECM) ------------------------------------------------------------------------
def run_recordlinkage(left: Any, right: Any) -> tuple[int, list[tuple[str, str]], np.ndarray]:
    """Its documented Febrl4 ECM comparison set, blocking unioned so that recall is not capped."""
    import recordlinkage

    indexer = recordlinkage.Index()
    keys = ["given_name", "surname", "date_of_birth", "postcode"]
    if "soc_sec_id" in left.columns:
        keys.append("soc_sec_id")
    for key in keys:
        indexer.block(key)
    candidates = indexer.index(left) if right is None else indexer.index(left, right)
    compare = recordlinkage.Compare()
    compare.exact("given_name", "given_name", label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", threshold=0.85, label="address_1")
    if "soc_sec_id" in left.columns:
        compare.exact("soc_sec_id", "soc_sec_id", label="soc_sec_id")
    features = compare.compute(candidates, left) if right is None else compare.compute(candidates, left, right)
    ecm = recordlinkage.ECMClassifier(binarize=0.5)
    ecm.fit(features)
    probs = np.asarray(ecm.prob(features), dtype=float)
    return len(candidates), list(features.index), probs


# -- Splink (DuckDB) ------------------------------------------------------------------------------
def run_splink(left: Any, right: Any) -> tuple[int, list[tuple[str, str]], np.ndarray]:
    """The settings of Splink's own Febrl examples (docs/demos/examples/duckdb/febrl3, febrl4)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    ssn = "soc_sec_id" in left.columns
    frames = [_splink_frame(left)] + ([] if right is None else [_splink_frame(right)])
    if right is None:
        rules = [block_on("given_name"), block_on("surname"), block_on("date_of_birth"), block_on("postcode")]
        comparisons = [cl.NameComparison("given_name"), cl.NameComparison("surname"),
                       cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
                       cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                       cl.ExactMatch("postcode").configure(term_frequency_adjustments=True)]
        if ssn:
            rules.insert(0, block_on("soc_sec_id"))
            comparisons.insert(3, cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]))
        deterministic = [block_on("given_name", "surname", "date_of_birth"),
                         "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth"]
        recall, link_type = 0.9, "dedupe_only"
    else:
        rules = [block_on("given_name", "surname"), "l.given_name = r.surname and l.surname = r.given_name",
                 block_on("date_of_birth"), block_on("state", "address_1"),
                 block_on("street_number", "address_1"), block_on("postcode")]
        comparisons = [cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
                       cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                       cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                                invalid_dates_as_null=True),
                       cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                       cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True)]
        if ssn:
            rules.insert(3, block_on("soc_sec_id"))
            comparisons.insert(3, cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]))
        deterministic = [block_on("given_name", "surname", "date_of_birth")]
        recall, link_type = 0.8, "link_only"
    if ssn:
        deterministic.insert(0, block_on("soc_sec_id"))
    settings = SettingsCreator(unique_id_column_name="rec_id", link_type=link_type,
                               blocking_rules_to_generate_predictions=rules, comparisons=comparisons)
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(f) for f in frames], settings)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    predictions = linker.inference.predict().as_pandas_dataframe()
    pairs = list(zip(predictions["rec_id_l"], predictions["rec_id_r"], strict=True))
    return len(predictions), pairs, predictions["match_probability"].to_numpy(dtype=float)


def _splink_frame(frame: Any) -> Any:
    df = frame.reset_index()
    for column in ("date_of_birth", "soc_sec_id", "postcode", "street_number"):
        if column in df.columns:
            df[column] = df[column].astype("string").str.strip()
    return df
