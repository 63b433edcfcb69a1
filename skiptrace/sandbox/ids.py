"""Identifiers the generator hands out: opaque record ids and plausible Moroccan numbers.

Every allocator is a keyed bijection over a counter, so values never repeat, look random, and
depend only on the seed and the order of allocation (hence deterministic). Formats follow
shared/DOMAIN.md §0: ICE is 15 digits divisible by 97, CIN 1-2 letters and 6 digits, RC unique
within its tribunal, TF "12345/C", plates "12345-أ-6".
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from skiptrace.sandbox.denominations import Denominations

RECORD_PREFIX = {
    "company_register": "CR-",
    "phone_directory": "PD-",
    "legal_notices": "LN-",
    "land_registry": "LR-",
    "vehicle_registry": "VR-",
    "geocoder": "",  # records.place() turns it into a ten-digit numeric place_id
}
RECORD_SPACE = 10**9  # record ids are 9 digits after their prefix


def subkey(seed: int, *parts: object) -> int:
    """A 64-bit key derived from the seed and a label (stable across Python runs)."""
    text = ":".join(str(p) for p in (seed, *parts))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


class Permutation:
    """A keyed bijection of range(n): odd multiplies and xor-shifts on a power-of-two domain
    (each step is invertible), cycle-walked back into range. Cheap and well mixed."""

    def __init__(self, n: int, key: int) -> None:
        self.n = n
        self.bits = max(4, (n - 1).bit_length())
        self.mask = (1 << self.bits) - 1
        self.mul1 = (key & self.mask) | 1
        self.add1 = (key >> 13) & self.mask
        self.mul2 = ((key >> 29) & self.mask) | 1
        self.add2 = (key >> 41) & self.mask
        self.shift = self.bits // 2 + 1

    def _mix(self, x: int) -> int:
        mask, shift = self.mask, self.shift
        x = (x * self.mul1 + self.add1) & mask
        x ^= x >> shift
        x = (x * self.mul2 + self.add2) & mask
        x ^= x >> shift
        return (x * self.mul1) & mask

    def __call__(self, i: int) -> int:
        x = self._mix(i)
        while x >= self.n:
            x = self._mix(x)
        return x


class Counter:
    """Per-namespace counters feeding per-namespace permutations.

    A world is generated in ``lanes`` independent lanes (debtor i in lane i % lanes) so that
    lanes can run in parallel: lane l takes the counter values l, l + lanes, l + 2*lanes... of
    each namespace, hence values never collide across lanes and do not depend on scheduling.
    """

    def __init__(self, seed: int, label: str, space: int, lane: int = 0, lanes: int = 1) -> None:
        self.seed, self.label, self.space = seed, label, space
        self.lane, self.lanes = lane, lanes
        self.next: dict[str, int] = defaultdict(int)
        self.perms: dict[str, Permutation] = {}

    def take(self, namespace: str = "") -> int:
        perm = self.perms.get(namespace)
        if perm is None:
            perm = self.perms[namespace] = Permutation(self.space, subkey(self.seed, self.label, namespace))
        local = self.next[namespace]
        i = local * self.lanes + self.lane
        if i >= self.space:
            raise OverflowError(f"{self.label}/{namespace}: more than {self.space} values")
        self.next[namespace] = local + 1
        return perm(i)


def ice_check(first13: str) -> str:
    """The two control digits that make the 15-digit ICE divisible by 97 (DOMAIN.md §1.2)."""
    return f"{(-int(first13) * 100) % 97:02d}"


class Allocator:
    """All identifier allocators of one world."""

    MOBILE = ["661", "662", "663", "664", "665", "666", "667", "668", "670", "671", "672", "676",
              "677", "678", "650", "651", "652", "655", "600", "601", "610", "611", "641", "700",
              "701", "706", "708", "710", "762", "770", "771", "772"]

    def __init__(self, seed: int, lane: int = 0, lanes: int = 1) -> None:
        def counter(label: str, space: int) -> Counter:
            return Counter(seed, label, space, lane, lanes)

        self.records = counter("record", RECORD_SPACE)
        self.cin = counter("cin", 10**6)
        self.ice = counter("ice", 10**9)
        self.if_ = counter("if", 9 * 10**7)
        self.rc = counter("rc", 9 * 10**5)
        self.phone = counter("phone", len(self.MOBILE) * 10**6)
        self.fixed = counter("fixed", 10**6)
        self.tf = counter("tf", 9 * 10**5)
        self.plate = counter("plate", 7 * 99_999)
        self.osm = counter("osm", 9 * 10**8)
        self.names = Denominations(lane, lanes)

    def record_id(self, source: str) -> tuple[int, str]:
        n = self.records.take(source)
        return n, f"{RECORD_PREFIX[source]}{n:09d}"

    def cin_for(self, prefix: str) -> str:
        return f"{prefix}{self.cin.take(prefix):06d}"

    def ice_number(self, establishment: str = "0000") -> str:
        first13 = f"{self.ice.take():09d}{establishment}"
        return first13 + ice_check(first13)

    def if_number(self) -> str:
        return str(10**7 + self.if_.take())

    def rc_number(self, tribunal: str) -> str:
        return str(10**4 + self.rc.take(tribunal))

    def mobile(self) -> str:
        n = self.phone.take()
        return f"+212{self.MOBILE[n // 10**6]}{n % 10**6:06d}"

    def fixed_line(self, blocks: list[str]) -> str:
        """A fixed line in one of the city's 4-digit blocks, e.g. "5222" (Casablanca)."""
        n = self.fixed.take(blocks[0]) % (len(blocks) * 10**5)
        return f"+212{blocks[n // 10**5]}{n % 10**5:05d}"

    def title_number(self, suffix: str) -> str:
        return f"{10**3 + self.tf.take(suffix)}/{suffix}"

    def plate_number(self, region: int, letters: list[str]) -> str:
        n = self.plate.take(str(region))
        return f"{n % 99_999 + 1}-{letters[n // 99_999]}-{region}"

    def osm_id(self) -> int:
        return 10**8 + self.osm.take()
