"""Screenshots of the review page (docs/review.md): a sandbox world's portfolio enriched into a
fresh store, an account, the service on a free loopback port, and Debian's chromium (headless,
through Playwright) on the queue and on one candidate.

    .venv/bin/python docs/screenshots/take.py [WORK_DIR]
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(work: Path) -> None:
    env = {**os.environ, "SKIPTRACE_OPERATOR": "screenshots", "SKIPTRACE_PURPOSE": "docs"}
    world, db = work / "world", work / "store.db"
    skiptrace = str(BIN / "skiptrace")
    subprocess.run([skiptrace, "sandbox", "generate", "--seed", "7", "--debtors", "60", "--out",
                    str(world)], check=True, env=env, capture_output=True)
    done = subprocess.run([skiptrace, "enrich", str(world / "portfolio.csv"), "--db", str(db),
                           "--out", str(work / "profiles.jsonl"), "--sandbox", str(world),
                           "--quiet"], check=False, env=env, capture_output=True, text=True)
    assert done.returncode in (0, 3), done.stderr[-2000:]  # 3: some debtor partial
    subprocess.run([skiptrace, "accounts", "create", "amina.b", "--role", "supervisor",
                    "--agency", "default", "--password-stdin", "--db", str(db)],
                   input=PASSWORD + "\n", text=True, check=True, env=env, capture_output=True)
    port = free_port()
    server = subprocess.Popen([skiptrace, "serve", "--port", str(port), "--db", str(db),
                               "--sandbox", str(world), "--insecure-cookies", "--no-warm"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:  # uvicorn says when it listens
            if "Uvicorn running" in line:
                break
        shoot(f"http://127.0.0.1:{port}", work)
    finally:
        server.terminate()
        server.wait(30)


def shoot(url: str, work: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             headless=True, chromium_sandbox=False)
        page = browser.new_page(viewport={"width": 1320, "height": 900})
        page.goto(url + "/review/login")
        page.fill("#username", "amina.b")
        page.fill("#password", PASSWORD)
        page.fill("#purpose", "dossier CNSS 2026-0042")
        page.click("button[type=submit]")
        page.wait_for_url("**/review/queue")
        page.screenshot(path=str(HERE / "review-queue.png"), full_page=True)
        page.locator("tr[data-row]").first.locator("a[data-open]").click()
        page.wait_for_url("**/review/candidates/**")
        page.screenshot(path=str(HERE / "review-candidate.png"), full_page=True)
        for kind in ("successeur possible", "contact du foyer"):  # looked at, not kept
            page.goto(url + "/review/queue")
            page.locator("tr[data-row]", has_text=kind).first.locator("a[data-open]").click()
            page.wait_for_url("**/review/candidates/**")
            page.screenshot(path=str(work / f"{kind.replace(' ', '-')}.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="shots-")))
