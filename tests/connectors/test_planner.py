"""The query planner: which searches each registry is asked, in which order, within the budget."""

from __future__ import annotations

from skiptrace.connectors.planner import budget, plan
from skiptrace.connectors.query import DebtorQuery
from skiptrace.model import Identifier

from .conftest import company, person


def _keys(source: str, query: DebtorQuery, limit: int | None = None) -> list[tuple[str, dict]]:
    return [(s.key, s.params) for s in plan(source, query, limit)]


def test_person_with_cin_also_by_name_and_surname_within_the_city():
    query = DebtorQuery.from_debtor(person(last_name="EL ALAOUI", first_name="Mohamed"))
    assert _keys("land_registry", query) == [
        ("cin", {"cin": "BK100001"}),
        # the surname within the city first: read whole, it holds every title the full name
        # finds there, which is then not asked (``within``; issue 17)
        ("surname", {"name": "EL ALAOUI", "city": "Casablanca"}),
        # "EL ALAOUI Mohamed" and "EL ALAOUI Mohamed" reordered are one token search
        ("name", {"name": "EL ALAOUI Mohamed", "city": "Casablanca"}),
        # the budget's last slot: a given-name variant, in any city (the surname is searched
        # within the city already)
        ("name", {"name": "EL ALAOUI Mohammed"}),
    ]
    assert _keys("vehicle_registry", query) == [("cin", {"cin": "BK100001"})]


def test_person_without_cin_by_names_then_surname_and_no_vehicle_search():
    query = DebtorQuery.from_debtor(person(cin=None, name="Mohamed Amine EL ALAOUI",
                                           last_name="EL ALAOUI", first_name="Amine"))
    assert [k for k, _ in _keys("land_registry", query)] == ["surname", "name", "name", "name"]
    assert _keys("vehicle_registry", query) == []
    searches = plan("land_registry", query)
    assert "surname" in searches[0].reason and "no valid CIN" in searches[1].reason
    # both full names hold the surname's words: each within the surname's search in the city
    assert [s.within for s in searches[1:3]] == [{"name": "EL ALAOUI", "city": "Casablanca"}] * 2


def test_company_with_rc_and_court():
    debtor = company(identifiers=(Identifier("rc", "400001", tribunal="Casablanca"),))
    query = DebtorQuery.from_debtor(debtor)
    land = plan("land_registry", query)
    assert [(s.key, s.params) for s in land] == [
        ("rc", {"rc": "400001", "tribunal": "Casablanca"}),
        ("name", {"name": query.search_names()[0]}),
    ]
    assert land[0].value == "40**** (Casablanca)"
    assert _keys("vehicle_registry", query) == [("rc", {"rc": "400001", "tribunal": "Casablanca"})]


def test_company_with_ice_only():
    query = DebtorQuery.from_debtor(company())
    assert query.ice and not query.rc
    assert [k for k, _ in _keys("land_registry", query)] == ["ice", "name"]
    assert _keys("vehicle_registry", query) == [("ice", {"ice": query.ice})]


def test_budget_cuts_the_lowest_priorities_and_is_configurable():
    debtor = company(identifiers=(Identifier("rc", "400001", tribunal="Casablanca"),
                                  Identifier("ice", "001525464000030")),
                     name="Sté AMJAD TEXTILE SARL")
    query = DebtorQuery.from_debtor(debtor)
    assert budget("land_registry") == 4 and budget("vehicle_registry") == 3
    assert budget("land_registry", 2) == 2
    # the land registry: the ICE only where no RC + court is known (decision 0057)
    assert [s.key for s in plan("land_registry", query)] == ["rc", "name"]
    assert [s.key for s in plan("land_registry", query, 1)] == ["rc"]
    assert plan("land_registry", query)[1].params == {"name": "amjad textile"}
    assert [s.key for s in plan("vehicle_registry", query)] == ["rc", "ice"]
    assert [s.key for s in plan("vehicle_registry", query, 1)] == ["rc"]
    assert len(plan("land_registry", query)) <= 4
    assert plan("land_registry", query) == plan("land_registry", query)  # deterministic


