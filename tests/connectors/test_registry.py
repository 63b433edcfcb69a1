"""The registry: names to classes, config to ready connectors, disabled sources skipped."""

from __future__ import annotations

import pytest

from skiptrace.config import parse_config
from skiptrace.connectors import CONNECTORS, build_connectors, get_connector, register
from skiptrace.connectors.base import Connector
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.land_registry import LandRegistryConnector
from skiptrace.connectors.local import LocalStoreConnector
from skiptrace.errors import ConfigError
from skiptrace.store import Store

CONFIG = """
[skiptrace]
sandbox = true
[sources.land_registry]
base_url = "http://127.0.0.1:1/land_registry"
token_env = "UNSET_LAND_TOKEN"
[sources.vehicle_registry]
base_url = "http://127.0.0.1:1/vehicle_registry"
token_env = "UNSET_VEHICLE_KEY"
token_default = "k"
[sources.geocoder]
enabled = false
[sources.cadastre_copy]
connector = "land_registry"
base_url = "http://127.0.0.1:2/land"
token_env = "CADASTRE_TOKEN"
[sources.company_register]
kind = "web"
base_url = "http://127.0.0.1:1/company_register"
[sources.old_titles]
kind = "file"
format = "land_registry"
"""


def test_get_connector_by_name_and_unknown_names():
    assert get_connector("land_registry") is LandRegistryConnector
    with pytest.raises(ConfigError, match="no connector named 'nope'"):
        get_connector("nope")


def test_a_second_class_under_one_name_is_refused():
    class Impostor(Connector):
        name = "land_registry"
        kind = "api"
        provides = frozenset()

        def fetch(self, query):
            return iter(())

    with pytest.raises(ConfigError, match="two connectors named 'land_registry'"):
        register(Impostor)
    assert CONNECTORS["land_registry"] is LandRegistryConnector


def test_build_skips_disabled_uncredentialed_and_web_sources(caplog):
    config = parse_config(CONFIG, env={"CADASTRE_TOKEN": "t"})
    with caplog.at_level("INFO"):
        built = build_connectors(config, HttpClient(), Store.open(":memory:"))
    assert sorted(built) == ["cadastre_copy", "old_titles", "vehicle_registry"]
    assert isinstance(built["cadastre_copy"], LandRegistryConnector)
    assert built["cadastre_copy"].source == "cadastre_copy"
    assert isinstance(built["old_titles"], LocalStoreConnector)
    assert "Disabled land_registry: land_registry: no credentials (set UNSET_LAND_TOKEN)" in caplog.text
    assert "web source, run by the crawl bridge" in caplog.text
    without_store = build_connectors(config, HttpClient(), kinds=("file",))
    assert without_store == {}
