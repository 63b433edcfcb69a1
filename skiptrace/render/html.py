"""A self-contained HTML report for one debtor: it opens offline (inline CSS, inline SVG, no
scripts, fonts or images), shows the recoverability verdict first, then contacts, assets with
their values and evidence, companies, the graph, sources, and the candidates set aside.

Every word goes through the catalogue (skiptrace.i18n), every code through its label
(skiptrace.labels), every number and date through skiptrace.humanize: French by default.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from skiptrace.humanize import day, moment, money, number
from skiptrace.i18n import N_, _, language
from skiptrace.labels import label, labels, reason
from skiptrace.render import advice
from skiptrace.render.sentences import contact_why, explanation, verdict_reasons
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
.graph .nlabel{font-size:12px;fill:#0f172a}.graph .elabel{font-size:10px;fill:#475569;text-anchor:middle}.graph .nlabel,.graph .elabel{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}.graph .legend{font-size:11px}
.ltr{unicode-bidi:bidi-override;direction:ltr}
.notice{border-left:4px solid #b45309;background:#fffbeb}.household td{background:#f8fafc;color:#475569}
.note{font-size:13px;color:#334155;margin:4px 0 0}ul.note{margin:4px 0 0 18px;padding:0}
td.step{min-width:170px}
"""


# a source's state as a badge: answered (green), answered but a search too broad or a part
# missing (amber), did not answer (red); asked nothing is grey
_STATE_BADGE = {"ok": "ok", "too_broad": "partial", "partial": "partial", "skipped": "skipped"}

def _h2(title: str) -> str:
    return f"<h2>{escape(_(title))}</h2>"


def _th(title: str) -> str:
    return f"<th>{escape(_(title))}</th>"


def _badge(text: str, cls: str = "") -> str:
    return f'<span class="badge {escape(cls)}">{escape(text)}</span>'


def _evidence(items: list[dict[str, Any]]) -> str:
    rows = []
    for e in items:
        where = e["url"] or (_("{file} row {row}").format(file=e["file"], row=e["row"])
                             if e["file"] else "")
        role = ", " + label("role", e["role"]) if e["role"] else ""
        weights = _("match {p} × reliability {r} × age {a} = {w}; seen on {date}").format(
            p=number(e["probability"], 2), r=number(e["reliability"], 2),
            a=number(e["decay"], 2), w=number(e["weight"], 2), date=day(e["observed_at"]))
        rows.append(
            f"<li>{escape(label('source', e['source']))} <code>{escape(e['record_id'])}</code> "
            + escape(_("{name}: {value}").format(name=f"({label('kind', e['kind'])}{role})",
                                                 value=weights))
            + f"{'; ' + escape(where) if where else ''}"
            + "".join(f"<br>· {escape(explanation(x))}" for x in e["explanation"]) + "</li>"
        )
    title = _("evidence ({n})").format(n=len(items))
    return f'<details><summary>{escape(title)}</summary><ul class="ev">{"".join(rows)}</ul></details>'


def _conf(value: float) -> str:
    return f'<span class="bar" style="width:{value * 80:.0f}px"></span>{number(value, 2)}'


def _recoverability(p: dict[str, Any]) -> str:
    r = p["recoverability"]
    s = r["seizable"]
    kpis = [(_("Debt"), money(r["debt_amount"])), (_("Seizable, low"), money(s["low"])),
            (_("Seizable, mid"), money(s["mid"])), (_("Seizable, high"), money(s["high"])),
            (_("Reachable"), _("yes") if r["reachable"] else _("no"))]
    cells = "".join(f'<div class="card kpi">{escape(k)}<b>{escape(v)}</b></div>' for k, v in kpis)
    reasons = "".join(f"<li>{escape(x)}</li>" for x in verdict_reasons(p))
    return (_h2(N_("Recoverability")) + f'<div class="kpis">{cells}</div>'
            f'<div class="card"><ul class="why">{reasons}</ul></div>')


CONTACT_TITLES = (("addresses", N_("Addresses")), ("phones", N_("Phones")),
                  ("emails", N_("E-mails")))


