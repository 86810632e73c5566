"""Search quality on the starter catalogue (data/films) with the query set in search_queries.toml.

A query whose expected film has no file in data/films is left out of the ratio; with no starter
films at all the tests skip, or fail in CI (``tests.missing``).
``python -m benchmarks`` reports the same accuracy (it shares ``evaluate``).
"""

from __future__ import annotations

import pytest

from benchmarks.search_bench import (
    QUERIES_FILE,
    Accuracy,
    QueryCase,
    evaluate,
    load_query_set,
    load_starter_entries,
)
from bot.catalogue.search import IndexEntry
from tests.missing import missing

MIN_ACCURACY = 0.9
MUST_PASS = {
    ("rocky 4", "Rocky IV", 1985),
    ("godfather part 2", "The Godfather Part II", 1974),
    ("amelie", "Amélie", 2001),
    ("dune 1984", "Dune", 1984),
    ("dune (2021)", "Dune", 2021),
    ("godfather", "The Godfather", 1972),
}


@pytest.fixture(scope="module")
def starter() -> list[IndexEntry]:
    films = load_starter_entries()
    if not films:
        missing("no starter films in data/films")
    return films


@pytest.fixture(scope="module")
def cases() -> list[QueryCase]:
    return load_query_set()


@pytest.fixture(scope="module")
def accuracy(starter: list[IndexEntry], cases: list[QueryCase]) -> Accuracy:
    return evaluate(starter, cases)


def test_the_query_set_is_big_and_well_formed(cases: list[QueryCase]) -> None:
    assert QUERIES_FILE.exists()
    assert len(cases) >= 120
    assert len({c.query for c in cases}) == len(cases), "a query is listed twice"
    assert all(c.query.strip() and c.title.strip() for c in cases)
    listed = {(c.query, c.title, c.year) for c in cases if c.must_pass}
    assert listed >= MUST_PASS


def test_top1_accuracy(accuracy: Accuracy) -> None:
    if not accuracy.outcomes:
        missing("none of the expected films is in data/films")
    misses = [f"{o.case.query!r} -> {o.got}" for o in accuracy.failures]
    skipped = sorted({f"{c.title} ({c.year})" for c in accuracy.skipped})
    assert accuracy.ratio >= MIN_ACCURACY, (misses, f"films not in data/films: {skipped}")


def test_must_pass_queries(accuracy: Accuracy) -> None:
    checked = [o for o in accuracy.outcomes if o.case.must_pass]
    if not checked:
        missing("none of the must-pass films is in data/films")
    failed = [f"{o.case.query!r} -> {o.got}" for o in checked if not o.passed]
    assert failed == []
