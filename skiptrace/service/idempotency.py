"""``Idempotency-Key`` on every POST: a retried request gets the first answer, not a second
lookup or batch (store/idempotency.py keeps the answers).

Same key and same request (route, content type, body): the stored answer, byte for byte, with
``Idempotent-Replayed: true``. Same key, another request: 422 ``idempotency_key_reused``. Two
requests with one key at once: the second waits for the first (a lock per key), so it replays
instead of running again. Only successful answers are kept: a retry after an error, after
fixing the request, or after a source came back, runs it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from skiptrace.service.errors import ApiError
from skiptrace.store import Store
from skiptrace.store import idempotency as kept

_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


@dataclass(frozen=True)
class Answer:
    """``kept``: what a replay gives instead of ``body``, when the body holds a secret the store
    must not keep (a new key's token: shown once, a replay says null)."""

    status: int
    media_type: str
    body: bytes
    debtor_id: str | None = None
    replayed: bool = False
    kept: bytes | None = None


class Idempotency:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._locks: dict[tuple[int, str], threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, key_id: int, idem_key: str) -> threading.Lock:
        with self._guard:
            if len(self._locks) > 10_000:  # unused ones go; held ones are re-made harmlessly
                self._locks = {k: v for k, v in self._locks.items() if v.locked()}
            return self._locks.setdefault((key_id, idem_key), threading.Lock())

    def run(self, key_id: int, idem_key: str | None, route: str, content_type: str,
            body: bytes, compute: Callable[[], Answer]) -> Answer:
        if idem_key is None:
            return compute()
        if not _KEY.match(idem_key):
            raise ApiError(400, "bad_idempotency_key",
                           "Idempotency-Key: 1-200 printable ASCII characters")
        digest = hashlib.sha256(b"\0".join([route.encode(), content_type.encode(), body]))
        with self._lock(key_id, idem_key):
            stored = kept.find(self.store.db.conn, key_id, idem_key)
            if stored is not None:
                if (stored.route, stored.body_hash) != (route, digest.hexdigest()):
                    raise ApiError(422, "idempotency_key_reused", "this Idempotency-Key was "
                                   "used for another request: use a new key per request")
                return Answer(stored.status, stored.media_type, stored.body, replayed=True)
            answer = compute()  # an error is not kept: the retry runs again
            self._save(key_id, idem_key, route, digest.hexdigest(), answer)
            return answer

    def _save(self, key_id: int, idem_key: str, route: str, body_hash: str,
              answer: Answer) -> None:
        with self.store.atomic():
            kept.save(self.store.db.conn, key_id, idem_key,
                      kept.Stored(route, body_hash, answer.status, answer.media_type,
                                  answer.body if answer.kept is None else answer.kept),
                      answer.debtor_id)


__all__ = ["Answer", "Idempotency"]
