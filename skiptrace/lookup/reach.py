"""Whether a lookup can reach any network source, and what to tell the investigator if not.

Without a sandbox running, every source refuses the connection; the lookup used to retry for
four seconds, store an empty profile and exit 0, leaving the investigator to guess. Here a
connection to each distinct origin of the enabled ``api``/``web`` sources is tried first (one
TCP handshake each, in parallel, refused at once on loopback): when none answers the lookup
stops before starting anything, with the cause and the remedy in one line and exit 4, the code
``enrich`` uses for the same state. ``reached_nothing`` judges an enrichment afterwards with the
batch's rule, for sources that accepted the connection and then failed.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from skiptrace.config import NETWORK_KINDS, Config, show_origin, url_origin
from skiptrace.errors import NothingReachable
from skiptrace.i18n import _
from skiptrace.model import SourceStatus

PROBE_TIMEOUT = 2.0  # seconds per origin: a handshake, not a request
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                    "all_proxy")


def _origins(config: Config) -> list[str]:
    """The distinct origins (scheme://host:port) of the enabled network sources."""
    found = []
    for source in config.sources.values():
        if source.enabled and source.kind in NETWORK_KINDS and source.base_url:
            origin = url_origin(source.base_url)
            if origin is not None:
                found.append(show_origin(origin))
    return list(dict.fromkeys(found))


def _refusal(origin: str) -> str | None:
    """Why a TCP connection to ``origin`` failed (in the reader's language), or None when it
    was accepted."""
    host, _sep, port = origin.split("://", 1)[1].rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_TIMEOUT).close()
    except ConnectionRefusedError:
        return _("connection refused")
    except TimeoutError:
        return _("no answer in {seconds} s").format(seconds=f"{PROBE_TIMEOUT:.0f}")
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def remedy(config: Config) -> str:
    """What to do, for the sandbox config or a real one."""
    if config.sandbox:
        return _("start `skiptrace sandbox serve --world WORLD --port 8765` (or export "
                 "SKIPTRACE_SANDBOX_URL with the address it prints), or pass --sandbox WORLD, "
                 "or check the configuration (`skiptrace sources check`)")
    return _("check the network and the configuration (--config, $SKIPTRACE_CONFIG; "
             "`skiptrace sources check`)")


def require_reachable(config: Config) -> None:
    """Raise :class:`NothingReachable` when no network source's origin accepts a connection.

    Skipped behind a proxy (the sources are reached through it, not directly) and when no
    network source is enabled (local extracts only: nothing to reach)."""
    origins = _origins(config)
    if not origins or any(os.environ.get(v) for v in _PROXY_VARIABLES):
        return
    with ThreadPoolExecutor(len(origins)) as pool:
        refusals = list(pool.map(_refusal, origins))
    if all(refusals):
        causes = ", ".join(f"{o}: {r}" for o, r in zip(origins, refusals, strict=True))
        raise NothingReachable(_("no source could be reached ({causes}): {remedy}").format(
            causes=causes, remedy=remedy(config)))


def reached_nothing(statuses: Iterable[SourceStatus], remote: frozenset[str]) -> bool:
    """No network source answered (ok or partial) though some were asked: the batch's rule
    (pipeline/batch.py ``reached_nothing``) for one debtor, where a source that sent no
    request (nothing to ask it, an answer cached) reached nothing either way."""
    asked = [s for s in statuses if s.source in remote and s.status != "skipped"
             and (s.requests > 0 or s.status == "failed")]
    return bool(asked) and not any(s.status in ("ok", "too_broad", "partial") for s in asked)


def unreached_message(statuses: Iterable[SourceStatus], config: Config) -> str:
    """The one line for an enrichment that reached nothing: the first reasons, the remedy."""
    reasons = sorted({(s.reason or s.status).split(";")[0] for s in statuses
                      if s.status == "failed"})
    return _("no source answered ({reasons}): {remedy}").format(
        reasons="; ".join(reasons[:2]), remedy=remedy(config))


__all__ = ["reached_nothing", "remedy", "require_reachable", "unreached_message"]
