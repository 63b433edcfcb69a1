"""Every `skiptrace …` example of README.md and of the commands' --help runs as written.

The examples are read from the files, not copied here: a README or help text that changes is
tested as it now reads. Each runs in a fresh directory, as a user would type it (a subprocess,
the README's ``export`` lines in its environment), against the sandbox world the README's own
``sandbox generate`` example writes. Placeholders the README defines are given values (``WORLD``
that world, ``D-000123`` one of its debtors, ``FILE`` a file of copied audit heads); a notation
``a\\|b`` runs every alternative and ``[--opt X]`` runs with and without. An example with no
expectation below fails the test: none is skipped.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
WORLD = "demo-out/world"
DEBTOR = "DEB-0000001"
PLACEHOLDERS = {"WORLD": WORLD, "D-000123": DEBTOR, "FILE": "heads.txt",
                "STORE": "demo-out/skiptrace.db",
                "portfolio.csv": f"{WORLD}/portfolio.csv", "truth.jsonl": f"{WORLD}/truth.jsonl"}
# The order they run in: what an example needs is made by an earlier one.
ORDER = ("sandbox generate", "sandbox export", "sandbox serve", "lookup --name", "enrich",
         "lookup", "profile",
         "evaluate", "audit", "import", "harvest", "sources", "unlock", "purge", "forget",
         "--lang", "demo")
TIMEOUT = 600


def readme_examples() -> tuple[list[str], dict[str, str]]:
    """The README's command examples (code spans and code-block lines) and its ``export``s."""
    text = (ROOT / "README.md").read_text("utf-8")
    found = [m.group(1) for m in re.finditer(r"`(skiptrace [^`]+)`", text)]
    env: dict[str, str] = {}
    for block in re.findall(r"```\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.startswith("skiptrace "):
                found.append(line)
            elif line.startswith("export "):
                for assignment in shlex.split(line)[1:]:
                    name, _, value = assignment.partition("=")
                    env[name] = value
    return found, env


def _help_texts(command: object, path: list[str]) -> Iterator[str]:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, (path, result.output)
    yield result.output
    for name in getattr(command, "list_commands", lambda _ctx: [])(None):
        sub = command.get_command(None, name)  # type: ignore[attr-defined]
        yield from _help_texts(sub, [*path, name])


def help_examples() -> list[str]:
    """`skiptrace …` lines of every --help (epilogues, docstrings), usage lines excepted."""
    found = []
    for text in _help_texts(cli, []):
        for line in text.splitlines():
            at = line.find("skiptrace ")
            lead = line[:at].rstrip()
            if at >= 0 and (not lead or lead.endswith(":")) and "Usage:" not in line \
                    and "[OPTIONS]" not in line and line[at:].split()[1:2] != ["--help"]:
                found.append(line[at:].strip())
    return found


def expand(example: str) -> list[str]:
    """The commands an example stands for (alternatives, optional parts, placeholders)."""
    example = example.replace("\\|", "|")
    variants = [example]
    if "[" in example:
        variants = [re.sub(r"\s*\[([^]]+)]", "", example), re.sub(r"\[([^]]+)]", r"\1", example)]
    out = []
    for variant in variants:
        words = shlex.split(variant)
        choices = [w.split("|") if "|" in w else [w] for w in words]
        for combo in itertools.product(*choices):
            out.append([PLACEHOLDERS.get(w, w) for w in combo])
    return [shlex.join(c) for c in out]


def _rank(command: str) -> int:
    rest = command.removeprefix("skiptrace ")
    return next((i for i, key in enumerate(ORDER) if rest.startswith(key)), len(ORDER))


def all_commands() -> tuple[list[str], dict[str, str]]:
    readme, env = readme_examples()
    lookups = [e for e in readme if e.startswith("skiptrace lookup --name")]
    commands: list[str] = []
    for example in [*readme, *help_examples()]:
        if "…" in example:  # "lookup … --explain": the README's first lookup, explained
            example = example.replace("lookup …", lookups[-1].removeprefix("skiptrace "))
        commands += [c for c in expand(example) if c not in commands]
    return sorted(commands, key=_rank), env


def _digits(out: str) -> bool:
    return bool(re.search(r"\d", out))


def _is_json_with_debtor(out: str) -> bool:
    return f'"debtor_id": "{DEBTOR}"' in out


# What each kind of example must show, by the longest matching prefix of its arguments.
EXPECT: dict[str, Callable[[str, Path], bool]] = {
    "sandbox generate": lambda _o, cwd: (cwd / WORLD / "portfolio.csv").exists(),
    "sandbox export": lambda _o, cwd: (cwd / "extract.csv").stat().st_size > 0,
    "sandbox serve": lambda out, _c: out.startswith("SANDBOX_URL=http://127.0.0.1:"),
    "lookup --debtor": lambda out, _c: DEBTOR in out,
    "lookup --name": lambda out, _c: "EL ALAOUI" in out and "lookup-" in out,
    "enrich": lambda out, _c: "job-" in out,
    "profile": lambda out, _c: DEBTOR in out or "<graphml" in out,
    "profile --format json": lambda out, _c: _is_json_with_debtor(out),
    "evaluate": lambda out, _c: _digits(out) and len(out) > 200,
    "audit": lambda out, _c: "inv-7" in out,
    "audit verify": lambda out, _c: bool(re.search(r"[0-9a-f]{64}", out)),
    "forget": lambda out, _c: DEBTOR in out,
    "purge": lambda out, _c: _digits(out),
    "unlock": lambda out, _c: "writer" in out,
    "sources": lambda out, _c: "127.0.0.1" in out,
    "sources check": lambda out, _c: "land_extract" in out or "127.0.0.1" in out,
    "import": lambda out, _c: _digits(out),
    "harvest": lambda out, _c: _digits(out),
    "demo": lambda _o, cwd: len((cwd / "demo-out" / "profiles.jsonl").read_text().splitlines())
    == 300,
    "--lang": lambda out, _c: "DEB-" in out,
}
ANSWERS = {"forget": "y\n", "purge": "y\n"}  # their confirmation prompt, answered yes


def _expectation(command: str) -> tuple[str, Callable[[str, Path], bool]]:
    rest = command.removeprefix("skiptrace ")
    keys = [k for k in EXPECT if rest.startswith(k + " ") or rest == k]
    if not keys:
        raise AssertionError(f"no expectation for the example {command!r}: add one to EXPECT")
    key = max(keys, key=len)
    return key, EXPECT[key]


def _serve(command: str, cwd: Path, env: dict[str, str]) -> str:
    """``sandbox serve`` runs until stopped: start it, read its first line, keep it running for
    the examples that need a sandbox (on a free port instead of 8765: tests share the host)."""
    argv = [sys.executable, "-m", *shlex.split(command.replace("--port 8765", "--port 0"))]
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, text=True)
    _SERVERS.append(process)
    line = process.stdout.readline() if process.stdout else ""
    env["SKIPTRACE_SANDBOX_URL"] = line.strip().partition("=")[2]
    return line


