"""PostgreSQL's side of the migrations that SQLite writes with triggers or FTS5 (issue 21).

Each tuple here is the counterpart of a SQLite-only block of ``migrations.py`` and is listed
beside it there (``Only(POSTGRES, …)``), so one list of migrations builds both schemas.

- The audit log is append-only by triggers that refuse UPDATE, DELETE and TRUNCATE, and refuse
  an INSERT without the chain; ``audit_sequence`` is SQLite's AUTOINCREMENT counter: the
  highest id ever appended, which deleting the tail does not lower.
- The name index is the product's own folded tokens (``name_text`` holds the folded name since
  migration 12): ``<table>_tokens`` has one row per (token, row) with the token's count in the
  row and the row's length in tokens, under a btree on (token, row); ``name_token_totals`` the
  number of rows and of tokens per table. That is what FTS5 keeps for bm25 (search.py ranks with
  it the same way); no stemming, no to_tsvector.
- Debtors' identifiers, ownership, stored answers and judgements follow the debtor row by
  triggers, as on SQLite, so that forget reaches them without knowing of them.
"""

from __future__ import annotations

from skiptrace.store.dialect import POSTGRES, Only


def _pg(*statements: str) -> tuple[Only, ...]:
    return tuple(Only(POSTGRES, s) for s in statements)


# helpers SQLite has built in: json_extract(text, '$.a.b') as SQLite's (JSON null is NULL)
FUNCTIONS = _pg(
    """CREATE OR REPLACE FUNCTION json_extract(doc TEXT, path TEXT) RETURNS jsonb
        LANGUAGE sql IMMUTABLE AS $$
        SELECT nullif(jsonb_extract_path(doc::jsonb,
                      VARIADIC string_to_array(substr(path, 3), '.')), 'null'::jsonb) $$""",
)

