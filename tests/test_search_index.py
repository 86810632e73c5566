"""Behaviour of ``SearchIndex``: matching, ranking, visibility, changes. No timings here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogue.search import MAX_LIMIT, IndexEntry, SearchHit, SearchIndex
from bot.catalogue.search import store as store_module

# Mostly without alternative titles, so that what is found is found by normalisation alone.
FILMS: list[tuple[int, str, int | None, tuple[str, ...]]] = [
    (1, "Rocky", 1976, ()),
    (2, "Rocky II", 1979, ()),
    (3, "Rocky III", 1982, ()),
    (4, "Rocky IV", 1985, ()),
    (5, "Rocky V", 1990, ()),
    (6, "Rocky Balboa", 2006, ()),
    (10, "The Godfather", 1972, ()),
    (11, "The Godfather Part II", 1974, ()),
    (20, "Dune", 1984, ()),
    (21, "Dune", 2021, ()),
    (30, "Amélie", 2001, ("Le Fabuleux Destin d'Amélie Poulain",)),
    (40, "Se7en", 1995, ()),
    (41, "Seven Samurai", 1954, ("Shichinin no samurai",)),
    (50, "The Terminator", 1984, ()),
    (51, "Terminator 2: Judgment Day", 1991, ("T2",)),
    (60, "Spirited Away", 2001, ("Sen to Chihiro no kamikakushi",)),
    (70, "WALL·E", 2008, ()),
    (71, "M*A*S*H", 1970, ()),
    (72, "8½", 1963, ()),
    (80, "Star Wars", 1977, ("A New Hope",)),
    (81, "Star Wars: Episode V - The Empire Strikes Back", 1980, ()),
    (90, "1917", 2019, ()),
    (91, "2001: A Space Odyssey", 1968, ()),
    (92, "Blade Runner", 1982, ()),
    (93, "Blade Runner 2049", 2017, ()),
    (94, "I, Robot", 2004, ()),
    (95, "Ocean's Eleven", 2001, ()),
    (96, "Toy Story", 1995, ()),
    (97, "Everything Everywhere All at Once", 2022, ()),
    (98, "Casablanca", 1942, ()),
    (99, "Nosferatu", None, ()),
]


def entries() -> list[IndexEntry]:
    return [IndexEntry(i, None, title, year, others) for i, title, year, others in FILMS]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(entries())


def top(index: SearchIndex, query: str, **kwargs: object) -> int | None:
    hits = index.search(query, **kwargs)  # type: ignore[arg-type]
    return hits[0].film_id if hits else None


@pytest.mark.parametrize(
    ("query", "film_id"),
    [
        ("rocky", 1),
        ("rocky 4", 4),
        ("rocky iv", 4),
        ("Rocky IV", 4),
        ("rocky four", 4),
        ("godfather", 10),
        ("the godfather", 10),
        ("godfahter", 10),
        ("godfather part 2", 11),
        ("godfather part ii", 11),
        ("godfather 2", 11),
        ("amelie", 30),
        ("AMELIE", 30),
        ("amélie", 30),
        ("amelie poulain", 30),
        ("fabuleux destin", 30),
        ("se7en", 40),
        ("seven", 40),
        ("7 samurai", 41),
        ("shichinin no samurai", 41),
        ("terminator", 50),
        ("terminater 2", 51),
        ("terminator 2", 51),
        ("t2", 51),
        ("spirted away", 60),
        ("sen to chihiro", 60),
        ("wall-e", 70),
        ("walle", 70),
        ("wall e", 70),
        ("mash", 71),
        ("m*a*s*h", 71),
        ("m.a.s.h.", 71),
        ("8 1/2", 72),
        ("8½", 72),
        ("8 and a half", 72),
        ("eight and a half", 72),
        ("a new hope", 80),
        ("empire strikes back", 81),
        ("star wars 5", 81),
        ("star wars episode v", 81),
        ("1917", 90),
        ("2001", 91),
        ("space odyssey", 91),
        ("i robot", 94),
        ("i, robot", 94),
        ("oceans 11", 95),
        ("ocean's eleven", 95),
        ("toystory", 96),
        ("toy stroy", 96),
        ("toystroy", 96),  # run together and misspelt
        ("thetoystory", 96),  # article glued on
        ("teh godfather", 10),  # misspelt article
        ("te godfather", 10),
        ("spiritedaway", 60),
        ("spiritedawya", 60),
        ("carsablanca", 98),
        ("eeaao", 97),
        ("everything everywhere", 97),
        ("casablanka", 98),
        ("nosferatu", 99),
    ],
)
def test_finds(index: SearchIndex, query: str, film_id: int) -> None:
    assert top(index, query) == film_id


@pytest.mark.parametrize(
    ("query", "film_id"),
    [
        ("dune 1984", 20),
        ("dune (1984)", 20),
        ("dune 2021", 21),
        ("dune (2021)", 21),
        ("the terminator 1984", 50),
        ("terminator 1984", 50),
        ("blade runner 1982", 92),
        ("blade runner 2049", 93),
        ("rocky 1985", 4),
        ("2001 a space odyssey 1968", 91),
    ],
)
def test_a_year_picks_the_film_of_that_year(index: SearchIndex, query: str, film_id: int) -> None:
    assert top(index, query) == film_id


def test_the_film_of_the_year_asked_for_scores_100(index: SearchIndex) -> None:
    first, second = index.search("dune 2021")[:2]
    assert (first.film_id, first.score) == (21, 100.0)
    assert second.film_id == 20 and second.score < 100.0


def test_a_numbered_title_is_found_by_its_roman_numeral() -> None:
    index = SearchIndex.build(
        [IndexEntry(1, None, "Rocky 4", 1985), IndexEntry(2, None, "Rocky", 1976)]
    )
    assert top(index, "rocky iv") == 1
    assert top(index, "rocky four") == 1


def test_hits_carry_title_year_and_the_matched_variant(index: SearchIndex) -> None:
    hit = index.search("a new hope")[0]
    assert hit == SearchHit(80, "Star Wars", 1977, 100.0, "A New Hope")
    hit = index.search("star wars")[0]
    assert (hit.film_id, hit.matched) == (80, "Star Wars")
    assert index.search("nosferatu")[0].year is None


def test_the_title_itself_is_preferred_as_matched_variant() -> None:
    index = SearchIndex.build([IndexEntry(1, None, "Alien", 1979, ("Alien",))])
    assert index.search("alien")[0].matched == "Alien"


def test_ranking_exact_then_prefix_then_all_words_then_fuzzy() -> None:
    films = ["Return of the Alien", "Aliens", "Alien", "Alien Resurrection", "The Alien Within"]
    index = SearchIndex.build(IndexEntry(i, None, t, 2000) for i, t in enumerate(films))
    hits = index.search("alien")
    assert [h.title for h in hits] == [
        "Alien",  # exact
        "Aliens",  # prefix, closest to whole
        "The Alien Within",  # prefix (leading article ignored)
        "Alien Resurrection",  # prefix
        "Return of the Alien",  # every word
    ]
    exact, prefix, *longer, words = (h.score for h in hits)
    assert exact == 100.0
    assert all(90.0 < score < prefix < 100.0 for score in longer)
    assert 80.0 <= words < 90.0
    fuzzy = index.search("alein")
    assert fuzzy[0].title == "Alien"
    assert all(h.score < 80.0 for h in fuzzy)


def test_ties_are_broken_by_year_then_shorter_title_then_id() -> None:
    index = SearchIndex.build(
        [
            IndexEntry(5, None, "Heat", 1995),
            IndexEntry(3, None, "Heat", 1986),
            IndexEntry(9, None, "HEAT", 1986),
            IndexEntry(4, None, "Heat!", 1986),
            IndexEntry(1, None, "Heat", None),
        ]
    )
    assert [h.film_id for h in index.search("heat")] == [3, 9, 4, 5, 1]


def test_results_are_sorted_unique_and_bounded(index: SearchIndex) -> None:
    for query in ("r", "rocky", "the", "star", "godfahter", "dune 1984", "e"):
        hits = index.search(query)
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 100.0 for s in scores)
        assert len({h.film_id for h in hits}) == len(hits)


def test_limit() -> None:
    index = SearchIndex.build(IndexEntry(i, None, f"Rocky {i}", 1970 + i) for i in range(60))
    assert len(index.search("rocky")) == MAX_LIMIT
    assert len(index.search("rocky", limit=100)) == MAX_LIMIT
    assert len(index.search("rocky", limit=3)) == 3
    assert index.search("rocky", limit=0) == []
    assert len(index.suggest("rocky")) == 3


@pytest.mark.parametrize("query", ["", "   ", "?!", "(1984)", "zzzzzzzz", "qx"])
def test_nothing_to_find(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_a_very_long_query_is_cut_not_refused(index: SearchIndex) -> None:
    assert top(index, "godfather" + " " * 5000) == 10
    assert isinstance(index.search("word " * 2000), list)


def test_short_queries_match_prefixes_only(index: SearchIndex) -> None:
    assert [h.film_id for h in index.search("r")][:6] == [1, 2, 3, 4, 5, 6]
    assert {h.title[:2].casefold() for h in index.search("ro")} == {"ro"}
    assert index.search("zq") == []


def test_just_an_article_lists_titles_starting_with_it(index: SearchIndex) -> None:
    titles = [h.title for h in index.search("the")]
    assert {"The Godfather", "The Terminator"} <= set(titles[:3])


def test_suggest_is_looser_than_search(index: SearchIndex) -> None:
    assert index.search("gdfthr") == []
    assert [h.film_id for h in index.suggest("gdfthr")][:1] == [10]


def test_visibility_by_guild() -> None:
    index = SearchIndex.build(
        [
            IndexEntry(1, None, "Heat", 1995),
            IndexEntry(2, 100, "Heat", 1986),
            IndexEntry(3, 200, "Heat", 1972),
        ]
    )

    def ids(**kwargs: object) -> set[int]:
        return {h.film_id for h in index.search("heat", **kwargs)}  # type: ignore[arg-type]

    assert ids() == {1}
    assert ids(guild_id=100) == {1, 2}
    assert ids(guild_id=200) == {1, 3}
    assert ids(guild_id=300) == {1}
    assert ids(all_guilds=True) == {1, 2, 3}
    assert {h.film_id for h in index.suggest("heat", guild_id=100)} == {1, 2}


def test_upsert_replaces_and_remove_forgets() -> None:
    index = SearchIndex.build(entries())
    assert len(index) == len(FILMS)
    index.upsert(IndexEntry(4, None, "Drago Strikes Back", 1985))
    assert len(index) == len(FILMS)
    assert top(index, "drago strikes back") == 4
    assert 4 not in [h.film_id for h in index.search("rocky iv")]
    assert 4 not in [h.film_id for h in index.search("rocky 4")]
    index.upsert(IndexEntry(500, 7, "Brand New Film", 2024))
    assert 500 in index and index.get(500) == IndexEntry(500, 7, "Brand New Film", 2024)
    assert top(index, "brand new", guild_id=7) == 500
    assert top(index, "brand new") is None  # another guild's film
    index.remove(10)
    index.remove(10)  # twice is fine
    index.remove(12345)  # unknown is fine
    assert 10 not in index and index.get(10) is None
    for query in ("godfather", "the godfather", "godfahter", "g", "go"):
        assert 10 not in [h.film_id for h in index.search(query)]
        assert 10 not in [h.film_id for h in index.suggest(query)]
    assert top(index, "godfather") == 11


def test_build_keeps_the_last_entry_for_a_duplicate_id() -> None:
    index = SearchIndex.build([IndexEntry(1, None, "Old", 2000), IndexEntry(1, None, "New", 2001)])
    assert len(index) == 1
    assert top(index, "new") == 1
    assert index.search("old") == []


def test_an_empty_index() -> None:
    index = SearchIndex()
    assert len(index) == 0
    assert index.search("rocky") == [] and index.suggest("rocky") == []
    index.upsert(IndexEntry(1, None, "Rocky", 1976))
    assert top(index, "rock") == 1


def test_many_prefix_matches_still_give_the_shortest_titles_first() -> None:
    films = [IndexEntry(i, None, f"Film number {i}", 2000) for i in range(1, 1001)]
    index = SearchIndex.build(films)
    hits = index.search("f")
    assert len(hits) == MAX_LIMIT
    assert all(len(h.title) == len("Film number 1") for h in hits[:9])
    index.upsert(IndexEntry(5000, None, "F", 2001))
    assert top(index, "f") == 5000
    index.remove(5000)
    assert top(index, "f") != 5000


def test_compaction_keeps_the_index_consistent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "_COMPACT_MIN_DEAD", 5)
    index = SearchIndex.build(
        [
            IndexEntry(1, None, "Rocky", 1976),
            IndexEntry(2, 9, "Dune", 1984),
            IndexEntry(3, None, "Up", 2009),
        ]
    )
    for round_ in range(30):
        index.upsert(IndexEntry(1, None, f"Rocky take {round_}", 1976))
    assert len(index._stores[None].text) < 30  # dead keys were dropped on the way
    assert top(index, "rocky take 29") == 1
    assert all(h.score < 100.0 for h in index.search("rocky take 3"))  # not the old title
    assert top(index, "dune", guild_id=9) == 2
    assert len(index) == 3


_WORDS = ["rocky", "dune", "the", "star", "wars", "ii", "4", "amélie", "night", "part", "x"]
_titles = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join)
_ops = st.lists(
    st.tuples(
        st.sampled_from(["upsert", "remove"]),
        st.integers(0, 12),
        _titles,
        st.sampled_from([None, 1, 2]),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(_ops)
def test_changes_agree_with_a_plain_dict(ops: list[tuple[str, int, str, int | None]]) -> None:
    index = SearchIndex()
    model: dict[int, IndexEntry] = {}
    for op, film_id, title, guild in ops:
        if op == "upsert":
            entry = IndexEntry(film_id, guild, title, 2000)
            index.upsert(entry)
            model[film_id] = entry
        else:
            index.remove(film_id)
            model.pop(film_id, None)
    assert len(index) == len(model)
    for film_id, entry in model.items():
        assert index.get(film_id) == entry
        found = index.search(entry.title, all_guilds=True)
        assert film_id in [h.film_id for h in found if h.score == 100.0]
    for query in set(_WORDS) | {e.title for e in model.values()}:
        for hit in index.search(query, all_guilds=True) + index.suggest(query):
            assert model[hit.film_id].title == hit.title
