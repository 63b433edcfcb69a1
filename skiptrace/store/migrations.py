"""The store's schema, as an ordered list of forward migrations.

A database records every migration applied in ``schema_version``; opening it applies the missing
ones in order, each in its own transaction. Never edit a published migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from matching.text import fold
from skiptrace.errors import ConfigError
from skiptrace.model import utcnow
from skiptrace.store import pg_schema
from skiptrace.store.dialect import SQLITE, Only, is_postgres, migration_sql
from skiptrace.store.dialect import name as dialect_name
from skiptrace.store.records import reindex_records


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str | Only, ...]  # portable, or one engine's (dialect.Only)
    run: Callable[[sqlite3.Connection], None] | None = None  # Python step after the statements


def _sqlite(*statements: str) -> tuple[Only, ...]:
    return tuple(Only(SQLITE, s) for s in statements)


_V1_TABLES: tuple[str | Only, ...] = (
    """CREATE TABLE debtors (
        id INTEGER PRIMARY KEY,
        debtor_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        name_text TEXT NOT NULL DEFAULT '',
        json TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        json TEXT NOT NULL,
        retrieved_at TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        name_text TEXT NOT NULL DEFAULT '',
        city TEXT)""",
    "CREATE INDEX records_source ON records(source, kind)",
    """CREATE TABLE record_identifiers (
        scheme TEXT NOT NULL,
        value TEXT NOT NULL,
        tribunal TEXT,
        record_key TEXT NOT NULL REFERENCES records(key) ON DELETE CASCADE)""",
    "CREATE INDEX record_identifiers_value ON record_identifiers(scheme, value)",
    "CREATE INDEX record_identifiers_key ON record_identifiers(record_key)",
    """CREATE TABLE matches (
        id INTEGER PRIMARY KEY,
        debtor_id TEXT NOT NULL,
        record_key TEXT NOT NULL,
        party_index INTEGER,
        probability REAL NOT NULL,
        json TEXT NOT NULL)""",
    "CREATE INDEX matches_debtor ON matches(debtor_id)",
    "CREATE INDEX matches_record ON matches(record_key)",
    """CREATE TABLE profiles (
        debtor_id TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        built_at TEXT NOT NULL,
        segment TEXT)""",
    """CREATE TABLE jobs (
        job_id TEXT PRIMARY KEY,
        portfolio TEXT,
        params TEXT NOT NULL DEFAULT '{}',
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL)""",
    """CREATE TABLE job_items (
        job_id TEXT NOT NULL REFERENCES jobs(job_id),
        debtor_id TEXT NOT NULL,
        status TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (job_id, debtor_id))""",
    "CREATE INDEX job_items_debtor ON job_items(debtor_id)",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        purpose TEXT NOT NULL,
        action TEXT NOT NULL,
        debtor_id TEXT,
        target TEXT,
        details TEXT NOT NULL DEFAULT '{}')""",
    "CREATE INDEX audit_debtor ON audit(debtor_id)",
    *_sqlite(
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    ),
    *pg_schema.FUNCTIONS,
    *pg_schema.AUDIT_APPEND_ONLY,
)


def _fts(table: str) -> tuple[Only, ...]:
    """An external-content FTS5 index on ``table.name_text``, kept in sync by triggers
    (PostgreSQL's counterpart: pg_schema.NAME_TOKENS)."""
    fts = f"{table}_fts"
    return _sqlite(
        f"""CREATE VIRTUAL TABLE {fts} USING fts5(name_text, content='{table}',
            content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts}(rowid, name_text) VALUES (new.id, new.name_text); END""",
        f"""CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, name_text) VALUES ('delete', old.id, old.name_text);
            END""",
        f"""CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, name_text) VALUES ('delete', old.id, old.name_text);
            INSERT INTO {fts}(rowid, name_text) VALUES (new.id, new.name_text); END""",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    )


_V3_FILES: tuple[str | Only, ...] = (
    """CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        job_id TEXT,
        debtor_id TEXT,
        registered_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX files_key ON files(path, kind, ifnull(job_id, ''), ifnull(debtor_id, ''))",
    "CREATE INDEX files_debtor ON files(debtor_id)",
)

_V4_AUDIT_CHAIN: tuple[str | Only, ...] = (
    "ALTER TABLE audit ADD COLUMN prev_hash TEXT",
    "ALTER TABLE audit ADD COLUMN hash TEXT",
    *_sqlite("""CREATE TRIGGER audit_chained BEFORE INSERT ON audit
        WHEN new.hash IS NULL OR new.prev_hash IS NULL
        BEGIN SELECT RAISE(ABORT, 'audit entries are hash-chained: append through the store');
        END"""),
    *pg_schema.AUDIT_CHAIN,
)


def _chain_existing_audit(conn: sqlite3.Connection) -> None:
    from skiptrace.store.audit import chain_existing

    if is_postgres(conn):
        conn.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update")
        chain_existing(conn)
        conn.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_update")
        return
    conn.execute("DROP TRIGGER audit_no_update")
    chain_existing(conn)
    conn.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""")


