"""The portfolio page (``enrich --portfolio-html FILE``): one self-contained HTML file for the
operations desk — how many debtors, how much is owed and expected back, where (segments and
cities, as inline SVG bar charts), and the worklist ranked by expected recovery per MAD of
effort, each line linking to the debtor's report when the batch wrote reports.

Like the debtor report it opens offline: inline CSS and SVG, no scripts, fonts, images or
external links (links go only to the reports, relative to the page). Words through the
catalogue, codes through their labels, numbers through skiptrace.humanize: French by default.
"""

from __future__ import annotations

from html import escape

from skiptrace.humanize import day, money, number, percent
from skiptrace.i18n import N_, _, language, ngettext
from skiptrace.labels import label
from skiptrace.render.charts import Bar, hbars
from skiptrace.render.html import CSS as REPORT_CSS
from skiptrace.render.portfolio_view import PortfolioView, Tally, WorkItem
from skiptrace.render.worklist import DEFAULT_STEP_COST_MAD, HANDLING_MAD, SEGMENT_ORDER

CITY_BARS = 10
SEGMENT_COLORS = {"forced_recovery": "#dc2626", "amicable_contact": "#16a34a",
                  "further_search": "#ca8a04", "irrecoverable_proposal": "#64748b"}
CSS = REPORT_CSS + """
.charts{display:flex;gap:12px;flex-wrap:wrap}.charts .card{flex:1;min-width:300px;overflow-x:auto}
.chart{max-width:100%;height:auto}.chart .clabel{font-size:12px;fill:#0f172a}.chart .cvalue{font-size:12px;fill:#334155}
.card h3{font-size:14px;margin:0 0 6px}.legend-key{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}
.kpi small{display:block;color:#475569;font-size:12px}td.rank{color:#475569;text-align:right}
.est{color:#475569;font-style:italic}td.debtor{min-width:220px}td.step{min-width:150px}
.wide{overflow-x:auto}td .badge{white-space:nowrap}.nowrap,td.step .ltr{white-space:nowrap}
table.wl th.num{white-space:normal;max-width:110px}
"""


def _h2(title: str, anchor: str) -> str:
    return f'<h2 id="{anchor}">{escape(_(title))}</h2>'


def _kpis(view: PortfolioView) -> str:
    rows = ngettext("{n} row read", "{n} rows read", view.rows).format(n=number(view.rows))
    rejected = ngettext("{n} rejected", "{n} rejected", view.statuses["rejected"]).format(
        n=number(view.statuses["rejected"]))
    enriched = ngettext("{n} debtor enriched", "{n} debtors enriched", view.enriched).format(
        n=number(view.enriched))
    yield_ = (_("{ratio} MAD expected per MAD of effort").format(
        ratio=number(view.recovery / view.effort, 1)) if view.effort else "")
    cards = [
        (_("Debtors"), number(view.enriched), f"{rows} · {rejected}"),
        (_("Debt"), money(view.debt), enriched),
        (_("Seizable, mid"), money(view.seizable["mid"]), _("low {low} · high {high}").format(
            low=money(view.seizable["low"]), high=money(view.seizable["high"]))),
        (_("Expected recovery"), money(view.recovery),
         _("{share} of the debt").format(share=percent(view.recovery / view.debt))
         if view.debt else ""),
        (_("Effort"), money(view.effort), yield_),
    ]
    cells = "".join(f'<div class="card kpi">{escape(k)}<b>{escape(v)}</b><small>{escape(s)}'
                    "</small></div>" for k, v, s in cards)
    return f'<div class="kpis">{cells}</div>{_status_line(view)}'


def _status_line(view: PortfolioView) -> str:
    parts = [_("{name}: {value}").format(name=label("status", s), value=number(view.statuses[s]))
             for s in ("done", "partial", "failed") if view.statuses[s]]
    if view.statuses["pending"]:
        parts.append(_("not enriched yet {n} (run enrich again)").format(
            n=number(view.statuses["pending"])))
    return f'<p class="meta">{escape(" · ".join(parts))}</p>' if parts else ""


def _legend() -> str:
    debt, expected = escape(_("debt")), escape(_("expected recovery"))
    return (f'<p class="meta"><span class="legend-key" style="background:#94a3b8"></span>'
            f"{debt}<span class='legend-key' style='background:#0f172a'></span>{expected}</p>")


def _pair(title_count: str, title_amount: str, rows: list[tuple[str, Tally, str]]) -> str:
    """Two charts side by side: debtors per category, and their debt with the expected part."""
    counts = [Bar(name, t.debtors, number(t.debtors), color=color) for name, t, color in rows]
    amounts = [Bar(name, t.debt, _("{debt} · {recovery} expected").format(
        debt=number(t.debt), recovery=number(t.recovery)), part=t.recovery, color="#94a3b8")
        for name, t, _color in rows]
    return (f'<div class="charts"><div class="card"><h3>{escape(title_count)}</h3>'
            f"{hbars(counts, title=title_count)}</div><div class='card'>"
            f"<h3>{escape(title_amount)}</h3>{hbars(amounts, title=title_amount)}{_legend()}"
            "</div></div>")


def _segments(view: PortfolioView) -> str:
    order = [s for s in SEGMENT_ORDER if s in view.segments]
    order += sorted(s for s in view.segments if s not in SEGMENT_ORDER)
    rows = [(label("segment", s) if s else _("no segment"), view.segments[s],
             SEGMENT_COLORS.get(s, "#2563eb")) for s in order]
    return _h2(N_("By segment"), "segments") + _pair(
        _("Debtors per segment"), _("Debt and expected recovery per segment (MAD)"), rows)


