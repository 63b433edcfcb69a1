"""Pending debtors in locality order (pipeline/locality.py, docs/decisions/0027): namesakes side
by side within a window, every debtor exactly once, memory bounded by the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from skiptrace.model import Debtor
from skiptrace.pipeline.job import pending_debtors
from skiptrace.pipeline.locality import in_locality_order, locality_key

FAMILIES = ("ALAOUI", "BENNANI", "EL IDRISSI", "Ait Ouahmane", "alaoui")
GIVEN = ("Mohamed", "Fatima", "Youssef", "")
COMPANIES = ("STE ATLAS TRAVAUX SARL", "ATLAS TRAVAUX", "SARL ZITOUNA NEGOCE", "Ste Zitouna Négoce")


def person(i: int, family: str, given: str) -> Debtor:
    return Debtor(debtor_id=f"P{i:04d}", kind="person", name=f"{family} {given}".strip(),
                  last_name=family, first_name=given or None)


def company(i: int, name: str) -> Debtor:
    return Debtor(debtor_id=f"C{i:04d}", kind="company", name=name)


debtor_lists = st.lists(
    st.one_of(st.tuples(st.sampled_from(FAMILIES), st.sampled_from(GIVEN)),
              st.sampled_from(COMPANIES)),
    max_size=60,
).map(lambda specs: [person(i, *s) if isinstance(s, tuple) else company(i, s)
                     for i, s in enumerate(specs)])


@given(debtor_lists, st.integers(min_value=0, max_value=70))
def test_every_debtor_comes_once_and_windows_keep_their_debtors(
        debtors: list[Debtor], window: int) -> None:
    out = list(in_locality_order(iter(debtors), window))
    assert sorted(d.debtor_id for d in out) == sorted(d.debtor_id for d in debtors)
    if window <= 1:
        assert out == debtors
        return
    for start in range(0, len(debtors), window):  # nothing moves across a window's edge
        assert ({d.debtor_id for d in out[start:start + window]}
                == {d.debtor_id for d in debtors[start:start + window]})


@given(debtor_lists)
def test_namesakes_end_up_side_by_side_within_a_window(debtors: list[Debtor]) -> None:
    out = list(in_locality_order(debtors, window=len(debtors) + 1))
    keys = [locality_key(d)[:2] for d in out]
    for key in set(keys):  # each (family, given) or company core is one unbroken run
        where = [i for i, k in enumerate(keys) if k == key]
        assert where == list(range(where[0], where[-1] + 1))


def test_spellings_of_a_name_sort_together() -> None:
    """Case and accents do not split a group; a company's legal form does not either."""
    assert locality_key(person(1, "ALAOUI", "Mohamed"))[:2] == locality_key(
        person(2, "alaoui", "MOHAMED"))[:2]
    assert locality_key(company(1, "Ste Zitouna Négoce"))[0] == locality_key(
        company(2, "SARL ZITOUNA NEGOCE"))[0]


def test_the_order_is_the_same_on_every_run() -> None:
    """A total order (the debtor id breaks ties): a resumed job, or the same portfolio written
    in another order, gives the same sequence within a window."""
    debtors = [person(i, FAMILIES[i % 3], GIVEN[i % 2]) for i in range(40)]
    first = [d.debtor_id for d in in_locality_order(debtors, 64)]
    assert first == [d.debtor_id for d in in_locality_order(list(reversed(debtors)), 64)]
    assert first != [d.debtor_id for d in debtors]


def test_the_stream_is_read_a_window_at_a_time() -> None:
    """Memory bounded by the window: the first debtors come out before the portfolio is read."""
    read = 0

    def portfolio() -> Iterator[Debtor]:
        nonlocal read
        for i in range(10_000):
            read += 1
            yield person(i, FAMILIES[i % 5], GIVEN[i % 4])

    out = in_locality_order(portfolio(), 100)
    next(out)
    assert read == 100


def test_pending_debtors_skip_the_done_and_keep_the_rest_once(tmp_path: Path) -> None:
    portfolio = tmp_path / "portfolio.csv"
    rows = ["debtor_id,type,nom,prenom,cin,ville"]
    rows += [f"D{i:03d},person,{FAMILIES[i % 3]},{GIVEN[i % 3]},,Rabat" for i in range(30)]
    portfolio.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = {"D001", "D007"}
    pending = [d.debtor_id for d in pending_debtors(portfolio, done, window=8)]
    assert sorted(pending) == [f"D{i:03d}" for i in range(30) if f"D{i:03d}" not in done]
    in_order = [d.debtor_id for d in pending_debtors(portfolio, done, window=0)]
    assert in_order == [f"D{i:03d}" for i in range(30) if f"D{i:03d}" not in done]
    assert pending != in_order  # the window did reorder: namesakes together
