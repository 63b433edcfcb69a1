"""Issue 10 item 3: where a config may send requests is settled when it loads.

- a base_url is http(s) with a host, or the config is refused with one line naming the source
  and the value;
- a sandbox config (sandbox = true, the packaged one) talks only to this machine, whatever
  SKIPTRACE_SANDBOX_URL says;
- the CLI shows that line, not a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from skiptrace.config import load_config, parse_config
from skiptrace.errors import ConfigError

BAD_URLS = ["file:///x", "ftp://h", "http:///nohost", "javascript:alert(1)", "",
            "data:text/html,hi", "http://user:pw@127.0.0.1:1/x", "http://127.0.0.1:99999/x",
            "//127.0.0.1:1/x", "127.0.0.1:8765/land_registry", "http://127.0.0.1:1/x?token=1"]


def section(url: str, kind: str = "api") -> str:
    return f'[sources.land_registry]\nkind = "{kind}"\nbase_url = "{url}"\n'


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("kind", ["api", "web"])
def test_a_base_url_that_is_not_http_with_a_host_is_refused_in_one_line(url, kind):
    with pytest.raises(ConfigError) as caught:
        parse_config(section(url, kind), {})
    message = str(caught.value)
    assert "\n" not in message
    assert "[sources.land_registry] base_url" in message and repr(url) in message


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/land_registry", "https://registry.example.ma/x",
                                 "HTTPS://Registry.Example.MA:8443", "http://[::1]:9/x"])
def test_http_and_https_with_a_host_are_accepted(url):
    assert parse_config(section(url), {}).source("land_registry").base_url == url


def test_a_file_source_needs_no_base_url_and_an_absent_one_still_skips_an_api_source():
    config = parse_config('[sources.x]\nkind = "file"\nformat = "land_registry"\n'
                          '[sources.land_registry]\nkind = "api"\n', {})
    assert config.source("x").base_url == config.source("land_registry").base_url == ""


def test_a_bad_url_from_the_environment_names_the_source_and_both_values():
    text = section("${REG_URL}/land_registry")
    with pytest.raises(ConfigError) as caught:
        parse_config(text, {"REG_URL": "file:///etc"})
    assert "'file:///etc/land_registry (from ${REG_URL}/land_registry)'" in str(caught.value)


@pytest.mark.parametrize("far", ["http://example.invalid:8799", "http://10.0.0.5:8765",
                                 "https://sandbox.example.com"])
def test_the_packaged_sandbox_config_refuses_a_sandbox_url_off_this_machine(far):
    with pytest.raises(ConfigError) as caught:
        load_config(env={"SKIPTRACE_SANDBOX_URL": far})
    message = str(caught.value)
    assert "\n" not in message and "SKIPTRACE_SANDBOX_URL=" in message
    assert "talks only to 127.0.0.1, ::1 or localhost" in message


@pytest.mark.parametrize("near", ["http://127.0.0.1:8765", "http://127.0.0.2:9", "http://localhost:1",
                                  "http://[::1]:8765"])
def test_the_packaged_sandbox_config_accepts_loopback(near):
    config = load_config(env={"SKIPTRACE_SANDBOX_URL": near})
    assert config.sandbox and config.source("land_registry").token == "sandbox-land-token"


def test_any_sandbox_config_stays_on_loopback_even_without_the_variable():
    text = ('[skiptrace]\nsandbox = true\n[sources.land_registry]\nbase_url = "http://10.1.2.3/x"\n'
            'token_default = "t"\n[sources.geocoder]\nbase_url = "https://geo.example.org"\n')
    with pytest.raises(ConfigError) as caught:
        parse_config(text, {})
    message = str(caught.value)
    assert "\n" not in message and "land_registry, geocoder" in message
    assert "http://10.1.2.3:80" in message and "https://geo.example.org:443" in message


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("SKIPTRACE_")}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "skiptrace", *args], capture_output=True,
                          text=True, env=full, timeout=60)


@pytest.mark.parametrize("url", ["file:///x", "ftp://h", "http:///nohost", "javascript:..", ""])
def test_skiptrace_sources_ends_in_one_clear_line(tmp_path: Path, url: str):
    config = tmp_path / "bad.toml"
    config.write_text(section(url), encoding="utf-8")
    done = _cli("sources", "--config", str(config))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "[sources.land_registry] base_url" in lines[0], done.stderr


def test_skiptrace_sources_with_a_far_sandbox_url_ends_in_one_line():
    # `sources` lists without touching the network (so even the unfixed code stays local)
    done = _cli("sources", env={"SKIPTRACE_SANDBOX_URL": "http://example.invalid:8799"})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "SKIPTRACE_SANDBOX_URL=http://example.invalid:8799" in lines[0]
