"""Blocks of a result page read once per crawl child, however many debtors' searches list them.

A batch's searches overlap: a common family name's notices, listings and register rows come
back for every debtor who bears it, and for their pivots (issue 17: at 10^4, 1,000 debtors'
searches brought 31,588 notices of which 10,827 distinct, 13,650 listings of 6,342). Reading a
block (its fields by CSS, a notice's text parsed for people, RCs and capital) was most of a
crawl child's CPU, and a live batch is CPU-bound on two cores. What a block yields depends on
the block alone (CSS selectors only look inside it, the parsers read only its text), so its
fields are kept here by a digest of its HTML and handed out again as copies.

The cache is bounded (``SIZE`` blocks, least recently used first out): memory does not grow
with the portfolio (docs/decisions/0054). Only the fields of public pages are kept, in the
crawl child's memory, for the crawl's lifetime: nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from parsel import Selector

#: blocks kept per crawl child: about 2 kB of fields each, so a few MB. An LRU of 4,096 kept
#: 55 % of a 10^4 world's notices for 1,000 debtors (the unbounded ideal: 66 %).
SIZE = 4096


class BlockCache:
    """Fields read from page blocks, by (kind, digest of the block's HTML, what was asked)."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._blocks: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def read(self, kind: str, block: Selector, parse: Callable[[], dict[str, Any]],
             asked: Hashable = ()) -> dict[str, Any]:
        """``parse()``'s fields for ``block``, parsed only the first time this block (same
        HTML, same ``kind`` and ``asked``) is met; always a copy the caller may change."""
        html = block.get()
        key = (kind, hashlib.blake2b(html.encode("utf-8"), digest_size=16).digest(), asked)
        fields = self._blocks.get(key)
        if fields is None:
            self.misses += 1
            fields = parse()
            self._blocks[key] = copy_fields(fields)
            if len(self._blocks) > self.size:
                self._blocks.popitem(last=False)
            return fields
        self.hits += 1
        self._blocks.move_to_end(key)
        return copy_fields(fields)

    def __len__(self) -> int:
        return len(self._blocks)


def copy_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A copy deep enough that changing it never changes the cached one (fields hold texts,
    numbers, lists and dicts of those: a notice's people)."""
    return {key: _copy(value) for key, value in fields.items()}


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    if isinstance(value, set):
        return {_copy(v) for v in value}
    return value  # str, int, float, bool, None: immutable


#: the crawl child's cache, shared by its spiders (a process holds one crawl)
BLOCKS = BlockCache()
