"""The model prepares a table once for every comparison that reads the same normal forms, and
the levels are those each comparison's own table gives (issue 17: the seven Description
comparisons each asked for the forms)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.api import default_model
from matching.description import Description
from matching.feature_comparison import FeatureComparison
from matching.levels import Comparison

NAMES = ["EL AMRANI Mohamed", "Mohammed Amrani", "BENNANI Fatima Zahra", "Sté ATLAS SARL", ""]
CITIES = ["Casablanca", "Casa", "Rabat", None]
ADDRESSES = ["12 rue Ibn Sina, Maarif", "n° 12 Rue Ibn Sina", "Hay Salam", None]
PHONES = [(), ("0612345678",), ("+212 661-234567",)]

descriptions = st.builds(
    Description,
    kind=st.sampled_from(["person", "company"]),
    name=st.sampled_from(NAMES),
    cin=st.sampled_from([None, "AB123456", "K1234"]),
    city=st.sampled_from(CITIES),
    address=st.sampled_from(ADDRESSES),
    phones=st.sampled_from(PHONES),
)


def test_the_description_comparisons_share_one_table():
    model = default_model()
    rows = [Description(kind="person", name="EL AMRANI Mohamed", city="Rabat")]
    tables = model.prepare(rows)
    shared = [t for c, t in zip(model.comparisons, tables, strict=True)
              if type(c).prepared_from_rows]
    assert len(shared) >= 2
    assert all(t is shared[0] for t in shared)
    # a comparison that does not say so keeps a table of its own
    own = [t for c, t in zip(model.comparisons, tables, strict=True)
           if not type(c).prepared_from_rows]
    assert all(t is not shared[0] for t in own)


def test_only_the_feature_comparisons_say_their_table_is_the_rows_alone():
    assert FeatureComparison.prepared_from_rows
    assert not Comparison.prepared_from_rows


@settings(max_examples=60, deadline=None)
@given(st.lists(descriptions, min_size=1, max_size=6), descriptions)
def test_shared_tables_give_the_levels_of_each_comparisons_own(rows, debtor):
    model = default_model()
    left, right = model.prepare([debtor]), model.prepare(rows)
    i = np.zeros(len(rows), dtype=np.int64)
    j = np.arange(len(rows), dtype=np.int64)
    shared = model.levels(left, right, i, j)
    own_left = [c.prepare([debtor]) for c in model.comparisons]
    own_right = [c.prepare(rows) for c in model.comparisons]
    assert np.array_equal(shared, model.levels(own_left, own_right, i, j))
