"""Candidate searches of the records table whose cost and size do not grow with the store.

Local matching asks the store for candidates debtor after debtor (docs/store.md, "Candidate
searches"). A search that returns every record sharing a common word ("Mohamed", "Bennani")
grows with the store: in a store of 10^5 records the same debtor gets ten times the candidates,
and the query ranks all of them. So every search here is capped, the cap is applied last and
deterministically, and it is never silent:

- an identifier or search key is looked up through ``record_identifiers_lookup`` (scheme, value,
  court or city, record key), counted from the index alone, its rows in index order; a key that
  more records share than the cap (a common surname's key within a big city) gives none: its
  first rows in index order would be an arbitrary slice of namesakes, scored for nothing and
  finding the debtor only by luck, at a cost that grew with the store (on a 10^5 store, 40 % of
  the local CPU for 2 of 2,030 true links: local_store_size.md). The ranked name search and the
  identifiers stay;
- a name is searched by its *rare* words (FTS5, in fewer than :data:`COMMON_WORD_RECORDS`
  records of the store), its common words only all together; when that is still more than the
  cap, by every word together, then by every word within the debtor's city, and only then cut;
- every search returns :class:`Hits`: the rows kept, the count (``total``) of what matched the
  narrowest search run, and how it was narrowed, so that callers can say "too broad".

Counts stop at the cap + 1 (:func:`bounded_count`): "more than the cap" is all a caller acts on,
and counting a common name key's every index entry grows with the store (a small cost, measured:
2 % of the local CPU on a 10^5 store, local_store_size.md). A count that stopped there says so
(``Hits.more``), and the reports say "more than 50".
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from matching.text import fold
from skiptrace.store.dialect import is_postgres

_TOKEN = re.compile(r"\w+")
MIN_TOKEN = 2
# A word found in more records than this (all sources) is common: searched alone it would bring
# a candidate set that grows with the store, so it is only searched together with the name's
# other words. 50 is the local connector's cap: a word that alone fills the cap selects nothing.
COMMON_WORD_RECORDS = 50

Row = tuple[str, str]  # (record key, record JSON)


@dataclass(frozen=True)
class Hits:
    """What one search kept (at most its cap), how many records matched it (``total``: the
    count of the narrowest search run, a lower bound when ``more``) and the narrowing applied
    ("" when none)."""

    rows: list[Row] = field(default_factory=list)
    total: int = 0
    narrowed: str = ""
    more: bool = False  # the count stopped at its bound: ``total`` is "at least"

    @property
    def too_broad(self) -> bool:
        """More records matched than were kept: the cut dropped some."""
        return self.total > len(self.rows)


def name_tokens(texts: Iterable[str]) -> list[str]:
    """Folded word tokens of the given names, in order, without duplicates or 1-letter tokens."""
    tokens: list[str] = []
    for text in texts:
        for token in _TOKEN.findall(fold(text)):
            if len(token) >= MIN_TOKEN and token not in tokens:
                tokens.append(token)
    return tokens


def _quoted(tokens: Iterable[str]) -> list[str]:
    """Each token quoted, so that no token is read as FTS5 syntax."""
    return [f'"{t}"' for t in tokens]


def fts_query(texts: Iterable[str]) -> str | None:
    """An FTS5 OR-query of the tokens, each quoted so that no token is read as syntax."""
    tokens = name_tokens(texts)
    if not tokens:
        return None
    return " OR ".join(_quoted(tokens))


def bounded_count(conn: sqlite3.Connection, rows_sql: str, params: list[object],
                  bound: int) -> int:
    """How many rows ``rows_sql`` selects, counting no further than ``bound``: the rows are
    read in the query's own (index) order and the reading stops there, on either engine."""
    sql = f"SELECT count(*) FROM ({rows_sql} LIMIT ?) AS bounded"
    return int(conn.execute(sql, [*params, bound]).fetchone()[0])


# --- identifiers and search keys -------------------------------------------------------------

_ID_WHERE = """i.scheme = ? AND i.value = ? {court} AND i.record_key > ? AND i.record_key < ?"""
_ID_KEYS = "SELECT DISTINCT i.record_key FROM record_identifiers i WHERE " + _ID_WHERE
_ID_ROWS = ("SELECT r.key, r.json FROM record_identifiers i JOIN records r ON r.key = i.record_key"
            " WHERE " + _ID_WHERE + " ORDER BY i.tribunal, i.record_key LIMIT ?")
