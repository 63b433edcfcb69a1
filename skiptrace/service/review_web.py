"""The review page under ``/review``: an investigator logs in with a local account, opens the
queue, sees each candidate beside the debtor, and accepts, rejects or marks it unsure.

Security (docs/review.md, docs/security.md):
- local accounts (store/accounts.py: Argon2id, lock-out after repeated failures), a session
  cookie that is HttpOnly, SameSite=Strict, scoped to ``/review`` and Secure unless the service
  was started for http on loopback (``cookie_secure``, tests only);
- a CSRF token in every form, checked on every POST (the login form's against a cookie of its
  own, every other against the session's), refused with 403 otherwise;
- a Content-Security-Policy that allows only this answer's own inline style and script (a
  nonce): no external script, style, font or image, no framing, forms posted here only;
- the agency isolation of the API: another agency's debtor or candidate is 404 like an unknown
  one; investigators see contact candidates only (review/queue.py);
- every page that shows a person and every decision goes to the audit log with the account's
  name and the purpose declared at login.
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from skiptrace.i18n import N_, _
from skiptrace.review import queue
from skiptrace.review.decide import UnknownCandidate, decide
from skiptrace.review.stake import CONTACT_KINDS
from skiptrace.service import review_pages as pages
from skiptrace.service.review_api import band
from skiptrace.service.runtime import Service
from skiptrace.store import accounts, tenancy

SESSION_COOKIE = "st_review"
LOGIN_COOKIE = "st_review_login"
PATH = "/review"
QUEUE_SHOWN = 500
MAX_FORM = 16 * 1024
ASSET_ROLES = frozenset({"supervisor", "admin"})
#: a declared purpose as the API takes X-Purpose: 1-200 characters, no control character
PURPOSE = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")
CSRF_REFUSED = N_("This form is not one this page gave you (a missing or stale security "
                  "token): open the page again and retry.")
NOT_FOUND = N_("No such candidate or debtor in your agency's queue.")
JUDGED = N_("Decision recorded: the next run of the debtor applies it.")
BAD_INPUT = N_("The decision could not be recorded: a verdict is accept, reject or unsure, and "
               "a note at most 2,000 characters.")


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _html(body: str, nonce: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status, headers=_headers(nonce))


def _headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store", "X-Frame-Options": "DENY"}


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PATH, httponly=True,
                        samesite="strict", secure=_service(request).settings.cookie_secure)


def _redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303, headers={"Cache-Control": "no-store"})


async def _form(request: Request) -> dict[str, str]:
    """The posted form's first value per field ({} for anything but a small urlencoded form)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if kind != "application/x-www-form-urlencoded" or len(body) > MAX_FORM:
        return {}
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {k: v[0] for k, v in fields.items() if v}


