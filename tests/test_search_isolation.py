"""One guild's films never change what another guild's search finds (issue 9, item 9).

Every stage of the index keeps only its best N candidates; those must be chosen among the films
the asking guild can see (the shared catalogue and its own films, its own copy of a shared film
shadowing that film), never among every guild's films.
"""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogue.search import IndexEntry, SearchIndex

SHARED = [
    IndexEntry(1, None, "The Godfather", 1972),
    IndexEntry(2, None, "The Godfather Part II", 1974),
    IndexEntry(3, None, "Goodfellas", 1990),
    IndexEntry(4, None, "Rocky IV", 1985),
    IndexEntry(5, None, "Heat", 1995),
]
VICTIM = 200
ATTACKER = 100
QUERIES = ("g", "go", "godf", "godfa", "godfather", "the godf", "godfathr", "godfather 2", "gdfthr")


def flood(start: int = 10_000) -> list[IndexEntry]:
    """About 300 crafted titles, all near "godfather", in the attacker's guild."""
    titles = [f"Godf{a}{b}" for a, b in product("abcdefghij", "klmnopqrst")]  # 100 short prefixes
    titles += [f"Godfather {a}{b}" for a, b in product("uvwxyz", "abcdefghijklmnop")]  # 96
    titles += [f"Godfathr{a}" for a in "abcdefghijklmnopqrstuvwxyz"]  # 26 misspellings
    titles += [f"Godfathe{a}{b}" for a, b in product("abcdefgh", "qrstuvwxyz")]  # 80
    return [IndexEntry(start + i, ATTACKER, t, 2000) for i, t in enumerate(titles)]


def found(index: SearchIndex, query: str, guild_id: int | None) -> list[int]:
    return [h.film_id for h in index.search(query, guild_id=guild_id)]


def test_a_flood_in_one_guild_changes_nothing_for_another() -> None:
    clean = SearchIndex.build(SHARED)
    flooded = SearchIndex.build([*SHARED, *flood()])
    assert found(clean, "godf", VICTIM)[:2] == [1, 2]
    for query in QUERIES:
        assert found(flooded, query, VICTIM) == found(clean, query, VICTIM), query
        assert found(flooded, query, None) == found(clean, query, None), query
        suggested = [h.film_id for h in flooded.suggest(query, guild_id=VICTIM)]
        assert suggested == [h.film_id for h in clean.suggest(query, guild_id=VICTIM)], query


def test_a_flood_added_one_by_one_changes_nothing_for_another() -> None:
    clean = SearchIndex.build(SHARED)
    flooded = SearchIndex.build(SHARED)
    for entry in flood():
        flooded.upsert(entry)
    for query in QUERIES:
        assert found(flooded, query, VICTIM) == found(clean, query, VICTIM), query


def test_the_attacker_still_finds_its_own_films() -> None:
    flooded = SearchIndex.build([*SHARED, *flood()])
    assert found(flooded, "godfathra", ATTACKER)[0] == 10_000 + 196
    assert len(found(flooded, "godf", ATTACKER)) == 25


def test_a_guilds_own_copy_shadows_the_shared_film_for_that_guild_only() -> None:
    own = IndexEntry(900, VICTIM, "the  GODFATHER", 1972)
    other_year = IndexEntry(901, VICTIM, "Heat", 1986)
    index = SearchIndex.build([*SHARED, own, other_year])
    assert found(index, "godfather", VICTIM)[:2] == [900, 2]
    assert 1 not in found(index, "godf", VICTIM)
    assert 1 not in [h.film_id for h in index.suggest("godfathr", guild_id=VICTIM)]
    assert found(index, "godfather", ATTACKER)[:2] == [1, 2]
    assert set(found(index, "heat", VICTIM)) == {5, 901}  # another year: both
    index.remove(900)
    assert found(index, "godfather", VICTIM)[:2] == [1, 2]


def test_shadowed_shared_films_do_not_crowd_out_the_rest() -> None:
    """A guild owning copies of 300 shared "Godf..." films still sees the other shared ones."""
    shared = [IndexEntry(i + 10, None, e.title, e.year) for i, e in enumerate(flood())]
    copies = [IndexEntry(i + 5_000, VICTIM, e.title, e.year) for i, e in enumerate(flood())]
    index = SearchIndex.build([*SHARED, *shared, *copies])
    for query in ("godfather", "godfather 2"):
        ids = found(index, query, VICTIM)
        assert ids[0] == 1 if query == "godfather" else 2, query
        assert not any(10 <= i < 5_000 for i in ids), query


_word = st.text("godfathr ", min_size=1, max_size=14).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None)
@given(st.lists(_word, min_size=1, max_size=60), st.sampled_from(QUERIES))
def test_other_guilds_films_never_change_a_guilds_results(titles: list[str], query: str) -> None:
    others = [IndexEntry(100 + i, ATTACKER + i % 3, t, 2000) for i, t in enumerate(titles)]
    clean = SearchIndex.build(SHARED)
    mixed = SearchIndex.build([*SHARED, *others])
    assert found(mixed, query, VICTIM) == found(clean, query, VICTIM)
