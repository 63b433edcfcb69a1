"""What each source answers: request parameters in, (status, type, body, headers) out.

Pure functions over the index, one per endpoint of docs/sandbox-api.md; the HTTP handler
(server.py) applies faults, auth and conditional requests around them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from skiptrace.sandbox import pages
from skiptrace.sandbox.index import Index
from skiptrace.sandbox.textsearch import (
    identifier_token,
    phone_token,
    query_tokens,
    rc_token,
    title_token,
)

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
BROWSE_PAGE = 50
MAX_PAGE = 1_000_000_000  # far past the last page of any world; keeps the SQL OFFSET in 64 bits


class BadRequest(ValueError):
    """A parameter the endpoint cannot use: answered with 400."""


@dataclass
class Answer:
    status: int
    content_type: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    updated_at: str | None = None  # for Last-Modified / If-Modified-Since


def json_answer(data: Any, status: int = 200, updated_at: str | None = None) -> Answer:
    return Answer(status, JSON, json.dumps(data, ensure_ascii=False), updated_at=updated_at)


def paging(params: dict[str, str], default: int = 10) -> tuple[int, int]:
    try:
        page_no = int(params.get("page") or 1)
        per_page = int(params.get("per_page") or default)
    except ValueError as exc:
        raise BadRequest("page and per_page must be integers") from exc
    if page_no < 1 or per_page < 1:
        raise BadRequest("page and per_page start at 1")
    if page_no > MAX_PAGE:
        raise BadRequest(f"page must be at most {MAX_PAGE}")
    return page_no, min(per_page, 100)


def _html_list(ix: Index, source: str, path: str, params: dict[str, str], layout: bool, *,
               terms: dict[str, list[str]] | None, keep: dict[str, str | None], title: str,
               per_page: int | None = None) -> Answer:
    """A results page: count, items in the source's markup, a 'next' link unless last."""
    page_no, default_size = paging(params)
    size = per_page or default_size
    if terms is None:
        count, records = ix.browse(source, page_no, size)
    else:
        count, records = ix.search(source, terms, page_no, size)
    body = (pages.count_line(count, layout) + RENDER[source](records, layout)
            + pages.next_link(path, {**keep, "per_page": params.get("per_page")}, page_no, size, count, layout))
    return Answer(200, HTML, pages.page(title, body))


RENDER = {"company_register": pages.company_rows, "phone_directory": pages.listings,
          "legal_notices": pages.notices}


def _rc_terms(params: dict[str, str]) -> dict[str, list[str]]:
    """``rc`` + ``tribunal`` as one key (an RC number is unique only within its court); {} when
    no ``rc`` is given; 400 when the court is missing or either is unusable."""
    if not (params.get("rc") or "").strip():
        return {}
    token = rc_token(params.get("rc"), params.get("tribunal"))
    if not token:
        raise BadRequest("rc needs its court: give rc and tribunal (an RC number is unique only within its court)")
    return {"rc": [token]}


def company_search(ix: Index, path: str, params: dict[str, str], layout: bool) -> Answer:
    """Denomination, old names, sigle, trade names, ICE or RC number tokens (``q``), and/or
    one registration by ``rc`` + ``tribunal``."""
    terms = {"q": query_tokens(params.get("q")), **_rc_terms(params)}
    return _html_list(ix, "company_register", path, params, layout, terms=terms,
                      keep={"q": params.get("q"), "rc": params.get("rc"), "tribunal": params.get("tribunal")},
                      title="Registre du commerce - recherche")


def browse(ix: Index, source: str, path: str, params: dict[str, str], layout: bool) -> Answer:
    """Every record of a web source, 50 a page, in record-id order: the harvest path."""
    return _html_list(ix, source, path, params, layout, terms=None, keep={}, title=source,
                      per_page=BROWSE_PAGE)


def phone_search(ix: Index, path: str, params: dict[str, str], layout: bool) -> Answer:
    """By ``name`` (+ ``city``), or reverse: the listings carrying one ``phone`` number."""
    phone = (params.get("phone") or "").strip()
    if not (params.get("name") or "").strip() and not phone:
        raise BadRequest("name or phone is required")
    terms = {"name": query_tokens(params.get("name")), "city": query_tokens(params.get("city"))}
    if phone:
        token = phone_token(phone)
        if not token:
            raise BadRequest("phone is not a Moroccan phone number")
        terms["phone"] = [token]
    return _html_list(ix, "phone_directory", path, params, layout, terms=terms,
                      keep={"name": params.get("name"), "city": params.get("city"), "phone": params.get("phone")},
                      title="Annuaire - recherche")