def _contacts(p: dict[str, Any]) -> str:
    out = [_h2(N_("Contacts"))]
    for kind, title in CONTACT_TITLES:
        items = p["contacts"][kind]
        if not items:
            none = _("{what}: none found.").format(what=_(title))
            out.append(f'<p class="meta">{escape(none)}</p>')
            continue
        rows = "".join(
            f"<tr><td>{c['rank']}</td><td><b>{escape(c['value'])}</b> "
            + "".join(_badge(label("flag", f), "flag") for f in c["flags"])
            + f'<ul class="why">{"".join(f"<li>{escape(w)}</li>" for w in contact_why(c))}</ul>'
            f'{_evidence(c["evidence"])}</td>'
            f"<td class='conf'>{_conf(c['confidence'])}</td>"
            f"<td>{escape(labels('source', c['sources']))}</td></tr>"
            for c in items
        )
        out.append(f"<table><tr><th>#</th><th>{escape(_(title))}</th>"
                   + _th(N_("Confidence")) + _th(N_("Sources")) + "</tr>"
                   f"{rows}</table>")
    return "".join(out)


def _value(name: str, v: Any) -> str:
    """A valuation parameter's value: numbers in French, a category in words; table references
    (``zone_tiers.casablanca.C3``) stay as VALUATION.md names them."""
    if isinstance(v, list):
        return " / ".join(_value(name, x) for x in v)
    if isinstance(v, int | float) and not isinstance(v, bool):
        return number(v, 0 if abs(v) >= 100 or v == int(v) else 2)
    if name == "category":
        return label("category", v)
    return _reference(str(v)) if name.endswith("_source") else str(v)


def _reference(text: str) -> str:
    """Where a valuation figure comes from, as skiptrace.profile.valuation writes it
    ("model 'dacia logan'", "apartment_city.sale × shop multiplier (§5.3)"), in words; the
    table's key (``apartment_city.sale``) stays as VALUATION.md names it."""
    if found := re.fullmatch(r"(model|make) '(.+)'", text):
        what = _("model {name}") if found[1] == "model" else _("make {name}")
        return what.format(name=found[2])
    if found := re.fullmatch(r"(.+) × (\w+) multiplier \((§[\d.]+)\)", text):
        return _("{table} × {category} multiplier ({section})").format(
            table=found[1], category=label("category", found[2]), section=found[3])
    if found := re.fullmatch(r"(.+) × house floor/rate ratios \((§[\d.]+)\)", text):
        return _("{table} × the house floor/rate ratios ({section})").format(
            table=found[1], section=found[2])
    if text.startswith("default"):
        return _("default class (model unknown)")
    return text


def _params(a: dict[str, Any]) -> str:
    """Every figure this estimate used (the method itself is explained under the table)."""
    rows = "".join(
        "<li>" + escape(_("{name}: {value}").format(name=label("parameter", x["name"]),
                                                     value=_value(x["name"], x["value"])))
        + "</li>" for x in a["parameters"])
    title = _("the figures of this estimate ({method})").format(method=label("method", a["method"]))
    return f'<details><summary>{escape(title)}</summary><ul class="ev">{rows}</ul></details>'


def _methods(p: dict[str, Any]) -> str:
    """How the values were estimated, in words, once per kind of asset: the reader has no
    valuation reference at hand."""
    parts = "".join(
        f"<p class='note'><b>{escape(label('kind', kind))}</b></p><ol class='note'>"
        + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ol>"
        for kind, lines in advice.methods(p) if lines)
    title = escape(_("How the values are estimated"))
    return f"<div class='card'><b>{title}</b>{parts}</div>" if parts else ""


def _via(asset: dict[str, Any], companies: dict[str, dict[str, Any]]) -> str:
    """Who holds a second-degree asset, and the debtor's path to it: the company and the
    debtor's role there. Its value is the company's, not counted in the debtor's."""
    company = companies.get(str(asset.get("via")))
    if company is None:
        return _("a company of the debtor; not counted in the debtor's total")
    roles = ", ".join(dict.fromkeys(
        label("role", r.get("role")) if r.get("role") else label("relation", r.get("relation"))
        for r in company["roles"]))
    return _("{company} (the debtor is its {roles}); the company's, not counted in the "
             "debtor's total").format(company=company["name"], roles=roles)