def _same(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(
        str(given).encode(), str(expected).encode())


def _session(request: Request) -> accounts.Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    return accounts.session(_service(request).store.db.conn, token) if token else None


def _sees_assets(session: accounts.Session) -> bool:
    return session.account.role in ASSET_ROLES


def _audit(request: Request, session: accounts.Session, action: str, debtor_id: str | None,
           **details: Any) -> None:
    account = session.account
    _service(request).store.audit(account.username, session.purpose, action, debtor_id,
                                  details={"account_id": account.id, "agency_id":
                                           account.agency_id, **details})


def routes(app: FastAPI) -> None:
    _login_routes(app)
    _queue_routes(app)


def _login_routes(app: FastAPI) -> None:
    @app.get(PATH, include_in_schema=False)
    def home() -> RedirectResponse:
        return _redirect(f"{PATH}/queue")

    @app.get(f"{PATH}/login", include_in_schema=False)
    def login_page(request: Request) -> Response:
        nonce, csrf = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
        response = _html(pages.login(nonce, csrf), nonce)
        _cookie(response, request, LOGIN_COOKIE, csrf, 3600)
        return response

    @app.post(f"{PATH}/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await _form(request)
        nonce = secrets.token_urlsafe(16)
        if not _same(form.get("csrf"), request.cookies.get(LOGIN_COOKIE)):
            return _html(pages.refused(nonce, _(CSRF_REFUSED)), nonce, 403)
        username = form.get("username", "").strip()
        purpose = form.get("purpose", "").strip()
        store = _service(request).store

        def check() -> tuple[str, str] | None:
            with store.atomic():
                account = accounts.login(store.db.conn, username, form.get("password", ""))
                if account is None or not PURPOSE.match(purpose):
                    return None
                made = accounts.open_session(store.db.conn, account, purpose)
                store.audit(account.username, purpose, "review_login", None,
                            details={"account_id": account.id, "agency_id": account.agency_id})
                return made

        opened = await run_in_threadpool(check)
        if opened is None:
            csrf = secrets.token_urlsafe(32)
            failed = _html(pages.login(nonce, csrf, error=True), nonce, 401)
            _cookie(failed, request, LOGIN_COOKIE, csrf, 3600)
            return failed
        response = _redirect(f"{PATH}/queue")
        _cookie(response, request, SESSION_COOKIE, opened[0], accounts.SESSION_HOURS * 3600)
        response.delete_cookie(LOGIN_COOKIE, path=PATH)
        return response

    @app.post(f"{PATH}/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = await _form(request)
        session = await run_in_threadpool(_session, request)
        nonce = secrets.token_urlsafe(16)
        if session is None:
            return _redirect(f"{PATH}/login")
        if not _same(form.get("csrf"), session.csrf):
            return _html(pages.refused(nonce, _(CSRF_REFUSED)), nonce, 403)
        store = _service(request).store

        def close() -> None:
            with store.atomic():
                accounts.close_session(store.db.conn, request.cookies.get(SESSION_COOKIE, ""))
        await run_in_threadpool(close)
        response = _redirect(f"{PATH}/login")
        response.delete_cookie(SESSION_COOKIE, path=PATH)
        return response


def _queue_routes(app: FastAPI) -> None:
    @app.get(f"{PATH}/queue", include_in_schema=False)
    def queue_page(request: Request, done: int = 0) -> Response:
        session = _session(request)
        if session is None:
            return _redirect(f"{PATH}/login")
        service = _service(request)
        limits = band(service)
        items = queue.build(service.store.db.conn, session.account.agency_id, limits,
                            assets=_sees_assets(session))
        _audit(request, session, "review_queue", None, items=len(items))
        nonce = secrets.token_urlsafe(16)
        return _html(pages.queue(items[:QUEUE_SHOWN], len(items), (limits.low, limits.high),
                                 session.csrf, nonce, session.account.username,
                                 assets=_sees_assets(session),
                                 notice=_(JUDGED) if done else None), nonce)

    @app.get(PATH + "/candidates/{token}", include_in_schema=False)
    def candidate_page(request: Request, token: str) -> Response:
        session = _session(request)
        if session is None:
            return _redirect(f"{PATH}/login")
        service = _service(request)
        nonce = secrets.token_urlsafe(16)
        before, item, after = queue.find(service.store.db.conn, session.account.agency_id,
                                         band(service), token, assets=_sees_assets(session))
        debtor = service.store.get_debtor(item.debtor_id) if item is not None else None
        if item is None or debtor is None:
            return _html(pages.refused(nonce, _(NOT_FOUND)), nonce, 404)
        _audit(request, session, "review_view", item.debtor_id, source=item.source,
               record_id=item.record_id)
        return _html(pages.candidate(item, debtor, before, after, session.csrf, nonce,
                                     session.account.username, assets=_sees_assets(session)),
                     nonce)

    @app.get(PATH + "/debtors/{debtor_id}", include_in_schema=False)
    def debtor_page(request: Request, debtor_id: str) -> Response:
        session = _session(request)
        if session is None:
            return _redirect(f"{PATH}/login")
        store = _service(request).store
        nonce = secrets.token_urlsafe(16)
        debtor = store.get_debtor(debtor_id)
        profile = store.get_profile(debtor_id)
        if (debtor is None or profile is None
                or tenancy.owner(store.db.conn, debtor_id) != session.account.agency_id):
            return _html(pages.refused(nonce, _(NOT_FOUND)), nonce, 404)
        _audit(request, session, "review_view", debtor_id, page="links")
        kinds = None if _sees_assets(session) else CONTACT_KINDS
        return _html(pages.links(profile, debtor, nonce, session.account.username,
                                 session.csrf, kinds=kinds), nonce)

    @app.post(f"{PATH}/judgements", include_in_schema=False)
    async def judge(request: Request) -> Response:
        form = await _form(request)
        return await run_in_threadpool(_judge, request, form)


def _judge(request: Request, form: dict[str, str]) -> Response:
    session = _session(request)
    nonce = secrets.token_urlsafe(16)
    if session is None:
        return _html(pages.refused(nonce, _(CSRF_REFUSED)), nonce, 403)
    if not _same(form.get("csrf"), session.csrf):
        return _html(pages.refused(nonce, _(CSRF_REFUSED)), nonce, 403)
    service = _service(request)
    assets = _sees_assets(session)
    item = queue.find(service.store.db.conn, session.account.agency_id, band(service),
                      form.get("item", ""), assets=assets)[1]
    if item is None:
        return _html(pages.refused(nonce, _(NOT_FOUND)), nonce, 404)
    try:
        decide(service.store, item.debtor_id, item.source, item.record_id,
               form.get("verdict", ""), form.get("note", ""), by=session.account.username,
               purpose=session.purpose, via=f"web:{session.account.id}",
               sees=None if assets else CONTACT_KINDS)
    except UnknownCandidate:
        return _html(pages.refused(nonce, _(NOT_FOUND)), nonce, 404)
    except ValueError:
        return _html(pages.refused(nonce, _(BAD_INPUT)), nonce, 422)
    after = form.get("after", "queue")
    if after != "queue" and after.isalnum() and len(after) <= 64:
        return _redirect(f"{PATH}/candidates/{after}")
    return _redirect(f"{PATH}/queue?done=1")


__all__ = ["LOGIN_COOKIE", "SESSION_COOKIE", "routes"]
