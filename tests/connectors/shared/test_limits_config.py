"""``[limits]``: where the shared limits' Redis is, its password from the environment only."""

from __future__ import annotations

import pytest

from skiptrace.config import parse_config
from skiptrace.connectors.shared import is_shared
from skiptrace.errors import ConfigError
from skiptrace.pipeline.workerproc import share_rate_limits

SOURCE = '[sources.geocoder]\nbase_url = "http://127.0.0.1:9/geocoder"\n'


def test_without_limits_nothing_is_shared() -> None:
    config = parse_config(SOURCE, env={})
    assert not is_shared(config) and not is_shared(config.source("geocoder"))


def test_the_file_names_the_redis_and_every_source_carries_it() -> None:
    text = '[limits]\nredis = "redis://10.0.0.5:6379/2"\nprefix = "agence-rabat"\n' + SOURCE
    config = parse_config(text, env={"SKIPTRACE_REDIS_PASSWORD": "s3cret"})
    geocoder = config.source("geocoder")
    assert geocoder.limits == config.limits and is_shared(geocoder)
    assert (config.limits.redis, config.limits.prefix) == ("redis://10.0.0.5:6379/2", "agence-rabat")
    assert config.limits.password == "s3cret"
    assert "s3cret" not in repr(config) and "s3cret" not in repr(geocoder)


def test_the_environment_wins_over_the_file() -> None:
    text = '[limits]\nredis = "redis://10.0.0.5:6379/2"\n' + SOURCE
    config = parse_config(text, env={"SKIPTRACE_REDIS_URL": "redis://127.0.0.1:7000/0"})
    assert config.limits.redis == "redis://127.0.0.1:7000/0"


@pytest.mark.parametrize(("url", "problem"), [
    ("redis://:hunter2@127.0.0.1:6379/0", "must not carry a password (set SKIPTRACE_REDIS_PASSWORD)"),
    ("redis://user:hunter2@127.0.0.1:6379/0", "must not carry a password"),
    ("redis://127.0.0.1:6379/0?password=hunter2", "must not carry a query"),
    ("http://127.0.0.1:6379/0", "must be redis://HOST:PORT/DB"),
    ("unix:///run/redis.sock", "must be redis://HOST:PORT/DB"),
    ("redis://127.0.0.1:port/0", "is not a URL"),
    ("redis://127.0.0.1:6379/cache", "database number"),
])
def test_a_bad_redis_url_is_refused_without_repeating_it(url: str, problem: str) -> None:
    for env, text in (({"SKIPTRACE_REDIS_URL": url}, SOURCE),
                      ({}, f'[limits]\nredis = "{url}"\n' + SOURCE)):
        with pytest.raises(ConfigError, match="(?i)redis") as caught:
            parse_config(text, env=env)
        assert problem in str(caught.value)
        assert "hunter2" not in str(caught.value)


def test_a_bad_prefix_or_setting_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('[limits]\nprefix = "a b"\nredis_url = "x"\n' + SOURCE, env={})
    assert "[limits] prefix must be 1-64 letters" in str(caught.value)
    assert "[limits] unknown setting 'redis_url'" in str(caught.value)


def test_workers_split_a_rate_only_when_it_is_not_shared() -> None:
    text = '[sources.geocoder]\nbase_url = "http://127.0.0.1:9/geocoder"\nrate_limit = 9.0\n'
    alone = parse_config(text, env={})
    assert share_rate_limits(alone, 3).source("geocoder").rate_limit == 3.0
    shared = parse_config(text, env={"SKIPTRACE_REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert share_rate_limits(shared, 3).source("geocoder").rate_limit == 9.0  # one bucket for all