def _asset_row(profile: dict[str, Any], a: dict[str, Any], companies: dict[str, dict[str, Any]]) -> str:
    holder = _("the debtor") if a["held_by"] == "debtor" else _via(a, companies)
    extra = ""
    if a["nominal"] is not None:
        extra += "<br>" + escape(_("nominal (not realisable): {amount}").format(
            amount=money(a["nominal"])))
    if a["market_value_share"]:
        m = a["market_value_share"]
        extra += "<br>" + escape(_("market value of the share: {low} – {high}").format(
            low=money(m["low"]), high=money(m["high"])))
    if a["missing"]:
        extra += "<br>" + escape(_("missing: {what}").format(what=labels("missing", a["missing"])))
    share = ", " + _("share {share}").format(share=a["share"]) if a["share"] else ""
    what = _("{kind}, held by {holder}").format(kind=label("kind", a["kind"]), holder=holder)
    where, spread = advice.asset_notes(profile, a)
    notes = "".join(f"<p class='note'>{escape(x)}</p>" for x in where)
    if spread:
        notes += (f"<p class='note'>{escape(spread[0])}</p><ul class='note'>"
                  + "".join(f"<li>{escape(x)}</li>" for x in spread[1:]) + "</ul>")
    return (
        f"<tr><td><b class='{'ltr' if a['kind'] == 'vehicle' else ''}'>{escape(a['label'])}</b>"
        f"<br>{escape(what + share)}{extra}{notes}{_params(a)}{_evidence(a['evidence'])}</td>"
        f"<td>{''.join(_badge(label('flag', f), 'flag') for f in a['flags'])}</td>"
        + "".join(f'<td class="num">{number(a["value"][k])}</td>' for k in ("low", "mid", "high"))
        + f"<td class='conf'>{_conf(a['confidence'])}</td></tr>"
    )


def _assets(p: dict[str, Any]) -> str:
    if not p["assets"]:
        none = _("No asset found.")
        return _h2(N_("Assets")) + f'<p class="meta">{escape(none)}</p>'
    companies = {c["node_id"]: c for c in p.get("companies") or []}
    rows = "".join(_asset_row(p, a, companies) for a in p["assets"])
    head = "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in (
        (N_("Asset"), ""), (N_("Limits"), ""), (N_("Low"), ' class="num"'), (N_("Mid"), ' class="num"'),
        (N_("High"), ' class="num"'), (N_("Confidence"), "")))
    return (_h2(N_("Assets (recoverable, MAD)")) + f"<table><tr>{head}</tr>{rows}</table>"
            + _methods(p))


def _plan(p: dict[str, Any]) -> str:
    """The contact plan: what to try first; shared lines last, for locating only."""
    rows = advice.plan(p)
    if not rows and "contact_plan" not in p:
        return ""
    title = _h2(N_("Contact plan"))
    if not rows:
        none = _("No contact reaches the confidence needed to use it: search further first.")
        return title + f'<p class="meta">{escape(none)}</p>'
    intro = _("In this order. A line shared with someone else comes last: use it only to ask "
              "where the debtor can be reached, never to speak of the debt.")
    body = "".join(
        f"<tr class='{'household' if r.household else ''}'><td>{r.rank}</td>"
        f"<td>{escape(label('kind', r.channel))}"
        + (_badge(_("locating only"), "flag") if r.household else "")
        + f"</td><td><b>{escape(r.value)}</b><br><span class='note'>{escape(r.why)}</span></td>"
        f"<td class='conf'>{_conf(r.confidence)}</td></tr>"
        for r in rows)
    head = "<th>#</th>" + "".join(_th(t) for t in (N_("Channel"), N_("Contact"), N_("Confidence")))
    return title + f"<p class='meta'>{escape(intro)}</p><table><tr>{head}</tr>{body}</table>"