_V5_LOCKS = (
    """CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        token TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        job_id TEXT)""",
)

# Issue 17: a search key within a court or city (an RC in its court, a surname in a city) and of
# one source is an exact range of this index, counted without reading a record; the old
# (scheme, value) index read every court's and every source's entries and filtered them.
_V7_LOOKUP_INDEX = (
    "CREATE INDEX record_identifiers_lookup"
    " ON record_identifiers(scheme, value, tribunal, record_key)",
    "DROP INDEX record_identifiers_value",
)

# Issue 17: a lookup by CIN, ICE or RC read every stored debtor's JSON (json_each over the whole
# table). The debtor's valid identifiers are kept in their own indexed table, written by
# triggers from the JSON itself, so no code path that inserts, updates or deletes a debtor
# (forget included) can leave it stale or leave a byte of a forgotten debtor behind.
_IDENTIFIERS_OF_NEW = """INSERT INTO debtor_identifiers(debtor_row, scheme, value)
    SELECT new.id, json_extract(i.value, '$.scheme'), json_extract(i.value, '$.value')
    FROM json_each(new.json, '$.identifiers') i
    WHERE json_extract(i.value, '$.valid') AND json_extract(i.value, '$.value') IS NOT NULL;"""
_V8_DEBTOR_IDENTIFIERS: tuple[str | Only, ...] = (
    """CREATE TABLE debtor_identifiers (
        debtor_row INTEGER NOT NULL,
        scheme TEXT NOT NULL,
        value TEXT NOT NULL)""",
    "CREATE INDEX debtor_identifiers_lookup ON debtor_identifiers(scheme, value, debtor_row)",
    "CREATE INDEX debtor_identifiers_row ON debtor_identifiers(debtor_row)",
    *pg_schema.DEBTOR_IDENTIFIERS,
    *_sqlite(
        f"CREATE TRIGGER debtor_identifiers_insert AFTER INSERT ON debtors BEGIN "
        f"{_IDENTIFIERS_OF_NEW} END",
        f"CREATE TRIGGER debtor_identifiers_update AFTER UPDATE OF json ON debtors BEGIN "
        f"DELETE FROM debtor_identifiers WHERE debtor_row = old.id; {_IDENTIFIERS_OF_NEW} END",
        "CREATE TRIGGER debtor_identifiers_delete AFTER DELETE ON debtors BEGIN "
        "DELETE FROM debtor_identifiers WHERE debtor_row = old.id; END",
        """INSERT INTO debtor_identifiers(debtor_row, scheme, value)
            SELECT d.id, json_extract(i.value, '$.scheme'), json_extract(i.value, '$.value')
            FROM debtors d, json_each(d.json, '$.identifiers') i
            WHERE json_extract(i.value, '$.valid') AND json_extract(i.value, '$.value') IS NOT NULL""",
    ),
)

# Issue 18, the HTTP service (docs/decisions/0007, docs/api.md): agencies and their API keys
# (only a SHA-256 of each token is kept), which agency owns each debtor (every debtor of an
# older store goes to agency 1, "default"; a debtor written later without a claim, by the CLI,
# goes there too, by trigger), stored answers to POSTs by Idempotency-Key, and the service's
# batches. A forgotten debtor's ownership row and the stored answers about them go with the
# debtor row (triggers), so forget and purge reach them without knowing of the service.
_V9_SERVICE: tuple[str | Only, ...] = (
    """CREATE TABLE agencies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL)""",
    *_sqlite("""INSERT INTO agencies(id, name, created_at)
        VALUES (1, 'default', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))"""),
    *pg_schema.SERVICE,
    """CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('investigator', 'case_system', 'supervisor', 'admin')),
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        token_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT)""",
    """CREATE TABLE debtor_agencies (
        debtor_id TEXT PRIMARY KEY,
        agency_id INTEGER NOT NULL REFERENCES agencies(id))""",
    "CREATE INDEX debtor_agencies_agency ON debtor_agencies(agency_id)",
    "INSERT INTO debtor_agencies(debtor_id, agency_id) SELECT debtor_id, 1 FROM debtors",
    *_sqlite("CREATE TRIGGER debtor_agencies_claim AFTER INSERT ON debtors BEGIN "
             "INSERT OR IGNORE INTO debtor_agencies(debtor_id, agency_id)"
             " VALUES (new.debtor_id, 1); END"),
    """CREATE TABLE idempotency (
        key_id INTEGER NOT NULL,
        idem_key TEXT NOT NULL,
        route TEXT NOT NULL,
        body_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        body BLOB NOT NULL,
        debtor_id TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (key_id, idem_key))""",
    "CREATE INDEX idempotency_debtor ON idempotency(debtor_id)",
    *_sqlite("CREATE TRIGGER service_forget_debtor AFTER DELETE ON debtors BEGIN "
             "DELETE FROM debtor_agencies WHERE debtor_id = old.debtor_id; "
             "DELETE FROM idempotency WHERE debtor_id = old.debtor_id; END"),
    """CREATE TABLE service_batches (
        id TEXT PRIMARY KEY,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        key_id INTEGER NOT NULL,
        job_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        format TEXT NOT NULL,
        folder TEXT NOT NULL,
        total INTEGER NOT NULL,
        operator TEXT NOT NULL,
        purpose TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        error TEXT,
        summary TEXT)""",
)

