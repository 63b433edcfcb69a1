"""Every source behind one interface, by name.

``CONNECTORS`` maps a connector name to its class: our API connectors, registered here by
plain imports (no plugin loading by module name). The web sources are no connector classes:
the crawl bridge (connectors/web.py) runs them, so a ``web`` source without a registered
connector is left to it. ``register`` keeps the registry open to a class defined elsewhere.
``build_connectors`` turns a Config into ready connectors, skipping (with a log
line saying why) each source that is disabled or lacks credentials.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..errors import ConfigError, SourceDisabled
from .base import Connector, ConnectorResult, Health, RecordStore
from .geocoder import GeocoderConnector
from .land_registry import LandRegistryConnector
from .local import LOCAL_KINDS, LocalStoreConnector
from .query import DebtorQuery
from .vehicle_registry import VehicleRegistryConnector

if TYPE_CHECKING:
    from ..config import Config
    from .http import HttpClient

log = logging.getLogger(__name__)
CONNECTORS: dict[str, type[Connector]] = {}


def register(cls: type[Connector]) -> type[Connector]:
    """Add a connector class under its ``name``; a second class for one name is a bug."""
    existing = CONNECTORS.get(cls.name)
    if existing is not None and existing is not cls:
        raise ConfigError(f"two connectors named {cls.name!r}: {existing} and {cls}")
    CONNECTORS[cls.name] = cls
    return cls


for _cls in (LandRegistryConnector, VehicleRegistryConnector, GeocoderConnector):
    register(_cls)


def _registered(name: str) -> bool:
    return name in CONNECTORS


def get_connector(name: str) -> type[Connector]:
    """The class registered under ``name``."""
    if not _registered(name):
        raise ConfigError(f"no connector named {name!r}; known: {', '.join(sorted(CONNECTORS))}")
    return CONNECTORS[name]


def build_connectors(
    config: Config, http: HttpClient, store: RecordStore | None = None, *,
    kinds: tuple[str, ...] | None = None
) -> dict[str, Connector]:
    """Ready connectors of the enabled sources (optionally only some kinds), by source name."""
    built: dict[str, Connector] = {}
    for name, cfg in config.sources.items():
        if not cfg.enabled or (kinds is not None and cfg.kind not in kinds):
            continue
        try:
            if cfg.kind in LOCAL_KINDS:
                built[name] = LocalStoreConnector.from_config(cfg, http, store)
            elif cfg.kind == "web" and not _registered(cfg.connector_name):
                log.info("%s: web source, run by the crawl bridge (connectors/web.py)", name)
            else:
                built[name] = get_connector(cfg.connector_name).from_config(cfg, http, store)
        except SourceDisabled as exc:
            log.info("Disabled %s: %s", name, exc)
    log.info("Enabled sources: %s", ", ".join(built) or "none")
    return built


__all__ = [
    "CONNECTORS",
    "Connector",
    "ConnectorResult",
    "DebtorQuery",
    "Health",
    "LocalStoreConnector",
    "build_connectors",
    "get_connector",
    "register",
]