def _step_row(s: advice.StepRow) -> str:
    none = _("none found")
    obstacles = "".join(f"<li>{escape(x)}</li>" for x in s.obstacles or [none])
    return (f"<tr><td>{s.rank}</td><td class='step'><b class='{'ltr' if s.kind == 'vehicle' else ''}'>"
            f"{escape(s.label)}</b><br><span class='note'>{escape(label('kind', s.kind))} · "
            f"{escape(advice.coverage(s.coverage))}</span></td>"
            f"<td class='num'>{escape(money(s.expected_net))}</td>"
            f"<td><ul class='note'>{obstacles}</ul></td><td class='note'>{escape(s.needs)}</td>"
            f"<td class='num'>{escape(money(s.cost))}<br>{escape(advice.delay(s.delay_days))}"
            f"<br><span class='note'>{escape(advice.basis(s))}</span></td></tr>")


def _enforcement(p: dict[str, Any]) -> str:
    """The enforcement proposal: a person decides; the order, values, obstacles, needs, costs."""
    if "enforcement" not in p:
        return ""
    out = [_h2(N_("Enforcement proposal"))]
    rows = advice.steps(p)
    if rows:
        out.append(f'<div class="card notice"><b>{escape(advice.notice())}</b></div>')
        head = "<th>#</th>" + "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in (
            (N_("Asset"), ""), (N_("Expected net"), ' class="num"'), (N_("Obstacles"), ""),
            (N_("What the step needs"), ""), (N_("Cost and delay"), ' class="num"')))
        out.append(f"<table><tr>{head}</tr>{''.join(_step_row(s) for s in rows)}</table>")
    else:
        none = _("No asset of the debtor to pursue.")
        out.append(f'<p class="meta">{escape(none)}</p>')
    aside = advice.set_aside(p)
    if aside:
        items = "".join(f"<li><b>{escape(name)}</b>: {escape(why)}</li>" for name, why in aside)
        left = _("Left out")
        out.append(f"<p class='note'><b>{escape(left)}</b></p><ul class='note'>{items}</ul>")
    if rows:
        items = "".join(f"<li>{escape(x)}</li>" for x in advice.assumptions(p))
        title = _("Assumptions of this proposal")
        out.append(f"<div class='card'><b>{escape(title)}</b><ul class='why'>{items}</ul></div>")
    return "".join(out)


def _roles(company: dict[str, Any]) -> str:
    return "; ".join(
        (label("role", r["role"]) if r["role"] else label("relation", r["relation"]))
        + (" " + r["share"] if r["share"] else "") for r in company["roles"])


def _companies(p: dict[str, Any]) -> str:
    if not p["companies"]:
        return ""
    rows = "".join(
        f"<tr><td><b>{escape(c['name'])}</b> {escape(c['legal_form'] or '')}</td>"
        f"<td>{escape(c['ice'] or '')}</td><td>{escape(_roles(c))}</td>"
        f"<td class='num'>{money(c['capital'])}</td><td class='conf'>{_conf(c['confidence'])}</td></tr>"
        for c in p["companies"]
    )
    head = "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in (
        (N_("Company"), ""), (N_("ICE"), ""), (N_("Roles"), ""), (N_("Capital"), " class='num'"), (N_("Confidence"), "")))
    return _h2(N_("Companies")) + f"<table><tr>{head}</tr>{rows}</table>"


def _successors(p: dict[str, Any]) -> str:
    """Possible successors of a closed company: advice for a person to assess, with evidence."""
    found = p.get("successors") or []
    if not found:
        return ""
    rows = "".join(
        f"<tr><td><b>{escape(s['name'])}</b><br><span class='meta'>"
        + escape(_("RC {rc} ({court}) · created on {date} · {status}").format(
            rc=s.get("rc") or "?", court=s.get("tribunal") or "?", date=day(s.get("created")),
            status=label("company_status", s.get("status"))))
        + f"</span></td><td><ul class='why'>{_successor_evidence(s['evidence'])}</ul></td>"
        f"<td class='conf'>{_conf(s['confidence'])}</td></tr>"
        for s in found
    )
    note = _("A possible successor for a person to assess (law 09-08): never merged with the "
             "debtor, its assets are not the debtor's.")
    head = "".join(f"<th>{escape(_(t))}</th>" for t in (N_("Company"), N_("Evidence"), N_("Confidence")))
    return (_h2(N_("Possible successors")) + f"<p class='meta'>{escape(note)}</p>"
            f"<table><tr>{head}</tr>{rows}</table>")


