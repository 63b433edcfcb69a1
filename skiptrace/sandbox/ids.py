"""Identifiers the generator hands out: opaque record ids and plausible Moroccan numbers.

Every allocator is a keyed bijection over a counter, so values never repeat, look random, and
depend only on the seed and the order of allocation (hence deterministic). Formats follow
shared/DOMAIN.md §0: ICE is 15 digits divisible by 97, CIN 1-2 letters and 6 digits, RC unique
within its tribunal, TF "12345/C", plates "12345-أ-6".
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

RECORD_PREFIX = {
    "company_register": "CR-",
    "phone_directory": "PD-",
    "legal_notices": "LN-",
    "land_registry": "LR-",
    "vehicle_registry": "VR-",
    "geocoder": "",
}
RECORD_SPACE = 10**9  # record ids are 9 digits after their prefix


def subkey(seed: int, *parts: object) -> int:
    """A 64-bit key derived from the seed and a label (stable across Python runs)."""
    text = ":".join(str(p) for p in (seed, *parts))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


class Permutation:
    """A keyed bijection of range(n): a 4-round Feistel network with cycle walking."""

    def __init__(self, n: int, key: int) -> None:
        self.n = n
        bits = max(2, (n - 1).bit_length())
        bits += bits % 2
        self.half = bits // 2
        self.mask = (1 << self.half) - 1
        self.keys = [(key >> (16 * r)) & 0xFFFF | 1 for r in range(4)]

    def _round(self, x: int) -> int:
        left, right = x >> self.half, x & self.mask
        for k in self.keys:
            left, right = right, left ^ (((right * 0x9E3779B1 + k) ^ (right >> 3)) & self.mask)
        return (left << self.half) | right

    def __call__(self, i: int) -> int:
        x = self._round(i)
        while x >= self.n:
            x = self._round(x)
        return x


class Counter:
    """Per-namespace counters feeding per-namespace permutations."""

    def __init__(self, seed: int, label: str, space: int) -> None:
        self.seed, self.label, self.space = seed, label, space
        self.next: dict[str, int] = defaultdict(int)
        self.perms: dict[str, Permutation] = {}

    def take(self, namespace: str = "") -> int:
        perm = self.perms.get(namespace)
        if perm is None:
            perm = self.perms[namespace] = Permutation(self.space, subkey(self.seed, self.label, namespace))
        i = self.next[namespace]
        if i >= self.space:
            raise OverflowError(f"{self.label}/{namespace}: more than {self.space} values")
        self.next[namespace] = i + 1
        return perm(i)


def ice_check(first13: str) -> str:
    """The two control digits that make the 15-digit ICE divisible by 97 (DOMAIN.md §1.2)."""
    return f"{(-int(first13) * 100) % 97:02d}"


class Allocator:
    """All identifier allocators of one world."""

    MOBILE = ["661", "662", "663", "664", "665", "666", "667", "668", "670", "671", "672", "676",
              "677", "678", "650", "651", "652", "655", "600", "601", "610", "611", "641", "700",
              "701", "706", "708", "710", "762", "770", "771", "772"]

    def __init__(self, seed: int) -> None:
        self.records = Counter(seed, "record", RECORD_SPACE)
        self.cin = Counter(seed, "cin", 10**6)
        self.ice = Counter(seed, "ice", 10**9)
        self.if_ = Counter(seed, "if", 9 * 10**7)
        self.rc = Counter(seed, "rc", 9 * 10**5)
        self.phone = Counter(seed, "phone", len(self.MOBILE) * 10**6)
        self.fixed = Counter(seed, "fixed", 10**5)
        self.tf = Counter(seed, "tf", 9 * 10**5)
        self.plate = Counter(seed, "plate", 7 * 99_999)
        self.osm = Counter(seed, "osm", 9 * 10**8)

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

    def fixed_line(self, area: str) -> str:
        """A fixed line in the city's area block, e.g. area "5222" (Casablanca)."""
        return f"+212{area}{self.fixed.take(area):05d}"

    def title_number(self, suffix: str) -> str:
        return f"{10**3 + self.tf.take(suffix)}/{suffix}"

    def plate_number(self, region: int, letters: list[str]) -> str:
        n = self.plate.take(str(region))
        return f"{n % 99_999 + 1}-{letters[n // 99_999]}-{region}"

    def osm_id(self) -> int:
        return 10**8 + self.osm.take()
