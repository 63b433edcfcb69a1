"""``skiptrace lookup``: one debtor now, found in the store first, failing with a reason.

- ``command``: the lookup end to end, as fast as a cold process allows.
- ``resolve``: which stored debtor the typed options designate (identifiers, then name + city
  scored by the matcher), so that a lookup reuses the file an agency already holds.
- ``holders``: who the phone directory lists for a number, for a lookup by phone alone.
- ``reach``: whether any network source can be reached, and what to do when none can.
- ``prefetch``: the web sources' crawl child, started before the heavy imports.
"""

from __future__ import annotations

from skiptrace.lookup.command import explain_searches, lookup_command

__all__ = ["explain_searches", "lookup_command"]