_SERVERS: list[subprocess.Popen[str]] = []


@pytest.fixture
def servers() -> Iterator[None]:
    yield
    while _SERVERS:
        process = _SERVERS.pop()
        process.terminate()
        process.wait(timeout=30)


def _run(command: str, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    argv = shlex.split(command)
    argv[0:1] = [sys.executable, "-m", "skiptrace"]
    answer = next((a for k, a in ANSWERS.items() if command.startswith(f"skiptrace {k}")), None)
    run = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, input=answer,
                         timeout=TIMEOUT)
    return run.returncode, run.stdout + run.stderr


def _copy_heads(cwd: Path, env: dict[str, str]) -> None:
    """``FILE`` of ``audit verify --against FILE``: the heads ``enrich --audit-copy`` keeps."""
    from skiptrace.store import Store
    from skiptrace.store.audit import append_chain_head

    with Store.open(cwd / env["SKIPTRACE_DB"]) as store:
        append_chain_head(cwd / PLACEHOLDERS["FILE"], store.audit_chain_head(), "readme")


def test_the_examples_are_found() -> None:
    commands, env = all_commands()
    assert env["SKIPTRACE_OPERATOR"] and env["SKIPTRACE_PURPOSE"]
    for needed in ("skiptrace lookup --name", "skiptrace enrich", "skiptrace demo",
                   "skiptrace profile DEB-0000001 --format graphml"):
        assert any(c.startswith(needed) for c in commands), needed
    for command in commands:
        _expectation(command)  # every example has something to check


def test_every_example_runs_as_written(tmp_path: Path, servers: None) -> None:
    commands, exported = all_commands()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKIPTRACE_")}
    env.update(exported, SKIPTRACE_LOOPBACK_ONLY="1", COLUMNS="120",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    failures = []
    for command in commands:
        key, check = _expectation(command)
        if key == "audit verify" and "--against" in command:
            _copy_heads(tmp_path, env)
        if key == "sandbox serve":
            code, out = 0, _serve(command, tmp_path, env)
        else:
            code, out = _run(command, tmp_path, env)
        if code != 0 or not check(out, tmp_path):
            failures.append(f"{command}\n  exit {code}\n  " + out[-1500:].replace("\n", "\n  "))
    assert not failures, "examples that do not run as written:\n" + "\n".join(failures)
