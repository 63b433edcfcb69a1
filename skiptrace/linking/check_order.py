"""Which companies a person debtor's register checks go to first: the notice that names the
debtor most specifically (issue 13, decision 0032).

A check (``pivots.VERIFY_FLOOR``, at most ``pivots.MAX_VERIFY`` a debtor) sends the company of a
notice naming someone like the debtor as manager or partner, too weakly to link, to the
register, whose entry lists each partner with their CIN. Scoring's probability is a poor guide
to which notice to check: at 10^4 debtors a common name's notices name namesakes in many
companies, and on development seed 40961 (first 1,000 debtors of the 10^4 world) the two checks
of three debtors went to companies whose notice printed **another CIN** for the person like the
debtor ("LAMRANI Brahime, titulaire de la CIN n° BH…" against a portfolio's BL…, p 0.0076), or
named them by an **initial** only ("EL BOUZIDI H."), while the debtor's own notice ("ELALAOUI
Rachid : 529 parts", "Houcine Bouzidi : 60 parts") waited behind them.

So each candidate gets a rank from what the notice itself says of the person (lower first):

- ``GIVEN`` (0): their given name is one of the debtor's, as written or as another hand writes
  it (same variant key, or Jaro-Winkler ≥ ``notice_spellings.GIVEN_ALIKE``), or the notice
  prints the debtor's CIN (or one character from it) for them, whatever their given name
  reads (seed 80037 at 10^4: "gérée par M. Mustapva EL KHATTABI, titulaire de la CIN n°" the
  debtor's, p 0.12, waited behind "El Khattabi M." at 0.0003);
- ``INITIAL`` (1): an initial that is the debtor's, or no given name at all;
- ``OTHER_GIVEN`` (2): only other given names (a namesake's brother), or a civility of the
  other sex than the debtor's given names (``given_gender``, decision 0052: "Mme M. Lahlu"
  for LAHLOU Muhammad, a man, tied with his "M. M. Lahlou" at the court of his region on
  development seed 80037 at 10^4); at another court than the debtor's city's, such a check,
  like one of ``OTHER_CIN``, is not made (session 16);
- ``OTHER_CIN`` (``pivots.OTHER_CIN``, 3): the candidate prints a valid CIN that is neither
  the debtor's nor one character from it (``cin_pivots.one_character_off``), or the notice
  names them again with one (the debtor's family name or one written like it, a given name or
  initial of the candidate's: the manager listed again among the partners, "GUESSOUS M. :
  1000 parts" and "gérant M. GUESSOUS Mohamed, titulaire de la CIN n° CD…"): the register
  entry would print that CIN too. Ranked last, never dropped: two people alike in one notice
  (a father and son) happen.

The rank orders the checks (``pivots.pivot_keys``: a contradicted one last, then the court of
the debtor's city, then the rank, then the score), and a round that is not the last makes a
check not ranked ``GIVEN`` only while one stays for the last round after it
(``pivots._within_cap``): a notice the first round's spellings fetch ("Houcine Bouzidi",
p 0.097) is then not shut out by the initials the debtor's own searches found first, and a
debtor's company named by an initial at their court is still checked early enough for its
titles and cards to be searched (development seed 40961 at 10^4: "H. KETTANI : 149 parts",
whose company's two vehicles a check deferred to the last round lost). The entry's CIN still
decides the link.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import JaroWinkler, Levenshtein

from matching.identifiers import cin as cin_id
from matching.names import parse_person_name, strip_article
from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.cin_pivots import one_character_off
from skiptrace.linking.given_gender import person_gender
from skiptrace.linking.notice_spellings import glued, same_given
from skiptrace.linking.parties import record_parties
from skiptrace.linking.pivots import OTHER_CIN, OTHER_GIVEN
from skiptrace.model import Party, Record
from spiders.notices_people import civility_of
from spiders.querying import without_particle

GIVEN, INITIAL = range(2)  # below pivots.OTHER_GIVEN (2), then pivots.OTHER_CIN (3)
#: a family name written otherwise by another hand (LEMRANI / LAMRANI, ELALAOUI / EL ALAOUI
#: once glued) is this close to the debtor's by Jaro-Winkler (benchmarks/pivot_misses.py
#: ``SPELLING``)
FAMILY_ALIKE = 0.9

Rank = Callable[[Record, Party], int]


def check_rank(query: DebtorQuery) -> Rank | None:
    """For a person debtor with a valid CIN, a family name and a given name: the rank of a
    check candidate (a notice and the party in it like the debtor); None otherwise (every
    candidate then ranks alike, by court and score as before)."""
    if query.kind != "person" or not query.cin or not query.last_name or not query.names:
        return None
    own_cin = cin_id.normalize(query.cin) or ""
    family = glued(strip_article(without_particle(query.last_name)))
    family_tokens = set(parse_person_name(query.last_name).tokens)
    given = [t for t in parse_person_name(query.names[0]).tokens if t not in family_tokens]
    if not own_cin or not family or not given:
        return None
    initials = {g[0] for g in given}
    sex = person_gender(query.names[0], query.last_name)

    def family_alike(word: str, *, glued_pair: bool = False) -> bool:
        written = glued(strip_article(word))
        if glued_pair:  # Jaro-Winkler rewards a shared start: ELALAOUI+RACHID is not ALAOUI
            return Levenshtein.normalized_similarity(written, family) >= FAMILY_ALIKE
        return JaroWinkler.similarity(written, family) >= FAMILY_ALIKE

    def split(name: str) -> tuple[bool, list[str], set[str]]:
        """Whether the name carries the debtor's family name (a word, or two glued: "AIT
        OUAHMANE"), its other words (given names: "Brahime Lamrani" is written given name
        first, and matching's lexicon may not know Brahime), and its initials."""
        parsed = parse_person_name(name)
        words = list(parsed.tokens)
        pairs = {i for i in range(len(words) - 1) if family_alike(words[i] + words[i + 1],
                                                                  glued_pair=True)}
        ours = {i for i, w in enumerate(words) if family_alike(w)}
        ours |= pairs | {i + 1 for i in pairs}
        return bool(ours), [w for i, w in enumerate(words) if i not in ours], {
            i[0] for i in parsed.initials}

    def level(name: str, names: list[str], letters: set[str]) -> int:
        """How the given names written in ``name`` compare with ``names`` and ``letters``
        (initials): one alike (GIVEN); an initial among them, or nothing to compare (INITIAL);
        others only (OTHER_GIVEN)."""
        _family, others, written = split(name)
        if any(same_given(a, b) for a in names for b in others):
            return GIVEN
        if others and names:
            return OTHER_GIVEN
        if others:  # against initials only: "Mohamed" may be "M."
            return INITIAL if not letters or {o[0] for o in others} & letters else OTHER_GIVEN
        return INITIAL if not written or not letters or written & letters else OTHER_GIVEN

    def other_cin(party: Party) -> bool:
        cin = cin_id.normalize(party.cin) if party.cin and cin_id.is_valid(party.cin) else None
        return cin is not None and cin != own_cin and not one_character_off(cin, own_cin)

    def same_person(person: Party, party: Party) -> bool:
        """Whether the notice may name the candidate ``party`` twice, as ``person`` too: the
        manager listed again among the partners ("GUESSOUS M. : 1000 parts" and "gérant M.
        GUESSOUS Mohamed, CIN CD…")."""
        carries, names, letters = split(party.name)
        return split(person.name)[0] and (carries or not names) and level(
            person.name, names, letters | {n[0] for n in names}) != OTHER_GIVEN

    def debtors_cin(party: Party) -> bool:
        cin = cin_id.normalize(party.cin) if party.cin and cin_id.is_valid(party.cin) else None
        return cin is not None and (cin == own_cin or one_character_off(cin, own_cin))

    def rank(record: Record, party: Party) -> int:
        people = [p for p in record_parties(record) if p.kind == "person" and p is not party]
        if other_cin(party) or any(other_cin(p) and same_person(p, party) for p in people):
            return OTHER_CIN
        if debtors_cin(party) or any(debtors_cin(p) and same_person(p, party) for p in people):
            # the debtor's CIN (or one character from it) printed for them: the entry will
            # print it too, whatever the given name reads ("Mustapva" for Moustapha)
            return GIVEN
        if sex is not None and _other_sex(record, party, sex):
            return OTHER_GIVEN
        return level(party.name, given, initials)

    return rank


def _other_sex(record: Record, party: Party, sex: str) -> bool:
    """Whether the notice's civility before the candidate's name says the other sex than the
    debtor's given names (``civility_of``; no civility, no text: nothing said)."""
    text = record.fields.get("text")
    said = civility_of(text, party.name) if isinstance(text, str) and party.name else None
    return said is not None and said != sex
