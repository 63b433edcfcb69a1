"""The review page's HTML, server-rendered: login, the queue, one candidate beside the debtor,
and the debtor's links as the stored profile gives them.

Every word goes through the catalogue (French by default), every number and date through
skiptrace.humanize, every value through ``html.escape``. A third party's identifiers (CIN, ICE,
IF, RC of a candidate that may be a namesake) are masked as the profile masks them
(docs/security.md, "Third parties"): the comparison's level says whether they agree.
"""

from __future__ import annotations

from html import escape
from typing import Any

from skiptrace.humanize import day, moment, money, number
from skiptrace.i18n import N_, _, language
from skiptrace.labels import label
from skiptrace.model import Debtor, mask
from skiptrace.render.sentences import explanation, judged
from skiptrace.review.queue import Item
from skiptrace.service.review_assets import CSS, SCRIPT

T_UNCERTAIN_MATCH = N_('uncertain match')
T_HOUSEHOLD_CONTACT = N_('household contact')
T_POSSIBLE_SUCCESSOR = N_('possible successor')
T_ACCEPTED = N_('accepted')
T_REJECTED = N_('rejected')
T_UNSURE = N_('unsure')
T_ACCEPT = N_('Accept')
T_REJECT = N_('Reject')
T_UNSURE_ = N_('Unsure')
T_REVIEW_QUEUE = N_('Review queue')
T_LOG_OUT = N_('Log out')
T_WRONG_USERNAME_OR_PASSWORD_O = N_(
    'Wrong username or password, or the account is locked after too many failures: try again later or ask an administrator.')
T_DECIDE_WHAT_THE_MACHINE_IS_U = N_(
    'Decide what the machine is unsure of. Every page you open and every decision is written to the audit log with your name and purpose.')
T_USERNAME = N_('Username')
T_PASSWORD = N_('Password')
T_PURPOSE_FILE_OR_MANDATE = N_('Purpose (file or mandate)')
T_E_G_CNSS_FILE_2026_0042 = N_('e.g. CNSS file 2026-0042')
T_LOG_IN = N_('Log in')
T_REFUSED = N_('Refused')
T_BACK_TO_THE_QUEUE = N_('Back to the queue')
T_NOTE_OPTIONAL_KEPT_WITH_THE_ = N_('Note (optional, kept with the decision)')
T_THE_FIRST_N_ARE_SHOWN = N_('The first {n} are shown.')
T_ASSET = N_('asset')
T_STAKE_PARTS = N_('debt {debt} + asset {asset}')
T_OF_WHICH_ASSET = N_('of which asset {asset}')
T_NAME_VALUE = N_('{name}: {value}')
T_WHY_UNCERTAIN = N_("The model cannot tell whether this record is the debtor's: accepted, it is "
                     "the debtor's in every later run; rejected, it is never attached again.")
T_WHY_HOUSEHOLD = N_("A listing at the debtor's door or number under a relative's name, or a "
                     "same-name relative's: the debtor's own, or the household's? Until a person "
                     "says, it is kept for locating only.")
T_WHY_SUCCESSOR = N_("A possible successor for a person to assess (law 09-08): never merged with "
                     "the debtor, its assets are not the debtor's.")
T_SUCCESSOR_FACTS = N_("RC {rc} ({court}) · created on {date} · {status}")
T_REGISTERED = N_("Register")
T_FIELD_LEVEL = N_('{field}: {level}')
T_AT_STAKE = N_('At stake')
T_DEBTOR = N_('Debtor')
T_CANDIDATE = N_('Candidate')
T_WHY_QUEUED = N_('Why queued')
T_MATCH = N_('Match')
T_DECISION = N_('Decision')
T_NOTHING_WAITS_FOR_A_DECISION = N_('Nothing waits for a decision.')
T_NEXT = N_('next')
T_PREVIOUS = N_('previous')
T_OPEN = N_('open')
T_ACCEPT_ = N_('accept')
T_REJECT_ = N_('reject')
T_KEYBOARD = N_('Keyboard:')
T_NAME = N_('Name')
T_CITY = N_('City')
T_ADDRESSES = N_('Addresses')
T_PHONES = N_('Phones')
T_DEBT = N_('Debt')
T_LINKS_IN_THE_PROFILE = N_('Links in the profile')
T_ROLE = N_('Role')
T_RECORD = N_('Record')
T_RETRIEVED = N_('Retrieved')
T_ASSET_VALUE_MID = N_('Asset value (mid)')
T_THE_RECORD_AT_ITS_SOURCE = N_('The record at its source')
T_FIELD = N_('Field')
T_HOW_THEY_COMPARE = N_('How they compare')
T_FIELD_BY_FIELD = N_('Field by field')
T_EVIDENCE = N_('Evidence')
T_BY_WHO_ON_DATE = N_('by {who} on {date}')
T_PREVIOUS_ = N_('← previous')
T_NEXT_ = N_('next →')
T_CANDIDATE_FOR_DEBTOR = N_('{candidate} for {debtor}')
T_KIND = N_('Kind')
T_PROFILE_OF_WHEN = N_('profile of {when}')

