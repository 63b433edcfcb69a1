"""skiptrace.toml → frozen, typed settings.

Endpoints, limits and credentials live in a config file, never in code: the same connectors
talk to the sandbox or to real registries depending on which file is loaded. Secrets are never
written in the file: a source names the environment variable that holds them (``token_env``).
Every problem found while loading is collected and raised together in one ConfigError, so an
operator fixes a config in one pass instead of one error per run.

Every setting is declared once in ``SETTINGS`` (name, default, help); docs/sources.md documents
each of them and a test keeps the two in step.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError

KINDS = ("api", "web", "file", "harvest", "local")
NETWORK_KINDS = ("api", "web")  # the kinds that talk to base_url
_DEFAULT_PORTS = {"http": 80, "https": 443}
PACKAGED_CONFIG = "sandbox.toml"
DEFAULT_USER_AGENT = "skiptrace/0.1 (CNSS debt recovery; set user_agent with a contact in skiptrace.toml)"


@dataclass(frozen=True)
class Setting:
    """One knob of skiptrace.toml: where it lives, its default, what it is for."""

    name: str
    scope: str  # "global" ([skiptrace]) or "source" ([sources.<name>])
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("sandbox", "global", False, "True only in the sandbox config: allows token_default"),
    Setting("operator", "global", "", "Who runs lookups (audit log default, law 09-08)"),
    Setting("purpose", "global", "recouvrement CNSS", "Declared purpose of processing (audit log)"),
    Setting("concurrency", "global", 8, "Sources queried at once; also the HTTP pool size"),
    Setting("crawl_processes", "global", 2,
            "Crawl child processes a batch deals its web sources out to (1: one for all)"),
    Setting("order_window", "global", 8192,
            "Pending debtors sorted together so that namesakes meet warm caches (0: portfolio "
            "order; docs/decisions/0027)"),
    Setting("executor", "global", "embedded",
            "Where a batch's per-debtor work runs: embedded | dask (docs/decisions/0015)"),
    Setting("scheduler", "global", "",
            "executor dask: the scheduler, tcp://HOST:PORT; empty: a local cluster"),
    Setting("db_path", "global", "", "store: SQLite file or postgresql:// URL; empty: "
            "$SKIPTRACE_DB or the user data dir"),
    Setting("user_agent", "global", DEFAULT_USER_AGENT, "User-Agent sent to every source"),
    Setting("review_low", "global", 0.2,
            "Matches at or above this probability and below review_high wait for a person "
            "(docs/review.md)"),
    Setting("review_high", "global", 0.9,
            "Matches at or above this probability are not queued for review (docs/review.md)"),
    Setting("enabled", "source", True, "False skips the source entirely"),
    Setting("kind", "source", "api", "api | web | file | harvest | local"),
    Setting("connector", "source", "", "Registered connector name; defaults to the section name"),
    Setting("base_url", "source", "", "Root URL of the source; ${VAR} / ${VAR:-default} expand"),
    Setting("token_env", "source", "", "Environment variable holding the token or API key"),
    Setting("token_default", "source", "", "Fallback token, allowed only when sandbox = true"),
    Setting("rate_limit", "source", 10.0, "Requests per second to this source (token bucket)"),
    Setting("burst", "source", 1, "Requests allowed back to back before the rate applies"),
    Setting("connect_timeout", "source", 3.0, "Seconds to open a connection"),
    Setting("read_timeout", "source", 10.0, "Seconds to wait for bytes of an answer"),
    Setting("timeout", "source", 30.0, "Budget in seconds for one debtor's search, retries included"),
    Setting("retries", "source", 3, "Retries after a 5xx, 429 or connection error"),
    Setting("backoff", "source", 0.5, "First retry delay in seconds, doubled each retry, jittered"),
    Setting("backoff_max", "source", 8.0, "Longest delay between two retries"),
    Setting("breaker_failures", "source", 5, "Consecutive failures that open the circuit breaker"),
    Setting("breaker_cooldown", "source", 30.0, "Seconds the breaker stays open before a trial call"),
    Setting("max_response_bytes", "source", 5_000_000, "Answers larger than this are cut and refused"),
    Setting("user_agent", "source", "", "Per-source User-Agent; empty uses the global one"),
    Setting("facts", "source", [], "Record kinds to keep from this source; empty keeps all"),
    Setting("per_page", "source", 50, "Page size asked of paginated APIs"),
    Setting("max_pages", "source", 5, "Pages read at most per query"),
    Setting("max_results", "source", 50,
            "Results a search may page through; past it the search is narrowed or reported "
            "too broad (0: no bound)"),
    Setting("max_searches", "source", 0,
            "Searches per debtor at most (0: the source's default, docs/sources.md)"),
    Setting("cache_size", "source", 4096, "In-process LRU entries (geocoder answers)"),
    Setting("countrycodes", "source", "ma", "Nominatim countrycodes filter (geocoder)"),
    Setting("format", "source", "", "Extract layout of a file source: land_registry | ..."),
    Setting("store_source", "source", "", "file/harvest/local: source name of stored records"),
    Setting("redis", "limits", "",
            "Redis URL where every worker shares each source's rate limit and breaker; empty: "
            "each process keeps its own (password: $SKIPTRACE_REDIS_PASSWORD)"),
    Setting("prefix", "limits", "skiptrace", "First part of every Redis key the limits use"),
)
_GLOBAL = {s.name: s for s in SETTINGS if s.scope == "global"}
_SOURCE = {s.name: s for s in SETTINGS if s.scope == "source"}
_LIMITS = {s.name: s for s in SETTINGS if s.scope == "limits"}
_PREFIX = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_ENV_REF = re.compile(r"\$\{([A-Z0-9_]+)(?::-([^}]*))?\}")


@dataclass(frozen=True)
class LimitsConfig:
    """``[limits]``: where the sources' rate limits and breakers live. ``redis`` empty: in each
    process; else in that Redis, shared by every worker that reads this config
    (skiptrace/connectors/shared.py). The password comes from the environment only."""

    redis: str = ""
    prefix: str = "skiptrace"
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SourceConfig:
    """One ``[sources.<name>]`` section, resolved: env expanded, token looked up."""

    name: str
    enabled: bool = True
    kind: str = "api"
    connector: str = ""
    base_url: str = ""
    token_env: str = ""
    token_default: str = ""
    token: str | None = field(default=None, repr=False)
    rate_limit: float = 10.0
    burst: int = 1
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    backoff_max: float = 8.0
    breaker_failures: int = 5
    breaker_cooldown: float = 30.0
    max_response_bytes: int = 5_000_000
    user_agent: str = DEFAULT_USER_AGENT
    facts: tuple[str, ...] = ()
    per_page: int = 50
    max_pages: int = 5
    max_results: int = 50
    max_searches: int = 0  # 0: connectors/planner.DEFAULT_BUDGET
    cache_size: int = 4096
    countrycodes: str = "ma"
    format: str = ""
    store_source: str = ""
    options: dict[str, Any] = field(default_factory=dict)  # web sources: spider-specific keys
    limits: LimitsConfig = LimitsConfig()  # the config's [limits], for this source's client

    @property
    def connector_name(self) -> str:
        return self.connector or self.name

    @property
    def stored_as(self) -> str:
        """The source name that records of this source carry in the store."""
        return self.store_source or self.name


@dataclass(frozen=True)
class Config:
    """The whole file: global settings and the sources by name."""

    sources: dict[str, SourceConfig]
    sandbox: bool = False
    operator: str = ""
    purpose: str = "recouvrement CNSS"
    concurrency: int = 8
    crawl_processes: int = 2
    order_window: int = 8192
    executor: str = "embedded"
    scheduler: str = ""
    db_path: str = ""
    user_agent: str = DEFAULT_USER_AGENT
    review_low: float = 0.2
    review_high: float = 0.9
    path: str | None = None  # the file it was read from
    limits: LimitsConfig = LimitsConfig()

    def source(self, name: str) -> SourceConfig:
        if name not in self.sources:
            raise ConfigError(f"no source {name!r} in {self.path}; known: {sorted(self.sources)}")
        return self.sources[name]


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Read ``path``, else $SKIPTRACE_CONFIG, else the packaged sandbox config."""
    env = os.environ if env is None else env
    chosen = path or env.get("SKIPTRACE_CONFIG")
    if chosen:
        try:
            text = Path(chosen).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read config {chosen}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"cannot read config {chosen}: not UTF-8 text ({exc.reason} at "
                              f"byte {exc.start})") from exc
        origin = str(chosen)
    else:
        text = resources.files("skiptrace").joinpath("data", PACKAGED_CONFIG).read_text("utf-8")
        origin = f"<packaged {PACKAGED_CONFIG}>"
    return parse_config(text, env, origin=origin)