ANY_COURT = object()  # "the court (or city) does not matter": no condition on it


def _key_range(source: str) -> tuple[str, str]:
    """The record keys of ``source`` as an index range: keys are ``source:record_id`` and ';'
    follows ':' in every collation, so counts never have to read the records table."""
    return f"{source}:", f"{source};"


def _id_sql(template: str, court: object) -> str:
    return template.format(court="" if court is ANY_COURT else "AND i.tribunal IS ?")


def _id_params(source: str, scheme: str, value: str, court: object) -> list[object]:
    low, high = _key_range(source)
    return [scheme, value, *(() if court is ANY_COURT else (court,)), low, high]


def id_count(conn: sqlite3.Connection, source: str, scheme: str, value: str,
             court: object, bound: int) -> int:
    """Records of ``source`` indexed under (scheme, value) and ``court`` (``None``: none known,
    :data:`ANY_COURT`: any), counted from the index alone, up to ``bound``."""
    params = _id_params(source, scheme, value, court)
    return bounded_count(conn, _id_sql(_ID_KEYS, court), params, bound)


def id_rows(conn: sqlite3.Connection, source: str, scheme: str, value: str, court: object,
            cap: int) -> list[Row]:
    """The first ``cap`` of those records, in index order (court, then record key)."""
    params = [*_id_params(source, scheme, value, court), cap]
    return [(k, d) for k, d in conn.execute(_id_sql(_ID_ROWS, court), params).fetchall()]


def _courts(tribunal: str | None) -> list[object]:
    """The court conditions of a lookup: any court, or the given one then none known."""
    return [ANY_COURT] if tribunal is None else [tribunal, None]


def _id_hits(conn: sqlite3.Connection, source: str, scheme: str, value: str,
             courts: list[object], cap: int) -> Hits:
    """A key's records, or none when more than ``cap`` share it (module doc: a cut key's first
    rows are an arbitrary slice, not candidates)."""
    counts = [id_count(conn, source, scheme, value, c, cap + 1) for c in courts]
    more = cap + 1 in counts
    if sum(counts) > cap:
        return Hits([], sum(counts), more=more)
    rows: dict[str, str] = {}
    for court in courts:
        rows.update(id_rows(conn, source, scheme, value, court, cap))
    return Hits(list(rows.items()), sum(counts), more=more)


def identifier_hits(conn: sqlite3.Connection, source: str, scheme: str, value: str,
                    tribunal: str | None, cap: int, city: str | None = None) -> Hits:
    """Records of ``source`` carrying (scheme, value): within ``tribunal`` (or with no court
    known) when given, else in any. A name key searched in any city that matches more than
    ``cap`` records is narrowed to ``city`` (and no known city); still more gives none."""
    hits = _id_hits(conn, source, scheme, value, _courts(tribunal), cap)
    if hits.total <= cap or tribunal is not None or city is None or scheme != "name_key":
        return hits
    narrow = _id_hits(conn, source, scheme, value, _courts(city), cap)
    return replace(narrow, narrowed="same city") if narrow.total else hits


# --- names ------------------------------------------------------------------------------------

# Both engines index the same tokens (name_text holds the folded name, migration 12): SQLite in
# FTS5, PostgreSQL in <table>_tokens (pg_schema.py). Both rank by FTS5's bm25 (k1 1.2, b 0.75),
# computed on PostgreSQL from the same counts FTS5 keeps, so both give the same candidates.
BM25_K1 = 1.2
BM25_B = 0.75

# CROSS JOIN keeps the FTS5 match as the outer loop: with a plain JOIN, SQLite may walk every
# record of the source (records_source) and ask FTS5 about each, which grows with the store.
_NAME_FROM = ("FROM records_fts CROSS JOIN records r ON r.id = records_fts.rowid"
              " WHERE records_fts MATCH ? AND r.source = ?")
_SAME_CITY = " AND (r.city = ? OR r.city IS NULL)"
_NAME_ORDER = " ORDER BY rank, r.id LIMIT ?"
_CITY_ORDER = " ORDER BY r.city IS NOT ?, rank, r.id LIMIT ?"


