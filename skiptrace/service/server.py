"""``skiptrace serve``: the app on uvicorn, with an access log that names no one.

uvicorn's access log prints the request line; our URLs carry only opaque ids (identifiers travel
in bodies, docs/api.md), so the path is safe to log, but the query string is dropped anyway and
the client address kept only as uvicorn gives it (put the proxy's address there, docs/deploy.md).
"""

from __future__ import annotations

import logging
from typing import Any

import uvicorn

from skiptrace.service.app import create_app
from skiptrace.service.settings import ServiceSettings


class _NoQuery(logging.Filter):
    """Access-log records without the query string (``?format=…`` today, anything tomorrow)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def serve(settings: ServiceSettings, *, host: str = "127.0.0.1", port: int = 8000,
          ssl_certfile: str | None = None, ssl_keyfile: str | None = None,
          access_log: bool = True) -> None:
    logging.getLogger("uvicorn.access").addFilter(_NoQuery())
    uvicorn.run(create_app(settings), host=host, port=port, ssl_certfile=ssl_certfile,
                ssl_keyfile=ssl_keyfile, access_log=access_log, proxy_headers=True,
                server_header=False, log_level="info")


__all__ = ["serve"]