# Issue 19, the review queue (docs/review.md, docs/decisions/0009): a person's judgement on one
# candidate record of one debtor (by source and the source's own record id, so that it holds
# when the record is fetched again), the last one per candidate (the audit chain keeps every
# one); the web page's local accounts (argon2 hashes) and their sessions (only a SHA-256 of the
# cookie and of nothing else); an index on matches' probability for the queue's band. A
# forgotten debtor's judgements go with the debtor row (trigger), and erase.py deletes them by id.
_V10_REVIEW: tuple[str | Only, ...] = (
    """CREATE TABLE judgements (
        id INTEGER PRIMARY KEY,
        debtor_id TEXT NOT NULL,
        source TEXT NOT NULL,
        record_id TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject', 'unsure')),
        note TEXT NOT NULL DEFAULT '',
        judged_by TEXT NOT NULL,
        via TEXT NOT NULL,
        judged_at TEXT NOT NULL,
        UNIQUE (debtor_id, source, record_id))""",
    "CREATE INDEX matches_probability ON matches(probability, debtor_id)",
    *_sqlite("CREATE TRIGGER judgements_forget_debtor AFTER DELETE ON debtors BEGIN "
             "DELETE FROM judgements WHERE debtor_id = old.debtor_id; END"),
    *pg_schema.JUDGEMENTS_FORGET,
    """CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        role TEXT NOT NULL CHECK (role IN ('investigator', 'supervisor', 'admin')),
        password_hash TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        disabled_at TEXT)""",
    """CREATE TABLE web_sessions (
        token_hash TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        purpose TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL)""",
    "CREATE INDEX web_sessions_account ON web_sessions(account_id)",
)

# Issue 20, monitoring (docs/monitoring.md, docs/decisions/0010): the watch list per agency with
# each entry's schedule, the last complete profile of each watched debtor (what the next one is
# compared with), the change events, the webhooks an admin registered (the secret is kept: the
# service signs with it) and their delivery log.
_V11_MONITORING = (
    """CREATE TABLE watch_entries (
        id INTEGER PRIMARY KEY,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        debtor_id TEXT NOT NULL,
        every_days INTEGER NOT NULL CHECK (every_days >= 1),
        portfolio TEXT,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL,
        next_due TEXT NOT NULL,
        last_run TEXT,
        last_outcome TEXT,
        UNIQUE (agency_id, debtor_id))""",
    "CREATE INDEX watch_entries_due ON watch_entries(next_due)",
    "CREATE INDEX watch_entries_debtor ON watch_entries(debtor_id)",
    """CREATE TABLE monitor_baselines (
        debtor_id TEXT PRIMARY KEY,
        profile TEXT NOT NULL,
        built_at TEXT NOT NULL)""",
    """CREATE TABLE change_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agency_id INTEGER NOT NULL,
        debtor_id TEXT NOT NULL,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        evidence TEXT NOT NULL,
        detected_at TEXT NOT NULL,
        run_id TEXT NOT NULL)""",
    "CREATE INDEX change_events_agency ON change_events(agency_id, detected_at, id)",
    "CREATE INDEX change_events_debtor ON change_events(debtor_id)",
    """CREATE TABLE webhooks (
        id INTEGER PRIMARY KEY,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        url TEXT NOT NULL,
        secret TEXT NOT NULL,
        allow_private INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        removed_at TEXT)""",
    """CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY,
        webhook_id INTEGER NOT NULL REFERENCES webhooks(id),
        event_id INTEGER NOT NULL,
        debtor_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_attempt_at TEXT,
        last_status INTEGER,
        last_error TEXT,
        UNIQUE (webhook_id, event_id))""",
    "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at)",
    "CREATE INDEX webhook_deliveries_debtor ON webhook_deliveries(debtor_id)",
)

