"""The review page over real HTTP (httpx): login with local accounts, cookies, CSRF, lock-out,
the page's security headers, agency isolation and the audit rows. The browser itself drives it
in test_browser.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import closing
from typing import Any

import httpx
import pytest

from skiptrace.store import accounts
from tests.service.conftest import Served

PASSWORD = "correct horse battery staple"
PURPOSE = "dossier CNSS 2026-0042"


@pytest.fixture(scope="module")
def people(reviewed: Served) -> Served:
    with reviewed.store() as store, store.atomic():
        for name, role, agency in (("amina", "investigator", "alpha"),
                                   ("sami", "supervisor", "alpha"),
                                   ("badr", "supervisor", "beta"),
                                   ("lock", "investigator", "alpha")):
            accounts.create(store.db.conn, name, PASSWORD, role, agency)
    return reviewed


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the form"
    return found.group(1)


def browser(served: Served) -> httpx.Client:
    return httpx.Client(base_url=served.url, timeout=60)


def log_in(served: Served, name: str, password: str = PASSWORD) -> tuple[httpx.Client,
                                                                           httpx.Response]:
    client = browser(served)
    page = client.get("/review/login")
    answer = client.post("/review/login", data={"csrf": csrf_of(page.text), "username": name,
                                                "password": password, "purpose": PURPOSE})
    return client, answer


def queue_page(client: httpx.Client) -> str:
    page = client.get("/review/queue")
    assert page.status_code == 200, page.text
    return page.text


def tokens(html: str) -> list[str]:
    return re.findall(r"href='/review/candidates/([0-9a-f]{24})'", html)


def test_the_login_page_is_self_contained_and_its_cookie_strict(people: Served) -> None:
    with browser(people) as client:
        page = client.get("/review/login")
    assert page.status_code == 200 and "Mot de passe" in page.text  # French by default
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text)  # nothing external
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/review" in cookie


def test_a_secure_service_marks_its_cookies_secure(serve_module: Callable[..., Served]) -> None:
    secure = serve_module(run_batches=False, warm=False)
    with browser(secure) as client:
        assert "secure" in client.get("/review/login").headers["set-cookie"].lower()


def test_logging_in_opens_a_session_the_queue_needs(people: Served) -> None:
    with browser(people) as anonymous:
        assert anonymous.get("/review/queue").headers["location"] == "/review/login"
    client, answer = log_in(people, "sami")
    with closing(client):
        assert answer.status_code == 303 and answer.headers["location"] == "/review/queue"
        cookie = answer.headers["set-cookie"].lower()
        assert "st_review=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
        html = queue_page(client)
    assert "File de revue" in html and tokens(html)


def test_wrong_passwords_lock_the_account(people: Served) -> None:
    for _ in range(accounts.MAX_FAILURES):
        client, answer = log_in(people, "lock", "not the password at all")
        client.close()
        assert answer.status_code == 401
    client, answer = log_in(people, "lock")
    client.close()
    assert answer.status_code == 401 and "st_review=" not in answer.headers.get("set-cookie", "")
    client, unknown = log_in(people, "nobody-here")
    client.close()
    assert unknown.status_code == 401 and unknown.text.count("role='alert'") == 1


def test_a_login_without_a_purpose_opens_no_session(people: Served) -> None:
    for purpose in ("", "dossier\n42", "x" * 201):
        with browser(people) as client:
            page = client.get("/review/login")
            answer = client.post("/review/login", data={
                "csrf": csrf_of(page.text), "username": "sami", "password": PASSWORD,
                "purpose": purpose})
        assert answer.status_code == 401
        assert "st_review=" not in answer.headers.get("set-cookie", "")


def test_a_post_without_the_login_form_s_token_is_refused(people: Served) -> None:
    with browser(people) as client:
        client.get("/review/login")
        forged = client.post("/review/login", data={"username": "sami", "password": PASSWORD,
                                                    "purpose": PURPOSE})
    assert forged.status_code == 403 and "st_review=" not in forged.headers.get("set-cookie", "")


def judgement_rows(served: Served) -> list[dict[str, Any]]:
    with served.store() as store:
        return [e for e in store.audit_entries() if e["action"] == "judgement"]


def test_a_decision_needs_the_session_s_csrf_token(people: Served) -> None:
    client, _ = log_in(people, "sami")
    with closing(client):
        html = queue_page(client)
        item = tokens(html)[0]
        before = len(judgement_rows(people))
        for data in ({"item": item, "verdict": "reject"},
                     {"item": item, "verdict": "reject", "csrf": "forged"}):
            refused = client.post("/review/judgements", data=data)
            assert refused.status_code == 403
        assert len(judgement_rows(people)) == before
        assert item in tokens(queue_page(client))


def test_investigators_see_contacts_only_and_other_agencies_nothing(people: Served) -> None:
    supervisor, _ = log_in(people, "sami")
    investigator, _ = log_in(people, "amina")
    other, _ = log_in(people, "badr")
    with closing(supervisor), closing(investigator), closing(other):
        everything = queue_page(supervisor)
        theirs = queue_page(investigator)
        assert "titre foncier" in everything and "titre foncier" not in theirs
        assert set(tokens(theirs)) < set(tokens(everything))
        land = next(t for t in tokens(everything) if t not in tokens(theirs))
        assert investigator.get(f"/review/candidates/{land}").status_code == 404
        assert tokens(queue_page(other)) == []
        assert other.get(f"/review/candidates/{land}").status_code == 404
        assert other.get("/review/debtors/DEB-0000052").status_code == 404
        html = other.get("/review/queue").text
        answer = other.post("/review/judgements", data={"csrf": csrf_of(html), "item": land,
                                                        "verdict": "reject"})
        assert answer.status_code == 404


def test_a_candidate_page_shows_the_debtor_beside_the_candidate_and_is_audited(
        people: Served) -> None:
    client, _ = log_in(people, "sami")
    with closing(client):
        item = tokens(queue_page(client))[0]
        page = client.get(f"/review/candidates/{item}")
    assert page.status_code == 200
    for words in ("Débiteur", "Candidat", "Accepter", "Écarter", "Incertain"):
        assert words in page.text
    with people.store() as store:
        views = [e for e in store.audit_entries() if e["action"] == "review_view"]
        logins = [e for e in store.audit_entries() if e["action"] == "review_login"]
    assert views[-1]["operator"] == "sami" and views[-1]["purpose"] == PURPOSE
    assert logins and all(e["purpose"] == PURPOSE for e in logins)