def _successor_evidence(items: list[dict[str, Any]]) -> str:
    return "".join("<li>" + escape(_("{name}: {value}").format(
        name=label("evidence", e["kind"]), value=label("source", e["source"])))
        + f" <code>{escape(e['record_id'])}</code></li>" for e in items)


def _pivots(p: dict[str, Any]) -> str:
    """The keys found in matched records and searched again: the chain of evidence."""
    found = p.get("pivots") or []
    if not found:
        return ""
    rows = "".join(
        f"<tr><td class='num'>{k['round']}</td><td>{escape(label('key', k['key']))} "
        f"{escape(k['value'])}{' (' + escape(k['tribunal']) + ')' if k.get('tribunal') else ''}</td>"
        f"<td>{escape(_pivot_because(k))}</td><td class='num'>{k.get('round_found', 0)}</td></tr>"
        for k in found
    )
    head = "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in (
        (N_("Round"), " class='num'"), (N_("Key"), ""), (N_("Because"), ""),
        (N_("New records (round)"), " class='num'")))
    return (_h2(N_("Pivots: keys found and searched again")) +
            f"<table><tr>{head}</tr>{rows}</table>")


def _pivot_because(k: dict[str, Any]) -> str:
    return _("{source} {record} gave the {key} (match {p}), about {about}").format(
        source=label("source", k["source"]), record=k["record_id"], key=label("key", k["key"]),
        p=number(k["probability"], 2), about=label("about", k["about"]))


def _sources(p: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(label('source', s['source']))}</td>"
        f"<td>{_badge(label('status', s['status']), _STATE_BADGE.get(s['status'], 'failed'))}</td>"
        f"<td>{escape(reason(s['reason']))}</td><td class='num'>{number(s['records'])}</td></tr>"
        for s in p["sources"]
    )
    head = "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in (
        (N_("Source"), ""), (N_("Status"), ""), (N_("Reason"), ""), (N_("Records"), " class='num'")))
    return _h2(N_("Sources queried")) + f"<table><tr>{head}</tr>{rows}</table>"


def _rejected(p: dict[str, Any]) -> str:
    if not p["rejected"]:
        return ""
    rows = "".join(
        f"<tr><td>{escape(label('source', r['source']))} <code>{escape(r['record_id'])}</code></td>"
        f"<td>{escape(r['party'] or '')}</td><td>{escape(r['summary'])}</td>"
        f"<td class='num'>{number(r['probability'], 2)}</td></tr>"
        for r in p["rejected"]
    )
    head = "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in (
        (N_("Record"), ""), (N_("Party"), ""), (N_("What"), ""), (N_("Match"), " class='num'")))
    return (_h2(N_("Candidates considered and set aside")) +
            f"<table><tr>{head}</tr>{rows}</table>")


def _head(profile: dict[str, Any]) -> str:
    d, r = profile["debtor"], profile["recoverability"]
    ids = "".join(f" · {label('key', i['scheme'])} {i['value']}" for i in d["identifiers"])
    meta = _("profile of {when} · schema {version}").format(
        when=moment(profile["generated_at"]), version=profile["schema_version"])
    partial = _badge(_("partial search"), "partial") if profile["partial"] else ""
    return (f"<h1>{escape(d['name'] or '')}</h1><div class='meta'>"
            f"{escape(profile['debtor_id'] + ids)} · {escape(meta)}</div>"
            f"<p>{_badge(label('segment', r['segment']), 'seg-' + r['segment'])}{partial}</p>")


def render(profile: dict[str, Any]) -> str:
    """The whole report as one HTML document."""
    body = "".join([_head(profile), _recoverability(profile), _plan(profile),
                    _enforcement(profile), _contacts(profile),
                    _assets(profile), _companies(profile), _successors(profile),
                    _h2(N_("Graph")), draw(profile), _pivots(profile),
                    _sources(profile), _rejected(profile)])
    title = _("Profile {debtor}").format(debtor=profile["debtor_id"])
    return (f'<!DOCTYPE html><html lang="{escape(language())}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head>"
            f"<body><main>{body}</main></body></html>\n")