def notice_search(ix: Index, path: str, params: dict[str, str], layout: bool) -> Answer:
    """Keyword search; without keywords, the whole list in record-id order."""
    tokens = query_tokens(params.get("q"))
    return _html_list(ix, "legal_notices", path, params, layout,
                      terms={"q": tokens} if tokens else None,
                      keep={"q": params.get("q")},
                      title="Annonces légales")


DETAIL = {"company_register": (pages.company_detail, "denomination", "Société introuvable"),
          "legal_notices": (pages.notice, "title", "Annonce introuvable")}


def detail(ix: Index, source: str, record_id: str, layout: bool) -> Answer:
    """One record's page, with its update time for Last-Modified; 404 when unknown."""
    render, title_key, missing = DETAIL[source]
    record = ix.get(source, record_id)
    if record is None:
        return Answer(404, HTML, pages.page("Introuvable", f"<p>{missing}</p>"))
    return Answer(200, HTML, pages.page(record[title_key], render(record, layout)),
                  updated_at=record.get("updated_at"))


def titles(ix: Index, params: dict[str, str]) -> Answer:
    """Owner searches (agreement route: ``cin``, ``rc`` + ``tribunal``, ``name`` + ``city``; and
    ``ice``, kept though titles rarely write one) or the public lookup by ``title_number``."""
    page_no, per_page = paging(params)
    rc_terms = _rc_terms(params)
    if params.get("cin"):
        terms = {"cin": [identifier_token(params["cin"])]}
    elif params.get("ice"):
        terms = {"ice": [identifier_token(params["ice"])]}
    elif rc_terms:
        terms = rc_terms
    elif params.get("title_number"):
        token = title_token(params["title_number"])
        if not token:
            raise BadRequest("title_number has no number")
        terms = {"title": [token]}
    elif params.get("name"):
        terms = {"name": query_tokens(params["name"]), "city": query_tokens(params.get("city"))}
    else:
        raise BadRequest("one of cin, ice, rc + tribunal, title_number or name is required")
    count, records = ix.search("land_registry", terms, page_no, per_page)
    return json_answer({"count": count, "page": page_no, "per_page": per_page, "results": records})


def vehicles(ix: Index, params: dict[str, str]) -> Answer:
    """Holders by ``cin``, by ``rc`` + ``tribunal`` (companies), or ``ice`` (kept: few cards write one)."""
    page_no, per_page = paging(params)
    rc_terms = _rc_terms(params)
    if params.get("cin"):
        terms = {"cin": [identifier_token(params["cin"])]}
    elif params.get("ice"):
        terms = {"ice": [identifier_token(params["ice"])]}
    elif rc_terms:
        terms = rc_terms
    else:
        raise BadRequest("one of cin, rc + tribunal or ice is required")
    count, records = ix.search("vehicle_registry", terms, page_no, per_page)
    return json_answer({"count": count, "page": page_no, "per_page": per_page, "results": records})


def one(ix: Index, source: str, record_id: str) -> Answer:
    record = ix.get(source, record_id)
    if record is None:
        return json_answer({"error": "not found"}, 404)
    return json_answer(record, updated_at=record.get("updated_at"))


def geocode(ix: Index, params: dict[str, str]) -> Answer:
    """Nominatim /search: a JSON list, best first by importance, at most ``limit``."""
    try:
        limit = max(1, min(int(params.get("limit") or 10), 50))
    except ValueError as exc:
        raise BadRequest("limit must be an integer") from exc
    tokens = query_tokens(params.get("q"), place=True)
    _, records = ix.search("geocoder", {"q": tokens}, 1, 50) if tokens else (0, [])
    records.sort(key=lambda r: -float(r.get("importance") or 0))
    out = []
    for record in records[:limit]:
        item = {k: v for k, v in record.items() if k != "record_id"}
        if params.get("addressdetails") in ("0", "false"):
            item.pop("address", None)
        out.append(item)
    return json_answer(out)