def _fold_name_texts(conn: sqlite3.Connection) -> None:
    """Issue 21: ``name_text`` becomes the folded name (matching.text.fold), what both engines
    index (SQLite's FTS5 and PostgreSQL's token table by trigger), so that a name is split into
    the same tokens as the searches' (search.name_tokens) on both, and ranked alike."""
    for table in ("debtors", "records"):
        last = 0
        while rows := conn.execute(f"SELECT id, name_text FROM {table} WHERE id > ?"
                                   " ORDER BY id LIMIT 1000", (last,)).fetchall():
            changed = [(fold(text), row_id) for row_id, text in rows if fold(text) != text]
            conn.executemany(f"UPDATE {table} SET name_text = ? WHERE id = ?", changed)
            last = rows[-1][0]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables: debtors, records, matches, profiles, jobs, audit", _V1_TABLES),
    Migration(2, "full-text search on debtor and record names",
              _fts("debtors") + _fts("records") + pg_schema.NAME_TOKENS),
    Migration(3, "files the product wrote personal data into", _V3_FILES),
    Migration(4, "hash chain over the audit log (rows before it chained as found)",
              _V4_AUDIT_CHAIN, _chain_existing_audit),
    Migration(5, "locks: one writing job per store and output", _V5_LOCKS),
    Migration(6, "records indexed by phone, title number and person name keys (issue 12)", (),
              run=reindex_records),
    Migration(7, "record_identifiers indexed by scheme, value, court or city, record key "
              "(issue 17)", _V7_LOOKUP_INDEX),
    Migration(8, "debtors' valid identifiers indexed, kept by triggers (issue 17)",
              _V8_DEBTOR_IDENTIFIERS),
    Migration(9, "the HTTP service: agencies, API keys, debtor ownership, idempotency, batches "
              "(issue 18)", _V9_SERVICE),
    Migration(10, "the review queue: judgements, local accounts and their sessions (issue 19)",
              _V10_REVIEW),
    Migration(11, "monitoring: watch list, baselines, change events, webhooks and their "
              "deliveries (issue 20)", _V11_MONITORING),
    Migration(12, "names indexed as the product's folded tokens on both engines (issue 21)", (),
              run=_fold_name_texts),
    # Decision 0033: records keep their parties' normal forms (written at import and harvest;
    # `skiptrace store normalize` fills the column of records stored before, in batches).
    Migration(13, "records keep their parties' normal forms (issue 17)",
              ("ALTER TABLE records ADD COLUMN forms TEXT",)),
    # Decision 0039: the stored forms bought no CPU at batch scale for +73 % of store; the column
    # goes (SQLite >= 3.35 drops a column in place; PostgreSQL marks it dropped).
    Migration(14, "records no longer keep normal forms (decision 0039, issue 17)",
              ("ALTER TABLE records DROP COLUMN forms",)),
)
CURRENT_VERSION = MIGRATIONS[-1].version


_SCHEMA_VERSION = ("CREATE TABLE IF NOT EXISTS schema_version "
                   "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")


def schema_version(conn: sqlite3.Connection) -> int:
    """The highest migration applied to this database (0 for a new file)."""
    if is_postgres(conn):  # two processes opening a new database must not both create it
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(_SCHEMA_VERSION)
        conn.execute("COMMIT")
    else:
        conn.execute(_SCHEMA_VERSION)
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, target: int = CURRENT_VERSION) -> list[int]:
    """Apply the missing migrations up to ``target``, each atomically; returns those applied.
    Missing means not recorded in ``schema_version``, not only above its highest: a store made
    by a branch that numbered its migration after one it did not have yet (v11 before v10)
    gets the one it skipped instead of lacking its tables for ever."""
    current = schema_version(conn)
    if current > CURRENT_VERSION:
        raise ConfigError(
            f"the database is at schema v{current}, newer than this skiptrace (v{CURRENT_VERSION}):"
            " upgrade skiptrace"
        )
    dialect = dialect_name(conn)
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= target and not _recorded(conn, migration.version):
            conn.execute("BEGIN IMMEDIATE")
            try:
                if _recorded(conn, migration.version):  # another process did it meanwhile
                    conn.execute("COMMIT")
                    continue
                for statement in migration.statements:
                    sql = migration_sql(dialect, statement)
                    if sql is not None:
                        conn.execute(sql)
                if migration.run is not None:
                    migration.run(conn)
                conn.execute(
                    "INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, utcnow().isoformat()),
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            applied.append(migration.version)
    return applied


def _recorded(conn: sqlite3.Connection, version: int) -> bool:
    return conn.execute("SELECT 1 FROM schema_version WHERE version = ?",
                        (version,)).fetchone() is not None


__all__ = ["CURRENT_VERSION", "MIGRATIONS", "Migration", "migrate", "schema_version"]
