"""The contact plan and the enforcement proposal as a person reads them: the HTML report and the
terminal, French by default, English on demand; a title's location, the method in words, why a
range is wide; nothing breaks on a profile written before schema 1.1.0."""

from __future__ import annotations

import io
from html import unescape
from typing import Any

import pytest
from rich.console import Console

from skiptrace.humanize import GROUP
from skiptrace.i18n import set_language
from skiptrace.profile import build_profile
from skiptrace.render import html, terminal
from tests.profile.factories import AS_OF, realistic_case


@pytest.fixture(scope="module")
def profile() -> dict[str, Any]:
    debtor, matches, statuses = realistic_case()
    return build_profile(debtor, matches, statuses, as_of=AS_OF)


def _page(profile: dict[str, Any]) -> str:
    return unescape(html.render(profile))


def test_report_has_the_plan_and_the_proposal_in_french(profile):
    page = _page(profile)
    plan, proposal, contacts = (page.index(t) for t in (
        "Plan de contact", "Proposition d'exécution forcée", ">Contacts<"))
    assert plan < proposal < contacts  # the advice first, then the evidence
    assert "qu'une personne examine et décide" in page and "loi 09-08" in page
    assert "Appeler le débiteur à ce numéro" in page
    assert "pour localiser seulement" in page and "ne jamais parler de la dette à un tiers" in page
    car, title = page.index("Dacia Logan 1.5 dCi (45871"), page.index("Une hypothèque de")
    assert car < title  # the car is the first step
    assert f"Une hypothèque de 150{GROUP}000{GROUP}MAD est inscrite avant la CNSS" in page
    assert "Le débiteur en détient 1/3 en indivision" in page
    assert "la conservation foncière de Casablanca-Anfa" in page
    assert "Hypothèses de cette proposition" in page and "loi 15-97" in page
    assert "coût : hypothèse · délai : sourcé" in page
    assert "Bien d'une société" not in page  # the stake is left out for its cost, not as a company's
    assert "La démarche coûterait autant qu'elle devrait rapporter." in page


def test_report_says_where_a_title_is_how_it_was_valued_and_why_the_range_is_wide(profile):
    page = _page(profile)
    assert "Situation : Résidence Nour, Hay Hassani, Casablanca." in page
    assert "Tenu par la conservation foncière de Casablanca-Anfa." in page
    assert "Comment les valeurs sont estimées" in page
    assert "le titre montre ce qui a été prêté, pas ce qui reste dû" in page
    assert "VALUATION.md" not in page.split("Comment les valeurs sont estimées")[1].split("</div>")[0]
    assert "La valeur basse est 0 :" in page or "La fourchette est large" in page


def test_english_on_demand(profile):
    set_language("en")
    page = _page(profile)
    assert "Contact plan" in page and "Enforcement proposal" in page
    assert "for a person to examine and decide" in page
    assert "cost: assumption · delay: sourced" in page


def test_terminal_shows_the_proposal_without_cutting_an_amount(profile):
    console = Console(record=True, width=72, file=io.StringIO())
    text = terminal.render(profile, console).export_text()
    assert "Plan de contact" in text and "Proposition d'exécution forcée" in text
    assert f"150{GROUP}000{GROUP}MAD" in text  # never cut across lines
    assert text.index("1. Dacia Logan") < text.index("2. TF 12345/C")
    assert "il faut : Un certificat de propriété du TF 12345/C" in " ".join(text.split())


def test_the_shared_line_caption_only_when_a_line_is_shared(profile):
    console = Console(record=True, width=100, file=io.StringIO())
    assert "Ligne partagée avec une autre personne" in terminal.render(profile, console).export_text()
    own = {**profile, "contact_plan": [p for p in profile["contact_plan"] if not p["household"]]}
    console = Console(record=True, width=100, file=io.StringIO())
    assert "Ligne partagée avec une autre personne" not in terminal.render(own, console).export_text()


def test_a_profile_from_before_the_advice_still_renders(profile):
    old = {k: v for k, v in profile.items() if k not in ("contact_plan", "enforcement")}
    page = _page(old)
    assert "Plan de contact" not in page and "Proposition d'exécution forcée" not in page
    console = Console(record=True, width=100, file=io.StringIO())
    assert "Proposition" not in terminal.render(old, console).export_text()


def test_no_proposal_notice_without_a_step(profile):
    bare = {**profile, "assets": [], "enforcement": {**profile["enforcement"], "steps": [], "set_aside": []}}
    page = _page(bare)
    assert "Aucun bien du débiteur à poursuivre." in page
    assert "qu'une personne examine et décide" not in page and "Hypothèses de cette proposition" not in page
    console = Console(record=True, width=100, file=io.StringIO())
    assert "Proposition d'exécution forcée" not in terminal.render(bare, console).export_text()
