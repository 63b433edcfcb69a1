"""benchmarks/pivot_misses.py: each missed manager or partner link gets the class of what could
have led to it; reported links are counted as found, not classed."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from .scripts import benchmark_script, write_jsonl


def _module() -> ModuleType:
    return benchmark_script("pivot_misses")


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    write_jsonl(path, rows)


def _company(rid: str, rc: str, name: str, phones: list[str]) -> dict[str, Any]:
    return {"record_id": rid, "kind": "company", "denomination": name, "rc_number": rc,
            "rc_tribunal": "Fès", "phones": phones, "old_names": [], "trade_names": [],
            "managers": [{"name": "OTHER Karim", "cin": "C111111", "role": "gérant"}],
            "partners": [{"name": "SEBTI A.", "cin": "C570660", "shares": 10}]}


def test_each_miss_gets_the_class_of_what_could_have_led_to_it(tmp_path: Path) -> None:
    world, run = tmp_path / "world", tmp_path / "run"
    _write(world / "sources" / "company_register.jsonl", [
        _company("CR-1", "484859", "ATLAS AUTO", ["0535000000"]),
        _company("CR-2", "484860", "NOUR FROID", ["0535111111"]),
        _company("CR-3", "484861", "SAHARA BTP", ["0661234567"]),
        _company("CR-4", "484862", "ZIZ NEGOCE", ["0535222222"])])
    _write(world / "sources" / "legal_notices.jsonl", [
        {"record_id": "LN-1", "title": "ATLAS AUTO - Cession de parts", "text":
         "M. SEBTI Abdelkader (CIN C570660) cède 10 parts de ATLAS AUTO, RC 484859 (Fès)."},
        {"record_id": "LN-2", "title": "ATLAS AUTO - Transfert du siège", "text":
         "ATLAS AUTO SARL, RC n° 484859 - Fès. Transfert du siège social."}])
    _write(world / "sources" / "phone_directory.jsonl", [
        {"record_id": "PD-1", "kind": "business", "name": "SAHARA BTP", "phones": ["06 61 23 45 67"]}])
    links = {"company_register": [{"record_id": r, "debtor_role": "partner"}
                                  for r in ("CR-1", "CR-2", "CR-3", "CR-4")],
             "legal_notices": [{"record_id": "LN-1", "debtor_role": "partner"},
                               {"record_id": "LN-2", "debtor_role": "partner"}]}
    _write(world / "first1k_truth.jsonl", [
        {"debtor_id": "D-1", "kind": "person", "identifiers": {"cin": "C570660"},
         "phones": ["+212661234567"], "links": links}])
    _write(run / "profiles.jsonl", [{
        "debtor_id": "D-1",
        "debtor": {"last_name": "SEBTI", "first_name": "Abdelkader", "city": "Fès",
                   "phones": ["0661234567"],
                   "identifiers": [{"scheme": "cin", "value": "C570660", "valid": True}]},
        "links": [{"source": "legal_notices", "record_id": "LN-1", "probability": 1.0},
                  {"source": "company_register", "record_id": "CR-4", "probability": 0.97}],
        "rejected": [], "pivots": [], "searches": []}])
    result = _module().misses(world, run, world / "first1k_truth.jsonl", 50)
    got = {m["record_id"]: (m["class"], m["detail"]) for m in result["misses"]}
    assert got["CR-1"][0] == "naming_notice_linked" and "LN-1" in got["CR-1"][1]
    assert got["CR-2"][0] == "no_naming_notice:no route"
    assert got["CR-3"][0] == "no_naming_notice:company phone is the debtor's, listed"
    assert got["LN-2"] == ("notice_of_company", "company not linked: naming_notice_linked")
    assert set(got) == {"CR-1", "CR-2", "CR-3", "LN-2"}  # LN-1 and CR-4 were reported
    assert result["totals"]["company_register:partner"] == 4
    assert result["totals"]["company_register:partner:found"] == 1


def test_a_notice_under_another_transcription_says_which_spelling_search_finds_it(
        tmp_path: Path) -> None:
    # seed 12345 at 10^4: "BENNANI Hmed : 6 parts" for the portfolio's BENANI Ahmed, found by
    # the pivot round's BENNANI in the city only, which states 232 notices and is not narrowed
    world, run = tmp_path / "world", tmp_path / "run"
    _write(world / "sources" / "company_register.jsonl", [])
    _write(world / "sources" / "phone_directory.jsonl", [])
    _write(world / "sources" / "legal_notices.jsonl", [
        {"record_id": "LN-1", "title": "NOUR SARL - Constitution",
         "text": "Associés : M. LEMRANI Kader : 10 parts. Siège : Fès."},
        {"record_id": "LN-2", "title": "ZIZ SARL - Constitution",
         "text": "Associés : M. LEMRANI Omar : 5 parts. Siège : Fès."}])
    _write(world / "first1k_truth.jsonl", [
        {"debtor_id": "D-1", "kind": "person", "identifiers": {"cin": "C570660"}, "phones": [],
         "links": {"legal_notices": [{"record_id": "LN-1", "debtor_role": "partner"}]}}])
    _write(run / "profiles.jsonl", [{
        "debtor_id": "D-1",
        "debtor": {"last_name": "LAMRANI", "first_name": "Abdelkader", "city": "Fès",
                   "identifiers": [{"scheme": "cin", "value": "C570660", "valid": True}]},
        "links": [], "rejected": [], "pivots": [], "searches": []}])
    [miss] = _module().misses(world, run, world / "first1k_truth.jsonl", 1)["misses"]
    assert miss["class"] == "notice_by_spelling"
    assert miss["detail"] == "spelling LEMRANI+city finds it (2 > max)"
    [wide] = _module().misses(world, run, world / "first1k_truth.jsonl", 50)["misses"]
    assert wide["detail"] == "spelling LEMRANI+city finds it (2)"
