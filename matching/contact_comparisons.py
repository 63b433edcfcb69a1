"""Where someone lives or answers: city, address, phones.

City and address are not independent (same address means same city): the city comparison stays
silent (null) when both sides have an address, because the address ladder already ends in
"same_city" / "different_city". Counting both would double the evidence of one fact. A shared
address is household evidence as much as personal evidence (a son lives at his father's address),
which the default model's u for address agreement reflects.
"""

from __future__ import annotations

from matching import domain
from matching.description import Features
from matching.feature_comparison import FeatureComparison
from matching.levels import LevelDef, Pairs


class City(FeatureComparison):
    """Canonical cities (Casa = Casablanca = الدار البيضاء), when addresses do not say more."""

    type_name = "city"

    def __init__(self, name: str = "city") -> None:
        super().__init__(name, [
            LevelDef("same", "the cities are the same once variants are folded", tf=True),
            LevelDef("different", "the cities differ"),
        ])

    def level(self, a: Features, b: Features) -> int:
        if not a.city or not b.city or (a.address and b.address):
            return 0
        return self.index["same" if a.city == b.city else "different"]

    def tf_keys(self, prepared: list[Features], index: Pairs) -> dict[str, list[str | None]]:
        return {"city": [prepared[k].city for k in index.tolist()]}


class Address(FeatureComparison):
    """Postal addresses parsed into parts, levels from ``matching.addresses.compare_addresses``."""

    type_name = "address"
    LADDER = (
        ("exact", "the addresses are the same"),
        ("same_street_number", "the addresses share street and number"),
        ("same_street", "the addresses share the street"),
        ("same_street_other_number", "the addresses share the street, not the house number"),
        ("same_quarter", "the addresses share the quarter (hay, quartier, derb, douar)"),
        ("same_city_company", "the two companies' seats are in the same city (seats move)"),
        ("same_city", "the addresses are in the same city only"),
        ("different_city", "the addresses are in different cities"),
    )

    def __init__(self, name: str = "address") -> None:
        super().__init__(name, [LevelDef(label, text) for label, text in self.LADDER])

    def level(self, a: Features, b: Features) -> int:
        if not a.address or not b.address:
            return 0
        label, _ = domain.compare_address(a.address, b.address)
        if label == "same_city" and a.kind == b.kind == "company":
            # a company's seat in a notice or a register and the portfolio's address: another
            # street of the same city is a move or an operating address more often than for
            # people, whose same-city-only addresses are mostly relatives and homonyms
            label = "same_city_company"
        return self.index.get(label, 0)  # "unknown": the parts cannot be compared


class Phones(FeatureComparison):
    """Phone numbers in E.164: any number in common, or none."""

    type_name = "phones"

    def __init__(self, name: str = "phones") -> None:
        super().__init__(name, [
            LevelDef("shared", "the two share a phone number"),
            LevelDef("none_shared", "the two have phone numbers but none in common"),
        ])

    def level(self, a: Features, b: Features) -> int:
        if not a.phones or not b.phones:
            return 0
        return self.index["shared" if a.phones & b.phones else "none_shared"]

    def display(self, prepared: list[Features], index: int) -> str | None:
        phones = prepared[index].phones
        return ", ".join(sorted(phones)) or None
