"""HTML of the three web sources, in the markup of docs/sandbox-api.md, and a 'redesign'.

``layout=True`` renders the same data with other class names and structure, as a site does
after a redesign: spiders must notice (partial records, warnings), not silently read nothing.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from skiptrace.sandbox.notices import french_amount


def e(value: Any) -> str:
    return escape("" if value is None else str(value))


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{e(title)}</title>'
            f"</head><body>\n{body}\n</body></html>\n")


def next_link(path: str, params: dict[str, Any], page_no: int, per_page: int, count: int,
              layout: bool) -> str:
    if page_no * per_page >= count:
        return ""
    query = urlencode({**{k: v for k, v in params.items() if v not in (None, "")}, "page": page_no + 1})
    cls = "pagination-next" if layout else "next"
    return f'<a class="{cls}" href="{e(path)}?{e(query)}">Suivant</a>'


def count_line(count: int, layout: bool) -> str:
    if layout:
        return f'<div class="summary"><span class="total">{count}</span> entreprises trouvées</div>'
    return f'<p class="count">{count} résultats</p>'


def company_rows(records: list[dict[str, Any]], layout: bool) -> str:
    rows = []
    for r in records:
        href = f"/company_register/company/{e(r['record_id'])}"
        rc = f"RC {r.get('rc_number')} - {r.get('rc_tribunal')}"
        if layout:
            rows.append(f'<div class="card"><h4><a class="lnk" href="{href}">{e(r["denomination"])}</a></h4>'
                        f'<span class="forme">{e(r.get("legal_form"))}</span> · <span class="ville">'
                        f'{e(r.get("city"))}</span><small class="ids">{e(rc)} / ICE {e(r.get("ice"))}</small></div>')
        else:
            rows.append(f'<tr class="result"><td class="denomination"><a href="{href}">{e(r["denomination"])}</a></td>'
                        f'<td class="legal-form">{e(r.get("legal_form"))}</td><td class="city">{e(r.get("city"))}</td>'
                        f'<td class="rc">{e(rc)}</td><td class="ice">{e(r.get("ice"))}</td></tr>')
    if layout:
        return f'<section class="cards">{"".join(rows)}</section>'
    return f'<table class="results">{"".join(rows)}</table>'


def company_detail(r: dict[str, Any], layout: bool) -> str:
    capital = f"{french_amount(r['capital'])} MAD" if r.get("capital") is not None else ""
    phones = "".join(f'<dt>Téléphone</dt><dd class="phone">{e(p)}</dd>' for p in r.get("phones", []))
    old = "".join(f"<li>{e(n)}</li>" for n in r.get("old_names", []))
    main = r.get("main_establishment") or {}
    main_text = f"RC {main.get('rc_number')} - {main.get('rc_tribunal')}" if main else ""
    extra = f'<dt>Nature</dt><dd class="kind">{e(r.get("kind") or "company")}</dd>'
    if r.get("sigle"):
        extra += f'<dt>Sigle</dt><dd class="sigle">{e(r["sigle"])}</dd>'
    extra += "".join(f'<dt>Enseigne</dt><dd class="trade-name">{e(t)}</dd>' for t in r.get("trade_names") or ())
    if main_text:
        extra += f'<dt>Établissement principal</dt><dd class="main-establishment">{e(main_text)}</dd>'

    managers = "".join(f'<tr><td class="name">{e(m["name"])}</td><td class="cin">{e(m.get("cin"))}</td>'
                       f'<td class="role">{e(m.get("role"))}</td></tr>' for m in r.get("managers", []))
    partners = "".join(f'<tr><td class="name">{e(p["name"])}</td><td class="cin">{e(p.get("cin") or p.get("ice"))}</td>'
                       f'<td class="shares">{e(p.get("shares"))}</td></tr>' for p in r.get("partners", []))
    if layout:
        fields = [("Raison sociale", r["denomination"]), ("Forme", r.get("legal_form")), ("Capital social", capital),
                  ("Adresse", f"{r.get('address')} - {r.get('city')}"),
                  ("Registre", f"{r.get('rc_number')} ({r.get('rc_tribunal')})"), ("ICE", r.get("ice")),
                  ("IF", r.get("if_number")), ("Date de création", r.get("created")), ("État", r.get("status")),
                  ("Type", r.get("kind") or "company"), ("Sigle", r.get("sigle") or ""),
                  ("Enseignes", ", ".join(r.get("trade_names") or ())), ("Siège principal", main_text)]
        items = "".join(f'<div class="row"><span class="k">{e(k)}</span><span class="v">{e(v)}</span></div>'
                        for k, v in fields)
        return (f'<main class="fiche" data-id="{e(r["record_id"])}"><h2>{e(r["denomination"])}</h2>{items}'
                f'<h3>Dirigeants</h3><table class="dirigeants">{managers}</table>'
                f'<h3>Associés</h3><table class="associes">{partners}</table></main>')
    return (f'<div class="company" data-record-id="{e(r["record_id"])}">\n'
            f' <h1 class="denomination">{e(r["denomination"])}</h1>\n <dl class="identity">\n'
            f'  <dt>Forme juridique</dt><dd class="legal-form">{e(r.get("legal_form"))}</dd>\n'
            f'  <dt>Capital</dt><dd class="capital">{e(capital)}</dd>\n'
            f'  <dt>Siège</dt><dd class="address">{e(r.get("address"))}</dd><dd class="city">{e(r.get("city"))}</dd>\n'
            f'  <dt>RC</dt><dd class="rc-number">{e(r.get("rc_number"))}</dd><dd class="rc-tribunal">{e(r.get("rc_tribunal"))}</dd>\n'
            f'  <dt>ICE</dt><dd class="ice">{e(r.get("ice"))}</dd><dt>IF</dt><dd class="if">{e(r.get("if_number"))}</dd>\n'
            f'  <dt>Création</dt><dd class="created">{e(r.get("created"))}</dd><dt>Statut</dt><dd class="status">{e(r.get("status"))}</dd>\n'
            f'  {phones}\n  {extra}\n </dl>\n <ul class="old-names">{old}</ul>\n'
            f' <table class="managers">{managers}</table>\n <table class="partners">{partners}</table>\n'
            f' <p class="total-shares">{e(r.get("total_shares"))}</p>\n</div>')


def listings(records: list[dict[str, Any]], layout: bool) -> str:
    items = []
    for r in records:
        phones = "".join(f'<li class="phone">{e(p)}</li>' for p in r.get("phones", []))
        category = f'<p class="category">{e(r["category"])}</p>' if r.get("category") else ""
        since = r.get("listed_since")
        if since:
            day = "/".join(reversed(since.split("-")))
            category += f'<p class="since">Abonné depuis le <time datetime="{e(since)}">{e(day)}</time></p>'
        if layout:
            items.append(f'<div class="entry" data-ref="{e(r["record_id"])}"><b class="title">{e(r["name"])}</b>'
                         f'<address>{e(r.get("address"))}, {e(r.get("city"))}</address>'
                         f'<span class="tel">{" / ".join(e(p) for p in r.get("phones", []))}</span></div>')
        else:
            items.append(f'<li class="listing" data-id="{e(r["record_id"])}"><h3 class="name">{e(r["name"])}</h3>'
                         f'<span class="kind">{e(r.get("kind"))}</span><p class="address">{e(r.get("address"))}</p>'
                         f'<p class="city">{e(r.get("city"))}</p><ul class="phones">{phones}</ul>{category}</li>')
    if layout:
        return f'<div class="entries">{"".join(items)}</div>'
    return f'<ul class="listings">{"".join(items)}</ul>'


def notice(r: dict[str, Any], layout: bool) -> str:
    published = r.get("published") or ""
    y, m, d = (published.split("-") + ["", "", ""])[:3]
    href = f"/legal_notices/notice/{e(r['record_id'])}"
    if layout:
        return (f'<div class="annonce" id="{e(r["record_id"])}"><h3><a href="{href}">{e(r["title"])}</a></h3>'
                f'<em>{e(r.get("journal"))}, {e(published)}</em><p>{e(r.get("text"))}</p></div>')
    return (f'<article class="notice" data-id="{e(r["record_id"])}">\n'
            f' <h2 class="title"><a href="{href}">{e(r["title"])}</a></h2>\n'
            f' <p class="meta"><time class="published" datetime="{e(published)}">{e(d)}/{e(m)}/{e(y)}</time>\n'
            f'    <span class="journal">{e(r.get("journal"))}</span></p>\n'
            f' <div class="text">{e(r.get("text"))}</div>\n</article>')


def notices(records: list[dict[str, Any]], layout: bool) -> str:
    inner = "\n".join(notice(r, layout) for r in records)
    return f'<section class="annonces">{inner}</section>' if layout else f'<div class="notices">\n{inner}\n</div>'


def malformed(html: str) -> str:
    """Cut mid-tag and leave elements unclosed: a body a parser must survive."""
    cut = html.find("</", len(html) // 2)
    cut = cut if cut > 0 else len(html) // 2
    return html[:cut] + '<div class="broken"><span class="x"'
