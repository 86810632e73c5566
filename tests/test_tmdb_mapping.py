from __future__ import annotations

from datetime import date
from typing import Any

from bot.catalogue.genres import GENRES, canonical_genre
from bot.catalogue.models import ALT_TITLE_MAX, FILM_TITLE_MAX, MAX_ALT_TITLES
from bot.catalogue.validation import clean_draft
from bot.tmdb.draft import tmdb_id_from_source, to_film_draft
from bot.tmdb.genres import TMDB_GENRES, map_genre, map_genres
from bot.tmdb.models import ImageConfig, TmdbMovie
from bot.tmdb.parse import first_public_release, parse_details, parse_search
from tmdb_emulator.dataset import GENRES as EMULATED_GENRES

IMAGES = ImageConfig("https://img.example/t/p/", ("w92", "w342", "original"))


def test_every_mapped_tmdb_genre_is_in_the_projects_vocabulary() -> None:
    assert {g for g in TMDB_GENRES.values() if g} <= set(GENRES)
    assert map_genre(878) == "Science Fiction" and map_genre(10770) is None
    assert map_genre(None, "sci-fi") == "Science Fiction" and map_genre(99999, "Soap") is None
    assert map_genres([(18, "Drama"), (10770, "TV Movie"), (18, None), (27, None)]) == (
        "Drama",
        "Horror",
    )


def _details(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": 7,
        "title": "A Film",
        "original_title": "Un Film",
        "release_date": "2001-05-02",
        "runtime": 101,
        "overview": "Something happens.",
        "tagline": "",
        "poster_path": "/p.jpg",
        "genres": [{"id": 35, "name": "Comedy"}, {"id": 10770, "name": "TV Movie"}],
        "credits": {
            "cast": [{"name": "An Actor", "character": "Someone"}],
            "crew": [
                {"name": "A Writer", "job": "Screenplay"},
                {"name": "First Director", "job": "Director"},
                {"name": "Second Director", "job": "Director"},
            ],
        },
        "alternative_titles": {
            "titles": [
                {"iso_3166_1": "FR", "title": "Un Film", "type": ""},
                {"iso_3166_1": "GB", "title": "A Film, Too", "type": ""},
                {"iso_3166_1": "US", "title": "a film", "type": ""},
            ]
        },
        "release_dates": {
            "results": [
                {
                    "iso_3166_1": "FR",
                    "release_dates": [
                        {"release_date": "2001-04-20T00:00:00.000Z", "type": 4},
                        {"release_date": "2001-05-02T00:00:00.000Z", "type": 3},
                    ],
                },
                {"iso_3166_1": "XX", "release_dates": [{"release_date": "2001-03-01", "type": 1}]},
            ]
        },
    }
    data.update(overrides)
    return data


def test_details_map_director_genres_titles_date_and_poster() -> None:
    movie = parse_details(_details(), IMAGES)
    assert movie is not None
    assert movie.director == "First Director and Second Director"
    assert movie.genres == ("Comedy",)
    assert movie.alt_titles == ("A Film, Too",)
    assert movie.original_title == "Un Film"
    # The first public release is the earliest premiere or theatrical date, not a digital one.
    assert movie.release_date == date(2001, 3, 1) and movie.year == 2001
    assert movie.poster_url == "https://img.example/t/p/w342/p.jpg"
    assert movie.tagline is None and movie.runtime == 101


def test_thin_or_odd_details_do_not_break_parsing() -> None:
    thin = parse_details({"id": 9, "title": "Bare", "runtime": 0, "genres": None}, IMAGES)
    assert thin is not None
    assert (thin.release_date, thin.runtime, thin.director, thin.poster_url) == (
        None,
        None,
        None,
        None,
    )
    assert parse_details({"id": "9", "title": "Bad id"}, IMAGES) is None
    assert first_public_release({"release_date": "", "release_dates": {"results": "x"}}) is None


def test_search_results_map_genre_ids_and_skip_broken_entries() -> None:
    data = {"results": [{"id": 1, "title": "One", "genre_ids": [28, 10770]}, {"title": "No id"}]}
    [one] = parse_search(data, IMAGES)
    assert (one.tmdb_id, one.genres, one.year, one.poster_url) == (1, ("Action",), None, None)


def test_the_draft_validates_and_keeps_the_tmdb_id_in_its_source() -> None:
    movie = parse_details(_details(), IMAGES)
    assert movie is not None
    result = to_film_draft(movie)
    cleaned = clean_draft(result.draft)
    assert result.tmdb_id == 7 and tmdb_id_from_source(cleaned.source) == 7
    assert cleaned.director == "First Director and Second Director"
    assert cleaned.genres == ("Comedy",) and cleaned.synopsis == ""
    assert to_film_draft(movie, include_overview=True).draft.synopsis == "Something happens."
    assert tmdb_id_from_source("jaws-1975.toml") is None and tmdb_id_from_source(None) is None


def test_overlong_tmdb_values_are_fitted_to_the_catalogue_limits() -> None:
    movie = TmdbMovie(
        tmdb_id=3,
        title="T" * 300,
        original_title=None,
        release_date=date(1999, 1, 1),
        overview="",
        runtime=5000,
        director=None,
        genres=(),
        alt_titles=tuple(f"Alt {n} " + "x" * 250 for n in range(30)),
        tagline=None,
        poster_url=None,
    )
    draft = clean_draft(to_film_draft(movie).draft)
    assert len(draft.title) == FILM_TITLE_MAX and draft.runtime is None
    assert len(draft.alt_titles) == MAX_ALT_TITLES
    assert all(len(t) <= ALT_TITLE_MAX for t in draft.alt_titles)


def test_the_tmdb_emulator_serves_the_genres_the_mapping_knows() -> None:
    """The emulator's ``/genre/movie/list`` and ``bot.tmdb.genres`` list the same TMDB ids, and
    each name the emulator serves maps (by name) to what the id maps to, so an end-to-end TMDB
    test cannot pass on a genre table the product does not share."""
    assert set(EMULATED_GENRES) == set(TMDB_GENRES)
    for tmdb_id, name in EMULATED_GENRES.items():
        assert canonical_genre(name) == TMDB_GENRES[tmdb_id], (tmdb_id, name)
