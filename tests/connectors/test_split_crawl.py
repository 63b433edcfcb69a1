"""The web sources dealt out to several crawl children (skiptrace/connectors/split_crawl.py):
how the sources are grouped, one stream fanned out to every child, the children's results
merged; that a batch writes the same profiles with one crawl child or two is in
tests/batch/test_split_crawl.py."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skiptrace.connectors.split_crawl import FanOutStream, crawl_groups, crawl_split
from skiptrace.connectors.web import WebResult
from skiptrace.model import SourceStatus

WEB = ["company_register", "legal_notices", "phone_directory"]


def test_two_children_take_the_notices_apart_from_the_register_and_the_directory() -> None:
    assert crawl_groups(WEB, 2) == [["legal_notices"], ["company_register", "phone_directory"]]
    assert crawl_groups(WEB, 1) == [["legal_notices", "company_register", "phone_directory"]]
    assert crawl_groups(WEB, 8) == [["legal_notices"], ["company_register"], ["phone_directory"]]
    assert crawl_groups([], 2) == []  # no web source: no crawl child


@given(st.lists(st.sampled_from([*WEB, "other_site", "another"]), unique=True, min_size=1),
       st.integers(min_value=-2, max_value=6))
def test_every_source_in_exactly_one_group_whatever_the_order(sources: list[str],
                                                              processes: int) -> None:
    groups = crawl_groups(sources, processes)
    assert sorted(s for g in groups for s in g) == sorted(sources)
    assert all(groups) and 1 <= len(groups) <= max(1, processes)
    assert crawl_groups(list(reversed(sources)), processes) == groups


def test_a_query_goes_to_every_child_and_a_closed_child_closes_them_all() -> None:
    fan = FanOutStream(2)
    assert fan.submit("D-1", {"name": "A"})
    fan.streams[1].close()  # that child's crawl ended
    assert not fan.submit("D-2", {"name": "B"})
    fan.close()
    for stream in fan.streams:
        assert [task for task, _ in stream] == ["D-1"]  # each got D-1 once, then ended


def _fake_crawl(queries: Iterable[tuple[str, Any]], sources: list[str],
                settings: dict[str, Any] | None) -> Iterator[WebResult]:
    """A crawl child answering each query on each of its sources (no process, no network)."""
    for task_id, _query in queries:
        for source in sources:
            yield WebResult(task_id, source, [], SourceStatus(source, "ok"))


def test_the_childrens_results_are_merged_until_every_child_ended() -> None:
    groups = crawl_groups(WEB, 2)
    fan = FanOutStream(len(groups))
    got: list[tuple[str | None, str]] = []
    reader = threading.Thread(target=lambda: got.extend(
        (r.debtor_id, r.source) for r in crawl_split(fan, groups, {}, crawl_one=_fake_crawl)))
    reader.start()
    for task in ("D-1", "D-2", "D-1#p1"):
        assert fan.submit(task, {"name": task})
    fan.close()
    reader.join(timeout=10)
    assert not reader.is_alive()
    assert sorted(got) == sorted((t, s) for t in ("D-1", "D-2", "D-1#p1") for s in WEB)


def test_groups_and_streams_must_agree() -> None:
    with pytest.raises(ValueError, match="2 groups"):
        list(crawl_split(FanOutStream(1), crawl_groups(WEB, 2), {}, crawl_one=_fake_crawl))