KIND_WHY = {"uncertain": T_WHY_UNCERTAIN, "household": T_WHY_HOUSEHOLD,
            "successor": T_WHY_SUCCESSOR}
KIND_WORDS = {"uncertain": T_UNCERTAIN_MATCH, "household": T_HOUSEHOLD_CONTACT,
              "successor": T_POSSIBLE_SUCCESSOR}
VERDICT_WORDS = {"accept": T_ACCEPTED, "reject": T_REJECTED, "unsure": T_UNSURE}
BUTTONS = (("accept", T_ACCEPT, "a"), ("reject", T_REJECT, "r"),
           ("unsure", T_UNSURE_, "u"))
MASKED_FIELDS = frozenset({"cin", "ice", "if", "rc"})


def page(title: str, body: str, nonce: str, who: str | None = None, csrf: str | None = None
         ) -> str:
    top = ""
    if who is not None and csrf is not None:
        top = (f"<header class='top'><b>skiptrace</b><a href='/review/queue'>"
               f"{escape(_(T_REVIEW_QUEUE))}</a><span class='who'>{escape(who)}</span>"
               f"<form method='post' action='/review/logout'>{hidden('csrf', csrf)}"
               f"<button type='submit'>{escape(_(T_LOG_OUT))}</button></form></header>")
    return (f'<!DOCTYPE html><html lang="{escape(language())}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · skiptrace</title>"
            f'<style nonce="{nonce}">{CSS}</style></head><body>{top}<main>{body}</main>'
            f'<script nonce="{nonce}">{SCRIPT}</script></body></html>\n')


def hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'


def login(nonce: str, csrf: str, error: bool = False) -> str:
    problem = (f"<p class='error' role='alert'>{escape(_(T_WRONG_USERNAME_OR_PASSWORD_O))}</p>"
               if error else "")
    body = (f"<div class='login card'><h1>{escape(_(T_REVIEW_QUEUE))}</h1>"
            f"<p class='meta'>{escape(_(T_DECIDE_WHAT_THE_MACHINE_IS_U))}</p>"
            f"{problem}<form method='post' action='/review/login'>{hidden('csrf', csrf)}"
            f"<label for='username'>{escape(_(T_USERNAME))}</label>"
            f"<input id='username' name='username' autocomplete='username' required maxlength='100'>"
            f"<label for='password'>{escape(_(T_PASSWORD))}</label>"
            f"<input id='password' name='password' type='password' autocomplete='current-password' required maxlength='200'>"
            f"<label for='purpose'>{escape(_(T_PURPOSE_FILE_OR_MANDATE))}</label>"
            f"<input id='purpose' name='purpose' required maxlength='200' placeholder='{escape(_(T_E_G_CNSS_FILE_2026_0042))}'>"
            f"<button type='submit'>{escape(_(T_LOG_IN))}</button></form></div>")
    return page(_(T_LOG_IN), body, nonce)


def refused(nonce: str, message: str) -> str:
    return page(_(T_REFUSED), f"<div class='card'><h1>{escape(_(T_REFUSED))}</h1>"
                f"<p class='error'>{escape(message)}</p>"
                f"<p><a href='/review/queue'>{escape(_(T_BACK_TO_THE_QUEUE))}</a></p></div>", nonce)


def _kind(item: Item) -> str:
    return f"<span class='badge k-{item.kind}'>{escape(_(KIND_WORDS[item.kind]))}</span>"