def parse_config(text: str, env: Mapping[str, str], *, origin: str = "<string>") -> Config:
    """Parse TOML text into a Config, collecting every problem before raising."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from exc
    problems: list[str] = []
    unknown_top = set(data) - {"skiptrace", "sources", "limits"}
    problems += [f"unknown section [{name}]" for name in sorted(unknown_top)]
    glob = _check_section("[skiptrace]", data.get("skiptrace", {}), _GLOBAL, problems)
    _env_overrides(glob, env, problems)
    tables = data.get("sources") or {}
    if not isinstance(tables, dict):
        problems.append("[sources] must be a table of [sources.<name>] tables")
        tables = {}
    limits = _limits(data.get("limits", {}), env, problems)
    sources = {name: _source(name, raw, glob, env, problems, limits)
               for name, raw in tables.items()}
    if glob["sandbox"]:
        _sandbox_stays_local(sources, env, problems)
    if glob["crawl_processes"] < 1:
        problems.append("crawl_processes: at least 1")
    if glob["order_window"] < 0:
        problems.append("order_window: 0 (the portfolio's order) or more")
    if glob["executor"] not in ("embedded", "dask"):
        problems.append(f"executor: embedded or dask, not {glob['executor']!r}")
    if not 0.0 <= glob["review_low"] < glob["review_high"] <= 1.0:
        problems.append("review_low and review_high: 0 <= review_low < review_high <= 1")
    if problems:
        if len(problems) == 1:  # one line: what the CLI prints, no traceback
            raise ConfigError(f"{origin}: {problems[0]}")
        raise ConfigError(f"{origin}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return Config(sources=sources, path=origin, limits=limits, **glob)


Origin = tuple[str, str, int]


def url_origin(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL with a host, lower-cased, the port filled in;
    None for anything else (``file:``, ``data:``, no host, a port that is not a number)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    return scheme, host, port if port is not None else _DEFAULT_PORTS[scheme]


def show_origin(origin: Origin | None, url: str = "") -> str:
    """An origin as text for messages and logs (never a path or a query: those carry names)."""
    if origin is None:
        scheme = urlsplit(url).scheme if url else ""
        return f"{scheme}: URL" if scheme else "a URL without scheme and host"
    scheme, host, port = origin
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}:{port}"


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost; a name that would need resolving is not."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a source's base_url (None when it can): http(s) with a host, no
    user:password (credentials go in token_env), no query or fragment (paths are appended)."""
    if not url:
        return "is empty: an api or web source needs an http(s) URL"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "must not contain spaces or control characters"
    if url_origin(url) is None:
        return "must be an http:// or https:// URL with a host"
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        return "must not carry a user or password (name the credential with token_env)"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "must not carry a query or fragment"
    return None


