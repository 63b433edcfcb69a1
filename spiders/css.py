"""What a CSS selector reads from a block, as parsel's ``.css(css).getall()`` reads it, cheaper.

Why: a crawl child reads a dozen fields from each listing, register row and notice it meets,
and at 10^5 debtors' worlds that reading was a fifth of the register and directory child's CPU
(issue 17, session 23). parsel wraps every text node it finds in a ``Selector`` object (its
constructor, its type sniffing) only for ``getall()`` to unwrap it again; here the compiled XPath
runs on the block's lxml element and the strings come back as they are. Elements are serialised
as parsel serialises them (HTML, no tail), so the two always give the same list (property test:
tests/spiders/test_css_texts.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # parsel's own parser; no stubs shipped
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()


@lru_cache(maxsize=512)
def _compiled(css: str) -> etree.XPath:
    """The XPath parsel's HTML translator writes for ``css`` (``::text``, ``::attr(x)``
    included), compiled once."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(css), smart_strings=False)


def texts(block: Selector, css: str) -> list[str]:
    """``block.css(css).getall()``: the texts and attribute values ``css`` selects as strings,
    the elements it selects as their HTML."""
    root = block.root
    if not hasattr(root, "xpath"):
        return block.css(css).getall()  # a text selector: parsel's own rules
    return [_serialised(found) for found in _as_list(_compiled(css)(root))]


def _as_list(result: Any) -> list[Any]:
    return result if isinstance(result, list) else [result]


def _serialised(found: Any) -> str:
    """One result as parsel's ``Selector.get`` writes it."""
    if isinstance(found, str):
        return str(found)  # a text or an attribute value (plain str: smart_strings is off)
    if isinstance(found, bool):
        return "1" if found else "0"
    try:
        return etree.tostring(found, method="html", encoding="unicode", with_tail=False)
    except TypeError:
        return str(found)
