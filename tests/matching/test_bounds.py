"""``matching.bounds``: the most a candidate could score whatever its address, city and father
say is never below what the full comparison gives it, and the fields it did compare are
compared as the full comparison compares them (issue 17, decision 0049)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Description, default_model, score
from matching.bounds import LEFT_OUT, slack, upper_bounds
from matching.tf import MAX_ADJUSTMENT

NAMES = ["EL AMRANI Mohamed", "Mohammed Amrani", "AMRANI M.", "BENNANI Fatima Zahra",
         "العمراني محمد", "TAZI Youssef", "Ets Alaoui", "ZAKI", "OUAHBI Hanane fille de Omar"]
ADDRESSES = [None, "12 rue Ibn Sina, Maarif", "N° 12, Rue Ibn Sina", "Hay Salam, lot 4",
             "3 Bd Zerktouni"]
CITIES = [None, "Casablanca", "Casa", "Rabat", "Ouarzazate"]
FATHERS = [None, "Omar", "Ahmed", "Mohamed"]

descriptions = st.builds(
    Description,
    kind=st.sampled_from(["person", "company"]),
    name=st.sampled_from(NAMES),
    cin=st.sampled_from([None, "BK123456", "BK123465", "X998877"]),
    birth_date=st.sampled_from([None, date(1980, 5, 17), date(1980, 5, 18), date(1971, 1, 1)]),
    father_name=st.sampled_from(FATHERS),
    city=st.sampled_from(CITIES),
    address=st.sampled_from(ADDRESSES),
    phones=st.sampled_from([(), ("0612345678",), ("0699999999",)]),
)


@settings(max_examples=300, deadline=None)
@given(descriptions, st.lists(descriptions, min_size=1, max_size=5))
def test_the_bound_is_never_below_the_full_score(a: Description, others: list[Description]
                                                 ) -> None:
    left_out = {name for group in LEFT_OUT for name in group}
    for other, bound in zip(others, upper_bounds(a, others), strict=True):
        full = score(a, other)
        assert full.probability <= bound.probability + 1e-12
        compared = {f.field: f.level for f in full.fields if f.field not in left_out}
        assert bound.levels == compared


def test_the_slack_is_the_best_address_or_city_and_the_best_father() -> None:
    model = default_model()
    weights = model.level_weights()
    best = {comp.name: max(float(w) + (MAX_ADJUSTMENT if level.tf else 0.0)
                           for level, w in zip(comp.levels, weights[c][1:], strict=True))
            for c, comp in enumerate(model.comparisons)}
    assert slack(model) == max(best["address"], best["city"]) + best["father"]
    assert slack(model, ()) == 0.0


def test_fields_left_out_are_never_normalised() -> None:
    # an address nothing could parse twice the same way would still give one bound: the
    # stripped description carries no address at all
    a = Description(kind="person", name="EL AMRANI Mohamed", address="12 rue Ibn Sina")
    b = Description(kind="person", name="TAZI Youssef", address="n° 12 rue Ibn Sina",
                    city="Casablanca", father_name="Omar")
    (bound,) = upper_bounds(a, [b])
    assert "address" not in bound.levels and "city" not in bound.levels
    assert bound.levels["name"] == "different"


@settings(max_examples=100, deadline=None)
@given(descriptions)
def test_a_description_without_the_left_out_fields_is_the_one_replace_gives(d: Description
                                                                             ) -> None:
    from dataclasses import replace

    from matching.bounds import _without
    d.features  # a memo on the original must not travel with the copy  # noqa: B018
    copy = _without(d, {"address": None, "city": None, "father_name": None})
    expected = replace(d, address=None, city=None, father_name=None)
    assert copy == expected and hash(copy) == hash(expected)
    assert "_features" not in copy.__dict__
    assert copy.features == expected.features


def test_one_level_is_read_as_the_levels_give_it() -> None:
    a = Description(kind="person", name="EL AMRANI Mohamed", cin="BK123456")
    b = Description(kind="person", name="TAZI Youssef", cin="BK123456", phones=("0612345678",))
    (bound,) = upper_bounds(a, [b])
    assert bound.level("name") == bound.levels["name"] == "different"
    assert bound.level("cin") == "exact"
    assert bound.level("address") is None and bound.level("no such comparison") is None
