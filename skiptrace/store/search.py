"""Turning names into FTS5 queries: any token may match, rarer tokens weigh more (bm25)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from matching.text import fold

_TOKEN = re.compile(r"\w+")
MIN_TOKEN = 2


def name_tokens(texts: Iterable[str]) -> list[str]:
    """Folded word tokens of the given names, in order, without duplicates or 1-letter tokens."""
    tokens: list[str] = []
    for text in texts:
        for token in _TOKEN.findall(fold(text)):
            if len(token) >= MIN_TOKEN and token not in tokens:
                tokens.append(token)
    return tokens


def fts_query(texts: Iterable[str]) -> str | None:
    """An FTS5 OR-query of the tokens, each quoted so that no token is read as syntax."""
    tokens = name_tokens(texts)
    if not tokens:
        return None
    return " OR ".join(f'"{t}"' for t in tokens)


__all__ = ["fts_query", "name_tokens"]