def _verdict(verdict: str) -> str:
    return f"<span class='badge v-{verdict}'>{escape(_(VERDICT_WORDS[verdict]))}</span>"


def _bar(p: float) -> str:
    return f"<progress max='1' value='{p:.3f}'></progress> {number(p, 2)}"


def decision_form(item: Item, csrf: str, after: str, *, note: bool) -> str:
    """The accept / reject / unsure buttons of one item (with a note field on its own page)."""
    field = (f"<label for='note'><b>{escape(_(T_NOTE_OPTIONAL_KEPT_WITH_THE_))}</b></label>"
             f"<textarea id='note' name='note' maxlength='2000'>"
             f"{escape(item.judgement.note if item.judgement else '')}</textarea>") if note else ""
    buttons = "".join(
        f"<button class='b {value}' type='submit' name='verdict' value='{value}' "
        f"title='{escape(_(text))} ({key})'>{escape(_(text))}<kbd>{key}</kbd></button>"
        for value, text, key in BUTTONS)
    return (f"<form method='post' action='/review/judgements' class='decide'>"
            f"{hidden('csrf', csrf)}{hidden('item', item.token)}{hidden('after', after)}"
            f"{field}<div class='row'>{buttons}</div></form>")


def queue(items: list[Item], total: int, band: tuple[float, float], csrf: str, nonce: str,
          who: str, *, assets: bool, notice: str | None = None) -> str:
    low, high = band
    intro = _("{n} candidates wait for a decision: matches between {low} and {high}, household "
              "contacts and possible successors, most at stake first (the debt plus the asset's "
              "value).").format(n=number(total), low=number(low, 2), high=number(high, 2))
    shown = "" if total == len(items) else " " + _(T_THE_FIRST_N_ARE_SHOWN).format(
        n=number(len(items)))
    rows = []
    for rank, item in enumerate(items, 1):
        note = ""
        if item.judgement is not None:
            note = (f"<br>{_verdict(item.judgement.verdict)} <span class='meta'>"
                    f"{escape(item.judgement.judged_by)}: {escape(item.judgement.note)}</span>")
        value = (f"<br><span class='meta'>"
                 f"{escape(_(T_OF_WHICH_ASSET).format(asset=money(item.asset_value)))}</span>"
                 if assets and item.asset_value else "")
        rows.append(
            f"<tr data-row><td class='num'>{rank}</td>"
            f"<td class='num'><b>{money(item.stake)}</b>{value}</td>"
            f"<td><b>{escape(item.debtor_name)}</b><br><code>{escape(item.debtor_id)}</code></td>"
            f"<td><a data-open href='/review/candidates/{item.token}'>{escape(item.candidate or '—')}</a>"
            f"<br><span class='meta'>{escape(label('kind', item.record_kind))} · "
            f"{escape(label('source', item.source))} <code>{escape(item.record_id)}</code></span>{note}</td>"
            f"<td>{_kind(item)}</td><td class='num'>{_bar(item.probability)}</td>"
            f"<td class='acts'>{decision_form(item, csrf, 'queue', note=False)}</td></tr>")
    head = "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in (
        ("#", " class='num'"), (T_AT_STAKE, " class='num'"), (T_DEBTOR, ""),
        (T_CANDIDATE, ""), (T_WHY_QUEUED, ""), (T_MATCH, " class='num'"),
        (T_DECISION, "")))
    table = (f"<table><tr>{head}</tr>{''.join(rows)}</table>" if rows else
             f"<div class='card done'>{escape(_(T_NOTHING_WAITS_FOR_A_DECISION))}</div>")
    flash = f"<p class='done' role='status'>{escape(notice)}</p>" if notice else ""
    body = (f"<h1>{escape(_(T_REVIEW_QUEUE))}</h1><p class='meta'>{escape(intro + shown)}</p>"
            f"{flash}{_keys(queue_page=True)}{table}")
    return page(_(T_REVIEW_QUEUE), body, nonce, who, csrf)


def _keys(*, queue_page: bool) -> str:
    keys = [("j", T_NEXT), ("k", T_PREVIOUS)]
    if queue_page:
        keys.append(("o", T_OPEN))
    keys += [("a", T_ACCEPT_), ("r", T_REJECT_), ("u", T_UNSURE)]
    return ("<p class='keys'>" + escape(_(T_KEYBOARD)) + " " + " · ".join(
        f"<kbd>{k}</kbd> {escape(_(w))}" for k, w in keys) + "</p>")


