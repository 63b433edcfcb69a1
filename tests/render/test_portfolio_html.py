"""The portfolio page (skiptrace/render/portfolio_html.py, portfolio_view.py, charts.py) from
hand-made profiles: self-contained, hostile text inert, cities grouped, the worklist's head kept
in rank order, French by default and English on demand."""

from __future__ import annotations

import re
from typing import Any

from skiptrace.i18n import set_language
from skiptrace.render.charts import WIDTH, Bar, hbars
from skiptrace.render.portfolio_html import render
from skiptrace.render.portfolio_view import PortfolioView


def profile(debtor_id: str, city: str, debt: float, net: float, *, segment: str =
            "forced_recovery", name: str = "EL ALAOUI Mohamed") -> dict[str, Any]:
    steps = [{"rank": 1, "asset": "a", "kind": "vehicle", "label": "Dacia Logan (12345-أ-6)",
              "expected_net_mad": net, "obstacles": [], "needs": "", "cost_mad": 1500.0,
              "delay_days": 90}] if net else []
    return {
        "debtor_id": debtor_id, "generated_at": "2026-11-27T09:00:00+00:00",
        "debtor": {"name": name, "city": city}, "assets": [], "sources": [],
        "contacts": {"addresses": [], "phones": [{"node_id": "p", "value": "+212 6 61 00 10 20",
                                                  "confidence": 0.9}]},
        "recoverability": {"debt_amount": debt, "segment": segment, "best_phone": "p",
                           "seizable": {"low": net / 2, "mid": net, "high": net * 2}},
        "enforcement": {"notice": "", "assumptions": [], "steps": steps},
    }


def view_of(profiles: list[dict[str, Any]], limit: int = 500) -> PortfolioView:
    view = PortfolioView(limit=limit)
    for p in profiles:
        view.add("done", p, report=f"reports/{p['debtor_id']}.html")
    view.reject()
    return view


def sample() -> list[dict[str, Any]]:
    return [profile("D-1", "Casa", 50_000, 80_000),
            profile("D-2", "CASABLANCA", 10_000, 0, segment="amicable_contact"),
            profile("D-3", "Fès", 200_000, 150_000),
            profile("D-4", "", 5_000, 0, segment="further_search")]


def test_the_page_loads_nothing_and_escapes_what_the_portfolio_said() -> None:
    hostile = profile("D-<x>", "<b>Zzyzx</b>", 1000, 900,
                      name='<script>alert(1)</script>" onmouseover="x')
    html = render(view_of([hostile]), portfolio="p<1>.csv", job_id="job-1")
    assert not re.search(r"<script|<link|<img|@import|url\(|src=|https?:", html, re.I)
    assert "&lt;script&gt;" in html and 'onmouseover="x' not in html
    assert "&lt;b&gt;Zzyzx&lt;/b&gt;" in html and "p&lt;1&gt;.csv" in html


def test_totals_cities_and_the_worklist_order() -> None:
    view = view_of(sample())
    assert view.rows == 5 and view.enriched == 4 and view.statuses["rejected"] == 1
    assert view.debt == 265_000 and view.recovery == 50_000 + 150_000
    assert view.cities["casablanca"].debtors == 2 and view.city_name("casablanca") == "Casablanca"
    assert view.city_name("") == ""
    assert [i.debtor_id for i in view.worklist()] == ["D-3", "D-1", "D-2", "D-4"]
    html = render(view, portfolio="p.csv", job_id="job-1")
    ranked = re.findall(r'href="reports/(D-\d)\.html"', html)
    assert ranked == ["D-3", "D-1", "D-2", "D-4"]
    assert html.count('class="chart"') == 4


def test_only_the_head_of_the_worklist_is_kept_and_the_page_says_so() -> None:
    view = view_of(sample(), limit=2)
    assert [i.debtor_id for i in view.worklist()] == ["D-3", "D-1"]
    html = render(view, portfolio="p.csv", job_id="job-1")
    assert len(re.findall(r'href="reports/', html)) == 2
    assert "--csv" in html  # where the rest is


def test_french_by_default_english_on_demand() -> None:
    french = render(view_of(sample()), portfolio="p.csv", job_id="job-1")
    assert '<html lang="fr">' in french and "Recouvrement attendu" in french
    assert "200\u00a0000" in french and "27/11/2026" in french
    set_language("en")
    english = render(view_of(sample()), portfolio="p.csv", job_id="job-1")
    assert '<html lang="en">' in english and "Expected recovery" in english
    assert "forced recovery" in english and "Recouvrement" not in english


def test_bars_fit_their_texts_and_scale_to_the_largest_value() -> None:
    svg = hbars([Bar("a", 10, "10"), Bar("a much longer label than most", 40, "x" * 60)],
                title="t")
    width = float(re.search(r'viewBox="0 0 (\d+)', svg)[1])  # type: ignore[index]
    assert width > WIDTH  # the long text widened the chart rather than overflowing it
    lengths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert lengths[1] == 4 * lengths[0]