def test_reports_mask_the_value():
    query = DebtorQuery.from_debtor(person(last_name="EL ALAOUI", first_name="Mohamed"))
    reports = [s.report(3) for s in plan("land_registry", query)]
    assert reports[0] == {"key": "cin", "value": "BK******", "reason": "owner's CIN", "results": 3}
    assert reports[2]["value"] == "E* A***** M****** (Casablanca)"


def test_results_are_deduplicated_by_record_id_across_searches(stub, stub_config, http):
    from skiptrace.connectors import build_connectors

    land = build_connectors(stub_config(), http)["land_registry"]
    result = land.search(DebtorQuery.from_debtor(person(last_name="EL ALAOUI",
                                                        first_name="Mohamed")))
    ids = [r.record_id for r in result.records]
    assert len(ids) == len(set(ids))
    assert sum(s["results"] for s in result.searches) >= len(ids)
    # the surname found only LR-000001, fetched by CIN already: one spelling more (ALAOUI);
    # read whole, it held what the full name within the city finds: that one is not asked
    assert [s["key"] for s in result.searches] == ["cin", "surname", "surname", "name"]
    assert "variant" in result.searches[-1]["reason"]
    assert result.to_status().searches == result.searches


def test_a_person_gets_one_given_name_variant_within_the_budget_a_company_none():
    query = DebtorQuery.from_debtor(person(name="EL ALAOUI Mohammed", last_name="EL ALAOUI",
                                           first_name="Mohammed"))
    # from matching's given-name table, the commonest spelling first, with what it replaces
    assert query.name_variants[0] == ("EL ALAOUI Mohamed", "Mohammed → Mohamed")
    assert 0 < len(query.name_variants) <= 4
    assert DebtorQuery.from_debtor(person(name="EL ALAOUI Mohammed", last_name="EL ALAOUI",
                                          first_name="Mohammed")) == query  # deterministic
    searches = plan("land_registry", query)
    assert len(searches) <= budget("land_registry")
    variant = searches[-1]
    assert (variant.key, variant.params) == ("name", {"name": "EL ALAOUI Mohamed"})
    assert variant.reason == "given-name variant (Mohammed → Mohamed), any city"
    assert variant.report()["value"] == "E* A***** M******"
    # within the city when the surname is not searched there (no surname split)
    unsplit = DebtorQuery.from_debtor(person(name="EL ALAOUI Mohammed"))
    assert plan("land_registry", unsplit)[-1].params == {"name": "EL ALAOUI Mohamed",
                                                         "city": "Casablanca"}
    # only in a slot left over: a smaller budget drops the variant, never an earlier search
    assert [s.key for s in plan("land_registry", query, 3)] == ["cin", "surname", "name"]
    # a company has no given names
    firm = DebtorQuery.from_debtor(company(name="Sté AMJAD TEXTILE SARL"))
    assert firm.name_variants == ()
    assert all("variant" not in s.reason for s in plan("land_registry", firm, 10))


def test_the_surname_written_otherwise_is_asked_only_when_the_city_holds_nobody_under_it():
    """A surname that finds nobody in the city is asked again written otherwise (without its
    article, glued, W/OU, then transcribed otherwise: spiders.querying.respellings), one
    spelling after the other until one finds someone; outside the budget (issue 12)."""
    query = DebtorQuery.from_debtor(person(cin=None, name="BENANI Fatima", last_name="BENANI",
                                           first_name="Fatima"))
    [surname] = [s for s in plan("land_registry", query) if s.key == "surname"]
    assert [s.params for s in surname.otherwise][:2] == [
        {"name": "BENNANI", "city": "Casablanca"}, {"name": "BANANI", "city": "Casablanca"}]
    assert all(s.key == "surname" and "written otherwise" in s.reason for s in surname.otherwise)
    with_article = DebtorQuery.from_debtor(person(last_name="EL ALAOUI", first_name="Mohamed"))
    [surname] = [s for s in plan("land_registry", with_article) if s.key == "surname"]
    assert [s.params["name"] for s in surname.otherwise][:2] == ["ALAOUI", "ELALAOUI"]