@dataclass(frozen=True)
class NameLevel:
    """One way of searching a name: its tokens, all of them or any, whether it keeps to the
    city, its label."""

    tokens: tuple[str, ...]
    every: bool
    in_city: bool
    label: str

    @property
    def query(self) -> str:
        """The level as an FTS5 query (SQLite)."""
        return (" AND " if self.every else " OR ").join(_quoted(self.tokens))


def index_text(names: Iterable[str]) -> str:
    """What ``name_text`` holds (and both engines index): the names folded, space-separated."""
    return " ".join(f for f in (fold(n) for n in names) if f)


def word_counts(conn: sqlite3.Connection, tokens: Iterable[str]) -> dict[str, int]:
    """In how many records (all sources) each word occurs, up to one more than
    :data:`COMMON_WORD_RECORDS` (all that decides whether it is common): the start of its FTS5
    doclist, or of the token table's range, no table read."""
    bound = COMMON_WORD_RECORDS + 1
    if is_postgres(conn):
        sql = "SELECT 1 FROM records_tokens WHERE token = ?"
        return {t: bounded_count(conn, sql, [t], bound) for t in tokens}
    sql = "SELECT rowid FROM records_fts WHERE records_fts MATCH ?"
    return {t: bounded_count(conn, sql, [f'"{t}"'], bound) for t in tokens}


def name_levels(tokens: list[str], counts: dict[str, int], city: str | None) -> list[NameLevel]:
    """The searches of a name, broadest first: its rare words (any of them) or, with none, all
    its words together; then all its words together; then that within the city."""
    rare = tuple(t for t in tokens if counts.get(t, 0) <= COMMON_WORD_RECORDS)
    every = NameLevel(tuple(tokens), True, False, "every word")
    levels = [NameLevel(rare, False, False, "")] if rare else []
    if not levels or every.query != levels[0].query:
        levels.append(every if levels else replace(every, label=""))
    if city:
        last = levels[-1]
        label = f"{last.label}, same city" if last.label else "same city"
        levels.append(replace(last, in_city=True, label=label))
    return levels


def _name_params(level: NameLevel, source: str, city: str | None) -> list[object]:
    return [level.query, source, *((city,) if level.in_city else ())]


# PostgreSQL: the rows holding the level's tokens (any, or all: as many hits as tokens), with
# FTS5's bm25 score; the sum in token order, so that equal rows get equal scores to the bit
_PG_HITS = """SELECT t.row_id, sum(q.idf * ((t.tf * (?::float8 + 1.0::float8))
        / (t.tf + ?::float8 * (1.0::float8 - ?::float8 + ?::float8 * t.doc_len / ?::float8)))
        ORDER BY t.token) AS score
    FROM {table}_tokens t JOIN unnest(?::text[], ?::float8[]) AS q(token, idf)
        ON q.token = t.token
    GROUP BY t.row_id{every}"""
_PG_NAME_FROM = (" FROM ({hits}) m JOIN records r ON r.id = m.row_id WHERE r.source = ?")
_PG_NAME_ORDER = " ORDER BY m.score DESC, r.id LIMIT ?"
_PG_CITY_ORDER = " ORDER BY r.city IS NOT ?, m.score DESC, r.id LIMIT ?"


def _idf(rows: int, hits: int) -> float:
    """FTS5's inverse document frequency of a token found in ``hits`` of ``rows`` rows."""
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0.0 else 1e-6


def pg_hits(conn: sqlite3.Connection, table: str, tokens: tuple[str, ...], every: bool
            ) -> tuple[str, list[object]]:
    """The scored-rows subquery of ``table`` (``debtors`` or ``records``) for ``tokens`` on
    PostgreSQL, and its parameters."""
    docs, total = conn.execute("SELECT docs, tokens FROM name_token_totals WHERE tbl = ?",
                               (table,)).fetchone()
    docs = max(int(docs), 1)
    avgdl = (int(total) / docs) or 1.0
    sql = f"SELECT count(*) FROM {table}_tokens WHERE token = ?"
    idfs = [_idf(docs, int(conn.execute(sql, (t,)).fetchone()[0])) for t in tokens]
    hits = _PG_HITS.format(table=table, every=" HAVING count(*) = ?" if every else "")
    params: list[object] = [BM25_K1, BM25_K1, BM25_B, BM25_B, avgdl, list(tokens), idfs]
    return hits, params + ([len(tokens)] if every else [])