def _cities(view: PortfolioView) -> str:
    ranked = sorted(view.cities.items(), key=lambda kv: (-kv[1].debtors, -kv[1].debt, kv[0]))
    shown, rest = ranked[:CITY_BARS], ranked[CITY_BARS:]
    rows = [(view.city_name(key) or _("city unknown"), tally, "#2563eb") for key, tally in shown]
    if rest:
        others = Tally(sum(t.debtors for _k, t in rest), sum(t.debt for _k, t in rest),
                       sum(t.recovery for _k, t in rest))
        rows.append((ngettext("{n} other city", "{n} other cities", len(rest)).format(
            n=number(len(rest))), others, "#64748b"))
    return _h2(N_("By city"), "cities") + _pair(
        _("Debtors per city"), _("Debt and expected recovery per city (MAD)"), rows)


def _debtor_cell(item: WorkItem) -> str:
    """Name (linked to the report), then the id and the best phone: what a caller needs."""
    name = escape(item.name or item.debtor_id)
    link = (f'<a href="{escape(item.report, quote=True)}">{name}</a>' if item.report else name)
    phone = ""
    if item.phone:  # never cut across lines
        phone = (f" · {escape(label('kind', 'phone'))} "
                 f"<span class='nowrap'>{escape(item.phone)}</span>")
    return (f"<td class='debtor'><b>{link}</b><br><span class='meta'>"
            f"{escape(item.debtor_id)}{phone}</span></td>")


def _step_cell(item: WorkItem) -> str:
    if not item.first_step:  # a proposal with no step: every asset set aside (see the report)
        words = _("none proposed") if item.proposed and item.segment == "forced_recovery" else "—"
        return f"<td class='meta'>{escape(words)}</td>"
    mark = "" if item.proposed else "<sup class='est'>*</sup>"
    text = escape(item.first_step)
    if item.step_kind == "vehicle":  # a plate reads left to right, as in the debtor's report
        text = f"<span class='ltr'>{text}</span>"
    return f"<td class='step'>{text}{mark}</td>"


def _worklist_row(rank: int, item: WorkItem, view: PortfolioView) -> str:
    segment = label("segment", item.segment) if item.segment else ""
    return (f"<tr><td class='rank'>{rank}</td>{_debtor_cell(item)}"
            f"<td>{escape(view.city_name(item.city))}</td>"
            f"<td><span class='badge seg-{escape(item.segment)}'>{escape(segment)}</span></td>"
            f"<td class='num'>{number(item.debt)}</td><td class='num'>{number(item.recovery)}</td>"
            f"<td class='num'>{number(item.effort)}</td>"
            f"<td class='num'>{number(item.ratio, 1)}</td>{_step_cell(item)}</tr>")


def _worklist(view: PortfolioView) -> str:
    items = view.worklist()
    heads = ((N_("#"), " class='num'"), (N_("Debtor"), ""), (N_("City"), ""),
             (N_("Segment"), ""), (N_("Debt (MAD)"), " class='num'"),
             (N_("Expected recovery (MAD)"), " class='num'"), (N_("Effort (MAD)"), " class='num'"),
             (N_("MAD per MAD"), " class='num'"), (N_("First step"), ""))
    head = "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in heads)
    rows = "".join(_worklist_row(i, item, view) for i, item in enumerate(items, 1))
    note = ""
    if any(item.first_step and not item.proposed for item in items):
        note += "<p class='meta'><span class='est'>*</span> " + escape(_(
            "No enforcement proposal in this profile (built before they existed): the most "
            "valuable asset, for information.")) + "</p>"
    if view.enriched > len(items):
        note += "<p class='meta'>" + escape(_(
            "The {shown} first of {total} debtors; the appended CSV (--csv) has every debtor "
            "with its expected recovery.").format(shown=number(len(items)),
                                                  total=number(view.enriched))) + "</p>"
    return (_h2(N_("Worklist: expected recovery per MAD of effort"), "worklist") + _definitions()
            + f"<div class='wide'><table class='wl'><tr>{head}</tr>{rows}</table></div>{note}")


def _definitions() -> str:
    costs = ", ".join(f"{label('kind', kind)} {money(cost)}"
                      for kind, cost in DEFAULT_STEP_COST_MAD.items())
    lines = [
        _("Expected recovery: the enforcement proposal's steps in their order, each at its "
          "expected net value (mid estimate, after charges and the debtor's share), until the "
          "debt is covered; never more than the debt. Amicable contact and further search "
          "count 0."),
        _("Effort: {handling} to handle a file, plus the cost of each step counted (without a "
          "proposal: {costs}). Estimates to replace with the agency's own figures.").format(
            handling=money(HANDLING_MAD), costs=costs),
        _("Ranked by expected recovery per MAD of effort, then expected recovery, then segment "
          "(reachable debtors first), then debt. Advice for a person to decide (law 09-08)."),
    ]
    return "<div class='card'><ul class='why'>" + "".join(
        f"<li>{escape(x)}</li>" for x in lines) + "</ul></div>"


def render(view: PortfolioView, *, portfolio: str, job_id: str) -> str:
    """The whole page as one HTML document."""
    title = _("Portfolio {name}").format(name=portfolio)
    meta = _("job {job} · profiles as of {date}").format(job=job_id, date=day(view.as_of))
    body = "".join([f"<h1>{escape(title)}</h1><div class='meta'>{escape(meta)}</div>",
                    _h2(N_("Totals"), "totals"), _kpis(view), _segments(view), _cities(view),
                    _worklist(view)])
    return (f'<!DOCTYPE html><html lang="{escape(language())}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head>"
            f"<body><main>{body}</main></body></html>\n")


__all__ = ["render"]
