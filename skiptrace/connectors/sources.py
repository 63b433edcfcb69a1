"""`skiptrace sources` and `skiptrace sources check` as plain functions the CLI renders.

Listing never touches the network and never shows a secret: only whether the credential is
set, and from where. Checking probes each enabled source once, side by side.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import requests

from ..errors import SourceDisabled
from .base import Health, RecordStore

if TYPE_CHECKING:
    from ..config import Config, SourceConfig
    from .http import HttpClient


def list_sources(config: Config) -> list[dict[str, Any]]:
    """One row per configured source: what it is, where it points, how it is limited."""
    return [
        {
            "name": cfg.name,
            "kind": cfg.kind,
            "enabled": cfg.enabled,
            "base_url": cfg.base_url or None,
            "format": cfg.format or None,
            "credentials": _credentials(cfg),
            "rate_limit": cfg.rate_limit,
            "timeout": cfg.timeout,
            "facts": list(cfg.facts),
        }
        for cfg in config.sources.values()
    ]


def _credentials(cfg: SourceConfig) -> str:
    if not cfg.token_env:
        return "none needed"
    if cfg.token and cfg.token != cfg.token_default:
        return f"from {cfg.token_env}"
    if cfg.token:
        return f"sandbox default ({cfg.token_env} unset)"
    return f"missing: set {cfg.token_env}"


def check_sources(
    config: Config, http: HttpClient | None = None, store: RecordStore | None = None
) -> list[Health]:
    """Probe every enabled source once; disabled or unbuildable ones are reported, not probed."""
    from . import build_connectors
    from .http import HttpClient

    http = http or HttpClient.from_config(config)
    built = build_connectors(config, http, store)
    health: dict[str, Health] = {}
    for name, cfg in config.sources.items():
        if not cfg.enabled:
            health[name] = Health(name, False, None, None, "disabled in config")
        elif name not in built:
            why = _why_not_built(cfg, http, store)
            health[name] = why if isinstance(why, Health) else Health(name, False, None, None, why)
    with ThreadPoolExecutor(max(1, len(built))) as pool:
        for name, result in zip(built, pool.map(lambda c: c.check(), built.values()), strict=True):
            health[name] = result
    for connector in built.values():
        connector.close()
    return [health[name] for name in config.sources]


def _why_not_built(cfg: SourceConfig, http: HttpClient, store: RecordStore | None) -> Health | str:
    from . import _registered, get_connector
    from .local import LOCAL_KINDS, LocalStoreConnector

    if cfg.kind == "web" and not _registered(cfg.connector_name):
        return probe_page(cfg, http)
    try:
        if cfg.kind in LOCAL_KINDS:
            LocalStoreConnector.from_config(cfg, http, store)
        else:
            get_connector(cfg.connector_name).from_config(cfg, http, store)
    except SourceDisabled as exc:
        return str(exc)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return "built, but not enabled for this run"


def probe_page(cfg: SourceConfig, http: HttpClient) -> Health | str:
    """A web source answered by the crawl bridge: does its search page answer? (One search for
    a word that names nobody; ``q`` and ``name`` cover the register, notices and directory.)"""
    from ..config import url_origin
    from ..errors import SourceError
    from .http import guarded_get

    started = time.perf_counter()
    try:  # on the source's origin only, like the crawl (spiders/middlewares.py)
        resp = guarded_get(
            http.session, f"{cfg.base_url}/search", url_origin(cfg.base_url), cfg.name,
            params={"q": "probe", "name": "probe"},
            timeout=(cfg.connect_timeout, cfg.read_timeout),
            headers={"User-Agent": cfg.user_agent}, stream=True,
        )
        resp.close()
    except requests.RequestException as exc:
        return f"unreachable ({type(exc).__name__})"
    except SourceError as exc:
        return str(exc)
    latency = round((time.perf_counter() - started) * 1000, 1)
    ok = resp.status_code < 400
    return Health(cfg.name, ok, None, latency, "ok" if ok else f"HTTP {resp.status_code}")
