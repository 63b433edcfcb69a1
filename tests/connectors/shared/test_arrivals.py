"""The sandbox's record of when each source's requests arrived (issue 21): off unless asked,
times only, read in process or over HTTP."""

from __future__ import annotations

from pathlib import Path

import requests

from skiptrace.sandbox.arrivals import most_in_window
from skiptrace.sandbox.server import SandboxServer


def test_most_in_window_counts_a_closed_window_from_each_arrival() -> None:
    times = [0.0, 0.1, 0.2, 1.0, 1.05, 1.1, 1.15, 3.0]
    assert most_in_window(times, 0.2) == 4  # 1.0 .. 1.15 (and 0.0 .. 0.2 is 3)
    assert most_in_window(times, 1.0) == 5 and most_in_window(times, 0.01) == 1
    assert most_in_window([], 1.0) == 0


def test_arrivals_are_recorded_per_source_only_when_asked(sandbox_world: Path) -> None:
    with SandboxServer(sandbox_world, record_arrivals=True) as server:
        for _ in range(3):
            requests.get(f"{server.url}/geocoder/search", params={"q": "Rabat"}, timeout=10)
        requests.get(f"{server.url}/phone_directory/browse", timeout=10)
        answer = requests.get(f"{server.url}/_admin/arrivals", timeout=10).json()["arrivals"]
        assert {k: v["requests"] for k, v in answer.items()} == {"geocoder": 3,
                                                                 "phone_directory": 1}
        assert answer["geocoder"]["times"] == sorted(answer["geocoder"]["times"])
        assert "Rabat" not in str(answer)
        assert len(server.arrivals("geocoder")) == 3
        bad = requests.get(f"{server.url}/_admin/arrivals", params={"window": "-1"}, timeout=10)
        assert bad.status_code == 400
    with SandboxServer(sandbox_world) as server:
        requests.get(f"{server.url}/geocoder/search", params={"q": "Rabat"}, timeout=10)
        assert requests.get(f"{server.url}/_admin/arrivals", timeout=10).status_code == 404
