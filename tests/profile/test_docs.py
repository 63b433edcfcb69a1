"""The example in docs/profile.md is a valid profile, and every top-level field is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

from skiptrace.profile import load_schema, validate

DOC = Path(__file__).resolve().parents[2] / "docs" / "profile.md"


def _example() -> dict:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"## Full example.*?```json\n(.*?)```", text, re.DOTALL)
    assert block, "docs/profile.md lost its example"
    return json.loads(block.group(1))


def test_docs_example_validates():
    example = _example()
    validate(example)
    assert example["partial"] is True and example["rejected"]


def test_every_top_level_field_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for field in load_schema()["properties"]:
        assert f"`{field}`" in text, field
