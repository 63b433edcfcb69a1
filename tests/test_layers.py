"""The layer contracts (pyproject.toml, [tool.importlinter]) fail the tests, not only `make lint`.

import-linter builds its graph from import statements; an ``importlib.import_module("…")`` or
``__import__("…")`` is invisible to it. So this file also finds every such call in our packages:
one that may load our code is refused unless ALLOWED names it, with its reason, and the module
it loads is one the contracts let its importer import.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("skiptrace", "matching", "spiders")
CONTRACTS: list[dict[str, Any]] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
    "tool"]["importlinter"]["contracts"]
# Dynamic imports of our code that have a reason to be dynamic (lazy plugin loading, say):
# (file relative to the repository, module it loads) → why. None today: the connector registry
# and the profile's normalizers import statically.
ALLOWED: dict[tuple[str, str], str] = {}
# What the sandbox and the evaluation may import of ours (the forbidden contract lists the rest).
SANDBOX_MAY_IMPORT = {"skiptrace.model", "skiptrace.errors", "skiptrace.csvsafe", "skiptrace.privacy",
                      "skiptrace.i18n", "skiptrace.humanize", "skiptrace.labels"}


def contract(contract_id: str) -> dict[str, Any]:
    return next(c for c in CONTRACTS if c["id"] == contract_id)


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


# -- dynamic imports ------------------------------------------------------------------------

def _is_dynamic_import(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in ("import_module", "__import__")


def _target(call: ast.Call, module: str) -> str | None:
    """The module a call loads when its argument is a literal (relative names resolved against
    ``package=``), else None: anything at all."""
    if not call.args or not isinstance(call.args[0], ast.Constant):
        return None
    name = str(call.args[0].value)
    if name.startswith("."):
        package = next((k.value for k in call.keywords if k.arg == "package"), None)
        if not isinstance(package, ast.Constant):
            return None
        base = str(package.value).split(".")
        dots = len(name) - len(name.lstrip("."))
        name = ".".join(base[: len(base) - dots + 1] + [name.lstrip(".")])
    return name


def dynamic_imports() -> list[tuple[str, str, int, str | None]]:
    """(file, importing module, line, loaded module or None) for every call in our packages."""
    found = []
    for package in OURS:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
                if isinstance(node, ast.Call) and _is_dynamic_import(node):
                    found.append((str(relative), module, node.lineno, _target(node, module)))
    return found


def ours(module: str | None) -> bool:
    return module is None or module.split(".")[0] in OURS


def test_our_code_is_imported_by_import_statements() -> None:
    hidden = [f"{file}:{line} loads {target or 'a module named at run time'}"
              for file, _, line, target in dynamic_imports()
              if ours(target) and (file, target) not in ALLOWED]
    assert not hidden, ("import these statically (import-linter cannot see them), or add them "
                        "to ALLOWED with the reason: " + "; ".join(hidden))


def test_allowed_dynamic_imports_keep_the_layers() -> None:
    for (file, target), _reason in ALLOWED.items():
        calls = [(m, t) for f, m, _, t in dynamic_imports() if (f, t) == (file, target)]
        assert calls, f"ALLOWED names {file} → {target}, which is gone: remove it"
        for importer, _ in calls:
            assert target is not None and permitted(importer, target), (
                f"{importer} may not import {target}: {broken_rules(importer, target)}")


# -- the contracts read by hand, for imports import-linter cannot see -----------------------

def _within(module: str, names: list[str] | set[str]) -> str | None:
    return next((n for n in names if module == n or module.startswith(n + ".")), None)


def _layers() -> list[tuple[list[str], bool]]:
    """Top first: (modules of the layer, whether they are independent of each other)."""
    out = []
    for layer in contract("layers")["layers"]:
        independent = ":" not in layer
        names = [n.strip() for n in layer.replace(":", "|").split("|")]
        out.append((names, independent))
    return out


def broken_rules(importer: str, imported: str) -> list[str]:
    """The contracts an import ``importer`` → ``imported`` would break (direct import only)."""
    broken = []
    placed = {}
    for index, (names, independent) in enumerate(_layers()):
        for who in (importer, imported):
            if _within(who, names):
                placed[who] = (index, _within(who, names), independent)
    if importer in placed and imported in placed:
        (i, a, independent), (j, b, _) = placed[importer], placed[imported]
        if j < i or (i == j and a != b and independent):
            broken.append("layers")
    for c in CONTRACTS:
        if c["type"] == "forbidden" and _within(importer, c["source_modules"]) and _within(
                imported, c["forbidden_modules"]):
            broken.append(c["id"])
        if c["type"] == "independence":
            a, b = _within(importer, c["modules"]), _within(imported, c["modules"])
            if a and b and a != b:
                broken.append(c["id"])
        if c["type"] == "protected":
            target = _within(imported, c["protected_modules"])
            if target and not _within(importer, [target, *c["allowed_importers"]]):
                broken.append(c["id"])
    return broken


def permitted(importer: str, imported: str) -> bool:
    return not broken_rules(importer, imported)


@pytest.mark.parametrize(("importer", "imported", "allowed"), [
    ("skiptrace.profile.normalize", "matching.phones", True),
    ("matching.domain", "matching.identifiers.cin", True),
    ("skiptrace.cli", "skiptrace.sandbox.cli", True),
    ("matching.domain", "skiptrace.model", False),
    ("skiptrace.profile.schema", "skiptrace.render.json", False),
    ("skiptrace.pipeline.runtime", "skiptrace.sandbox.serving", False),
    ("skiptrace.evaluate", "matching.addresses", False),
    ("skiptrace.sandbox.ids", "matching", False),
    ("skiptrace.demo", "skiptrace.lookup", False),
])
def test_the_hand_reading_agrees_with_the_contracts(importer: str, imported: str,
                                                    allowed: bool) -> None:
    assert permitted(importer, imported) is allowed, broken_rules(importer, imported)


# -- every module has a place ---------------------------------------------------------------

def test_every_module_of_skiptrace_has_a_place() -> None:
    """A new module or package must be placed in a layer (or be the sandbox or the evaluation),
    and the sandbox's contract must forbid it unless it is one of the leaves they may use."""
    layered = {n for names, _ in _layers() for n in names}
    sandbox = contract("sandbox-and-evaluation")
    sources = set(sandbox["source_modules"])
    top = {f"skiptrace.{m.name}" for m in pkgutil.iter_modules([str(ROOT / "skiptrace")])}
    assert top - layered - sources == set(), "place these in the layers contract"
    assert layered - {"matching", "spiders"} <= top, "the layers name modules that are gone"
    forbidden = set(sandbox["forbidden_modules"])
    assert forbidden == (layered | {"matching", "spiders"}) - SANDBOX_MAY_IMPORT
