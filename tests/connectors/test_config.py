"""skiptrace.toml: the packaged sandbox default, env expansion, secrets by name, all errors at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skiptrace.config import SETTINGS, SourceConfig, load_config, parse_config
from skiptrace.errors import ConfigError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sources.md"


def test_packaged_sandbox_config_is_the_default():
    config = load_config(env={"SKIPTRACE_SANDBOX_URL": "http://127.0.0.1:9999"})
    assert config.sandbox is True
    land = config.source("land_registry")
    assert land.base_url == "http://127.0.0.1:9999/land_registry"
    assert land.token == "sandbox-land-token"
    assert config.source("vehicle_registry").token == "sandbox-vehicle-key"
    limits = {name: cfg.rate_limit for name, cfg in config.sources.items() if cfg.kind == "api"}
    assert set(limits) == {"land_registry", "vehicle_registry", "geocoder"}
    assert all(rate >= 10 for rate in limits.values())


def test_environment_wins_over_sandbox_defaults():
    env = {"SKIPTRACE_SANDBOX_URL": "http://127.0.0.1:1/", "SKIPTRACE_LAND_TOKEN": "real-token"}
    config = load_config(env=env)
    assert config.source("land_registry").token == "real-token"
    assert config.source("geocoder").base_url == "http://127.0.0.1:1/geocoder"


def test_skiptrace_config_env_names_the_file(tmp_path):
    path = tmp_path / "skiptrace.toml"
    path.write_text('[sources.geocoder]\nbase_url = "http://127.0.0.1:5/geo"\nrate_limit = 1.0\n')
    config = load_config(env={"SKIPTRACE_CONFIG": str(path)})
    assert list(config.sources) == ["geocoder"]
    geo = config.source("geocoder")
    assert (geo.rate_limit, geo.base_url, geo.timeout) == (1.0, "http://127.0.0.1:5/geo", 30.0)
    assert config.sandbox is False and config.path == str(path)


def test_secret_comes_from_the_named_variable_only():
    text = '[sources.land_registry]\nbase_url = "http://x"\ntoken_env = "MY_TOKEN"\n'
    assert parse_config(text, env={"MY_TOKEN": "s3cret"}).source("land_registry").token == "s3cret"
    assert parse_config(text, env={}).source("land_registry").token is None
    assert "s3cret" not in repr(parse_config(text, env={"MY_TOKEN": "s3cret"}))


def test_every_problem_is_reported_together():
    text = """
[skiptrace]
concurrency = "eight"
colour = "blue"
[sources.land_registry]
kind = "ftp"
rate_limit = -1
token_default = "abc"
base_url = "${NOT_SET}/land"
timeout = "slow"
"""
    with pytest.raises(ConfigError) as caught:
        parse_config(text, env={})
    message = str(caught.value)
    for fragment in (
        "concurrency must be int",
        "unknown setting 'colour'",
        "kind must be one of",
        "rate_limit must be > 0",
        "token_default is allowed only in a sandbox config",
        "NOT_SET is not set",
        "timeout must be float",
    ):
        assert fragment in message
    assert "7 problem(s)" in message


def test_env_default_syntax_and_bad_toml():
    text = '[sources.geocoder]\nbase_url = "${GEO_URL:-http://127.0.0.1:7}/geocoder/"\n'
    assert parse_config(text, env={}).source("geocoder").base_url == "http://127.0.0.1:7/geocoder"
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_config("[sources.geocoder\n", env={})
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config("/nonexistent/skiptrace.toml")


def test_web_sources_keep_spider_options():
    text = '[sources.company_register]\nkind = "web"\nautothrottle = true\n'
    cfg = parse_config(text, env={}).source("company_register")
    assert cfg.options == {"autothrottle": True}


def test_settings_table_covers_the_dataclass_and_is_documented():
    declared = {s.name for s in SETTINGS if s.scope == "source"}
    computed = {"name", "token", "options", "limits"}
    assert declared | computed == set(SourceConfig.__dataclass_fields__)
    docs = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", docs, flags=re.M))
    assert {s.name for s in SETTINGS} <= documented
    assert all(s.help for s in SETTINGS)


def test_global_settings_take_skiptrace_env_overrides():
    env = {"SKIPTRACE_OPERATOR": "agent.dupont", "SKIPTRACE_CONCURRENCY": "3",
           "SKIPTRACE_DB": "/tmp/x.db", "SKIPTRACE_SANDBOX": "false"}
    config = load_config(env=env)
    assert (config.operator, config.concurrency, config.db_path) == ("agent.dupont", 3, "/tmp/x.db")
    assert config.sandbox is True  # never from the environment: it unlocks token_default
    with pytest.raises(ConfigError, match="SKIPTRACE_CONCURRENCY must be a positive integer"):
        load_config(env={"SKIPTRACE_CONCURRENCY": "many"})


def test_every_packaged_source_and_env_var_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    config = load_config(env={})
    assert all(f"`{name}`" in docs for name in config.sources)
    for cfg in config.sources.values():
        assert not cfg.token_env or f"`{cfg.token_env}`" in docs
    assert "`SKIPTRACE_SANDBOX_URL`" in docs and "`SKIPTRACE_CONFIG`" in docs
