"""The review band in skiptrace.toml: defaults 0.2 and 0.9 (docs/review.md), overridable, and
refused when it is no band."""

from __future__ import annotations

import pytest

from skiptrace.config import parse_config
from skiptrace.errors import ConfigError


def test_the_band_defaults_and_can_be_set_in_the_file_or_the_environment() -> None:
    default = parse_config("", {})
    assert (default.review_low, default.review_high) == (0.2, 0.9)
    chosen = parse_config("[skiptrace]\nreview_low = 0.3\nreview_high = 0.8\n", {})
    assert (chosen.review_low, chosen.review_high) == (0.3, 0.8)
    env = parse_config("", {"SKIPTRACE_REVIEW_HIGH": "0.95"})
    assert env.review_high == 0.95


@pytest.mark.parametrize("text,env", [
    ("[skiptrace]\nreview_low = 0.9\nreview_high = 0.2\n", {}),
    ("[skiptrace]\nreview_high = 1.5\n", {}),
    ("", {"SKIPTRACE_REVIEW_LOW": "much"}),
])
def test_a_band_that_is_no_band_is_refused(text: str, env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="(?i)review"):
        parse_config(text, env)