def _debtor_card(debtor: Debtor, item: Item) -> str:
    ids = "".join(f"<dt>{escape(label('key', i.scheme))}</dt><dd class='ltr'>{escape(i.value)}</dd>"
                  for i in debtor.identifiers)
    rows = [(_(T_NAME), debtor.name), (_(T_CITY), debtor.city or "—"),
            (_(T_ADDRESSES), "; ".join(debtor.addresses) or "—"),
            (_(T_PHONES), ", ".join(debtor.phones) or "—")]
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return (f"<div class='card'><h2 class='first'>{escape(_(T_DEBTOR))}</h2><dl>{dl}{ids}"
            f"<dt>{escape(_(T_DEBT))}</dt><dd>{money(item.debt)}</dd></dl>"
            f"<p><a href='/review/debtors/{escape(debtor.debtor_id)}'>{escape(_(T_LINKS_IN_THE_PROFILE))}</a></p></div>")


def _candidate_card(item: Item, assets: bool) -> str:
    record = item.match.get("record") or {}
    provenance = record.get("provenance") or {}
    party = item.match.get("party") or {}
    rows = [(_(T_NAME), item.candidate or "—"),
            (_(T_ROLE), label("role", party.get("role")) or "—"),
            (_(T_RECORD), f"{label('kind', item.record_kind)} · {label('source', item.source)} "
                          f"{item.record_id}"),
            (_(T_RETRIEVED), moment(provenance.get("retrieved_at")) if provenance else "—")]
    if item.successor is not None:
        s = item.successor
        rows[1:2] = [(_(T_REGISTERED), _(T_SUCCESSOR_FACTS).format(
            rc=s.get("rc") or "?", court=s.get("tribunal") or "?", date=day(s.get("created")),
            status=label("company_status", s.get("status"))))]
        rows = rows[:3]
    if assets and item.asset_value is not None:
        rows.append((_(T_ASSET_VALUE_MID), money(item.asset_value)))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    url = provenance.get("url")
    link = (f"<p><a href='{escape(url)}' rel='noreferrer noopener' target='_blank'>"
            f"{escape(_(T_THE_RECORD_AT_ITS_SOURCE))}</a></p>") if url else ""
    return (f"<div class='card'><h2 class='first'>{escape(_(T_CANDIDATE))}</h2>"
            f"<dl>{dl}<dt>{escape(_(T_MATCH))}</dt><dd>{_bar(item.probability)}</dd></dl>{link}</div>")


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    return mask(str(value)) if field in MASKED_FIELDS else str(value)


def _stake_parts(item: Item) -> str:
    return _(T_STAKE_PARTS).format(debt=money(item.debt), asset=money(item.asset_value))


def _comparison(line: dict[str, Any]) -> str:
    """The report's sentence for one field without the field's name (the row says it)."""
    text = explanation(line)
    head = _(T_FIELD_LEVEL).format(field=label("field", line["field"]), level="")
    return text[len(head):] if text.startswith(head) else text


def _explanation(item: Item) -> str:
    lines = item.match.get("explanation") or []
    if not lines:
        return ""
    rows = "".join(
        f"<tr><td>{escape(label('field', x['field']))}</td>"
        f"<td class='ltr'>{escape(_shown('', x.get('left')) if x['field'] not in MASKED_FIELDS else '—')}</td>"
        f"<td class='ltr'>{escape(_shown(x['field'], x.get('right')))}</td>"
        f"<td>{escape(_comparison(x))}</td></tr>" for x in lines)
    head = "".join(f"<th>{escape(_(t))}</th>" for t in (
        T_FIELD, T_DEBTOR, T_CANDIDATE, T_HOW_THEY_COMPARE))
    return _h2(T_FIELD_BY_FIELD) + f"<table><tr>{head}</tr>{rows}</table>"


def _successor(item: Item) -> str:
    successor = item.successor or {}
    rows = "".join(
        f"<li>{escape(label('evidence', e.get('kind')))}: {escape(label('source', e.get('source')))} "
        f"<code>{escape(e.get('record_id') or '')}</code></li>"
        for e in successor.get("evidence") or [])
    return _h2(T_EVIDENCE) + f"<div class='card'><ul>{rows}</ul></div>"


