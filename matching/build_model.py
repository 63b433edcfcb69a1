"""Build the shipped default model (matching/data/model.json) from matching/data/model_priors.yml.

Run ``python -m matching.build_model`` after editing the priors. Term-frequency keys are passed
through the same normalizers the scorer uses (given-name variant keys, canonical cities), so the
table and the features always agree; the city table is the gazetteer's population share of every
commune, keyed by the same city keys.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matching import domain, gazetteer
from matching.model import Model, comparison_types
from matching.refdata import load
from matching.tf import TermFrequencies

_KEYS: dict[str, Callable[[str], str | None]] = {
    "given": lambda v: domain.name_parts(v + " x", "person", v, "x")[0],
    "surname": lambda v: domain.name_parts("x " + v, "person", "x", v)[1],
    "city": domain.city,
}


def build(priors: dict[str, Any]) -> Model:
    """A Model from the priors document (comparisons with m/u per level, tf tables, prior)."""
    registry = comparison_types()
    comparisons, m, u = [], [], []
    for spec in priors["comparisons"]:
        options = {k: v for k, v in spec.items() if k not in ("type", "levels")}
        comp = registry[spec["type"]](**options)
        levels = spec["levels"]
        missing = [lv.label for lv in comp.levels if lv.label not in levels]
        if missing or len(levels) != len(comp.levels):
            raise ValueError(f"priors for {comp.name}: levels {list(levels)} vs code {comp.labels[1:]}")
        comparisons.append(comp)
        m.append([levels[lv.label]["m"] for lv in comp.levels])
        u.append([levels[lv.label]["u"] for lv in comp.levels])
    tf = TermFrequencies()
    for table, spec in priors.get("tf", {}).items():
        if spec.get("from") == "gazetteer":  # every commune's population share
            tf.tables[table] = {k: round(f, 8) for k, f in gazetteer.key_shares().items()}
        else:
            key = _KEYS[table]
            keyed = ((key(str(v)), float(f)) for v, f in spec["values"].items())
            tf.tables[table] = {k: f for k, f in keyed if k}
        tf.minimum[table] = float(spec["minimum"])
    return Model(comparisons, m=m, u=u, prior=priors["prior"], tf=tf, name="skiptrace-default")


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else Path(__file__).parent / "data" / "model.json"
    build(load("model_priors")).save(target)
    target.chmod(0o644)  # a shipped package file: reference data, no personal data
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