def _env_overrides(glob: dict[str, Any], env: Mapping[str, str], problems: list[str]) -> None:
    """``SKIPTRACE_<SETTING>`` (``SKIPTRACE_DB`` for db_path) overrides a global setting."""
    for name, setting in _GLOBAL.items():
        var = "SKIPTRACE_DB" if name == "db_path" else f"SKIPTRACE_{name.upper()}"
        raw = env.get(var)
        if not raw or name == "sandbox":
            continue
        if isinstance(setting.default, float):
            try:
                glob[name] = float(raw)
            except ValueError:
                problems.append(f"{var} must be a number, not {raw!r}")
            continue
        if isinstance(setting.default, int):
            if not raw.isdigit() or int(raw) < 1:
                problems.append(f"{var} must be a positive integer, not {raw!r}")
                continue
            glob[name] = int(raw)
        else:
            glob[name] = raw


def _limits(raw: Any, env: Mapping[str, str], problems: list[str]) -> LimitsConfig:
    """``[limits]``, ``$SKIPTRACE_REDIS_URL`` winning over its ``redis``; the password from
    ``$SKIPTRACE_REDIS_PASSWORD`` only, never from the file or the URL."""
    values = _check_section("[limits]", raw, _LIMITS, problems)
    from_env = env.get("SKIPTRACE_REDIS_URL", "").strip()
    url, where = (from_env, "SKIPTRACE_REDIS_URL") if from_env else (values["redis"], "[limits] redis")
    if url and (problem := redis_url_problem(url)) is not None:
        problems.append(f"{where} {problem}")
        url = ""
    if not _PREFIX.fullmatch(values["prefix"]):
        problems.append(f"[limits] prefix must be 1-64 letters, digits, '_', '.' or '-', not "
                        f"{values['prefix']!r}")
    return LimitsConfig(redis=url, prefix=values["prefix"],
                        password=env.get("SKIPTRACE_REDIS_PASSWORD") or None)


