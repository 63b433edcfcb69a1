"""The issue-17 measuring tools of session 16: match_digest's lines say what a tree produced
and nothing about when; party_forms' digest does not move with the hash seed; the first
debtors of a kind are of that kind (the locality order puts companies first)."""

from __future__ import annotations

import sys
from pathlib import Path

from .scripts import ROOT, benchmark_script


def test_a_profile_line_leaves_out_when_it_was_made() -> None:
    digest = benchmark_script("match_digest")
    profile = {"debtor_id": "D1", "generated_at": "2026-12-07T09:00:00+00:00",
               "contacts": [{"value": "x", "retrieved_at": "2026-12-07"}]}
    assert digest._without_times(profile) == {"debtor_id": "D1", "contacts": [{"value": "x"}]}


def test_party_forms_digest_reads_sets_in_order() -> None:
    forms = benchmark_script("party_forms")
    a = forms._plain({"phones": frozenset({"+212600000001", "+212600000002"}), "ids": {"b": 1}})
    b = forms._plain({"ids": {"b": 1}, "phones": frozenset({"+212600000002", "+212600000001"})})
    assert a == b and repr(a) == repr(b)


def test_first_debtors_of_a_kind(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from worker_runtime import first_debtors

    (tmp_path / "portfolio.csv").write_text(
        "id_debiteur;type;raison_sociale;nom;prenom;ville\n"
        "D1;societe;STE ATLAS TRAVAUX;;;Rabat\n"
        "D2;personne;;ALAOUI;Mohamed;Fes\n"
        "D3;societe;ZITOUNA NEGOCE;;;Fes\n"
        "D4;personne;;TAZI;Leila;Rabat\n", encoding="utf-8")
    persons = first_debtors(tmp_path, 5, "locality", "person")
    assert sorted(d.debtor_id for d in persons) == ["D2", "D4"]
    assert {d.kind for d in first_debtors(tmp_path, 1, "portfolio", "company")} == {"company"}
    assert len(first_debtors(tmp_path, 3, "portfolio")) == 3
