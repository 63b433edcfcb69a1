"""The review page driven in a real browser: Playwright (PyPI) launching Debian's chromium by
its executable path (Playwright's own browser downloads are not used, nor reachable here).

An investigator's supervisor logs in, opens the queue, rejects a candidate with the keyboard,
the debtor is run again (as a case system would, through the API) and the record stays out;
accepts another, the debtor is run again and the profile shows it confirmed by them; a POST
from the page without the CSRF token is refused and writes nothing. Without chromium the test
fails, saying what to install: it never skips.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skiptrace.store import accounts, judgements
from tests.review.conftest import portfolio
from tests.service.conftest import Served

CHROMIUM = Path(os.environ.get("SKIPTRACE_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "correct horse battery staple"
PHONE = ("DEB-0000046", "phone_directory", "PD-679972035")
LAND = ("DEB-0000052", "land_registry", "LR-663956789")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"the browser test needs Debian's chromium at {CHROMIUM} (apt-get install "
                    "chromium, or set SKIPTRACE_CHROMIUM to its path): README, 'Tests'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             chromium_sandbox=False)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(reviewed: Served) -> Served:
    with reviewed.store() as store, store.atomic():
        accounts.create(store.db.conn, "sami", PASSWORD, "supervisor", "alpha")
    return reviewed


def verdicts(served: Served, debtor_id: str) -> dict[str, str]:
    with served.store() as store:
        return {j.record_id: j.verdict for j in judgements.of_debtor(store.db.conn, debtor_id)}


def run_again(served: Served, world: Path, debtor_id: str) -> None:
    """The debtor's next run: the case system's next batch with its row."""
    with served.client("case_system") as client:
        answer = client.post("/v1/batches", content=portfolio(world, (debtor_id,)),
                             headers={"Content-Type": "text/csv"})
    assert answer.status_code == 202, answer.text
    assert served.service.runner.wait(answer.json()["batch_id"], 300)


def test_reject_then_accept_in_the_browser_and_the_runs_honour_them(
        site: Served, chromium: Any, sandbox_world: Path) -> None:
    page = chromium.new_page()
    page.goto(site.url + "/review/login")
    page.fill("#username", "sami")
    page.fill("#password", PASSWORD)
    page.fill("#purpose", "dossier CNSS 2026-0042")
    page.click("button[type=submit]")
    page.wait_for_url("**/review/queue")
    assert page.title().startswith("File de revue")

    page.goto(site.url + f"/review/debtors/{PHONE[0]}")
    assert PHONE[2] in page.content()  # linked by the first run (0.6): a brand or not?

    # reject the phone listing from its own page, with the keyboard
    page.goto(site.url + "/review/queue")
    page.locator("tr[data-row]", has_text=PHONE[2]).locator("a[data-open]").click()
    page.wait_for_url("**/review/candidates/**")
    assert PHONE[2] in page.content()
    page.keyboard.press("r")
    page.wait_for_load_state()
    page.wait_for_function("() => !location.pathname.endsWith('" + page.url.rsplit("/", 1)[1]
                           + "')")
    assert verdicts(site, PHONE[0]) == {PHONE[2]: "reject"}
    run_again(site, sandbox_world, PHONE[0])
    page.goto(site.url + "/review/queue")
    assert PHONE[2] not in page.content()
    page.goto(site.url + f"/review/debtors/{PHONE[0]}")
    assert page.locator("h1").inner_text() and PHONE[2] not in page.content()

    # accept the land title from the queue with its button
    page.goto(site.url + "/review/queue")
    row = page.locator("tr[data-row]", has_text=LAND[2])
    row.locator("button[value=accept]").click()
    page.wait_for_url("**/review/queue?done=1")
    assert "Décision enregistrée" in page.content()
    assert verdicts(site, LAND[0]) == {LAND[2]: "accept"}
    run_again(site, sandbox_world, LAND[0])
    page.goto(site.url + f"/review/debtors/{LAND[0]}")
    confirmed = page.locator("tr", has_text=LAND[2])
    assert "confirmé par sami le" in confirmed.inner_text()
    assert "1,00" in confirmed.inner_text()

    # a form of the page posted without its CSRF token: refused, nothing written
    page.goto(site.url + "/review/queue")
    with page.expect_navigation() as forged:
        page.evaluate("""() => {const form = document.querySelector('form.decide');
            form.querySelector('input[name=csrf]').remove();
            const verdict = document.createElement('input');
            verdict.type = 'hidden'; verdict.name = 'verdict'; verdict.value = 'reject';
            form.appendChild(verdict); form.submit();}""")
    assert forged.value.status == 403
    assert "jeton de sécurité" in page.content()
    assert verdicts(site, PHONE[0]) == {PHONE[2]: "reject"}
    assert verdicts(site, LAND[0]) == {LAND[2]: "accept"}
    with site.store() as store:
        assert len([e for e in store.audit_entries() if e["action"] == "judgement"]) == 2
    page.close()
