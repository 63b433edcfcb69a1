"""Asset valuation as low / mid / high recoverable MAD, by the methods of VALUATION.md §9."""

from __future__ import annotations

from skiptrace.profile.valuation.common import FLAGS, AssetValue, parse_share
from skiptrace.profile.valuation.land import value_land_title
from skiptrace.profile.valuation.params import ValuationParams, load_params
from skiptrace.profile.valuation.stakes import stake_share, value_stake
from skiptrace.profile.valuation.vehicles import value_vehicle

__all__ = [
    "FLAGS",
    "AssetValue",
    "ValuationParams",
    "load_params",
    "parse_share",
    "stake_share",
    "value_land_title",
    "value_stake",
    "value_vehicle",
]