def _h2(title: str) -> str:
    return f"<h2>{escape(_(title))}</h2>"


def candidate(item: Item, debtor: Debtor, before: Item | None, after: Item | None, csrf: str,
              nonce: str, who: str, *, assets: bool) -> str:
    done = ""
    if item.judgement is not None:
        done = (f"<p>{_verdict(item.judgement.verdict)} " + escape(_(T_BY_WHO_ON_DATE).format(
            who=item.judgement.judged_by, date=day(item.judgement.judged_at))) + "</p>")
    nav = "".join(
        f"<a data-go='{rel}' href='/review/candidates/{other.token}'>{escape(_(text))}</a> "
        for rel, other, text in (("prev", before, T_PREVIOUS_), ("next", after, T_NEXT_))
        if other is not None)
    stake = escape(_(T_NAME_VALUE).format(name=_(T_AT_STAKE), value="")) + \
        f"<b>{escape(money(item.stake))}</b>" + (
            f" ({escape(_stake_parts(item))})" if assets and item.asset_value else "")
    title = _(T_CANDIDATE_FOR_DEBTOR).format(candidate=item.candidate or "—",
                                                 debtor=debtor.name)
    evidence = _successor(item) if item.kind == "successor" else _explanation(item)
    body = (f"<p class='meta'><a href='/review/queue'>{escape(_(T_REVIEW_QUEUE))}</a> · {nav}</p>"
            f"<h1>{escape(title)}</h1><p class='meta'>{stake} · {_kind(item)}</p>"
            f"<p class='why'>{escape(_(KIND_WHY[item.kind]))}</p>{done}"
            f"<div class='pair'>{_debtor_card(debtor, item)}{_candidate_card(item, assets)}</div>"
            f"{evidence}{_h2(T_DECISION)}{_keys(queue_page=False)}<div class='card' data-row>"
            f"{decision_form(item, csrf, after.token if after else 'queue', note=True)}</div>")
    return page(title, body, nonce, who, csrf)


def links(profile: dict[str, Any], debtor: Debtor, nonce: str, who: str, csrf: str, *,
          kinds: frozenset[str] | None) -> str:
    """The profile's links, with who confirmed which (the judgement lines of its evidence)."""
    decided: dict[tuple[str, str], str] = {}
    for evidence in _evidence(profile):
        for line in evidence.get("explanation") or []:
            if line.get("field") == "judgement":
                decided[(evidence["source"], evidence["record_id"])] = judged(line["sentence"])
    rows = "".join(
        f"<tr><td>{escape(label('kind', x['kind']))}</td><td>{escape(label('source', x['source']))} "
        f"<code>{escape(x['record_id'])}</code></td><td>{escape(label('role', x.get('role')))}</td>"
        f"<td class='num'>{_bar(float(x['probability']))}</td>"
        f"<td>{escape(decided.get((x['source'], x['record_id']), ''))}</td></tr>"
        for x in profile.get("links") or [] if kinds is None or x["kind"] in kinds)
    head = "".join(f"<th{cls}>{escape(_(t))}</th>" for t, cls in (
        (T_KIND, ""), (T_RECORD, ""), (T_ROLE, ""), (T_MATCH, " class='num'"),
        (T_DECISION, "")))
    meta = _(T_PROFILE_OF_WHEN).format(when=moment(profile.get("generated_at")))
    body = (f"<p class='meta'><a href='/review/queue'>{escape(_(T_REVIEW_QUEUE))}</a></p>"
            f"<h1>{escape(debtor.name)}</h1><p class='meta'><code>{escape(debtor.debtor_id)}</code> · "
            f"{escape(meta)}</p>{_h2(T_LINKS_IN_THE_PROFILE)}"
            f"<table><tr>{head}</tr>{rows}</table>")
    return page(debtor.name, body, nonce, who, csrf)


def _evidence(profile: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for kind in ("addresses", "phones", "emails"):
        for contact in (profile.get("contacts") or {}).get(kind) or []:
            found += contact.get("evidence") or []
    for asset in profile.get("assets") or []:
        found += asset.get("evidence") or []
    return found


__all__ = ["candidate", "links", "login", "page", "queue", "refused"]
