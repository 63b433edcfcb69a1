"""``skiptrace lookup``: one debtor now, as fast as a cold process allows.

The order is the product: who asks and why (law 09-08); which debtor — the stored one the
options designate (resolve.py), several being an error to fix, not a choice to make; whether any
source can be reached (reach.py: otherwise one line with the remedy, exit 4, nothing stored but
the audit row); then the crawl child starts (prefetch.py) and the heavy part of this process
(store, matching, profile, renderers) is imported while it starts, so the two overlap. A lookup
by phone alone asks the directory who holds the number first (holders.py).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from skiptrace.config import Config, load_config
from skiptrace.context import remote_sources, require_purpose, resolve_db, web_sources
from skiptrace.errors import AmbiguousDebtor, ConfigError, NothingReachable
from skiptrace.i18n import _
from skiptrace.lookup.prefetch import WebPrefetch
from skiptrace.lookup.reach import reached_nothing, require_reachable, unreached_message
from skiptrace.model import Debtor, mask, set_clock
from skiptrace.sandbox.serving import sandbox_for  # cheap: the server loads only for a world


def _say(line: str) -> None:
    """One line for the investigator on stderr (stdout is the profile, maybe JSON)."""
    print(line, file=sys.stderr, flush=True)


def _audit(db: Path | None, who: str, why: str, debtor_id: str | None, status: str,
           target: str | None = None) -> None:
    """The attempt in the audit log when no profile is stored (law 09-08: every lookup)."""
    from skiptrace.store import Store

    with Store.open(resolve_db(db)) as store:
        store.audit(who, why, "lookup", debtor_id=debtor_id, target=target,
                    details={"status": status})


def _stored(db: Path | None, typed: Debtor, who: str, why: str) -> Debtor:
    """The stored debtor ``typed`` designates, else ``typed`` itself (a new ``lookup-…``);
    several: listed, and the lookup stops (AmbiguousDebtor, exit 2)."""
    path = resolve_db(db)
    if str(path) != ":memory:" and not path.exists():
        return typed  # no store yet: nobody to find, and no empty store to create
    from skiptrace.lookup.resolve import resolve
    from skiptrace.store import Store

    with Store.open(path) as store:
        found = resolve(store, typed)
    if len(found) > 1:
        _audit(db, who, why, None, "ambiguous", typed.audit_target())
        listed = "\n".join(c.line() for c in found)
        raise AmbiguousDebtor(_("{count} stored debtors match; nothing was looked up. Say which "
                                "with --debtor ID:\n{listed}").format(count=len(found), listed=listed))
    if found:
        _say(_("stored debtor used: {debtor_id} ({why})").format(
            debtor_id=found[0].debtor.debtor_id, why=found[0].why))
        return found[0].debtor
    return typed


def _debtor(debtor_id: str | None, db: Path | None, fields: dict[str, Any], who: str,
            why: str) -> Debtor:
    # Lazy for start-up (module docstring): intake and the store load matching and sqlite.
    if not debtor_id:
        from skiptrace.intake.lookupquery import debtor_from_options

        return _stored(db, debtor_from_options(**fields), who, why)
    from skiptrace.store import Store

    with Store.open(resolve_db(db)) as store:
        debtor = store.get_debtor(debtor_id)
    if debtor is None:
        raise ConfigError(f"no debtor {debtor_id} in the store {resolve_db(db)}")
    return debtor


def _phone_holder(prefetch: WebPrefetch, typed: Debtor, db: Path | None, who: str,
                  why: str) -> Debtor:
    """For a lookup by phone alone: the debtor the directory's holder of the number is (the
    stored one when the store has them); ``typed`` when the directory lists nobody."""
    from skiptrace.intake.lookupquery import debtor_from_options
    from skiptrace.lookup.holders import as_debtor, holders

    phone = typed.phones[0]
    shown = mask("".join(c for c in phone if c.isdigit()), 4)  # as --explain shows it
    records, _statuses = prefetch.take(typed)
    found = holders(records, phone)
    if not found:
        _say(_("the directory lists nobody at {phone}: searching by the number alone").format(
            phone=shown))
        return typed
    if len(found) > 1:
        _audit(db, who, why, typed.debtor_id, "ambiguous", typed.audit_target())
        listed = "\n".join(h.line() for h in found)
        raise AmbiguousDebtor(_("the directory lists {count} subscribers at {phone}; say which "
                                "with --name and --city:\n{listed}").format(
            count=len(found), phone=shown, listed=listed))
    holder = found[0]
    if holder.city:
        _say(_("the directory gives {phone} to {name} ({city})").format(
            phone=shown, name=holder.name, city=holder.city))
    else:
        _say(_("the directory gives {phone} to {name}").format(phone=shown, name=holder.name))
    return _stored(db, debtor_from_options(**as_debtor(holder, phone)), who, why)


def _reachable(cfg: Config, db: Path | None, who: str, why: str, debtor: Debtor) -> None:
    """Stop at once when no network source accepts a connection (audited, nothing stored)."""
    try:
        require_reachable(cfg)
    except NothingReachable:
        _audit(db, who, why, debtor.debtor_id, "unreachable", debtor.audit_target())
        raise


def _enrich_and_store(debtor: Debtor, prefetch: WebPrefetch | None, cfg: Config,
                      db: Path | None, config: Path | None, who: str, why: str,
                      as_of: datetime | None, out: Path | None) -> Any:
    """Enrich, then checkpoint and audit in one transaction; an enrichment that reached no
    network source is audited and raised, never stored as if it were a result."""
    # The heavy imports, while the crawl child starts (module docstring).
    from skiptrace.pipeline.batch import now_or
    from skiptrace.pipeline.enrich import Enricher
    from skiptrace.pipeline.runtime import open_runtime
    from skiptrace.store.judgements import stored_judgements

    with open_runtime(db=db, config_path=config, concurrency=1) as rt:
        enricher = Enricher(rt.connectors, prefetch.take if prefetch else None,
                            as_of=now_or(as_of), web_pivot=prefetch.pivot if prefetch else None,
                            judgements=stored_judgements(rt.store.db.conn))
        try:
            enriched = enricher.enrich(debtor)
        finally:
            enricher.close()
            if prefetch is not None:
                prefetch.close()
        if reached_nothing(enriched.statuses, remote_sources(cfg)):
            rt.store.audit(who, why, "lookup", debtor_id=debtor.debtor_id,
                           target=debtor.audit_target(), details={"status": "unreachable"})
            raise NothingReachable(unreached_message(enriched.statuses, cfg))
        with rt.store.atomic():
            rt.store.upsert_debtors([debtor])
            rt.store.checkpoint("lookups", debtor.debtor_id, enriched.status,
                                enriched.profile, enriched.stored_matches())
            rt.store.audit(who, why, "lookup", debtor_id=debtor.debtor_id,
                           target=debtor.audit_target(), details={"status": enriched.status})
            if out is not None:  # forget must reach this file too
                rt.store.register_file("profile_export", out.resolve(), "lookups",
                                       debtor.debtor_id)
    return enriched


def lookup_command(
    *, debtor_id: str | None, fmt: str, out: Path | None, db: Path | None, config: Path | None,
    operator: str | None, purpose: str | None, as_of: datetime | None,
    sandbox_world: Path | None, **fields: Any,
) -> dict[str, Any]:
    """One debtor now: found in the store first, every source, matched, profiled, stored,
    shown. Raises AmbiguousDebtor (several stored debtors) or NothingReachable (no source)."""
    set_clock(as_of)
    with sandbox_for(sandbox_world):
        cfg = load_config(config)
        who, why = require_purpose(operator, purpose, cfg)  # before any traffic about anyone
        debtor = _debtor(debtor_id, db, fields, who, why)
        _reachable(cfg, db, who, why, debtor)
        sources = web_sources(cfg)
        prefetch = WebPrefetch(debtor, sources, cfg) if sources else None
        try:
            from skiptrace.lookup.holders import phone_only  # after the crawl started

            if prefetch is not None and not debtor_id and phone_only(debtor):
                debtor = _phone_holder(prefetch, debtor, db, who, why)
            enriched = _enrich_and_store(debtor, prefetch, cfg, db, config, who, why, as_of, out)
        except BaseException:
            if prefetch is not None:  # no crawl child outlives a failed lookup
                prefetch.close()
                prefetch.wait_ended(timeout=10.0)
            raise
    from skiptrace.app import show_profile

    show_profile(enriched.profile, fmt, out)
    if prefetch is not None:  # after the profile is shown: the closed crawl child is reaped
        prefetch.wait_ended(timeout=10.0)
    return enriched.profile


def explain_searches(profile: dict[str, Any]) -> str:
    """The profile's ``searches`` as a plain table (``lookup --explain``): what each source was
    asked, why, and how many results each search returned."""
    head = ("source", "key", "value", "reason", "results")
    rows = [(*(str(s.get(k, "")) for k in head[:-1]), _results(s))
            for s in profile.get("searches") or ()]
    if not rows:
        return "searches: none reported"
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in (head, *rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "searches:\n" + "\n".join(lines)


def _results(search: dict[str, Any]) -> str:
    """A search's result count, and whether it was too broad to read (and narrowed instead)
    or left namesakes elsewhere unread (the register, decision 0059)."""
    count = str(search.get("results", ""))
    elsewhere = search.get("namesakes_elsewhere")
    if elsewhere:
        count = f"{count} ({elsewhere} namesakes in other cities not followed)"
    if not search.get("too_broad"):
        return count
    narrowed = search.get("narrowed")
    return f"{count} (too broad, narrowed {narrowed})" if narrowed else f"{count} (too broad)"
