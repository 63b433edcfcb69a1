"""A crawl child dies with its parent: a killed batch leaves no orphan crawl to race its rerun."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import textwrap

# The parent: starts a crawl against a server that never answers (so the child cannot finish
# on its own), prints the child's pid, then waits on the crawl.
PARENT = textwrap.dedent("""
    import sys
    from skiptrace.connectors import web

    real_popen = web.subprocess.Popen

    def popen(*args, **kwargs):
        child = real_popen(*args, **kwargs)
        print(child.pid, flush=True)
        return child

    web.subprocess.Popen = popen
    queries = [(f"D{i}", {"name": "ALAOUI Mohamed"}) for i in range(50)]
    settings = {"base_url": f"http://127.0.0.1:{sys.argv[1]}", "download_timeout": 600,
                "obey_robots": False, "retries": 0}
    for _ in web.crawl(queries, ["phone_directory"], settings):
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
    with socket.socket() as silent:  # accepts connections into its backlog, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(128)
        port = silent.getsockname()[1]
        parent = subprocess.Popen([sys.executable, "-c", PARENT, str(port)],
                                  stdout=subprocess.PIPE, text=True)
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        try:
            assert not exits_within(child, 1.0)  # alive and waiting on the silent server
            parent.send_signal(signal.SIGKILL)
            parent.wait()
            assert exits_within(child, 20), "the crawl child outlived its killed parent"
        finally:
            if not exits_within(child, 0):
                os.kill(child, signal.SIGKILL)