def test_a_title_under_another_transcription_is_fetched_over_http(stub, stub_config, http):
    from skiptrace.connectors import build_connectors

    land = build_connectors(stub_config(), http)["land_registry"]
    debtor = person(cin=None, name="BENANI Fatima", last_name="BENANI", first_name="Fatima")
    result = land.search(DebtorQuery.from_debtor(debtor))
    assert result.records and all("BENNANI Fatima" in [o["name"] for o in r.fields["owners"]]
                                  for r in result.records)
    asked = [(s["key"], s["results"]) for s in result.searches]
    # the surname as given finds nothing; the first transcription finds her titles, so the
    # next ones are not asked, nor the full name as given: the surname's search in the city,
    # read whole, held every title it could find (none)
    assert asked[0] == ("surname", 0)
    assert asked[1] == ("surname", len(result.records)) and "LR-000001" in {
        r.record_id for r in result.records}
    assert "written otherwise" in result.searches[1]["reason"]
    assert not [s for s in result.searches if s["reason"].startswith("full name")]
    assert len([s for s in result.searches if "written otherwise" in s["reason"]]) == 1


def test_the_city_is_sent_as_the_registry_names_it():
    """A title writes its city as the conservation does ("Agadir"); a portfolio may give the
    prefecture or a misspelling ("Agadir Ida Outanane", "Marrakkech"), and a token search on
    that city finds none of the city's titles. Every name search goes with the city's French
    name from matching's city table; a place the table does not know goes as written."""
    def cities(debtor) -> list[str | None]:
        searches = plan("land_registry", DebtorQuery.from_debtor(debtor), 10)
        for search in list(searches):
            searches += [*search.otherwise, *search.narrower]
        return [s.params.get("city") for s in searches if s.key in ("name", "surname")]

    agadir = person(last_name="FILALI", first_name="Rachida", name="FILALI Rachida",
                    city="Agadir Ida Outanane")
    assert set(cities(agadir)) <= {"Agadir", None} and "Agadir" in cities(agadir)
    assert set(cities(person(city="Marrakkech", last_name="EL ALAOUI", first_name="Mohamed"))
               ) <= {"Marrakech", None}
    assert "Xqzt" in cities(person(city="Xqzt"))
    firm = company(city="Dar El Beida", name="Sté AMJAD TEXTILE SARL")
    assert set(cities(firm)) == {"Casablanca", None}
    # the report shows the city searched
    surname = [s for s in plan("land_registry", DebtorQuery.from_debtor(agadir))
               if s.key == "surname"][0]
    assert surname.report()["value"] == "F***** (Agadir)"


def test_a_surname_that_finds_only_titles_already_fetched_is_asked_written_otherwise(
        stub, stub_config, http, monkeypatch):
    """The surname in the city found the debtor's own title, already fetched by CIN: it says
    nothing of a co-owned title a notary wrote without the article ("ALAOUI Mohamed" for "EL
    ALAOUI Mohamed"), so the spellings run as when the city holds nobody (issue 12)."""
    from skiptrace.connectors import build_connectors

    from . import stub as stub_data

    co_owned = stub_data._title("LR-000099", "TF 4242/05", [
        {**stub_data.OWNER_A, "name": "ALAOUI Mohamed", "cin": None, "share": "1/4"},
        {**stub_data.OWNER_B, "share": "3/4"}], city="Rabat")
    monkeypatch.setattr(stub_data, "TITLES", [*stub_data.TITLES, co_owned])
    land = build_connectors(stub_config(), http)["land_registry"]
    debtor = person(last_name="EL ALAOUI", first_name="Mohamed", city="Rabat")
    result = land.search(DebtorQuery.from_debtor(debtor))
    assert "LR-000099" in [r.record_id for r in result.records]
    surname = [s for s in result.searches if s["key"] == "surname"]
    assert surname[0]["results"] == 1  # LR-000002, found by CIN before
    assert surname[1]["value"] == "A***** (Rabat)" and "only titles found already" in surname[1]["reason"]


