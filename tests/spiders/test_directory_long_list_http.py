"""Over real HTTP against the sandbox: a person's surname list read listing by listing (the
directory's long lists, issue 12, session 25) keeps every listing of the person that reading
the whole list keeps, and drops other people's.

With ``max_results`` 1 every surname list of more than one listing is a long one, judged as a
list of 51-150 is in a 10^4 world; the same crawl with a bound no list reaches reads every list
whole, as a list of 50 or fewer is read. Judging may drop records, never the person's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from skiptrace.connectors.web import crawl
from skiptrace.intake.load import read_debtors
from skiptrace.model import Debtor

pytestmark = pytest.mark.integration
QUICK = {"retries": 0, "download_timeout": 5.0, "log_level": "ERROR", "page_cache": 0}


def _listings(url: str, debtors: list[Debtor], **bounds: Any) -> dict[str, set[str]]:
    results = crawl([(d.debtor_id, d) for d in debtors], ["phone_directory"],
                    {"base_url": url, **QUICK, **bounds})
    found: dict[str, set[str]] = {}
    for result in results:
        assert result.status.status in ("ok", "too_broad"), result.status
        found[result.debtor_id] = {r.record_id for r in result.records if r.record_id}
    return found


def test_judging_a_long_list_never_drops_the_persons_own_listing(
        sandbox_world: Path, sandbox_url: str) -> None:
    truth = {t["debtor_id"]: t for t in map(
        json.loads, (sandbox_world / "truth.jsonl").read_text("utf-8").splitlines())}
    people = [d for d in read_debtors(sandbox_world / "portfolio.csv")
              if d.kind == "person" and d.city and d.first_name]
    assert len(people) >= 10
    whole = _listings(sandbox_url, people, max_results=500, max_filtered_results=500)
    judged = _listings(sandbox_url, people, max_results=1, max_filtered_results=500)
    own = {d.debtor_id: {link["record_id"] for link in
                         truth[d.debtor_id]["links"].get("phone_directory", [])}
           for d in people}
    # every listing of the person that the whole lists gave, the judged lists give too
    kept = {k: own[k] & whole[k] for k in own}
    assert sum(map(len, kept.values())) >= 5  # the world lists these people
    assert all(kept[k] <= judged[k] for k in kept), {
        k: kept[k] - judged[k] for k in kept if not kept[k] <= judged[k]}
    # and the long lists' other people are not all kept: judging does drop listings
    assert sum(map(len, judged.values())) < sum(map(len, whole.values()))
