"""The debtor profile: evidence graph, confidence, ranked contacts, valued assets, recoverability."""

from __future__ import annotations

from skiptrace.profile.build import build_profile
from skiptrace.profile.params import ProfileParams, default_params
from skiptrace.profile.schema import (
    SCHEMA_VERSION,
    InvalidProfile,
    load_schema,
    validate,
)

__all__ = [
    "SCHEMA_VERSION",
    "InvalidProfile",
    "ProfileParams",
    "build_profile",
    "default_params",
    "load_schema",
    "validate",
]
