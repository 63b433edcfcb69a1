"""A source item that breaks its schema is skipped with a reason that names the rule, never the
item's value: the reason goes into profiles, batch summaries and logs (issue 10, the class of item
2's logging finding)."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from skiptrace.connectors.api import first_error

SCHEMA = {
    "type": "object",
    "required": ["record_id", "owners"],
    "properties": {
        "record_id": {"type": "string"},
        "owners": {"type": "array", "items": {
            "type": "object", "properties": {"name": {"type": "string"},
                                             "cin": {"type": "string", "maxLength": 10}}}},
    },
}


def test_a_schema_violation_names_the_rule_not_the_value() -> None:
    validator = Draft202012Validator(SCHEMA)
    item = {"record_id": "T-1", "owners": [{"name": 123456789, "cin": "ZZ987654321XYZ"}]}
    reason = first_error(validator, item)
    assert reason is not None and reason.startswith("owners/0/")
    assert "123456789" not in reason and "ZZ987654321XYZ" not in reason
    assert "rule" in reason
    missing = first_error(validator, {"record_id": "T-2"})
    assert missing == "top level: breaks the required rule (['record_id', 'owners'])"
