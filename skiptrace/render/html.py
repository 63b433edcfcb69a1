"""A self-contained HTML report for one debtor: it opens offline (inline CSS, inline SVG, no
scripts, fonts or images), shows the recoverability verdict first, then contacts, assets with
their values and evidence, companies, the graph, sources, and the candidates set aside."""

from __future__ import annotations

from html import escape
from typing import Any

from skiptrace.render.svg import draw

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;margin:0;background:#f1f5f9}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:2px solid #cbd5e1;padding-bottom:4px}
.meta{color:#475569}.card{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 2px #0001;margin-bottom:12px}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;margin-right:4px;background:#e2e8f0}
.seg-forced_recovery{background:#fee2e2;color:#991b1b}.seg-amicable_contact{background:#dcfce7;color:#166534}
.seg-further_search{background:#fef9c3;color:#854d0e}.seg-irrecoverable_proposal{background:#e2e8f0;color:#334155}
.partial{background:#ffedd5;color:#9a3412}.flag{background:#fef3c7;color:#92400e}.ok{background:#dcfce7;color:#166534}
.failed{background:#fee2e2;color:#991b1b}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{background:#f8fafc;font-size:12px;text-transform:uppercase;color:#475569}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.conf{white-space:nowrap}
.bar{display:inline-block;height:8px;background:#2563eb;border-radius:4px;vertical-align:middle;margin-right:6px}
.kpis{display:flex;gap:12px;flex-wrap:wrap}.kpi{flex:1;min-width:150px}.kpi b{display:block;font-size:20px}
ul.why{margin:4px 0 0 18px;padding:0;color:#334155}details{margin-top:4px}summary{cursor:pointer;color:#1d4ed8}
.ev{font-size:12px;color:#475569}.graph{width:100%;height:auto;background:#fff;border-radius:8px}
.graph text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.graph .nlabel{font-size:12px;fill:#0f172a}.graph .elabel{font-size:10px;fill:#475569;text-anchor:middle}.graph .legend{font-size:11px}
.ltr{unicode-bidi:bidi-override;direction:ltr}
"""


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", " ")


FLAG_TEXT = {
    "mortgage": "mortgage registered", "seizure": "already seized", "commandement": "commandement registered",
    "usufruct": "usufruct", "prenotation": "pre-notation", "indivision": "undivided share",
    "indivision_many": "indivision among 3+ co-owners", "pledge": "pledged (gage)", "leasing": "under leasing",
    "not_owned": "not owned by the debtor", "company_asset": "belongs to a company of the debtor",
    "review_area": "large parcel: review", "nominal_only": "nominal, not realisable", "shared": "shared number",
    "geocoded": "geocoded",
}


def _badge(text: str, cls: str = "") -> str:
    return f'<span class="badge {escape(cls)}">{escape(text)}</span>'


def _evidence(items: list[dict[str, Any]]) -> str:
    rows = []
    for e in items:
        where = e["url"] or (f"{e['file']} row {e['row']}" if e["file"] else "")
        rows.append(
            f"<li>{escape(e['source'])} <code>{escape(e['record_id'])}</code> ({escape(e['kind'])}"
            f"{', ' + escape(e['role']) if e['role'] else ''}): match {e['probability']:.2f} × reliability "
            f"{e['reliability']:.2f} × age {e['decay']:.2f} = {e['weight']:.2f}; seen {escape(e['observed_at'][:10])}"
            f"{'; ' + escape(where) if where else ''}"
            + "".join(f"<br>· {escape(x['sentence'])}" for x in e["explanation"] if x["sentence"]) + "</li>"
        )
    return f'<details><summary>evidence ({len(items)})</summary><ul class="ev">{"".join(rows)}</ul></details>'


def _conf(value: float) -> str:
    return f'<span class="bar" style="width:{value * 80:.0f}px"></span>{value:.2f}'


def _recoverability(p: dict[str, Any]) -> str:
    r = p["recoverability"]
    s = r["seizable"]
    kpis = [("Debt (MAD)", _money(r["debt_amount"])), ("Seizable low", _money(s["low"])),
            ("Seizable mid", _money(s["mid"])), ("Seizable high", _money(s["high"])),
            ("Reachable", "yes" if r["reachable"] else "no")]
    cells = "".join(f'<div class="card kpi">{escape(k)}<b>{escape(v)}</b></div>' for k, v in kpis)
    reasons = "".join(f"<li>{escape(x)}</li>" for x in r["reasons"])
    return f'<h2>Recoverability</h2><div class="kpis">{cells}</div><div class="card"><ul class="why">{reasons}</ul></div>'


def _contacts(p: dict[str, Any]) -> str:
    out = ["<h2>Contacts</h2>"]
    for kind, title in (("addresses", "Addresses"), ("phones", "Phones"), ("emails", "E-mails")):
        items = p["contacts"][kind]
        if not items:
            out.append(f'<p class="meta">{title}: none found.</p>')
            continue
        rows = "".join(
            f"<tr><td>{c['rank']}</td><td><b>{escape(c['value'])}</b> "
            + "".join(_badge(FLAG_TEXT.get(f, f), "flag") for f in c["flags"])
            + f'<ul class="why">{"".join(f"<li>{escape(w)}</li>" for w in c["why"])}</ul>{_evidence(c["evidence"])}</td>'
            f"<td class='conf'>{_conf(c['confidence'])}</td><td>{escape(', '.join(c['sources']))}</td></tr>"
            for c in items
        )
        out.append(f"<table><tr><th>#</th><th>{title}</th><th>Confidence</th><th>Sources</th></tr>{rows}</table>")
    return "".join(out)


def _params(a: dict[str, Any]) -> str:
    def show(v: Any) -> str:
        return " / ".join(show(x) for x in v) if isinstance(v, list) else (f"{v:,.4g}" if isinstance(v, float) else str(v))
    rows = "".join(f"<li>{escape(x['name'])}: {escape(show(x['value']))}</li>" for x in a["parameters"])
    return f'<details><summary>method: {escape(a["method"])}</summary><ul class="ev">{rows}</ul></details>'


def _via(asset: dict[str, Any], companies: dict[str, dict[str, Any]]) -> str:
    """Who holds a second-degree asset, and the debtor's path to it: the company and the
    debtor's role there. Its value is the company's, not counted in the debtor's."""
    company = companies.get(str(asset.get("via")))
    if company is None:
        return f"a company of the debtor ({asset.get('via')}); not counted in the debtor's total"
    roles = ", ".join(dict.fromkeys(str(r.get("role") or r.get("relation")) for r in company["roles"]))
    return (f"{company['name']} (the debtor is its {roles}); the company's, not counted in the "
            "debtor's total")


def _assets(p: dict[str, Any]) -> str:
    if not p["assets"]:
        return '<h2>Assets</h2><p class="meta">No asset found.</p>'
    rows = []
    companies = {c["node_id"]: c for c in p.get("companies") or []}
    for a in p["assets"]:
        holder = "debtor" if a["held_by"] == "debtor" else _via(a, companies)
        extra = f"<br>nominal (not realisable): {_money(a['nominal'])} MAD" if a["nominal"] is not None else ""
        if a["market_value_share"]:
            m = a["market_value_share"]
            extra += f"<br>market value of the share: {_money(m['low'])} – {_money(m['high'])} MAD"
        missing = f"<br>missing: {escape(', '.join(a['missing']))}" if a["missing"] else ""
        rows.append(
            f"<tr><td><b class='{'ltr' if a['kind'] == 'vehicle' else ''}'>{escape(a['label'])}</b><br>{escape(a['kind'])}, held by {escape(holder)}"
            f"{', share ' + escape(a['share']) if a['share'] else ''}{extra}{missing}"
            f"{_params(a)}{_evidence(a['evidence'])}</td>"
            f"<td>{''.join(_badge(FLAG_TEXT.get(f, f), 'flag') for f in a['flags'])}</td>"
            + "".join(f'<td class="num">{_money(a["value"][k])}</td>' for k in ("low", "mid", "high"))
            + f"<td class='conf'>{_conf(a['confidence'])}</td></tr>"
        )
    head = '<tr><th>Asset</th><th>Limits</th><th class="num">Low</th><th class="num">Mid</th><th class="num">High</th><th>Confidence</th></tr>'
    return f"<h2>Assets (recoverable MAD)</h2><table>{head}{''.join(rows)}</table>"


def _companies(p: dict[str, Any]) -> str:
    if not p["companies"]:
        return ""
    rows = "".join(
        f"<tr><td><b>{escape(c['name'])}</b> {escape(c['legal_form'] or '')}</td><td>{escape(c['ice'] or '')}</td>"
        f"<td>{escape('; '.join((r['role'] or r['relation']) + (' ' + r['share'] if r['share'] else '') for r in c['roles']))}</td>"
        f"<td class='num'>{_money(c['capital'])}</td><td class='conf'>{_conf(c['confidence'])}</td></tr>"
        for c in p["companies"]
    )
    return ("<h2>Companies</h2><table><tr><th>Company</th><th>ICE</th><th>Roles</th><th class='num'>Capital</th>"
            f"<th>Confidence</th></tr>{rows}</table>")


def _successors(p: dict[str, Any]) -> str:
    """Possible successors of a closed company: advice for a person to assess, with evidence."""
    found = p.get("successors") or []
    if not found:
        return ""
    rows = "".join(
        f"<tr><td><b>{escape(s['name'])}</b><br><span class='meta'>RC {escape(s.get('rc') or '?')}"
        f" ({escape(s.get('tribunal') or '?')}) · created {escape(s.get('created') or '?')} · "
        f"{escape(s.get('status') or '')}</span></td>"
        f"<td><ul class='why'>{_successor_evidence(s['evidence'])}</ul></td>"
        f"<td class='conf'>{_conf(s['confidence'])}</td></tr>"
        for s in found
    )
    note = escape(found[0].get("note") or "")
    return ("<h2>Possible successors</h2><p class='meta'>" + note + "</p><table><tr><th>Company</th>"
            f"<th>Evidence</th><th>Confidence</th></tr>{rows}</table>")


def _successor_evidence(items: list[dict[str, Any]]) -> str:
    return "".join(f"<li><b>{escape(e['kind'])}</b>: {escape(e['detail'])} "
                   f"<code>{escape(e['record_id'])}</code></li>" for e in items)


def _pivots(p: dict[str, Any]) -> str:
    """The keys found in matched records and searched again: the chain of evidence."""
    found = p.get("pivots") or []
    if not found:
        return ""
    rows = "".join(
        f"<tr><td class='num'>{k['round']}</td><td>{escape(k['key'].upper())} {escape(k['value'])}"
        f"{' (' + escape(k['tribunal']) + ')' if k.get('tribunal') else ''}</td>"
        f"<td>{escape(k['because'])}</td><td class='num'>{k.get('round_found', 0)}</td></tr>"
        for k in found
    )
    return ("<h2>Pivots: keys found and searched again</h2><table><tr><th class='num'>Round</th>"
            f"<th>Key</th><th>Because</th><th class='num'>New records (round)</th></tr>{rows}</table>")


def _sources(p: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(s['source'])}</td><td>{_badge(s['status'], 'ok' if s['status'] == 'ok' else 'failed')}</td>"
        f"<td>{escape(s['reason'] or '')}</td><td class='num'>{s['records']}</td></tr>"
        for s in p["sources"]
    )
    return f"<h2>Sources queried</h2><table><tr><th>Source</th><th>Status</th><th>Reason</th><th class='num'>Records</th></tr>{rows}</table>"


def _rejected(p: dict[str, Any]) -> str:
    if not p["rejected"]:
        return ""
    rows = "".join(
        f"<tr><td>{escape(r['source'])} <code>{escape(r['record_id'])}</code></td><td>{escape(r['party'] or '')}</td>"
        f"<td>{escape(r['summary'])}</td><td class='num'>{r['probability']:.2f}</td></tr>"
        for r in p["rejected"]
    )
    return ("<h2>Candidates considered and set aside</h2><table><tr><th>Record</th><th>Party</th><th>What</th>"
            f"<th class='num'>Match</th></tr>{rows}</table>")


def render(profile: dict[str, Any]) -> str:
    """The whole report as one HTML document."""
    d, r = profile["debtor"], profile["recoverability"]
    ids = "".join(f" · {i['scheme'].upper()} {i['value']}" for i in d["identifiers"])
    head = (f"<h1>{escape(d['name'])}</h1><div class='meta'>{escape(profile['debtor_id'])}{escape(ids)} · "
            f"profile of {escape(profile['generated_at'])} · schema {escape(profile['schema_version'])}</div>"
            f"<p>{_badge(r['segment'].replace('_', ' '), 'seg-' + r['segment'])}"
            f"{_badge('partial search', 'partial') if profile['partial'] else ''}</p>")
    body = "".join([head, _recoverability(profile), _contacts(profile), _assets(profile), _companies(profile),
                    _successors(profile), "<h2>Graph</h2>", draw(profile), _pivots(profile),
                    _sources(profile), _rejected(profile)])
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Profile {escape(profile["debtor_id"])}</title>'
            f"<style>{CSS}</style></head><body><main>{body}</main></body></html>\n")