def test_a_whole_name_in_the_family_name_field_is_split_for_the_surname_search():
    """A portfolio may put the whole name in the family-name column ("Brahim Essaidi", no
    given name): the surname search within the city then needs the family name alone
    (intake.names.split_full_name), with its spellings; a name that does not split goes as
    written, once, and keeps the surname's spellings (nobody under "BENANI": "BENNANI")."""
    whole = DebtorQuery.from_debtor(person(name="Brahim Essaidi", last_name="Brahim Essaidi",
                                           city="Marrakech"))
    assert whole.last_name == "Essaidi" and whole.names == ("Brahim Essaidi",)
    [surname] = [s for s in plan("land_registry", whole) if s.key == "surname"]
    assert surname.params == {"name": "Essaidi", "city": "Marrakech"}
    assert surname.otherwise
    alone = DebtorQuery.from_debtor(person(cin=None, name="BENANI", last_name="BENANI"))
    searches = plan("land_registry", alone)
    assert [s.params for s in searches] == [{"name": "BENANI", "city": "Casablanca"}]
    assert [s.params["name"] for s in searches[0].otherwise][:1] == ["BENNANI"]


def test_the_directory_searches_the_surname_of_a_whole_name_in_the_family_name_field() -> None:
    """The crawled sources get the query's family name too (connectors.web.query_dict): with
    the whole name as the family name the directory's surname search never ran."""
    from skiptrace.connectors.web import query_dict
    from spiders.sources.phone_directory import PhoneDirectorySpider
    from spiders.tasks import Task
    from tests.spiders.conftest import BASE, make_spider

    debtor = person(cin=None, name="Hichame Hassan Fillali", last_name="Hichame Hassan Fillali",
                    city="Oujda")
    task = Task("D-1", query_dict("D-1", DebtorQuery.from_debtor(debtor)))
    urls = [r.url for r in make_spider(PhoneDirectorySpider).search_requests(task)]
    assert BASE + "phone_directory/search?name=Fillali&city=Oujda" in urls


def test_a_name_in_the_arabic_script_from_a_pivot_is_asked_in_any_city_then_within_it():
    query = DebtorQuery("D-1", "person", ("محمد بنجلون",), city="Fès", pivot=1)
    (search,) = plan("land_registry", query)
    assert search.params == {"name": "محمد بنجلون"} and search.key == "name"
    assert "Arabic script, any city" in search.reason
    (narrower,) = search.narrower
    assert narrower.params == {"name": "محمد بنجلون", "city": "Fès"}
    assert plan("vehicle_registry", query) == []
    # the portfolio's own row written in Arabic keeps the searches within the city
    own = plan("land_registry", DebtorQuery("D-1", "person", ("محمد بنجلون",), city="Fès"))
    assert own[0].params == {"name": "محمد بنجلون", "city": "Fès"}


def test_a_surname_too_broad_in_the_city_is_narrowed_by_each_initial():
    """Decision 0058: the surname's titles past ``max_results`` are not read (a slice of
    namesakes); the owner entries written with an initial ("Ouazzani M.", "F. Zahra El
    Idrissi"), which the full name's search never finds, are asked for instead."""
    query = DebtorQuery.from_debtor(person(name="EL IDRISSI Fatima Zahra", last_name="EL IDRISSI",
                                           first_name="Fatima Zahra"))
    (by_surname,) = [s for s in plan("land_registry", query) if s.key == "surname"]
    assert [n.params for n in by_surname.narrower] == [
        {"name": "EL IDRISSI F", "city": "Casablanca"},
        {"name": "EL IDRISSI Z", "city": "Casablanca"}]
    assert all(n.key == "surname" and not n.narrower for n in by_surname.narrower)
