"""The profile's JSON contract: the schema (shipped in the package, identical to
schema/profile.schema.json) and validation. Writing a profile to disk, validated, is the JSON
renderer's (skiptrace.render.json.write_profile): render sits above profile."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from skiptrace.errors import SkiptraceError
from skiptrace.fastcheck import compiled, passes

SCHEMA_VERSION = "1.3.0"


class InvalidProfile(SkiptraceError):
    """A profile that does not satisfy schema/profile.schema.json: a bug, never written."""


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The profile JSON Schema (2020-12) shipped in skiptrace/data/profile.schema.json."""
    text = resources.files("skiptrace").joinpath("data", "profile.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)  # checked against the meta-schema by the tests
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema())


@lru_cache(maxsize=1)
def _fast() -> Callable[[Any], Any] | None:
    """The profile schema's compiled check (skiptrace.fastcheck: ~20× faster on it; the schema
    uses only keywords whose meaning is the same in draft 7 and 2020-12)."""
    return compiled(load_schema())


def validate(profile: dict[str, Any]) -> None:
    """Raise InvalidProfile with the first error's path when the profile breaks the contract."""
    if passes(_fast(), profile):
        return
    errors = sorted(_validator().iter_errors(profile), key=lambda e: list(e.absolute_path))
    if errors:
        first: ValidationError = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(root)"
        raise InvalidProfile(f"profile {profile.get('debtor_id', '?')}: {where}: {first.message} ({len(errors)} error(s))")

