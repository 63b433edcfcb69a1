"""The bridge between the service's domain objects and the matching library.

``matching`` knows nothing of Debtors or Records; here a Debtor and each Party a record names
become ``matching.Description``s, and the best-scoring party of a record becomes the Match that
the profile is built from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import cache, partial
from importlib import resources
from typing import Any

import yaml
from rapidfuzz.distance import DamerauLevenshtein

from matching import Description, MatchResult, Model, domain, score_many
from matching.addresses import compare_addresses, parse_address
from matching.identifiers import cin as cin_id
from matching.name_lexicon import given_key, is_known_given
from matching.names import canonical_given, parse_person_name
from matching.phones import phone_info
from matching.text import fold
from skiptrace.linking.parties import iso_day, record_parties
from skiptrace.linking.screening import screen, screened_match
from skiptrace.model import Debtor, FieldExplanation, Match, Party, Record

# Parties of another kind than the debtor are not candidates, except a business listing or a
# company named after a self-employed person ("Ets Alaoui"), which the name comparison judges.
_CROSS_KIND_ROLES = frozenset({"listing"})


def debtor_description(debtor: Debtor) -> Description:
    """The debtor as matching sees it; identifiers flagged invalid are never strong evidence."""
    valid = {i.scheme: i for i in debtor.identifiers if i.valid}
    rc = valid.get("rc")
    return Description(
        kind=debtor.kind,
        name=debtor.name,
        first_name=debtor.first_name,
        last_name=debtor.last_name,
        birth_date=debtor.birth_date,
        father_name=debtor.father_name,
        cin=valid["cin"].value if "cin" in valid else None,
        ice=valid["ice"].value if "ice" in valid else None,
        rc=rc.value if rc else None,
        tribunal=rc.tribunal if rc else None,
        if_number=valid["if"].value if "if" in valid else None,
        invalid=frozenset(i.scheme for i in debtor.identifiers if not i.valid),
        city=debtor.city,
        address=debtor.addresses[0] if debtor.addresses else None,
        phones=tuple(debtor.phones),
        legal_form=debtor.legal_form,
    )


def party_descriptions(party: Party) -> list[Description]:
    """The party under each name the record gives it (Latin, Arabic script): what it is scored
    as."""
    first = party_description(party)
    return [first, *(replace(first, name=name) for name in party.other_names)]


def party_description(party: Party) -> Description:
    return Description(
        kind=party.kind,
        name=party.name,
        birth_date=party.birth_date,
        father_name=party.father_name,
        cin=party.cin,
        ice=party.ice,
        rc=party.rc,
        tribunal=party.tribunal,
        city=party.city,
        address=party.address,
        phones=tuple(party.phones),
    )


def is_candidate(debtor: Debtor, party: Party) -> bool:
    return party.kind == debtor.kind or party.role in _CROSS_KIND_ROLES


HOUSEHOLD_CAP = 0.35  # kept as a rejected candidate, below the 0.5 link
#: a namesake's record: a candidate in the review band (config review_low 0.2), below the link;
#: not the household cap, which the review queue reads as "the debtor's or the household's?"
NAMESAKE_CAP = 0.3


def _household_listing(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A person's phone listing under another name ("different", not a spelling nor an initial):
    the number and the door it shares with the debtor are the household's (a father, a brother),
    and both are household evidence, not two independent confirmations of the debtor. The
    debtor's name with one word one keystroke off is not another name (``_slipped``)."""
    if party.role != "listing" or party.kind != "person":
        return False
    levels = _result_levels(result)
    return levels.get("name") == "different" and not _slipped(debtor, party, levels)


#: a listing on the debtor's number under their name with one word mistyped: a link, as the
#: door rules hold one (``_mistyped_name_on_the_number``)
MISTYPED_NAME_ON_THE_NUMBER = 0.6
#: feminine endings of given names (Nabil / Nabila, Karim / Karima, Said / Saida): another name,
#: another member of the household, never a slip, even for a name our table lacks
FEMININE_ENDINGS = ("a", "ah", "ia")
#: shortest word a slip is read in: in a shorter one, one letter makes another name
MISTYPED_WORD_LENGTH = 4


