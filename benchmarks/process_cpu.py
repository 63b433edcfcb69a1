"""Each process's CPU over a benchmark run, apart (issue 17, session 23).

Reads ``/proc/<pid>/stat`` (user + system time) of every process every half second until it
receives SIGTERM, then writes, as JSON to the file given, the CPU seconds each kind of process
used since it started: ``enrich``, each crawl child (``crawl:<sources>``), the ``sandbox``,
others by their command line. A process that exited counts with its last reading. Why: the
whole machine's CPU over a batch (``machine_cpu.txt``) cannot tell which of enrich, the crawl
children and the sandbox a change made cheaper, and the VM's speed drifts between runs.

usage: python benchmarks/process_cpu.py OUT.json &  ...  kill -TERM $!
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

_HZ = os.sysconf("SC_CLK_TCK")


def _readings() -> dict[str, tuple[str, float]]:
    """Per pid: (command line, CPU seconds so far); a zombie's empty command line kept as
    ``[name]``."""
    found: dict[str, tuple[str, float]] = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ").strip()
            if not command:
                command = f"[{Path(f'/proc/{pid}/comm').read_text().strip()}]"
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        found[pid] = (command, (int(fields[11]) + int(fields[12])) / _HZ)
    return found


def kind(command: str) -> str:
    """What a process is, for the totals."""
    if "sandbox serve" in command:
        return "sandbox"
    if "spiders.crawl" in command:
        sources = command.split("--sources ", 1)[1].split()[0] if "--sources " in command else "?"
        return f"crawl:{sources}"
    if "skiptrace" in command and " enrich " in f"{command} ":
        return "enrich"
    return f"other:{command[:40]}"


def main(out: Path) -> None:
    start = {pid: cpu for pid, (_, cpu) in _readings().items()}
    last: dict[str, tuple[str, float]] = {}

    def read() -> None:
        for pid, (command, cpu) in _readings().items():
            known = last.get(pid)
            if known is not None and command.startswith("[") and not known[0].startswith("["):
                command = known[0]  # exited, not yet reaped: the name it ran under
            last[pid] = (command, cpu)

    def finish(_signum: int, _frame: FrameType | None) -> None:
        read()
        totals: dict[str, float] = {}
        for pid, (command, cpu) in last.items():
            name = kind(command)
            totals[name] = totals.get(name, 0.0) + cpu - start.get(pid, 0.0)
        kept = {k: round(v, 2) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])
                if v >= 0.1}
        out.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")
        sys.exit(0)

    signal.signal(signal.SIGTERM, finish)
    print("ready", flush=True)  # what runs from now on is counted
    while True:
        read()
        time.sleep(0.5)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