def redis_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the limits' Redis (None when it can): redis:// or rediss:// with a
    host, an optional port and database number, no password (it is read from
    $SKIPTRACE_REDIS_PASSWORD) and no query (redis-py would read options, a password among
    them, from it). The problem never repeats the URL: it may hold a password."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "is not a URL (redis://HOST:PORT/DB)"
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        return "must be redis://HOST:PORT/DB or rediss://HOST:PORT/DB"
    if parts.password is not None:
        return "must not carry a password (set SKIPTRACE_REDIS_PASSWORD)"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "must not carry a query or fragment"
    if parts.path.strip("/") and not parts.path.strip("/").isdigit():
        return "must end with a database number (/0), if anything"
    return None


def _source(
    name: str, raw: Any, glob: dict[str, Any], env: Mapping[str, str], problems: list[str],
    limits: LimitsConfig,
) -> SourceConfig:
    where = f"[sources.{name}]"
    options: dict[str, Any] = {}
    if isinstance(raw, dict) and raw.get("kind") == "web":
        options = {k: v for k, v in raw.items() if k not in _SOURCE}
        raw = {k: v for k, v in raw.items() if k in _SOURCE}
    values = _check_section(where, raw, _SOURCE, problems)
    values["user_agent"] = values.get("user_agent") or glob["user_agent"]
    values["facts"] = tuple(values.get("facts", ()))
    if values.get("kind", "api") not in KINDS:
        problems.append(f"{where} kind must be one of {', '.join(KINDS)}, not {values['kind']!r}")
    raw_url = values["base_url"]
    before = len(problems)
    values["base_url"] = _expand(raw_url, env, f"{where} base_url", problems).rstrip("/")
    if len(problems) == before:  # an unset variable is reported once, not twice
        written = isinstance(raw, dict) and "base_url" in raw
        _check_base_url(where, raw_url, written, values, glob, problems)
    for key in ("rate_limit", "timeout", "connect_timeout", "read_timeout", "max_response_bytes"):
        if key in values and values[key] <= 0:
            problems.append(f"{where} {key} must be > 0, not {values[key]}")
    if values.get("token_default") and not glob["sandbox"]:
        problems.append(f"{where} token_default is allowed only in a sandbox config")
    token_env = values.get("token_env", "")
    values["token"] = env.get(token_env) if token_env else None
    values["token"] = values["token"] or values.get("token_default") or None
    return SourceConfig(name=name, options=options, limits=limits, **values)


def _check_base_url(where: str, raw: str, written: bool, values: dict[str, Any],
                    glob: dict[str, Any], problems: list[str]) -> None:
    """A base_url is http(s) with a host (one problem naming the source and the value)."""
    url = values["base_url"]
    network = values.get("enabled", True) and values.get("kind", "api") in NETWORK_KINDS
    if not url and not (network and written):
        return  # no base_url: the source is skipped (api/web) or needs none (file, local)
    shown = url if url == raw else f"{url} (from {raw})"
    problem = base_url_problem(url)
    if problem is not None:
        problems.append(f"{where} base_url {shown!r} {problem}")
        return


def _sandbox_stays_local(sources: dict[str, SourceConfig], env: Mapping[str, str],
                         problems: list[str]) -> None:
    """A sandbox config talks only to this machine: it carries the sandbox's default
    credentials, and whatever it searches for must not reach a host someone else runs.
    One problem for all sources (they usually share SKIPTRACE_SANDBOX_URL)."""
    far = {name: origin for name, cfg in sources.items()
           if (origin := url_origin(cfg.base_url)) is not None and not is_loopback_host(origin[1])}
    if not far:
        return
    local = "a sandbox config (sandbox = true) talks only to 127.0.0.1, ::1 or localhost"
    sandbox_url = env.get("SKIPTRACE_SANDBOX_URL", "")
    origin = url_origin(sandbox_url)
    if sandbox_url and (origin is None or not is_loopback_host(origin[1])):
        problems.append(f"SKIPTRACE_SANDBOX_URL={show_origin(origin, sandbox_url)} is not this "
                        f"machine: {local}")
        return
    hosts = ", ".join(sorted({show_origin(o) for o in far.values()}))
    problems.append(f"base_url of {', '.join(far)} points at {hosts}: {local}")


def _check_section(
    where: str, raw: Any, known: dict[str, Setting], problems: list[str]
) -> dict[str, Any]:
    """Settings of one section with defaults filled in; wrong names and types go to problems."""
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a table")
        return {name: s.default for name, s in known.items()}
    values: dict[str, Any] = {}
    for name, setting in known.items():
        value = raw.get(name, setting.default)
        if not _same_type(value, setting.default):
            problems.append(
                f"{where} {name} must be {type(setting.default).__name__}, not {value!r}"
            )
            value = setting.default
        values[name] = float(value) if isinstance(setting.default, float) else value
    problems += [f"{where} unknown setting {key!r}" for key in sorted(set(raw) - set(known))]
    return values


def _same_type(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def _expand(value: str, env: Mapping[str, str], where: str, problems: list[str]) -> str:
    """``${VAR}`` → env value; ``${VAR:-default}`` falls back; an unset bare ``${VAR}`` is a problem."""

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if env.get(name):
            return env[name].rstrip("/")  # "${URL}/geocoder" must not become "...//geocoder"
        if default is not None:
            return default
        problems.append(f"{where}: environment variable {name} is not set")
        return ""

    return _ENV_REF.sub(replace, value)

__all__ = [
    "KINDS",
    "SETTINGS",
    "Config",
    "LimitsConfig",
    "Setting",
    "SourceConfig",
    "base_url_problem",
    "is_loopback_host",
    "load_config",
    "parse_config",
    "redis_url_problem",
    "url_origin",
]