AUDIT_APPEND_ONLY = _pg(
    """CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$""",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
    """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
    "CREATE TABLE audit_sequence (seq BIGINT NOT NULL)",
    "INSERT INTO audit_sequence(seq) VALUES (0)",
    """CREATE FUNCTION audit_count() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE audit_sequence SET seq = greatest(seq, NEW.id); RETURN NEW; END $$""",
    """CREATE TRIGGER audit_counted AFTER INSERT ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_count()""",
)

AUDIT_CHAIN = _pg(
    """CREATE FUNCTION audit_chained() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.hash IS NULL OR NEW.prev_hash IS NULL THEN
                RAISE EXCEPTION 'audit entries are hash-chained: append through the store';
            END IF;
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER audit_chained BEFORE INSERT ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_chained()""",
)


def _tokens(table: str) -> tuple[Only, ...]:
    tokens = f"{table}_tokens"
    return _pg(
        f"""CREATE TABLE {tokens} (
            token TEXT COLLATE "C" NOT NULL,
            row_id BIGINT NOT NULL,
            tf INTEGER NOT NULL,
            doc_len INTEGER NOT NULL,
            PRIMARY KEY (token, row_id))""",
        f"CREATE INDEX {tokens}_row ON {tokens}(row_id)",
        f"INSERT INTO name_token_totals(tbl, docs, tokens) VALUES ('{table}', 0, 0)",
        f"""CREATE FUNCTION {table}_index_names() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE words TEXT[];
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                IF TG_OP = 'UPDATE' AND OLD.name_text IS NOT DISTINCT FROM NEW.name_text THEN
                    RETURN NEW;
                END IF;
                DELETE FROM {tokens} WHERE row_id = OLD.id;
                words := name_words(OLD.name_text);
                UPDATE name_token_totals SET docs = docs - 1,
                    tokens = tokens - coalesce(cardinality(words), 0) WHERE tbl = '{table}';
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                words := name_words(NEW.name_text);
                INSERT INTO {tokens}(token, row_id, tf, doc_len)
                    SELECT w, NEW.id, count(*), cardinality(words)
                    FROM unnest(words) AS w WHERE length(w) >= 2 GROUP BY w;
                UPDATE name_token_totals SET docs = docs + 1,
                    tokens = tokens + coalesce(cardinality(words), 0) WHERE tbl = '{table}';
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {table}_names AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_index_names()""",
        # the rows already there (FTS5's 'rebuild')
        f"""INSERT INTO {tokens}(token, row_id, tf, doc_len)
            SELECT w, t.id, count(*), cardinality(name_words(t.name_text))
            FROM {table} t, unnest(name_words(t.name_text)) AS w WHERE length(w) >= 2
            GROUP BY w, t.id, t.name_text""",
        f"""UPDATE name_token_totals SET docs = (SELECT count(*) FROM {table}),
            tokens = (SELECT coalesce(sum(cardinality(name_words(name_text))), 0) FROM {table})
            WHERE tbl = '{table}'""",
    )


NAME_TOKENS = _pg(
    # the words of a name_text as FTS5's tokenizer reads folded text: runs of non-spaces
    """CREATE FUNCTION name_words(text TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(array_remove(regexp_split_to_array(lower(text), '\\s+'), ''),
                        '{}'::TEXT[]) $$""",
    """CREATE TABLE name_token_totals (
        tbl TEXT COLLATE "C" PRIMARY KEY,
        docs BIGINT NOT NULL,
        tokens BIGINT NOT NULL)""",
) + _tokens("debtors") + _tokens("records")

_IDENTIFIERS_OF_NEW = """INSERT INTO debtor_identifiers(debtor_row, scheme, value)
                SELECT NEW.id, i ->> 'scheme', i ->> 'value'
                FROM jsonb_array_elements(coalesce(NEW.json::jsonb -> 'identifiers', '[]')) i
                WHERE (i ->> 'valid')::boolean AND i ->> 'value' IS NOT NULL;"""

DEBTOR_IDENTIFIERS = _pg(
    f"""CREATE FUNCTION debtor_identifiers_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.json IS NOT DISTINCT FROM NEW.json THEN
                RETURN NULL;
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM debtor_identifiers WHERE debtor_row = OLD.id;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                {_IDENTIFIERS_OF_NEW}
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER debtor_identifiers_sync AFTER INSERT OR UPDATE OR DELETE ON debtors
        FOR EACH ROW EXECUTE FUNCTION debtor_identifiers_sync()""",
    """INSERT INTO debtor_identifiers(debtor_row, scheme, value)
        SELECT d.id, i ->> 'scheme', i ->> 'value'
        FROM debtors d, jsonb_array_elements(coalesce(d.json::jsonb -> 'identifiers', '[]')) i
        WHERE (i ->> 'valid')::boolean AND i ->> 'value' IS NOT NULL""",
)

SERVICE = _pg(
    """INSERT INTO agencies(name, created_at)
        VALUES ('default', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))""",
    """CREATE FUNCTION debtor_agencies_claim() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO debtor_agencies(debtor_id, agency_id) VALUES (NEW.debtor_id, 1)
                ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER debtor_agencies_claim AFTER INSERT ON debtors
        FOR EACH ROW EXECUTE FUNCTION debtor_agencies_claim()""",
    """CREATE FUNCTION service_forget_debtor() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM debtor_agencies WHERE debtor_id = OLD.debtor_id;
            DELETE FROM idempotency WHERE debtor_id = OLD.debtor_id;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER service_forget_debtor AFTER DELETE ON debtors
        FOR EACH ROW EXECUTE FUNCTION service_forget_debtor()""",
)

JUDGEMENTS_FORGET = _pg(
    """CREATE FUNCTION judgements_forget_debtor() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN DELETE FROM judgements WHERE debtor_id = OLD.debtor_id; RETURN NULL; END $$""",
    """CREATE TRIGGER judgements_forget_debtor AFTER DELETE ON debtors
        FOR EACH ROW EXECUTE FUNCTION judgements_forget_debtor()""",
)

__all__ = [
    "AUDIT_APPEND_ONLY", "AUDIT_CHAIN", "DEBTOR_IDENTIFIERS", "FUNCTIONS", "JUDGEMENTS_FORGET",
    "NAME_TOKENS", "SERVICE",
]
