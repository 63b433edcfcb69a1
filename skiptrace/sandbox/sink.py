"""Streaming writers: source files sorted by record id without holding a source in memory.

Records arrive in generation order (debtor by debtor) with opaque ids; each source file must be
sorted by id. Lines go to range buckets on disk, then each bucket is sorted and appended: memory
is bounded by one bucket, whatever the world's size.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import IO, Any

from skiptrace.model import SOURCE_NAMES
from skiptrace.sandbox.ids import RECORD_SPACE

RECORDS_PER_BUCKET = 200_000


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def private_open(path: Path, mode: str = "w") -> IO[str]:
    """Open for writing with mode 0600: world files hold (synthetic) personal data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    return os.fdopen(fd, mode, encoding="utf-8", newline="\n")


class SortedSources:
    """One bucketed, sorted JSON Lines file per source under ``out/sources``."""

    def __init__(self, out: Path, expected_records: int) -> None:
        self.dir = out / "sources"
        self.tmp = out / ".tmp-sources"
        self.dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        self.buckets = max(1, min(256, expected_records // RECORDS_PER_BUCKET + 1))
        self.files: dict[tuple[str, int], IO[str]] = {}
        self.counts = dict.fromkeys(SOURCE_NAMES, 0)

    def add(self, source: str, key: int, record: dict[str, Any]) -> None:
        bucket = key * self.buckets // RECORD_SPACE
        handle = self.files.get((source, bucket))
        if handle is None:
            path = self.tmp / f"{source}.{bucket:03d}"
            handle = self.files[(source, bucket)] = open(path, "w", encoding="utf-8")  # noqa: SIM115
        handle.write(f"{key:010d}\t{dumps(record)}\n")
        self.counts[source] += 1

    def finish(self) -> dict[str, int]:
        """Sort every bucket into its source file; remove the scratch directory."""
        for handle in self.files.values():
            handle.close()
        for source in SOURCE_NAMES:
            with private_open(self.dir / f"{source}.jsonl") as out:
                for bucket in range(self.buckets):
                    path = self.tmp / f"{source}.{bucket:03d}"
                    if not path.exists():
                        continue
                    lines = path.read_text("utf-8").splitlines()
                    lines.sort()
                    out.writelines(line.split("\t", 1)[1] + "\n" for line in lines)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return dict(self.counts)