def name_count(conn: sqlite3.Connection, source: str, level: NameLevel, city: str | None,
               bound: int) -> int:
    """How many records of ``source`` the level's search matches, up to ``bound``."""
    where_city = _SAME_CITY if level.in_city else ""
    if is_postgres(conn):
        hits, params = pg_hits(conn, "records", level.tokens, level.every)
        sql = "SELECT r.id" + _PG_NAME_FROM.format(hits=hits) + where_city
        return bounded_count(conn, sql, [*params, source, *((city,) if level.in_city else ())],
                             bound)
    sql = "SELECT r.id " + _NAME_FROM + where_city
    return bounded_count(conn, sql, _name_params(level, source, city), bound)


def name_rows(conn: sqlite3.Connection, source: str, level: NameLevel, city: str | None,
              cap: int) -> list[Row]:
    """The first ``cap`` records of the level: same city first, then rarest words (bm25), then
    the oldest row: the same store always gives the same candidates, on either engine."""
    where_city = _SAME_CITY if level.in_city else ""
    if is_postgres(conn):
        hits, params = pg_hits(conn, "records", level.tokens, level.every)
        sql = ("SELECT r.key, r.json" + _PG_NAME_FROM.format(hits=hits) + where_city
               + (_PG_CITY_ORDER if city else _PG_NAME_ORDER))
        params += [source, *((city,) if level.in_city else ()), *((city,) if city else ()), cap]
    else:
        sql = ("SELECT r.key, r.json " + _NAME_FROM + where_city
               + (_CITY_ORDER if city else _NAME_ORDER))
        params = [*_name_params(level, source, city), *((city,) if city else ()), cap]
    return [(k, d) for k, d in conn.execute(sql, params).fetchall()]


def _at_most(level: NameLevel, counts: dict[str, int]) -> int | None:
    """How many records (of any source) the level can match at most, from its words' counts
    when they are exact (at most :data:`COMMON_WORD_RECORDS`: ``word_counts`` stops counting
    past it): any of the words, the sum of their counts; all of them, the smallest. None when a
    word's count is only a lower bound."""
    found = [counts.get(t, 0) for t in level.tokens]
    if any(c > COMMON_WORD_RECORDS for c in found):
        return None
    return min(found, default=0) if level.every else sum(found)


def _pick_level(conn: sqlite3.Connection, source: str, levels: list[NameLevel],
                city: str | None, cap: int, counts: dict[str, int]
                ) -> tuple[NameLevel, int, list[Row] | None]:
    """The broadest level within the cap; when a narrowing finds nothing, the level before it
    (cut); when none is within the cap, the narrowest (cut). With the level's rows when they
    were read already: a level whose words' counts show it within the cap is read at once,
    without counting it first (the count would be the rows read: at 10^5 the name levels'
    counting queries were about 5 % of a batch worker's samples, issue 17)."""
    chosen: tuple[NameLevel, int, list[Row] | None] | None = None
    for level in levels:
        bound = _at_most(level, counts)
        rows = (name_rows(conn, source, level, city, cap)
                if bound is not None and bound <= cap else None)
        count = len(rows) if rows is not None else name_count(conn, source, level, city,
                                                              cap + 1)
        if count <= cap:
            return (level, count, rows) if count or chosen is None else chosen
        chosen = (level, count, None)
    if chosen is None:  # the callers always give a level: a bug, not bad input
        raise ValueError("no name level to search")
    return chosen


def name_hits(conn: sqlite3.Connection, source: str, names: Iterable[str], city: str | None,
              cap: int) -> Hits:
    """Records of ``source`` naming the debtor, term-frequency aware and capped (module doc)."""
    tokens = name_tokens(names)
    if not tokens:
        return Hits()
    counts = word_counts(conn, tokens)
    levels = name_levels(tokens, counts, city)
    level, total, rows = _pick_level(conn, source, levels, city, cap, counts)
    if rows is None:
        rows = name_rows(conn, source, level, city, cap) if total else []
    return Hits(rows, total, level.label, more=total > cap)


__all__ = [
    "ANY_COURT", "COMMON_WORD_RECORDS", "Hits", "NameLevel", "bounded_count", "fts_query",
    "identifier_hits",
    "index_text", "name_hits", "name_levels", "name_tokens", "pg_hits", "word_counts",
]
