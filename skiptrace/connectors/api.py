"""What every JSON API connector shares: building from config, auth, paging, validation, probes.

A concrete API connector then reads like a recipe: which endpoint for which query, and how an
item maps to a Record. Nothing from an answer is used before it has been checked against a
small JSON Schema; an invalid item is skipped and noted (the search becomes partial) rather
than crashing the lookup or leaking half-parsed data into a profile.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode

from jsonschema import Draft202012Validator

from ..errors import SourceDisabled, SourceError
from ..fastcheck import compiled, passes
from ..model import Provenance, Record, RecordKind
from .ahead import AskAhead, Guess
from .base import Connector, Health, RecordStore
from .http import Unauthorized
from .planner import NAME_KEYS, PlannedSearch, Signature, budget, plan, signature

if TYPE_CHECKING:
    from ..config import SourceConfig
    from .http import HttpClient, SourceClient
    from .query import DebtorQuery

#: whether an item a planned search found may be the debtor's (ApiConnector.run_plan); of the
#: same shape, whether a planned search would find an item another search found
ItemJudge = Callable[[dict[str, Any], PlannedSearch], bool]

PAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["count", "results"],
    "properties": {
        "count": {"type": "integer", "minimum": 0},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "results": {"type": "array"},
    },
}
_PAGE = Draft202012Validator(PAGE_SCHEMA)


def first_error(validator: Draft202012Validator, data: Any) -> str | None:
    """The first schema violation as a short sentence, or None when ``data`` is valid."""
    error = next(iter(validator.iter_errors(data)), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "top level"
    # the rule and the schema's value for it, never jsonschema's message: that quotes the item's
    # own value (a name, a CIN) into statuses and logs
    return f"{where}: breaks the {error.validator} rule ({str(error.validator_value)[:80]})"


@lru_cache(maxsize=16)
def _compiled(schema_json: str) -> Callable[[Any], Any] | None:
    """An item schema's compiled check (skiptrace.fastcheck), once per schema (``schema_json``:
    the schema as sorted JSON, the cache key). The item schemas use only type, required,
    properties, items (one schema), minLength and pattern. Why: the land registry's titles
    were checked one by one with jsonschema, a twentieth of a batch's enrichment CPU at 10^5
    (issue 17, session 23)."""
    return compiled(json.loads(schema_json))


def missing_fields(item: Mapping[str, Any], expected: tuple[str, ...]) -> tuple[str, ...]:
    """Warnings for expected fields absent from an item (it becomes a partial record)."""
    return tuple(f"missing field {name}" for name in expected if item.get(name) in (None, ""))


def mapped_record(
    kind: RecordKind, fields: dict[str, Any], item: Mapping[str, Any], expected: tuple[str, ...],
    provenance: Provenance,
) -> Record:
    """A record from a mapped item, partial (with a warning each) when expected fields lack."""
    warnings = missing_fields(item, expected)
    return Record(kind, fields, provenance, bool(warnings), warnings)


class ApiConnector(Connector):
    """Base of the requests-based connectors: one SourceClient, auth headers, pages."""

    kind = "api"
    needs_token: ClassVar[bool] = False
    item_schema: ClassVar[dict[str, Any]] = {"type": "object"}
    probe: ClassVar[tuple[str, dict[str, Any]]] = ("", {})

    def __init__(self, cfg: SourceConfig, client: SourceClient) -> None:
        super().__init__(cfg)
        self.client = client
        self._items = Draft202012Validator(self.item_schema)
        self._fast_items = _compiled(json.dumps(self.item_schema, sort_keys=True))
        self._ahead = AskAhead()

    @classmethod
    def from_config(cls, cfg: SourceConfig, http: HttpClient,
                    store: RecordStore | None = None) -> ApiConnector:
        if not cfg.base_url:
            raise SourceDisabled(f"{cfg.name}: no base_url configured")
        if cls.needs_token and not cfg.token:
            raise SourceDisabled(f"{cfg.name}: no credentials (set {cfg.token_env or 'token_env'})")
        return cls(cfg, http.source(cfg))

    def scope(self) -> AbstractContextManager[Any]:
        return self.client.call()

    def auth_headers(self) -> dict[str, str]:
        """Headers that carry this source's credentials."""
        return {}

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.cfg.base_url}{path}{query}"

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.client.get_json(self.url(path), params, self.auth_headers())

    def valid_items(self, items: list[Any]) -> Iterator[dict[str, Any]]:
        """Items that pass the item schema; the others are noted and skipped."""
        for index, item in enumerate(items):
            problem = None if passes(self._fast_items, item) else first_error(self._items, item)
            if problem is None:
                yield item
            else:
                self.note(f"invalid item #{index} skipped ({problem})")

    def unique(self, items: Iterator[dict[str, Any]], seen: set[str]) -> Iterator[dict[str, Any]]:
        """Items whose ``record_id`` was not met before in this search."""
        for item in items:
            if item["record_id"] not in seen:
                seen.add(item["record_id"])
                yield item

    def plan(self, query: DebtorQuery) -> list[PlannedSearch]:
        """This source's searches for ``query`` (planner.py), within its budget."""
        return plan(self.name, query, budget(self.name, self.cfg.max_searches))

    def run_plan(self, path: str, searches: list[PlannedSearch],
                 may_be_theirs: ItemJudge | None = None,
                 would_find: ItemJudge | None = None) -> Iterator[dict[str, Any]]:
        """Every valid item of every planned search, each record id once across the plan;
        each search reported (``searched``) with the number of results it returned. A search
        whose first page states more than ``max_results`` is not paged: its narrower searches
        run instead (with none left, it is reported too broad). A search a broader one read
        whole holds (``within``) is not asked: its answers are in hand. A search that finds
        nothing is followed by the first of its ``otherwise`` searches (the surname written
        otherwise), which carries the rest; so is a first search that finds only records an
        earlier search of the plan fetched, or that a search it holds would have fetched
        (``would_find``: the debtor's own title, found by CIN or their full name, says nothing
        of a co-owned one written otherwise). A spelling that finds anyone ends the chain. With
        ``may_be_theirs`` (the connector's judgment of an item against the search), "anyone"
        is anyone who may be the person: a surname that lists only other people found nobody,
        and the items it judges other people's only are not returned (counted in the search's
        results all the same: what the source stated)."""
        seen: set[str] = set()
        whole: set[Signature] = set()
        pending = list(searches)
        ahead = self._ask_ahead(path, pending)
        try:
            yield from self._read_plan(path, pending, ahead, seen, whole, may_be_theirs, would_find)
        finally:
            self._ahead.drop(ahead)

    def _ask_ahead(self, path: str, pending: list[PlannedSearch]) -> dict[Signature, Future[Guess]]:
        """The plan's independent searches' first pages, asked side by side (ahead.py), each
        counted in this search when read (``SourceClient.guessing``, ``settle``), under its deadline; none while the
        source's breaker is not closed (half-open lets one trial request through: a second
        one in the air would be refused and fail the search)."""
        if self.client.breaker.state != "closed":
            return {}
        deadline = self.client.deadline()

        def ask(params: Mapping[str, Any]) -> Guess:
            with self.client.guessing(deadline) as stats:
                return Guess(stats, self.get(path, params))

        return self._ahead.start(pending, ask, lambda planned: self._page(
            planned.params, 1, slice_read=planned.key not in NAME_KEYS))

    def _page(self, params: Mapping[str, Any], page: int,
              slice_read: bool = True) -> dict[str, Any]:
        """The parameters of one page of a search (a guess asks its first page with them).
        A name search's page is never longer than ``max_results``: a longer answer is a slice
        of namesakes that is not read (``pages``), and a page of ``per_page`` (100 in the
        sandbox's config) cost its decoding and validation for nothing (issue 17, session 22:
        550 such pages of 100 titles for 1,000 debtors at 10^5, against 16,800 titles read)."""
        size = max(1, min(self.cfg.per_page, 100))
        if not slice_read and self.cfg.max_results:
            size = min(size, self.cfg.max_results)
        return {**params, "page": page, "per_page": size}

    def _read_plan(self, path: str, pending: list[PlannedSearch],
                   ahead: dict[Signature, Future[Guess]], seen: set[str], whole: set[Signature],
                   may_be_theirs: ItemJudge | None,
                   would_find: ItemJudge | None) -> Iterator[dict[str, Any]]:
        """``run_plan``'s reading, in the plan's order, of answers some of which were asked
        ahead."""
        while pending:
            planned = pending.pop(0)
            if planned.within is not None and signature(planned.within) in whole:
                continue
            entry = self.searched(planned.report())
            held = _held_by(planned, pending) if would_find is not None else []
            theirs = {"new": 0, "any": 0}  # items that may be the person's, new to the plan or not
            first = ahead.pop(signature(planned.params), None)
            for item in self._counted(self.pages(path, planned.params, entry, first,
                                                 slice_read=planned.key not in NAME_KEYS), entry):
                judged = may_be_theirs is None or may_be_theirs(item, planned)
                theirs["any"] += judged
                if not judged:
                    # only other people's entries, found under their shared surname: not a
                    # candidate of the debtor's (the matcher set them all aside: at 10^5, most of
                    # the 15,000 titles a batch of 1,000 rejected), and other people's data is
                    # not kept (law 09-08); not marked seen: a search that may find it as the
                    # debtor's (a CIN, a name) still may
                    continue
                if item["record_id"] not in seen:
                    seen.add(item["record_id"])
                    theirs["new"] += not any(
                        would_find(item, s) for s in held if would_find is not None)
                    yield item
            if entry.get("too_broad"):
                entry["results"] = stated = int(entry.pop("stated", entry["results"]))
                narrower = [n for n in planned.narrower if n.params != planned.params]
                if narrower:
                    entry["narrowed"] = len(narrower)
                    pending[:0] = narrower
                else:
                    self.too_broad(entry, stated)
                continue
            whole.add(signature(planned.params))
            if planned.otherwise and not theirs["any" if planned.respelling else "new"]:
                # the next spelling
                pending.insert(0, replace(planned.otherwise[0], otherwise=planned.otherwise[1:]))

    @staticmethod
    def _counted(items: Iterator[dict[str, Any]], entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for item in items:
            entry["results"] += 1
            yield item

    def pages(self, path: str, params: Mapping[str, Any],
              entry: dict[str, Any] | None = None,
              first: Future[Guess] | None = None,
              slice_read: bool = True) -> Iterator[dict[str, Any]]:
        """Every valid item of a paginated search, up to ``max_pages`` pages; only the first
        page when it states more than ``max_results`` (``entry`` then says so), and not even
        that one unless ``slice_read``: a name search stating more than ``max_results`` answers
        with a slice of namesakes in the source's own order, whose size grows with the source
        (a page of up to ``per_page``, 100 titles), not with what the debtor owns; its narrower
        searches run instead (issue 17, decision 0058). An identifier's results are the
        holder's own: their first page is read. ``first``: the first page asked ahead
        (``run_plan``)."""
        bound = self.cfg.max_results
        for page in range(1, self.cfg.max_pages + 1):
            asked = self._page(params, page, slice_read)
            per_page = asked["per_page"]
            data = (self._ahead.answer(first, partial(self.get, path), asked, self.client.settle)
                    if page == 1 else self.get(path, asked))
            problem = first_error(_PAGE, data)
            if problem is not None:
                raise SourceError(f"{self.source}: unexpected answer shape ({problem})")
            over = page == 1 and bound and data["count"] > bound
            if entry is not None and over and not slice_read:
                entry["too_broad"], entry["stated"] = True, data["count"]
                return
            yield from self.valid_items(data["results"])
            if not data["results"] or page * per_page >= data["count"]:
                return
            if entry is not None and (over or page == self.cfg.max_pages):
                entry["too_broad"], entry["stated"] = True, data["count"]  # answered, not whole
                return
        self.note(f"more than {self.cfg.max_pages} pages of results; read the first ones only")

    def close(self) -> None:
        self._ahead.close()

    def check(self) -> Health:
        path, params = self.probe
        started = time.perf_counter()
        try:
            with self.scope():
                self.get(path, params)
        except Unauthorized as exc:
            return Health(self.source, True, False, _ms(started), str(exc))
        except SourceError as exc:
            return Health(self.source, False, None, _ms(started), str(exc))
        auth = True if self.needs_token else None
        return Health(self.source, True, auth, _ms(started), "ok")


def _held_by(planned: PlannedSearch, pending: list[PlannedSearch]) -> list[PlannedSearch]:
    """The searches still to come that ``planned``, read whole, holds (their ``within``)."""
    asked = signature(planned.params)
    return [s for s in pending if s.within is not None and signature(s.within) == asked]


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
