"""Renderers: stable JSON, GraphML that networkx reads back, an offline HTML report, the terminal."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
import pytest
from rich.console import Console

from skiptrace.profile import build_profile
from skiptrace.render import graphml, html, terminal
from skiptrace.render.json import dumps
from skiptrace.render.svg import layout
from tests.profile.factories import AS_OF, realistic_case, statuses


@pytest.fixture(scope="module")
def profile():
    d, matches, sts = realistic_case()
    return build_profile(d, matches, sts, as_of=AS_OF)


def test_json_is_sorted_and_round_trips(profile):
    text = dumps(profile)
    assert json.loads(text) == profile
    keys = json.loads(text, object_pairs_hook=lambda pairs: [k for k, _ in pairs])
    assert keys == sorted(keys) and "recoverability" in keys
    assert dumps(profile, indent=None).count("\n") == 1


def test_graphml_reads_back_with_the_same_nodes_and_edges(profile, tmp_path):
    path = tmp_path / "g.graphml"
    graphml.write_graphml(path, profile)
    assert path.stat().st_mode & 0o777 == 0o600
    graph = nx.read_graphml(path, force_multigraph=True)
    assert set(graph.nodes) == {n["id"] for n in profile["graph"]["nodes"]}
    assert graph.number_of_edges() == len(profile["graph"]["edges"])
    owned = [d for _, v, d in graph.edges(data=True) if v == "title:12345/C"]
    assert owned and owned[0]["type"] == "Ownership" and "land_registry:12345" in owned[0]["evidence_records"]


def test_html_report_is_self_contained(profile):
    page = html.render(profile)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page
    assert "<svg" in page and "TF 12345/C" in page and "recouvrement forcé" in page


def test_html_shows_evidence_values_sources_and_rejected(profile):
    page = html.render(profile)
    assert "conservation foncière <code>12345</code>" in page
    assert "106\u00a0627" in page  # the title's mid value, French thousands
    assert "Candidats examinés et écartés" in page and "99881" in page
    assert page.count('class="badge ok"') == len(profile["sources"])


def test_html_escapes_what_sources_wrote(profile):
    hostile = json.loads(json.dumps(profile))
    hostile["debtor"]["name"] = "<img src=x onerror=alert(1)>"
    assert "<img" not in html.render(hostile)


def test_svg_layout_is_deterministic_and_puts_the_debtor_in_the_centre(profile):
    first, again = layout(profile), layout(json.loads(json.dumps(profile)))
    assert first == again
    debtor = next(n["id"] for n in profile["graph"]["nodes"] if n["debtor"])
    assert first[debtor] == (480, 320)
    assert len(set(first.values())) == len(first)


def test_terminal_view_shows_verdict_contacts_assets_and_failures():
    d, matches, _ = realistic_case()
    profile = build_profile(d, matches, statuses(failed=("legal_notices",)), as_of=AS_OF)
    console = terminal.render(profile, Console(record=True, width=140, file=io.StringIO()))
    text = console.export_text()
    assert "recouvrement forcé" in text and "+212 6 61 00 10 20" in text
    assert "TF 12345/C" in text and "annonces légales" in text and "délai dépassé" in text
    assert "legal_notices" not in text and "forced_recovery" not in text


def test_html_shows_pivots_successors_and_whose_a_company_asset_is(profile):
    page = dict(profile)
    page["pivots"] = [{"key": "cin", "value": "BK******", "tribunal": None, "about": "debtor",
                       "source": "legal_notices", "record_id": "LN-1", "probability": 0.97,
                       "because": "legal_notices LN-1 gave the CIN (p 0.97)", "round": 1,
                       "round_found": 2}]
    page["successors"] = [{"relation": "possible_successor", "name": "NOUR <b>TRAVAUX</b>",
                           "also_known_as": [], "rc": "50002", "tribunal": "Casablanca",
                           "ice": None, "created": "2024-01-02", "status": "active",
                           "source": "company_register", "record_id": "CR-2", "confidence": 0.8,
                           "evidence": [{"kind": "manager", "detail": "X runs both",
                                         "source": "legal_notices", "record_id": "LN-9"}],
                           "note": "a possible successor for a person to assess"}]
    text = html.render(page)
    assert "Pivots : clés trouvées et recherchées à nouveau" in text
    assert "annonces légales LN-1 a donné : CIN (correspondance 0,97)" in text
    assert "Successeurs possibles" in text and "NOUR &lt;b&gt;TRAVAUX&lt;/b&gt;" in text
    assert "<code>LN-9</code>" in text and "à apprécier par une personne" in text
    companies = {"company:x": {"name": "IDEAL DISTRIBUTION", "roles": [{"role": "manager"}]}}
    said = html._via({"via": "company:x"}, companies)
    assert said.startswith("IDEAL DISTRIBUTION (le débiteur en est gérant)")
    assert "non compté dans le total du débiteur" in said


def test_edge_labels_keep_off_node_labels() -> None:
    from skiptrace.render.placement import overlaps, place, text_box

    taken = [text_box(500, 300, "NAJAH MATERIAUX", 12, "start")]
    x, y = place((480, 300), (600, 330), ["possède"], taken)
    assert not overlaps(text_box(x, y, "possède", 10), taken[0])
    crowded = [(-1e4, -1e4, 1e4, 1e4)]  # nowhere free: the middle of the edge
    assert place((0, 0), (100, 0), ["x"], crowded) == (50, -4)