def _mistyped_name_on_the_number(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A person's listing on a number the debtor is known by, under the debtor's name with one
    word one keystroke off (a letter dropped, added, changed or two swapped: "Azizi ohamed" for
    AZIZI Muhammad, "ENNACIRI alika" for ENNACIRI Malika, "HAJJI Dbdelaziz"), every other word
    as the debtor's: the matcher finds no counterpart for the mistyped given name and says
    "different", and the household rule reads the listing as a relative's on the family's
    line (0.004-0.35, issue 12, session 16: development seeds 40961, 12345 and 80036). A
    relative listed on that number writes another given name (Houcine for Bouchra, "J." for
    Brahim), at several keystrokes; one keystroke from the debtor's is a slip, unless it is the
    feminine form (Karim / Karima), which is another person's name."""
    if party.role != "listing" or party.kind != "person" or debtor.kind != "person":
        return False
    levels = _result_levels(result)
    return (levels.get("phones") == "shared" and levels.get("name") == "different"
            and _slipped(debtor, party, levels))


def one_word_mistyped(theirs: str, written: str) -> bool:
    """``written`` is ``theirs`` with one word one keystroke off and every other word as it is
    (a given name also under its canonical spelling: "ohamed" is a slip of Muhammad's Mohamed);
    no word more, none left out."""
    ours, words = fold(theirs).split(), fold(written).split()
    if len(ours) != len(words):
        return False
    left, missing = list(words), []
    for word in ours:
        for form in dict.fromkeys((word, canonical_given(word))):
            if form in left:
                left.remove(form)
                break
        else:
            missing.append(word)
    if len(missing) != 1:
        return False
    (slip,), (word,) = left, missing
    return any(_one_keystroke(slip, form) for form in {word, canonical_given(word)})


def _one_keystroke(a: str, b: str) -> bool:
    """One letter dropped, added, changed, or two neighbours swapped, in words long enough to
    read a slip in, one of them no given name matching's table knows: two known names one
    letter apart are two names of a household (Yassine / Yasmine, Amine / Amina, Jamal /
    Kamal), a word no list holds ("ohamed", "Dbdelaziz", "Lahcan") is a slip."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < MISTYPED_WORD_LENGTH - 1 or len(long_) < MISTYPED_WORD_LENGTH:
        return False
    if any(long_ == short + end for end in FEMININE_ENDINGS):
        return False
    if all(is_known_given(given_key(w)[0]) for w in (a, b)):
        return False
    return DamerauLevenshtein.distance(a, b) == 1


def _family_name_listing(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A person's listing under a family name alone ("El Alaoui") against a company named after
    a family ("Ets El Alaoui"): the denominations compare as equal, but the company's name is
    unique nationally while a family name is shared by thousands (DOMAIN §7.2b), so without the
    company's number or door it is one of the family, not the company (issue 12: unfindable
    company debtors linked this way)."""
    if debtor.kind != "company" or party.kind != "person" or party.role != "listing":
        return False
    if parse_person_name(party.name).given:
        return False  # a given name too: the sole trader the establishment is named after
    levels = _result_levels(result)
    return levels.get("phones") != "shared" and levels.get("address") not in DOOR


SAME_NAME_NAMES = frozenset({"exact", "variant", "nickname", "skeleton", "fuzzy_high", "initial",
                             "extra_given", "weak_variant"})
DOOR = frozenset({"exact", "same_street_number"})


def _same_name_other_line(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A person's listing under the debtor's name, at the debtor's door, on another mobile than
    every mobile the debtor is known by: DOMAIN §7.2b — a son often carries his father's name
    and lives at the same address, and only a birth date, a CIN or context separates them. A
    listing has neither birth date nor CIN; the one context it gives, its number, points to
    someone else (a person keeps one mobile line in a directory). The number is the
    household's, kept as a candidate, not given to the debtor as theirs."""
    if party.role != "listing" or party.kind != "person" or debtor.kind != "person":
        return False
    levels = _result_levels(result)
    if levels.get("phones") != "none_shared" or levels.get("address") not in DOOR:
        return False
    if levels.get("name") not in SAME_NAME_NAMES:
        return False
    return _has_mobile(debtor.phones) and _has_mobile(party.phones)


#: a listing, a title's owner entry or a card under the debtor's family name, the given name
#: written otherwise, at their door
DOOR_LISTING = 0.6
#: the given name written otherwise than in full (DOMAIN §7.2b: directories write "M. Alaoui",
#: "Simo Alaoui", another spelling or one given name of two)
WRITTEN_OTHERWISE = frozenset({"initial", "nickname", "skeleton", "extra_given", "fuzzy_high"})


def _debtor_at_the_door(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A person's listing under the debtor's family name with the given name written otherwise
    (an initial, a nickname, another spelling, one given name of two) at the debtor's own door,
    nothing against it. The model multiplies the two agreements as if independent among
    strangers, but the address's u is set for relatives at one door (model_priors.yml), so a
    name that only a relative at that very door could share is counted twice against the
    debtor: 0.08 for "AZIZI Y." at 11 rue Soumaya, where the one other reading is a relative
    with the same initial living there. Held at a link, below what a full name gives; a
    same-name relative shown by other evidence, another mobile, a CIN or a birth date that
    disagree still take it back down (``_same_name_other_line``, ``household_namesakes``)."""
    return _named_at_the_door(debtor, party, result, "listing", WRITTEN_OTHERWISE)


def _owner_at_the_door(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A title's owner entry or a vehicle card naming the debtor's family name with a given name
    the debtor's could be (in full, a spelling, an initial, a transliteration from the Arabic
    script, one given name of two) at the debtor's own door, no CIN nor birth date against it.
    The same double count as ``_debtor_at_the_door``: the door's u is set for relatives, so the
    model gave 0.02-0.47 to entries that are the debtor's (issue 12, development seed 40961 at
    10^3: half of the own-role titles and cards fetched but not linked — "SAIDI M." for SAIDI
    Mustapha at 119 rue 7, "العربي الداودي" for DAOUDI Larbi). An entry names one holder, so the
    share and the other co-owners of a title change nothing here. Another given name at the
    door (a relative) is "different" and stays below; so does a CIN that is not the debtor's."""
    return _named_at_the_door(debtor, party, result, "owner", SAME_NAME_NAMES)


#: why ``_manager_at_the_door`` held a manager entry at a link (``someone_elses_cin`` reads it)
MANAGER_NOTE = ("a manager under the debtor's family name and a given name theirs could be, at "
                "the debtor's own door, for a debtor whose portfolio row has no CIN; the entry "
                "prints a CIN no other record gives anyone else: the debtor, or a household "
                "member of that name")


def _manager_at_the_door(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A manager the register or a notice names, under the debtor's family name and a given
    name theirs could be (an initial, a spelling, one given name of two), at the debtor's own
    door, for a debtor whose row has no valid CIN, the entry printing one (issue 12, session
    17, decision 0046): a sole trader's register entry "Bennani Z." (AA248352) at n° 143 Bd
    Abdelmoumen for BENNANI Zakaria of that door, a notice's gérant domiciled there. The
    model weighs the name and the door as among strangers of the city, the double count
    ``_owner_at_the_door`` describes (0.02-0.12 on development seeds 40961, 12345 and 80038: 5
    of the debtors' own register entries and 2 notices naming them manager; no one else's
    manager entry at those levels). With a CIN in the row the CINs decide instead. The CIN
    the entry prints is checked against the debtor's other records in the household pass
    (``someone_elses_cin``): a household member who runs a business from home is shown by it."""
    if not party.cin or any(i.scheme == "cin" and i.valid for i in debtor.identifiers):
        return False
    return _named_at_the_door(debtor, party, result, "manager", SAME_NAME_NAMES)


#: an owner entry at the debtor's door under their name whose CIN is one typing error from the
#: portfolio's: the debtor's, the row's CIN mistyped (above the pivot threshold, so that the
#: CIN it prints is searched: linking/cin_pivots.py)
MISTYPED_CIN_AT_THE_DOOR = 0.95


def _mistyped_cin_at_the_door(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A title's owner entry or a vehicle card under a name the debtor's could be (in full, a
    spelling, an initial, the Arabic script), at the debtor's door, printing a CIN one typing
    error from the portfolio's (``one_edit``: a digit wrong, missing, extra or swapped, the
    same letter prefix), no birth date against it. The model counts the near CIN as a weak
    agreement (30 times) and the name and the door as among strangers, and stops at 0.6-0.8
    (issue 12, session 15, development seed 12345: "فاطمة الزهراء العمراني" with AD690772 at
    n° 238 Bd. 2 Mars for EL AMRANI Fatima Zahra, AD690872); another person at the debtor's
    door whose CIN differs from theirs by one keystroke is a coincidence of about one in ten
    thousand per character, while portfolio rows carry such typos. Below the pivot threshold
    the CIN is never searched, and the debtor's other titles and cards under it stay unfound.
    On the development seeds every one_edit owner pair was the debtor's (14 of 14)."""
    if party.role != "owner" or party.kind != "person" or debtor.kind != "person":
        return False
    levels = _result_levels(result)
    # the name may carry its own slip ("LAHLOU Jouchra" for LAHLOU Bouchra, issue 12, session
    # 16, development seed 12345): one word one keystroke off (``one_word_mistyped``)
    named = levels.get("name") in SAME_NAME_NAMES or (
        levels.get("name") == "different" and _slipped(debtor, party, levels))
    return (levels.get("cin") == "one_edit" and named
            and levels.get("address") in DOOR and levels.get("birth_date") != "different")


def _named_at_the_door(debtor: Debtor, party: Party, result: MatchResult, role: str,
                       names: frozenset[str]) -> bool:
    """A person party in ``role`` for a person debtor, its name at one of the ``names`` levels,
    its address at the debtor's door, and neither CIN nor birth date against it: the shape of
    both door rules above, which differ only in the role and the name levels they accept."""
    if party.role != role or party.kind != "person" or debtor.kind != "person":
        return False
    levels = _result_levels(result)
    # the family name alone on one side (a household's line "ZAKI", a row with no given name):
    # at that door, theirs or a household member's, unless the entry's number is another one
    alone = levels.get("name") == FAMILY_NAME_ALONE and levels.get("phones") != "none_shared"
    named = levels.get("name") in names
    at_the_door = levels.get("address") in DOOR or (
        named and role == "owner" and levels.get("address") == "same_street"
        and _street_is_the_door(debtor))
    # a name one keystroke off at the door: an owner entry's slip (decision 0041), never a
    # listing's (decision 0045): the door rule does not lift a listing under the name in full
    # (the model weighs its rarity), and the household's same-name son is who a slipped
    # listing at the door with no number of the debtor's was (development seeds 40961, 12345
    # and 80038: 1 such listing, a son's; every slipped listing of the debtor's was on their
    # number, ``_mistyped_name_on_the_number``)
    slipped = (role == "owner" and levels.get("address") in DOOR
               and _slipped(debtor, party, levels))
    return ((named or alone or slipped)
            and at_the_door and "different" not in (levels.get("cin"), levels.get("birth_date")))


def _slipped(debtor: Debtor, party: Party, levels: dict[str, str]) -> bool:
    """The party's name is the debtor's with one word one keystroke off, which the matcher
    reads as only close ("BOUZIDI Abdellah" for BOUZEDI Abdellah: fuzzy_low) or as another name
    (a given name no table knows: "different"): at the door, the debtor's name mistyped
    (``one_word_mistyped``; issue 12, session 16). Read only for the few pairs at those levels."""
    return (levels.get("name") in SLIP_LEVELS and party.name is not None
            and one_word_mistyped(debtor.name, party.name))


#: the name levels a name one keystroke off the debtor's reaches
SLIP_LEVELS = frozenset({"fuzzy_low", "different"})


def _street_is_the_door(debtor: Debtor) -> bool:
    """The row's address names a street and no house number ("Rue 12, Quartier Hassani",
    "Bd. Ghandi"): the street is all the door the portfolio gives, so an owner entry under the
    debtor's name domiciled on that street is as near the debtor's door as the row can say
    (issue 12, session 14: co-owner entries "Ouazzani M." at n° 190 Rue 12, Qt Hassani for
    WAZZANI Mehdi of "Rue 12, Quartier Hassani"). Only where the entry names a given name the
    debtor's could be: the family name alone on a street is any of the family living there
    (a same-name father's title at "BELHAJ"'s street, development seed 40961)."""
    return bool(debtor.addresses) and not parse_address(debtor.addresses[0]).number


#: one side writes the family name alone (issue 12, session 13: development seeds 40961 and
#: 12345 at 10^3, 10 such entries of the debtor at their door scored 0.0001-0.0007, 2 of others)
FAMILY_NAME_ALONE = "surname_only"


def _family_name_on_the_debtors_number(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A person's listing under the debtor's family name alone on one side, on a number the
    debtor is known by, nothing against it: the debtor's line, or their household's at worst
    (decision 0029). The model's prior against a listing at another address outweighed the
    number (0.09-0.47 on development seeds 40961 and 12345: 5 of the debtors', none of others)."""
    if party.role != "listing" or party.kind != "person" or debtor.kind != "person":
        return False
    levels = _result_levels(result)
    return (levels.get("name") == FAMILY_NAME_ALONE and levels.get("phones") == "shared"
            and "different" not in (levels.get("cin"), levels.get("birth_date")))


def _other_line_elsewhere(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A listing on another number than every number the debtor is known by, at no door of the
    debtor's (the street, the quarter or the city at most): a listing *is* a number, and its one
    fact points to someone else, while the name and the street or city are what a namesake in
    the city shares (issues 12/17: development seed 40961, 10^4 and 10^3, and 12345, 10^3:
    every such link false — 8, 6 and 3 — a same-name father two doors down, "ATLAFRIGEX
    HOLDING GROUP" for "Ste ATLAFRIGEX HOLDING", and debtors in no source). At the debtor's
    door the household rules decide instead (``_same_name_other_line``)."""
    if party.role != "listing":
        return False
    levels = _result_levels(result)
    return levels.get("phones") == "none_shared" and levels.get("address") not in DOOR


def _has_mobile(phones: Iterable[str]) -> bool:
    return any(phone_info(p).line_type == "mobile" for p in phones)


BRAND_LISTING = 0.6  # a link, flagged as a brand: the number is the company's, the name is not


def _brand_listing(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A business listing under another name at the company debtor's own number, in its city:
    companies are listed under a brand or a trade name (docs/reference/DOMAIN.md §7.2b) as often as
    under their denomination; the number is the evidence, the name is not against it."""
    if debtor.kind != "company" or party.role != "listing" or party.kind != "company":
        return False
    levels = _result_levels(result)
    # a row that gives no address: the city is all the place it gives (issue 12, session 16)
    in_its_city = (levels.get("address") not in (None, "different", "different_city")
                   or ("address" not in levels and levels.get("city") == "same"))
    return (levels.get("phones") == "shared" and levels.get("company") == "different"
            and in_its_city)


#: a company party printing the debtor's RC at its court under another denomination
REGISTERED_UNDER_ANOTHER_NAME = 0.6


def _registered_under_another_name(debtor: Debtor, party: Party, result: MatchResult) -> bool:
    """A company the record names with the company debtor's RC number at its court (the
    matcher's ``exact``: the number and the court) under another denomination, no ICE against
    it: the debtor under an old or a new name (issue 12, session 18). An RC number is unique
    within its court (DOMAIN §1.3) and a company's name changes while its registration stays
    (DOMAIN §7.2b: the old denomination in notices and land records, the new one in the
    register). The model weighs the denominations' disagreement against the number and stops
    at 0.41 for a notice that gives nothing else (development seeds 40961, 80036 and 80038 at
    10^3: "MOUNIR ELECTRICITE Sarl, RC n° 458967 - Casablanca" for MOUNIR ORIENT 3000 SARL;
    all 1,029 parties of the five seeds' stored pairs printing a debtor's RC exact under
    another denomination were the debtor's). Held at a link, below the pivot threshold: the
    name is not learned from it."""
    if debtor.kind != "company" or party.kind != "company":
        return False
    levels = _result_levels(result)
    return (levels.get("rc") == "exact" and levels.get("company") == "different"
            and levels.get("ice") != "different")


RENAMED_NOTE = ("the company's registration (its RC number at its court) under another "
                "denomination: the debtor under an old or a new name")


def _held_at(level: float, probability: float, explanation: tuple[FieldExplanation, ...],
             note: str, field: str) -> tuple[float, tuple[FieldExplanation, ...]]:
    """A probability below ``level`` raised to it, with ``note`` on ``field``; else unchanged."""
    if probability >= level:
        return probability, explanation
    return level, noted(explanation, note, field)


def noted(explanation: tuple[FieldExplanation, ...], note: str,
          field: str | None = None) -> tuple[FieldExplanation, ...]:
    """The explanation with ``note`` added to the sentence of ``field`` (of every field when
    None): why a linking rule moved the probability the model gave."""
    return tuple(replace(f, sentence=f"{f.sentence}; {note}") if field in (None, f.field) else f
                 for f in explanation)


def _door_note(result: MatchResult) -> str:
    """Why a listing at the debtor's door was held at a link, in the words of the name it
    writes: the family name alone, or the given name written otherwise (an initial)."""
    if _result_levels(result).get("name") == FAMILY_NAME_ALONE:
        return ("the debtor's family name alone at the debtor's own door, nothing against it: "
                "theirs, or a household member's")
    return ("the debtor's family name, the given name written otherwise, at the debtor's own "
            "door: theirs, or a household member's with the same initial")


def _match(debtor: Debtor, record: Record, party: Party, result: MatchResult) -> Match:
    probability = result.probability
    explanation = tuple(
        FieldExplanation(f.field, f.level, f.weight, f.left, f.right, f.sentence)
        for f in result.fields
    )
    if _debtor_at_the_door(debtor, party, result) and probability < DOOR_LISTING:
        probability = DOOR_LISTING
        explanation = noted(explanation, _door_note(result), "name")
    if _owner_at_the_door(debtor, party, result) and probability < DOOR_LISTING:
        probability = DOOR_LISTING
        where = ("on the street the portfolio gives without a house number" if
                 _result_levels(result).get("address") == "same_street" else "at the debtor's own door")
        explanation = noted(explanation, "the debtor's family name and a given name theirs could "
                            f"be, {where}, nothing against it: the entry names one holder, the "
                            "debtor or a household member of that name", "name")
    if _manager_at_the_door(debtor, party, result) and probability < DOOR_LISTING:
        probability = DOOR_LISTING
        explanation = noted(explanation, MANAGER_NOTE, "name")
    if (_mistyped_cin_at_the_door(debtor, party, result)
            and probability < MISTYPED_CIN_AT_THE_DOOR):
        probability = MISTYPED_CIN_AT_THE_DOOR
        explanation = noted(explanation, "the debtor's name at the debtor's door, with a CIN one "
                            "typing error from the portfolio's: the debtor's own, the row's CIN "
                            "mistyped", "cin")
    if _family_name_on_the_debtors_number(debtor, party, result) and probability < DOOR_LISTING:
        probability = DOOR_LISTING
        explanation = noted(explanation, "the debtor's family name alone on a number the debtor "
                            "is known by: their line, or their household's", "phones")
    if _same_name_other_line(debtor, party, result) and probability > HOUSEHOLD_CAP:
        probability = HOUSEHOLD_CAP
        explanation = noted(explanation, "the debtor's name at the debtor's door on another mobile:"
                            " a same-name member of the household as likely as the debtor", "phones")
    if _brand_listing(debtor, party, result) and probability < BRAND_LISTING:
        probability = BRAND_LISTING
        explanation = noted(explanation, "a business listed at the company's own number in its "
                            "city: its brand or trade name", "company")
    if _registered_under_another_name(debtor, party, result):
        probability, explanation = _held_at(REGISTERED_UNDER_ANOTHER_NAME, probability,
                                            explanation, RENAMED_NOTE, "company")
    if _family_name_listing(debtor, party, result) and probability > HOUSEHOLD_CAP:
        probability = HOUSEHOLD_CAP
        explanation = noted(explanation, "a person listed under the family name the company "
                            "carries, at another door and number: one of the family, not proof "
                            "of the company", "company")
    if _other_line_elsewhere(debtor, party, result) and probability > NAMESAKE_CAP:
        probability = NAMESAKE_CAP
        explanation = noted(explanation, "a listing on another number than the debtor's, at "
                            "none of the debtor's doors: a namesake's line as likely as the "
                            "debtor's", "phones")
    if _mistyped_name_on_the_number(debtor, party, result):
        probability = max(probability, MISTYPED_NAME_ON_THE_NUMBER)
        explanation = noted(explanation, "the debtor's name with one word one keystroke off, on "
                            "a number the debtor is known by: their line, the name mistyped",
                            "name")
    elif _household_listing(debtor, party, result) and probability > HOUSEHOLD_CAP:
        probability = HOUSEHOLD_CAP
        explanation = noted(explanation, "a listing under another person's name at the debtor's "
                            "number or door is the household's, not the debtor's", "name")
    return Match(
        debtor_id=debtor.debtor_id,
        record=record,
        party=party,
        probability=probability,
        match_weight=result.match_weight,
        explanation=explanation,
    )


#: entries that name a person without a number of theirs: a listing, a title's owner, a card's
#: holder — with no CIN in them, a name and a door is all they give (``_owner_at_the_door``)
NAME_AND_DOOR_ROLES = frozenset({"listing", "owner"})


def household_namesakes(matches: list[Match], debtor: Debtor | None = None) -> list[Match]:
    """Issue 14, households: a directory listing (or, since session 11, a title's owner entry or
    a card without a CIN) that matches the debtor only through name and door is as likely a
    same-name relative's when the evidence shows one — any record with a
    same-name person at the debtor's door who is NOT the debtor (another CIN, another birth
    date), or the listing itself dating from before the debtor turned 18 (``listed_since``).
    Such a listing is held at the household cap, its explanation naming what shows the relative.
    It stays a candidate — reachable through the household, never proof of the person (DOMAIN
    §8.2). First, the entries naming the debtor's name in the city for several people share the
    odds (``namesakes_in_the_city``, issues 12/17): the one pass over a debtor's matches."""
    levels_of = [_levels(m) for m in matches]
    given_doors: set[int] = set()  # entries at a door the debtor's records give
    if debtor is not None and debtor.kind == "person":
        matches = namesakes_in_the_city(matches, levels_of)
        row_levels = [levels.get("address") for levels in levels_of]
        matches, levels_of = doors_the_records_give(matches, levels_of)
        given_doors = {k for k, levels in enumerate(levels_of)
                       if row_levels[k] not in DOOR and levels.get("address") in DOOR}
    # a row giving a street and no number: the street is its door for owner entries
    # (``_street_is_the_door``) and for the one listing under the debtor's name on it
    # (``one_listing_at_the_door``), and a same-name person shown on it is shown at that door
    street = debtor is not None and debtor.kind == "person" and _street_is_the_door(debtor)
    doors = DOOR | {"same_street"} if street else DOOR
    lifted = (one_listing_at_the_door(debtor, matches, levels_of, street, given_doors)
              if debtor is not None and debtor.kind == "person" else set())
    matches = [replace(m, probability=DOOR_LISTING, explanation=noted(
                   m.explanation, STREET_NOTE if levels.get("address") == "same_street"
                   else GIVEN_NOTE, "address")) if k in lifted else m
               for k, (m, levels) in enumerate(zip(matches, levels_of, strict=True))]
    matches = someone_elses_cin(matches, levels_of)
    namesakes = [m for m, levels in zip(matches, levels_of, strict=True)
                 if levels.get("name") in SAME_NAME_NAMES and levels.get("address") in doors
                 and "different" in (levels.get("cin"), levels.get("birth_date"))
                 and m.party is not None and m.party.kind == "person"]
    adulthood = _adulthood(debtor)
    if not namesakes and adulthood is None:
        return matches
    out = []
    for k, (m, levels) in enumerate(zip(matches, levels_of, strict=True)):
        name_and_door_only = (
            m.party is not None and m.party.role in NAME_AND_DOOR_ROLES and m.party.kind == "person"
            and levels.get("name") in SAME_NAME_NAMES | {FAMILY_NAME_ALONE}
            and levels.get("address") in (doors if m.party.role == "owner" or k in lifted
                                          else DOOR)
            and levels.get("phones") != "shared" and "cin" not in levels
            and "birth_date" not in levels)
        why = _relative_shown(m, namesakes, adulthood) if name_and_door_only else None
        if why is not None and m.probability > HOUSEHOLD_CAP:
            m = replace(m, probability=HOUSEHOLD_CAP, explanation=noted(m.explanation, why, "name"))
        out.append(m)
    return out


def someone_elses_cin(matches: list[Match], levels_of: list[dict[str, str]]) -> list[Match]:
    """The manager entries ``_manager_at_the_door`` held at a link, taken back to the household
    cap when the CIN they print is shown to be someone else's (decision 0046): another of the
    debtor's records prints it for a person under another given name or with another birth
    date (a CIN is one person's: "Bennani Z." is then BENNANI Zouhair), or an entry at the
    debtor's door under a name theirs could be prints another CIN (two members of the
    household, DOMAIN §7.2b: nothing says which is the debtor)."""
    held = [k for k, m in enumerate(matches)
            if any(MANAGER_NOTE in f.sentence for f in m.explanation if f.field == "name")]
    # the debtor has no CIN (the rule's condition): no pair compares one, so the levels say
    # nothing of it, and the CINs the records print are compared here, among themselves
    if not held:
        return matches
    printed = {k: cin_id.normalize(p.cin) for k in held
               if (p := matches[k].party) is not None and p.cin}
    others: set[str | None] = set()  # CINs printed for another person
    at_the_door: set[str | None] = set()  # CINs printed at the door under a name theirs could be
    for m, levels in zip(matches, levels_of, strict=True):
        if m.party is None or m.party.kind != "person" or not m.party.cin:
            continue
        if "different" in (levels.get("name"), levels.get("birth_date")):
            others.add(cin_id.normalize(m.party.cin))
        elif (levels.get("name") in SAME_NAME_NAMES | {FAMILY_NAME_ALONE}
              and levels.get("address") in DOOR):
            at_the_door.add(cin_id.normalize(m.party.cin))
    out = list(matches)
    for k, cin in printed.items():
        two = bool(at_the_door - {cin})
        if (two or cin in others) and out[k].probability > HOUSEHOLD_CAP:
            why = ("the manager entries at the debtor's door print two CINs: two members of the "
                   "household, nothing says which is the debtor" if two else
                   "another record prints this CIN for a person of another name or birth date: "
                   "a household member's entry, not the debtor's")
            out[k] = replace(out[k], probability=HOUSEHOLD_CAP,
                             explanation=noted(out[k].explanation, why, "name"))
    return out


#: why ``one_listing_at_the_door`` held a listing at a link
STREET_NOTE = ("the debtor's name on the street the portfolio gives without a house number, "
               "the only listing there under a name theirs could be")
GIVEN_NOTE = ("the debtor's name at the door a record found through their CIN gives, the only "
              "listing there under a name theirs could be")
#: the name levels a listing at such a door is held at a link for: not an initial (any of the
#: household with that initial) nor a related but distinct name (M'hamed for Mohamed, DOMAIN
#: §7.2: a father and son); both stay at the row's own door only (``_debtor_at_the_door``)
ONE_LISTING_NAMES = SAME_NAME_NAMES - {"initial", "weak_variant"}


def one_listing_at_the_door(debtor: Debtor, matches: list[Match], levels_of: list[dict[str, str]],
                            street: bool, given_doors: set[int]) -> set[int]:
    """Issue 12, session 16 (decision 0040): a directory listing at a door of the debtor's that
    the row does not give as such — the street of a row whose address stops there (decision
    0031 gave it to owner entries), or the door a card or title found through the debtor's
    CIN writes (decision 0034 gave it to owner entries) — is held at a link when it is the one
    listing at the debtor's doors under a name theirs could be. It writes the debtor's family
    name and a given name theirs could be (in full, a spelling, a nickname, one given name of
    two; never a given name more than the row gives: a son named after his father and
    another), nothing against it (no other mobile than the debtor's). The model reads such a
    door as a namesake shares the street or the city and gave 0.0001-0.05 ("ZAKKI Adil" at
    n° 45 rue Ibn Sina for ZAKI Adil of "rue Ibn Sina, Quartier Biada"). A household lists its
    members at one door, so when a second listing there names someone the debtor could be (a
    same-name son, "EL AMRANI Ismail" beside "EL AMRANI Ismayl Moustapha"), nothing says which
    is theirs and neither is lifted; the household rule then reads the door as the row's (a
    same-name person with another CIN or birth date shown there takes it back to 0.35).
    Two listings sharing a number are one subscriber's (a move, a second line): one listing.
    Returns the indices of the listings to hold at a link."""
    theirs = parse_person_name(debtor.name)
    given = len(theirs.given) + len(theirs.initials)
    if not given:
        return set()  # the family name alone: any of the family living there
    doors = DOOR | {"same_street"} if street else DOOR
    named = [k for k, (m, levels) in enumerate(zip(matches, levels_of, strict=True))
             if m.party is not None and m.party.role == "listing" and m.party.kind == "person"
             and levels.get("address") in doors
             and levels.get("name") in SAME_NAME_NAMES | {FAMILY_NAME_ALONE}]
    if len(_subscribers(matches[k] for k in named)) != 1:
        return set()
    out = set()
    for k in named:
        m, levels = matches[k], levels_of[k]
        at_such_a_door = (street and levels.get("address") == "same_street") or k in given_doors
        if (at_such_a_door and m.party is not None and levels.get("name") in ONE_LISTING_NAMES
                and levels.get("phones") != "none_shared" and m.probability < DOOR_LISTING
                and 0 < _given_count(m.party.name, len(theirs.surname)) <= given):
            out.add(k)
    return out


def _subscribers(listings: Iterable[Match]) -> list[set[str]]:
    """The listings' subscribers: two listings that share a number are one subscriber's."""
    out: list[set[str]] = []
    for m in listings:
        numbers = {phone_info(p).e164 or p for p in (m.party.phones if m.party else ())}
        joined = [s for s in out if s & numbers]
        out = [s for s in out if not s & numbers] + [numbers.union(*joined)]
    return out


def _given_count(name: str | None, surname_words: int) -> int:
    """How many given names (or initials) a person's name writes beside the family name. A
    given name the parser does not know it reads as part of the family name ("Khaldi Maliqa":
    family khaldi maliqa): what the family name has beyond the debtor's ``surname_words`` is
    counted as given names."""
    parsed = parse_person_name(name or "")
    return (len(parsed.given) + len(parsed.initials)
            + max(0, len(parsed.surname) - surname_words))


#: a match this probable with the CIN exact is the debtor's own entry: its address is a door
#: of theirs (``doors_the_records_give``)
SURE_THROUGH_THE_CIN = 0.99


def doors_the_records_give(matches: list[Match], levels_of: list[dict[str, str]]
                           ) -> tuple[list[Match], list[dict[str, str]]]:
    """Issue 12, session 14: the debtor's doors are also those their own records give. A
    portfolio row keeps an old address, while a vehicle card or a title the CIN found (the CIN
    exact, the match at 0.99 or more) writes where the debtor lives now. An entry at such a
    door is read as at the debtor's door ("exact" in the levels the household rules read next,
    so that a same-name person with another CIN shown there still takes it down), and an owner
    entry under the debtor's name, a given name theirs could be and nothing against it, is
    held at a link as ``_owner_at_the_door`` holds one at the row's door: "ZAKKI Abdeslem" at
    No 111 Bd 2 Mars, where ZAKI Abdeslam's card by CIN lives, scored 0.0006 against a row
    giving his old residence (development seeds 40961 and 12345 at 10^3: 6 co-owner entries
    of the debtors', 1 of a same-name father at the debtor's door). Listings keep their
    rules: the directory's household lines at such doors were 29 the debtor's for 22 others'."""
    sure = [(m, m.party.address) for m, levels in zip(matches, levels_of, strict=True)
            if m.probability >= SURE_THROUGH_THE_CIN and levels.get("cin") == "exact"
            and m.party is not None and m.party.kind == "person" and m.party.address]
    if not sure:
        return matches, levels_of
    out: list[Match] = []
    out_levels: list[dict[str, str]] = []
    for m, levels in zip(matches, levels_of, strict=True):
        party = m.party
        given = None
        if (party is not None and party.kind == "person" and party.address
                and levels.get("address") not in DOOR):
            given = next((s for s, address in sure if s is not m and compare_addresses(
                address, party.address).level in DOOR), None)
        if given is not None and party is not None:
            levels = {**levels, "address": "exact"}
            if (party.role == "owner" and levels.get("name") in SAME_NAME_NAMES
                    and "different" not in (levels.get("cin"), levels.get("birth_date"))
                    and m.probability < DOOR_LISTING):
                m = replace(m, probability=DOOR_LISTING, explanation=noted(
                    m.explanation, "the debtor's family name and a given name theirs could be, "
                    f"at the door {given.record.source} {given.record.record_id} gives the "
                    "debtor (their CIN), nothing against it: the debtor or a household member "
                    "of that name", "name"))
        out.append(m)
        out_levels.append(levels)
    return out, out_levels


#: the fields a namesake shares with the debtor: the name, and the place where both live
PLACE_FIELDS = frozenset({"name", "city", "address"})


def carried_by_name(match: Match, levels: dict[str, str]) -> bool:
    """A person party under the debtor's name (or a spelling of it) for which nothing but the
    name and the place agrees: no identifier, birth date, father nor number, not at the
    debtor's door (a door is the household rules' to judge)."""
    return (match.party is not None and match.party.kind == "person"
            and levels.get("name") in SAME_NAME_NAMES and levels.get("address") not in DOOR
            and all(f.weight <= 0 for f in match.explanation if f.field not in PLACE_FIELDS))


def namesakes_in_the_city(matches: list[Match], levels_of: list[dict[str, str]]) -> list[Match]:
    """Issues 12/17, namesakes at scale: entries of one source naming the debtor's name in the
    same city, each carried by the name and the place alone. The model scores each as if it
    were the only one, the way a name is weighed in a small world; but a name search in a city
    returns every namesake the source holds there — the name's term frequency in the store
    searched, observed — and at most one of them is the debtor (a person is one holder; two
    entries under one CIN are one person and count once). So, as in a one-to-one assignment,
    each keeps the share of the odds the model gave it, odds / (1 + the group's odds): alone,
    a candidate keeps its score; beside namesakes, none is a link on its name alone. An entry
    without a CIN counts as its own holder: nothing says two of them are one person's. On
    development seed 40961, 1,000 debtors of its 10^5 world on local data, the land registry's
    links carried by name and place were 2 true and 40 false or of debtors in no source (28 of
    those with six namesakes or more in the city): land false links 23 → 15, debtors in no
    source with a link 5 → 3 of 116, no true link lost (benchmarks/results/namesakes_session12.md).
    Namesakes the search never returned (a name too common: "more than 50") are not counted."""
    groups: dict[tuple[str, str | None, str | None, str | None],
                 list[tuple[int, str]]] = defaultdict(list)
    for k, (m, levels) in enumerate(zip(matches, levels_of, strict=True)):
        party = m.party
        if party is not None and m.probability > 0.0 and carried_by_name(m, levels):
            given, surname = domain.name_parts(party.name, "person", None, None)
            city = domain.city(party.city) if party.city else None
            holder = party.cin or m.record.key  # an entry without a CIN: its own holder
            groups[(m.record.source, given, surname, city)].append((k, holder))
    out = list(matches)
    for members in groups.values():
        people = {holder for _, holder in members}
        if len(people) < 2:
            continue
        odds = [_odds(matches[k].probability) for k, _ in members]
        total = sum(odds)
        for (k, _), o in zip(members, odds, strict=True):
            share = o / (1.0 + total)
            if share < out[k].probability:
                out[k] = replace(out[k], probability=share, explanation=noted(
                    out[k].explanation, f"{len(people)} entries of this source name the debtor's "
                    "name in this city and nothing but the name and the place agrees: at most one "
                    "is the debtor's, each keeps its share of the odds", "name"))
    return out


def _odds(probability: float) -> float:
    p = min(probability, 1.0 - 1e-9)
    return p / (1.0 - p)


def _adulthood(debtor: Debtor | None) -> date | None:
    """The debtor's 18th birthday (the 28th of February for one born on the 29th)."""
    born = debtor.birth_date if debtor is not None else None
    if born is None:
        return None
    return date(born.year + 18, born.month, 28 if (born.month, born.day) == (2, 29) else born.day)


def _relative_shown(m: Match, namesakes: list[Match], adulthood: date | None) -> str | None:
    """Why this name-and-door listing may be a relative's, or None."""
    since = iso_day(m.record.fields.get("listed_since"))
    if adulthood is not None and since is not None and since < adulthood:
        return (f"the listing dates from {since.isoformat()}, before the debtor turned 18 "
                f"({adulthood.isoformat()}): a same-name member of the household's, as likely")
    if namesakes:
        shown = namesakes[0].record
        return (f"{shown.source} {shown.record_id} shows a same-name person at this door "
                "who is not the debtor: the listing is the household's as likely as the debtor's")
    return None


def _levels(match: Match) -> dict[str, str]:
    return {f.field: f.level for f in match.explanation}


def _result_levels(result: MatchResult) -> dict[str, str]:
    """Field → comparison level of a scored pair (what the listing rules read)."""
    return {f.field: f.level for f in result.fields}


@cache
def _geocoding() -> dict[str, Any]:
    """skiptrace/data/geocoding.yml: the probability a geocoder answer is the address asked for,
    per address level (not the matcher's similarity scores)."""
    text = resources.files("skiptrace").joinpath("data", "geocoding.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


STREET_ONLY_FACTOR = float(_geocoding()["street_only_factor"])  # 0.7 × 0.5 = 0.35: a candidate
SECOND_PLACE_FACTOR = float(_geocoding()["second_place_factor"])  # 1.0 × 0.3: a candidate
CORROBORATING_MATCH = float(_geocoding()["corroborating_match"])  # another source's link


def geocode_match(debtor: Debtor, record: Record) -> Match:
    """A geocoder answer is evidence about the address it was asked for: as likely to be that
    address as the two texts agree (a geocoder returns near misses too)."""
    fields = record.fields
    asked = fields.get("query")
    parts = (fields.get(k) for k in ("house_number", "road", "suburb", "city", "postcode"))
    found = ", ".join(str(p) for p in parts if p) or fields.get("display_name")
    result = compare_addresses(asked, found)
    probability = float(_geocoding()["probability"].get(result.level, 0.0))
    sentence = f"the geocoder's answer and the address asked for compare as {result.level}"
    if result.level == "same_street" and not parse_address(asked).number:
        # asked with no house number, the geocoder names *a* house on that street: the street
        # is right, the door is a guess (issue 12: most false geocoder links were these)
        probability *= STREET_ONLY_FACTOR
        sentence += "; the address asked for has no house number, so the house is not confirmed"
    explanation = FieldExplanation("address", result.level, 0.0, asked, found, sentence)
    return Match(debtor.debtor_id, record, None, probability=probability,
                 explanation=(explanation,))


def match_records(
    debtor: Debtor, records: Iterable[Record], model: Model | None = None
) -> list[Match]:
    """Every record that names a candidate party, with its best party's score.

    All candidates are scored against the debtor in one vectorised pass; records naming no
    party (geocoder answers about the debtor's addresses) are scored by how well the answer fits
    the address asked for.
    """
    out: list[Match] = []
    candidates: list[tuple[Record, Party]] = []
    described: list[Description] = []
    for record in records:
        if record.kind == "address":
            out.append(geocode_match(debtor, record))
            continue
        for party in record_parties(record):
            if not is_candidate(debtor, party):
                continue
            # the party under each name the record gives it (Latin, Arabic script): the record
            # names one person, so the better comparison is the evidence, not both
            named = party_descriptions(party)
            described += named
            candidates += [(record, party)] * len(named)
    described_debtor = debtor_description(debtor)
    # parties whose name shares nothing with the debtor's and that nothing else could make the
    # debtor's are not scored in full (linking/screening.py, decision 0049); every rule that
    # lifts a name the matcher calls different must be among what ``_may_be_lifted`` keeps
    bounds = screen(debtor, described_debtor, described, partial(_may_be_lifted, debtor), model)
    results = iter(score_many(described_debtor, [d for d, b in zip(described, bounds, strict=True)
                                                 if b is None], model))
    scored = {id(record) for (record, _), b in zip(candidates, bounds, strict=True) if b is None}
    best: dict[int, Match] = {}
    for (record, party), bound in zip(candidates, bounds, strict=True):
        # the record's party is the one most probable once the rules have spoken: an owner
        # the door rule holds at a link beats a co-owner the model scored higher across the
        # city (issue 12, session 14), so the comparison is between matches, never between a
        # raw score and a ruled one
        if bound is None:
            match = _match(debtor, record, party, next(results))
        elif id(record) in scored or id(record) in best:
            continue
        else:
            match = screened_match(debtor, record, party, bound)
        kept = best.get(id(record))
        if kept is None or match.probability > kept.probability:
            best[id(record)] = match
    return out + list(best.values())


def _may_be_lifted(debtor: Debtor, described: Description) -> bool:
    """A party a linking rule may hold at a link although the matcher calls its name
    different: the debtor's name with one word one keystroke off (``_slipped``, read by the
    door rules and ``_mistyped_name_on_the_number``). Screening scores it in full."""
    return bool(described.name) and one_word_mistyped(debtor.name, described.name)


def best_per_record(matches: Iterable[Match]) -> list[Match]:
    """One match per record (a record reached twice: by two searches, or geocoded twice), the
    most probable, ties broken by URL so that reruns keep the same one."""
    best: dict[str, Match] = {}
    for match in matches:
        key = match.record.key
        kept = best.get(key)
        if kept is None or _rank(match) < _rank(kept):
            best[key] = match
    return [best[key] for key in sorted(best)]


def _rank(match: Match) -> tuple[float, str]:
    return (-match.probability, match.record.provenance.url or "")
