"""Streaming writers: source files sorted by record id without holding a source in memory.

Records arrive in generation order with opaque ids; each source file must be sorted by id.
Every lane writes its lines to range buckets on disk; the merge sorts one bucket range at a time
(all lanes together) and appends it: memory is bounded by one bucket, whatever the world's size.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from skiptrace.model import SOURCE_NAMES
from skiptrace.sandbox.ids import RECORD_SPACE

RECORDS_PER_BUCKET = 200_000
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dumps(obj: Any) -> str:
    return _ENCODER.encode(obj)


def private_open(path: Path, mode: str = "w") -> IO[str]:
    """Open for writing with mode 0600: world files hold (synthetic) personal data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    return os.fdopen(fd, mode, encoding="utf-8", newline="\n")


def bucket_count(expected_records: int) -> int:
    return max(1, min(256, expected_records // RECORDS_PER_BUCKET + 1))


class LaneSink:
    """One lane's records, as ``key<TAB>json`` lines in per-(source, bucket) scratch files."""

    def __init__(self, directory: Path, buckets: int) -> None:
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.buckets = buckets
        self.files: dict[tuple[str, int], IO[str]] = {}
        self.counts = dict.fromkeys(SOURCE_NAMES, 0)

    def add(self, source: str, key: int, record: dict[str, Any]) -> None:
        bucket = key * self.buckets // RECORD_SPACE
        handle = self.files.get((source, bucket))
        if handle is None:
            path = self.dir / f"{source}.{bucket:03d}"
            handle = self.files[(source, bucket)] = open(path, "w", encoding="utf-8")  # noqa: SIM115
        handle.write(f"{key:010d}\t{_ENCODER.encode(record)}\n")
        self.counts[source] += 1

    def close(self) -> dict[str, int]:
        for handle in self.files.values():
            handle.close()
        self.files.clear()
        return dict(self.counts)


def merge_sources(out: Path, lane_dirs: list[Path], buckets: int) -> None:
    """Sort every bucket of every lane into ``out/sources/<source>.jsonl``."""
    target = out / "sources"
    target.mkdir(parents=True, exist_ok=True)
    for source in SOURCE_NAMES:
        with private_open(target / f"{source}.jsonl") as handle:
            for bucket in range(buckets):
                lines: list[str] = []
                for lane_dir in lane_dirs:
                    path = lane_dir / f"{source}.{bucket:03d}"
                    if path.exists():
                        lines.extend(path.read_text("utf-8").splitlines())
                lines.sort()
                handle.writelines(line.split("\t", 1)[1] + "\n" for line in lines)
