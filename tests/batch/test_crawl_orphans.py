"""A crawl child dies with its parent: a killed batch leaves no orphan crawl to race its rerun."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap

# The parent: starts a crawl whose query stream never ends (so the child cannot finish on its
# own), prints the child's pid once it exists, then waits for ever.
PARENT = textwrap.dedent("""
    import threading
    from skiptrace.connectors import web

    real_popen = web.subprocess.Popen

    def popen(*args, **kwargs):
        child = real_popen(*args, **kwargs)
        print(child.pid, flush=True)
        return child

    web.subprocess.Popen = popen
    gate = threading.Event()
    def slow():
        yield ("D0", {"name": "ALAOUI Mohamed"})
        gate.wait()
    for _ in web.crawl(slow(), ["phone_directory"], {"base_url": "http://127.0.0.1:9"}):
        pass
""")


def exits_within(pid: int, seconds: float) -> bool:
    """Block on the process's pidfd until it exits or the time runs out (no polling)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], seconds)
        return bool(readable)
    finally:
        os.close(fd)


def test_the_crawl_child_is_terminated_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert not exits_within(child, 0.5)  # alive while its parent lives: the stream never ends
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    assert exits_within(child, 30), "the crawl child outlived its killed parent"
