"""A TMDB film as the project's ``FilmDraft``: the prefill of the moderators' add form.

``FilmDraft`` has no TMDB id field and storage is not touched here, so the id travels in the
draft's ``source`` as the film's TMDB page URL (stored in the existing ``source`` column and read
back with ``tmdb_id_from_source``); ``TmdbDraft`` also carries it alongside for callers.
TMDB's overview is TMDB's text, shown on cards with attribution; it becomes the synopsis only
when the caller asks, because the catalogue's synopses are written in the project's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.catalogue.models import (
    ALT_TITLE_MAX,
    DIRECTOR_MAX,
    FILM_TITLE_MAX,
    MAX_ALT_TITLES,
    MAX_GENRES,
    RUNTIME_MAX,
    SYNOPSIS_MAX,
    TAGLINE_MAX,
    FilmDraft,
)
from bot.tmdb.models import TmdbMovie, tmdb_page_url

_SOURCE = re.compile(r"https://www\.themoviedb\.org/movie/(\d+)")


@dataclass(frozen=True, slots=True)
class TmdbDraft:
    tmdb_id: int
    draft: FilmDraft
    poster_url: str | None


def _fit(text: str | None, limit: int) -> str | None:
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def to_film_draft(movie: TmdbMovie, *, include_overview: bool = False) -> TmdbDraft:
    """A draft that ``bot.catalogue.validation.clean_draft`` accepts, with no scenes yet."""
    title = _fit(movie.title, FILM_TITLE_MAX) or str(movie.tmdb_id)
    alt_titles = tuple(t for t in (_fit(a, ALT_TITLE_MAX) for a in movie.alt_titles) if t)[
        :MAX_ALT_TITLES
    ]
    runtime = movie.runtime if movie.runtime and 1 <= movie.runtime <= RUNTIME_MAX else None
    draft = FilmDraft(
        title=title,
        original_title=_fit(movie.original_title, FILM_TITLE_MAX),
        alt_titles=alt_titles,
        release_date=movie.release_date,
        year=movie.year,
        runtime=runtime,
        genres=movie.genres[:MAX_GENRES],
        director=_fit(movie.director, DIRECTOR_MAX),
        tagline=_fit(movie.tagline, TAGLINE_MAX),
        synopsis=(_fit(movie.overview, SYNOPSIS_MAX) or "") if include_overview else "",
        source=tmdb_page_url(movie.tmdb_id),
    )
    return TmdbDraft(movie.tmdb_id, draft, movie.poster_url)


def tmdb_id_from_source(source: str | None) -> int | None:
    """The TMDB id kept in a film's ``source`` by ``to_film_draft``, or None."""
    match = _SOURCE.fullmatch(source.strip()) if source else None
    return int(match.group(1)) if match else None
