"""The store's two engines in tests (issue 21): a SQLite file in the test's directory, or a
fresh PostgreSQL schema of the CI's server (tests.services) that the test alone uses."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from tests.services import service_url

ENGINES = ("sqlite", "postgresql")
POSTGRES_ENV = "SKIPTRACE_TEST_POSTGRES_URL"


def with_schema(url: str, schema: str) -> str:
    """``url`` opening sessions whose search_path is ``schema`` (libpq's ``options``)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A new, empty schema on the test server, dropped afterwards; yields a store URL for it."""
    import psycopg

    base = service_url(POSTGRES_ENV, "PostgreSQL")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def store_location(engine: str, folder: Path, name: str = "skiptrace.db") -> Iterator[str]:
    """Where a fresh store of ``engine`` lives for one test: a file path or a URL."""
    if engine == "sqlite":
        yield str(folder / name)
    else:
        with postgres_schema() as url:
            yield url
