"""A served skiptrace for the review tests: agencies alpha and beta with a key of every role
(tests/service/conftest.py), cookies without Secure (http on loopback), and a batch of four
debtors of the session's sandbox whose runs leave candidates in the review band: a company's
phone listing under another name, a household listing, a land title and a possible successor's
notice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.service.conftest import WHO, Served, serve_module  # noqa: F401 (a fixture)

DEBTORS = ("DEB-0000022", "DEB-0000026", "DEB-0000046", "DEB-0000052")


def portfolio(world: Path, ids: tuple[str, ...] = DEBTORS) -> bytes:
    lines = (world / "portfolio.csv").read_text("utf-8").splitlines()
    rows = [line for line in lines[1:] if line.split(";", 1)[0] in ids]
    assert len(rows) == len(ids)
    return ("\n".join([lines[0], *rows]) + "\n").encode()


@pytest.fixture(scope="module")
def reviewed(serve_module: Callable[..., Served], sandbox_world: Path) -> Served:  # noqa: F811
    served = serve_module(cookie_secure=False)
    with served.client("case_system") as client:
        made = client.post("/v1/batches", content=portfolio(sandbox_world),
                           headers={"Content-Type": "text/csv"})
    assert made.status_code == 202, made.text
    batch_id = made.json()["batch_id"]
    assert served.service.runner.wait(batch_id, 300)
    with served.client("case_system") as client:
        assert client.get(f"/v1/batches/{batch_id}").json()["state"] == "done"
    return served


__all__ = ["DEBTORS", "WHO", "portfolio"]
