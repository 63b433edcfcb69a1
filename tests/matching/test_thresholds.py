"""Every matching cut-off in one documented, overridable place (matching/data/thresholds.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching import name_compare, thresholds


@pytest.fixture
def fresh():
    thresholds.thresholds.cache_clear()
    yield thresholds
    thresholds.thresholds.cache_clear()


def test_the_shipped_values_are_the_ones_the_comparisons_use(fresh):
    assert fresh.value("person_name", "fuzzy_high") == name_compare.FUZZY_HIGH == 0.92
    assert fresh.value("company_name", "fuzzy_low") == 0.85
    assert fresh.thresholds()["address"]["scores"]["same_street_number"] == 0.9


def test_an_override_file_replaces_only_what_it_names(fresh, tmp_path: Path, monkeypatch):
    override = tmp_path / "t.yml"
    override.write_text("person_name:\n  fuzzy_high: 0.95\n", encoding="utf-8")
    monkeypatch.setenv("MATCHING_THRESHOLDS", str(override))
    assert fresh.value("person_name", "fuzzy_high") == 0.95
    assert fresh.value("person_name", "fuzzy_low") == 0.80  # not named: the shipped value


def test_an_unknown_threshold_is_a_clear_error(fresh, tmp_path: Path, monkeypatch):
    override = tmp_path / "t.yml"
    override.write_text("person_name:\n  fuzy_high: 0.95\n", encoding="utf-8")
    monkeypatch.setenv("MATCHING_THRESHOLDS", str(override))
    with pytest.raises(ValueError, match="unknown threshold 'fuzy_high'"):
        fresh.thresholds()
