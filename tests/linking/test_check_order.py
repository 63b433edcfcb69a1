"""Which companies a person debtor's register checks go to first (skiptrace/linking/check_order.py,
issue 13, decision 0032): the notice that names the debtor most specifically, never one that
prints another CIN for them before the others, and the weak ones wait for the last round."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.check_order import GIVEN, INITIAL, OTHER_GIVEN, check_rank
from skiptrace.linking.pivots import HOME_CHECKS, MAX_VERIFY, OTHER_CIN, court_distance, pivot_keys
from skiptrace.model import Match, Party, Provenance, Record

NOW = datetime(2026, 11, 1, tzinfo=UTC)
DEBTOR = DebtorQuery("D-1", "person", ("EL ALAOUI Rashid",), last_name="EL ALAOUI",
                     cin="BL269250", city="Casablanca")


def notice(rid: str, rc: str, people: list[dict[str, str]], court: str = "Casablanca") -> Record:
    return Record("notice", {"company": f"SOCIETE {rc}", "rc_number": rc, "rc_tribunal": court,
                             "people": people},
                  Provenance("legal_notices", rid, NOW, url=f"http://127.0.0.1/{rid}"))


def partner(name: str, cin: str | None = None, role: str = "associé") -> dict[str, str]:
    return {"name": name, "role": role, **({"cin": cin} if cin else {})}


def candidate(record: Record, name: str, probability: float) -> Match:
    return Match("D-1", record, Party("partner", "person", name), probability)


def rank_of(people: list[dict[str, str]], name: str, query: DebtorQuery = DEBTOR) -> int:
    rank = check_rank(query)
    assert rank is not None
    return rank(notice("LN-1", "40001", people), Party("partner", "person", name))


def test_the_given_name_as_another_hand_writes_it_ranks_first() -> None:
    assert rank_of([partner("ELALAOUI Rachid")], "ELALAOUI Rachid") == GIVEN
    lamrani = DebtorQuery("D-2", "person", ("LAMRANI Brahime",), last_name="LAMRANI",
                          cin="BL753966", city="Casablanca")
    # written given name first, a given name matching's lexicon may not know
    assert rank_of([partner("Brahime Lamrani")], "Brahime Lamrani", lamrani) == GIVEN
    assert rank_of([partner("LEMRANI Brahim")], "LEMRANI Brahim", lamrani) == GIVEN
    assert rank_of([partner("EL ALAOUI R.")], "EL ALAOUI R.") == INITIAL
    assert rank_of([partner("EL ALAOUI")], "EL ALAOUI") == INITIAL
    assert rank_of([partner("EL ALAOUI M.")], "EL ALAOUI M.") == OTHER_GIVEN
    assert rank_of([partner("EL ALAOUI Mustapha")], "EL ALAOUI Mustapha") == OTHER_GIVEN


def test_a_notice_printing_another_cin_for_someone_like_the_debtor_ranks_last() -> None:
    # seed 40961, 10^4 world: "nommé en qualité de gérant M. LAMRANI Brahime, titulaire de la
    # CIN n° BH…" (p 0.0076) took a check the debtor's own notice needed
    assert rank_of([partner("EL ALAOUI Rashid", "BA554447")], "EL ALAOUI Rashid") == OTHER_CIN
    # the same person written twice, the manager with a CIN, the partner without
    people = [partner("Rashid Elalaoui"), partner("R. EL ALAOUI", "BA554447", "gérant")]
    assert rank_of(people, "Rashid Elalaoui") == OTHER_CIN
    # the debtor's own CIN, or one a typing error away, contradicts nothing
    assert rank_of([partner("EL ALAOUI Rashid", "BL269250")], "EL ALAOUI Rashid") == GIVEN
    assert rank_of([partner("EL ALAOUI Rashid", "BL269256")], "EL ALAOUI Rashid") == GIVEN
    # someone else's CIN in the notice (another family name, another given name) neither
    people = [partner("ELALAOUI Rachid"), partner("N. AIT OUAHMANE", "BL436168", "gérant"),
              partner("EL ALAOUI Mustapha", "BE111222")]
    assert rank_of(people, "ELALAOUI Rachid") == GIVEN


def test_the_manager_listed_again_as_a_partner_by_an_initial_carries_the_managers_cin() -> None:
    # seed 12345, 10^4 world: "GUESSOUS M. : 1000 parts" and "gérant M. GUESSOUS Mohamed,
    # CIN CD…" (one person) was checked first for GUESSOUS Mbarek, the record id breaking the
    # tie with the debtor's own "GUESSOUS M. : 3988 parts" beside a KHALDI manager
    debtor = DebtorQuery("D-4", "person", ("GUESSOUS Mbarek",), last_name="GUESSOUS",
                         cin="CD230861", city="Fès")
    namesake = [partner("GUESSOUS M."), partner("GUESSOUS Mohamed", "CD040467", "gérant")]
    own = [partner("KHALDI Hmed"), partner("GUESSOUS M."), partner("Hmed KHALDI", "CD772649",
                                                                   "gérant")]
    assert rank_of(namesake, "GUESSOUS M.", debtor) == OTHER_CIN
    assert rank_of(own, "GUESSOUS M.", debtor) == INITIAL
    # another initial than the candidate's is another person: "GUESSOUS K." with a CIN
    other = [partner("GUESSOUS M."), partner("GUESSOUS Karim", "CD040467", "gérant")]
    assert rank_of(other, "GUESSOUS M.", debtor) == INITIAL


def test_no_rank_without_a_cin_a_family_name_or_a_given_name() -> None:
    assert check_rank(DebtorQuery("D-1", "person", ("EL ALAOUI Rashid",),
                                  last_name="EL ALAOUI", city="Casablanca")) is None
    assert check_rank(DebtorQuery("D-1", "person", ("EL ALAOUI",), last_name="EL ALAOUI",
                                  cin="BL269250")) is None
    assert check_rank(DebtorQuery("D-1", "company", ("ATLAS BTP",), cin="BL269250")) is None


def test_the_checks_go_to_the_notice_naming_the_debtor_most_specifically() -> None:
    # seed 40961, 10^4 world (first 1,000 debtors): both checks went to namesakes' companies
    # whose notices scored higher (0.0076) while the debtor's ("ELALAOUI Rachid : 529 parts",
    # 0.0031) went unchecked
    other_cin = notice("LN-1", "20001", [partner("Rashid Elalaoui"),
                                         partner("R. EL ALAOUI", "BA554447", "gérant")])
    other_cin_too = notice("LN-2", "20002", [partner("EL ALAOUI Rashid"),
                                             partner("Rachid Alaoui", "BM460885", "gérant")])
    own = notice("LN-3", "20003", [partner("ELALAOUI Rachid")])
    matches = [candidate(other_cin, "Rashid Elalaoui", 0.0076),
               candidate(other_cin_too, "EL ALAOUI Rashid", 0.0076),
               candidate(own, "ELALAOUI Rachid", 0.0031)]
    before = pivot_keys(matches, set(), verify=True, city="Casablanca")
    assert "20003" not in [k.value for k in before][:MAX_VERIFY]  # score alone: shut out
    ranked = pivot_keys(matches, set(), verify=True, city="Casablanca",
                        rank=check_rank(DEBTOR))
    assert [k.value for k in ranked][0] == "20003"
    assert [k.rank for k in ranked] == [GIVEN, OTHER_CIN][:MAX_VERIFY]


def test_a_round_before_the_last_keeps_a_check_for_it_unless_the_given_name_is_the_debtors() -> None:
    # seed 40961, 10^4 world: round 1 spent the checks on "EL BOUZIDI H." (p 0.0003) and
    # another; round 1's spellings fetched "Houcine Bouzidi : 60 parts" (p 0.097), the
    # debtor's, with no check left for it in round 2
    debtor = DebtorQuery("D-3", "person", ("EL BOUZIDI Houcine",), last_name="EL BOUZIDI",
                         cin="BM594302", city="Casablanca")
    rank = check_rank(debtor)
    initial = candidate(notice("LN-4", "25001", [partner("EL BOUZIDI H.")]), "EL BOUZIDI H.",
                        0.0003)
    initial_too = candidate(notice("LN-9", "25002", [partner("EL BOUZIDI")]), "EL BOUZIDI",
                            0.0002)
    first = pivot_keys([initial, initial_too], set(), verify=True, city="Casablanca",
                       rank=rank, last=False)
    assert [k.value for k in first] == ["25001"]  # one of MAX_VERIFY kept for the last round
    own = candidate(notice("LN-5", "28001", [partner("Houcine Bouzidi")]), "Houcine Bouzidi",
                    0.0965)
    last = pivot_keys([initial, initial_too, own], {first[0].asked}, verify=True,
                      city="Casablanca", rank=rank)
    assert [(k.value, k.rank) for k in last] == [("28001", GIVEN)]
    # checks on the debtor's given name are made in any round, up to the cap
    own_too = candidate(notice("LN-6", "28002", [partner("EL BOUZIDI Houcine")]),
                        "EL BOUZIDI Houcine", 0.0005)
    early = pivot_keys([initial, own, own_too], set(), verify=True, city="Casablanca",
                       rank=rank, last=False)
    assert [k.value for k in early] == ["28001", "28002"][:MAX_VERIFY]
    # and in the last round the cap is spent whatever the rank
    assert [k.value for k in pivot_keys([initial, initial_too], set(), verify=True,
                                        city="Casablanca", rank=rank)] == ["25001", "25002"]


def test_the_court_of_the_debtors_city_still_comes_before_the_given_name() -> None:
    # decision 0030: a person's company is most often registered where they live
    far = candidate(notice("LN-6", "30001", [partner("EL ALAOUI Rashid")], court="Tétouan"),
                    "EL ALAOUI Rashid", 0.19)
    near = candidate(notice("LN-7", "30002", [partner("EL ALAOUI R.")]), "EL ALAOUI R.", 0.001)
    contradicted = candidate(notice("LN-8", "30003", [partner("EL ALAOUI Rashid", "BA554447")]),
                             "EL ALAOUI Rashid", 0.5)
    keys = pivot_keys([far, near, contradicted], set(), verify=True, city="Casablanca",
                      rank=check_rank(DEBTOR))
    assert [k.value for k in keys] == ["30002", "30001"][:MAX_VERIFY]


def test_at_another_court_only_the_debtors_given_name_or_initial_is_checked() -> None:
    # the notices of every city (docs/pivots.md 22) bring namesakes from every court: on the
    # development seeds (40961, 12345, 80037, 10^3 and 10^4) 683 checks at another court went
    # to a notice printing another CIN for the person or other given names only, none of them
    # the debtor's company; at the debtor's court such a notice may still be theirs (a father
    # and son in one company)
    far_other_cin = candidate(notice("LN-1", "41001", [partner("EL ALAOUI Rashid", "BA554447")],
                                     court="Tanger"), "EL ALAOUI Rashid", 0.5)
    far_other_name = candidate(notice("LN-2", "41002", [partner("EL ALAOUI Karim")],
                                      court="Tanger"), "EL ALAOUI Karim", 0.2)
    far_initial = candidate(notice("LN-3", "41003", [partner("EL ALAOUI R.")], court="Tanger"),
                            "EL ALAOUI R.", 0.001)
    near_other_cin = candidate(notice("LN-4", "41004", [partner("EL ALAOUI Rashid", "BA554447")]),
                               "EL ALAOUI Rashid", 0.5)
    keys = pivot_keys([far_other_cin, far_other_name, far_initial], set(), verify=True,
                      city="Casablanca", rank=check_rank(DEBTOR))
    assert [(k.value, k.rank) for k in keys] == [("41003", INITIAL)]
    keys = pivot_keys([far_other_cin, near_other_cin], set(), verify=True, city="Casablanca",
                      rank=check_rank(DEBTOR))
    assert [(k.value, k.rank) for k in keys] == [("41004", OTHER_CIN)]
    # without the debtor's city, every court is theirs
    assert len(pivot_keys([far_other_cin, far_other_name], set(), verify=True,
                          rank=check_rank(DEBTOR))) == MAX_VERIFY


def test_one_check_more_for_the_debtors_given_name_at_their_court_once_the_cap_is_spent() -> None:
    # seed 80037 at 10^4: CHERQAOUI Mohamed of Tanger; round 1 checked "Cherqaoui M." at
    # Casablanca, round 2 "M. Mohamed Cherkaoui : 151 parts" at Tanger (a namesake), and "M.
    # CHERKAOUI Mouhamed : 1 parts" at Tanger, the debtor's, was left behind the cap
    debtor = DebtorQuery("D-4", "person", ("CHERQAOUI Mohamed",), last_name="CHERQAOUI",
                         cin="K725031", city="Tanger")
    rank = check_rank(debtor)
    far = candidate(notice("LN-1", "60001", [partner("Cherqaoui M.")]), "Cherqaoui M.", 0.0003)
    namesake = candidate(notice("LN-2", "60002", [partner("Mohamed Cherkaoui")], court="Tanger"),
                         "Mohamed Cherkaoui", 0.0004)
    own = candidate(notice("LN-3", "60003", [partner("CHERKAOUI Mouhamed")], court="Tanger"),
                    "CHERKAOUI Mouhamed", 0.0004)
    first = pivot_keys([far], set(), verify=True, city="Tanger", rank=rank, last=False)
    assert [k.value for k in first] == ["60001"]
    last = pivot_keys([far, namesake, own], {first[0].asked}, verify=True, city="Tanger",
                      rank=rank)
    assert [k.value for k in last] == ["60002", "60003"]
    # never past the cap and the one more: a third debtor's-name notice at Tanger waits
    third = candidate(notice("LN-4", "60004", [partner("CHERKAOUI Mohamed")], court="Tanger"),
                      "CHERKAOUI Mohamed", 0.0004)
    assert len(pivot_keys([far, namesake, own, third], {first[0].asked}, verify=True,
                          city="Tanger", rank=rank)) == MAX_VERIFY + HOME_CHECKS - 1
    # an initial, or the debtor's given name at another region's court, gets no check more
    initial = candidate(notice("LN-5", "60005", [partner("CHERKAOUI M.")], court="Tanger"),
                        "CHERKAOUI M.", 0.0004)
    elsewhere = candidate(notice("LN-6", "60006", [partner("CHERKAOUI Mohamed")], court="Agadir"),
                          "CHERKAOUI Mohamed", 0.0004)
    spent = {first[0].asked, pivot_keys([namesake], set(), verify=True, city="Tanger",
                                        rank=rank)[0].asked}
    assert pivot_keys([far, namesake, initial, elsewhere], spent, verify=True, city="Tanger",
                      rank=rank) == []
    # without a rank (no given name to compare) or a city, the cap alone
    assert pivot_keys([far, namesake, own], {first[0].asked}, verify=True, city="Tanger") \
        == pivot_keys([far, namesake, own], {first[0].asked}, verify=True, city="Tanger",
                      rank=rank)[:1]


def test_a_court_of_the_debtors_region_comes_before_the_others() -> None:
    # seed 80037 at 10^4: LAHLOU Muhammad of Mohammedia, whose companies are registered at
    # Casablanca ("M. M. Lahlou : 14 parts", SIRIUS INVEST); the last check went to "LAHLOU
    # M." at Oujda, as far from Mohammedia as Casablanca was by the city's name
    assert court_distance("Mohammedia", "mohammedia", "Casablanca-Settat") == 0
    assert court_distance("Casablanca", "mohammedia", "Casablanca-Settat") == 1
    assert court_distance("Oujda", "mohammedia", "Casablanca-Settat") == 2
    assert court_distance(None, "mohammedia", "Casablanca-Settat") == 2
    assert court_distance("Oujda", None, None) == 0
    debtor = DebtorQuery("D-5", "person", ("LAHLOU Muhammad",), last_name="LAHLOU",
                         cin="TA867695", city="MOHAMMEDIA")
    far = candidate(notice("LN-1", "70001", [partner("LAHLOU M.")], court="Oujda"),
                    "LAHLOU M.", 0.0003)
    region = candidate(notice("LN-2", "70002", [partner("M. Lahlou")], court="Casablanca"),
                       "M. Lahlou", 0.0003)
    keys = pivot_keys([far, region], set(), verify=True, city="MOHAMMEDIA",
                      rank=check_rank(debtor))
    assert [k.value for k in keys] == ["70002", "70001"]
    # other given names only at a court of the region: still not checked (the city's court
    # only, as measured: docs/pivots.md 26)
    brother = candidate(notice("LN-3", "70003", [partner("LAHLOU Karim")], court="Casablanca"),
                        "LAHLOU Karim", 0.2)
    assert [k.value for k in pivot_keys([brother], set(), verify=True, city="MOHAMMEDIA",
                                        rank=check_rank(debtor))] == []


def test_a_notice_printing_the_debtors_cin_ranks_first_whatever_the_given_name_reads() -> None:
    # seed 80037 at 10^4: "M. ELKHATTABI Mustapha : 1000 parts ... gérée par M. Mustapva EL
    # KHATTABI, titulaire de la CIN n° BJ958123" (the debtor's; p 0.12) ranked as other given
    # names and waited behind "M. El Khattabi M. : 387 parts" (p 0.0003), a namesake
    debtor = DebtorQuery("D-6", "person", ("EL KHATTABI Moustapha",), last_name="EL KHATTABI",
                         cin="BJ958123", city="Casablanca")
    assert rank_of([partner("Mustapva EL KHATTABI", "BJ958123", "gérant")],
                   "Mustapva EL KHATTABI", debtor) == GIVEN
    assert rank_of([partner("Mustapva EL KHATTABI", "BJ958124", "gérant")],  # one off
                   "Mustapva EL KHATTABI", debtor) == GIVEN
    # named again by the manager's line with the debtor's CIN
    people = [partner("ELKHATTABI Mustapha"), partner("Mustapva EL KHATTABI", "BJ958123", "gérant")]
    assert rank_of(people, "ELKHATTABI Mustapha", debtor) == GIVEN
    # without a CIN the given name alone decides, as before
    assert rank_of([partner("Mustapva EL KHATTABI")], "Mustapva EL KHATTABI", debtor) == OTHER_GIVEN


def texted(rid: str, rc: str, text: str, people: list[dict[str, str]],
           court: str = "Casablanca") -> Record:
    """A notice with its text, from which the civility before each name is read."""
    return Record("notice", {"company": f"SOCIETE {rc}", "rc_number": rc, "rc_tribunal": court,
                             "people": people, "text": text},
                  Provenance("legal_notices", rid, NOW, url=f"http://127.0.0.1/{rid}"))


LAHLOU = DebtorQuery("D-7", "person", ("LAHLOU Muhammad",), last_name="LAHLOU",
                     cin="TA867695", city="MOHAMMEDIA")


def test_a_civility_of_the_other_sex_than_the_debtors_given_name_ranks_as_another_person() -> None:
    # seed 80037 at 10^4: LAHLOU Muhammad (a man) of Mohammedia; "Mme M. Lahlu : 9 parts" and
    # "M. M. Lahlou : 14 parts" (his) at Casablanca tied on score, court and initial, and the
    # check went to the woman's company by record id
    rank = check_rank(LAHLOU)
    assert rank is not None
    woman = texted("LN-1", "70001", "réparties comme suit : Mme M. Lahlu : 9 parts ; M. Omar "
                   "Tazi : 91 parts.", [partner("M. Lahlu")])
    man = texted("LN-2", "70002", "réparties comme suit : M. M. Lahlou : 14 parts ; M. Omar "
                 "Tazi : 86 parts.", [partner("M. Lahlou")])
    assert rank(woman, Party("partner", "person", "M. Lahlu")) == OTHER_GIVEN
    assert rank(man, Party("partner", "person", "M. Lahlou")) == INITIAL
    keys = pivot_keys([candidate(woman, "M. Lahlu", 0.0003), candidate(man, "M. Lahlou", 0.0003)],
                      set(), verify=True, city="MOHAMMEDIA", rank=rank)
    assert [k.value for k in keys] == ["70002"]  # at a court of the region: not checked
    # at the debtor's own court a contradicted civility is still checked, as other given names
    # are (the court first, then the rank: a father and son, a slip of the journal)
    home = texted("LN-3", "70003", "Mme M. Lahlu : 9 parts", [partner("M. Lahlu")],
                  court="Mohammedia")
    keys = pivot_keys([candidate(home, "M. Lahlu", 0.01), candidate(man, "M. Lahlou", 0.0003)],
                      set(), verify=True, city="MOHAMMEDIA", rank=rank)
    assert [(k.value, k.rank) for k in keys] == [("70003", OTHER_GIVEN), ("70002", INITIAL)]


def test_the_civility_decides_nothing_it_cannot_contradict() -> None:
    rank = check_rank(LAHLOU)
    assert rank is not None
    # the civility agrees; no civility (a name found by its CIN); no text
    assert rank(texted("LN-1", "1", "M. LAHLOU Mohamed : 5 parts", [partner("LAHLOU Mohamed")]),
                Party("partner", "person", "LAHLOU Mohamed")) == GIVEN
    assert rank(texted("LN-2", "2", "cédées à LAHLOU M., titulaire de la CIN n° BK100001",
                       [partner("LAHLOU M.", "BK100001")]),
                Party("partner", "person", "LAHLOU M.")) == OTHER_CIN
    assert rank(notice("LN-3", "3", [partner("M. Lahlu")]),
                Party("partner", "person", "M. Lahlu")) == INITIAL
    # the debtor's CIN printed for them outweighs the civility (a slip of the journal)
    assert rank(texted("LN-4", "4", "Mme Muhammad LAHLOU, titulaire de la CIN n° TA867695",
                       [partner("Muhammad LAHLOU", "TA867695")]),
                Party("partner", "person", "Muhammad LAHLOU")) == GIVEN
    # a woman debtor: "Mme M. AIT TALEB" agrees, "M. M. AIT TALEB" does not
    malika = check_rank(DebtorQuery("D-8", "person", ("AIT TALEB Malika",),
                                    last_name="AIT TALEB", cin="J123456", city="Safi"))
    assert malika is not None
    assert malika(texted("LN-5", "5", "Mme M. AIT TALEB : 15 parts", [partner("M. AIT TALEB")]),
                  Party("partner", "person", "M. AIT TALEB")) == INITIAL
    assert malika(texted("LN-6", "6", "M. M. AIT TALEB : 15 parts", [partner("M. AIT TALEB")]),
                  Party("partner", "person", "M. AIT TALEB")) == OTHER_GIVEN
    # a given name no table gives a sex to ("Nour", both): the civility is not compared
    nour = check_rank(DebtorQuery("D-9", "person", ("TAZI Nour",), last_name="TAZI",
                                  cin="J123456", city="Fès"))
    assert nour is not None
    assert nour(texted("LN-7", "7", "Mme N. TAZI : 15 parts", [partner("N. TAZI")]),
                Party("partner", "person", "N. TAZI")) == INITIAL
