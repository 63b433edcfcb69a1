from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Writer = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """write(name, lines, encoding="utf-8", bom=False) → path of a file of those lines (CRLF as
    Excel writes them when ``crlf``)."""

    def _write(name: str, lines: list[str], encoding: str = "utf-8", bom: bool = False,
               crlf: bool = False) -> Path:
        path = tmp_path / name
        text = ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n") if lines else ""
        data = text.encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return _write
