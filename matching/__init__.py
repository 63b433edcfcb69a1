"""matching: normalize, block and score descriptions of people and companies (docs/matching-api.md).

The public surface is what this module exports; everything else in ``matching`` is internal.
``matching`` never imports skiptrace.
"""

from __future__ import annotations

from matching.api import MatchResult, default_model, score, score_many
from matching.blocking import Blocking
from matching.description import Description
from matching.explain import FieldResult
from matching.link import Links, ScoredPair, dedupe, link
from matching.model import Model
from matching.text import fold

__all__ = [
    "Blocking",
    "Description",
    "FieldResult",
    "Links",
    "MatchResult",
    "Model",
    "ScoredPair",
    "dedupe",
    "default_model",
    "fold",
    "link",
    "score",
    "score_many",
]
