"""spiders.css.texts reads what parsel's ``.css(css).getall()`` reads (issue 17, session 23)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from parsel import Selector

from spiders.css import texts

# the selectors the spiders read blocks with, and a few shapes more
_CSS = ["h3.name::text", "p.address::text", "li.phone::text", "p.since time::attr(datetime)",
        "div.text ::text", "h2.title ::text", "h2.title a::attr(href)", "td.denomination a::text",
        "td.denomination::text", "span.kind", "li", "a::attr(href)", "*::text", "p::text"]

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_TAG = st.sampled_from(["p", "li", "span", "h3", "h2", "a", "td", "div", "time", "b"])
_CLASS = st.sampled_from(["", "name", "address", "phone", "since", "text", "title", "kind",
                          "denomination"])


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    """A small, possibly malformed, HTML fragment of the tags and classes the spiders read."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        tag, cls, text = draw(_TAG), draw(_CLASS), draw(_TEXT)
        attrs = f' class="{cls}"' if cls else ""
        if tag == "a":
            attrs += f' href="{draw(_TEXT).replace(chr(34), "")}"'
        if tag == "time":
            attrs += f' datetime="{draw(_TEXT).replace(chr(34), "")}"'
        inner = draw(_html(depth + 1)) if depth < 2 and draw(st.booleans()) else ""
        close = f"</{tag}>" if draw(st.integers(0, 9)) else ""  # now and then left open
        parts.append(f"<{tag}{attrs}>{text}{inner}{close}{draw(_TEXT)}")
    return "".join(parts)


@given(body=_html(), css=st.sampled_from(_CSS))
def test_texts_are_parsels_getall(body: str, css: str) -> None:
    page = Selector(text=f"<html><body><li class='listing'>{body}</li></body></html>")
    for block in page.css("li.listing") or [page]:
        assert texts(block, css) == block.css(css).getall()


def test_a_text_selector_is_read_as_parsel_reads_it() -> None:
    block = Selector(text="<p class='name'>Amina  Ouazzani</p>").css("p.name::text")[0]
    assert texts(block, "::text") == block.css("::text").getall()


def test_elements_come_back_as_their_html_without_the_tail() -> None:
    block = Selector(text="<div><span class='kind'>Pro <b>x</b></span> tail</div>").css("div")[0]
    assert texts(block, "span.kind") == ['<span class="kind">Pro <b>x</b></span>']
