"""A worker's pivot query goes up to the main process and its answer comes back
(skiptrace/pipeline/workerproc.py PivotRelay), matched by task id, whatever the order."""

from __future__ import annotations

import threading
from typing import Any

from skiptrace.pipeline.workerproc import PivotRelay


def test_answers_reach_the_thread_that_asked_whatever_their_order() -> None:
    sent: list[tuple[str, str | None, Any]] = []
    asked = threading.Event()

    def send(message: tuple[str, str | None, Any]) -> None:
        sent.append(message)
        if len(sent) == 2:
            asked.set()

    relay = PivotRelay(send, timeout=30)
    got: dict[str, Any] = {}
    threads = [threading.Thread(target=lambda t=t: got.__setitem__(t, relay.fetch(t, {"q": t})))
               for t in ("D-1#p1", "D-2#p1")]
    for thread in threads:
        thread.start()
    assert asked.wait(10)
    assert sorted(m[1] for m in sent) == ["D-1#p1", "D-2#p1"] and {m[0] for m in sent} == {"pivot"}
    relay.deliver("D-2#p1", (["r2"], []))  # the second asked is answered first
    relay.deliver("D-1#p1", (["r1"], []))
    relay.deliver("D-9#p1", (["stray"], []))  # nobody waits for it: dropped, no error
    for thread in threads:
        thread.join(10)
    assert got == {"D-1#p1": (["r1"], []), "D-2#p1": (["r2"], [])}


def test_no_answer_in_time_fails_the_web_sources_instead_of_hanging() -> None:
    relay = PivotRelay(lambda message: None, timeout=0.05, sources=("legal_notices",))
    records, [status] = relay.fetch("D-1#p1", {})
    assert records == [] and (status.source, status.status) == ("legal_notices", "failed")
    assert "no answer" in (status.reason or "")
