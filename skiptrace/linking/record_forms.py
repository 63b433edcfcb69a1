"""The normal forms a record is stored with: every description scoring makes of its parties.

The write side of decision 0033 (normal_forms.py reads them back): the store calls
:func:`record_forms` when it imports or harvests a record, so that every batch meeting the record
as a candidate finds its parties already normalised.
"""

from __future__ import annotations

from skiptrace.linking.normal_forms import forms_text
from skiptrace.linking.parties import record_parties
from skiptrace.linking.scoring import party_descriptions
from skiptrace.model import Record


def record_forms(record: Record) -> str:
    """The stored text of the normal forms of every party of ``record`` under every name it is
    scored as."""
    return forms_text(d for party in record_parties(record) for d in party_descriptions(party))


__all__ = ["record_forms"]
