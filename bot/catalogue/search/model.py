"""The values going into and coming out of the search index."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IndexEntry", "SearchHit"]


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One searchable film.

    ``guild_id`` is ``None`` for a shared catalogue film, visible to every guild.
    ``other_titles`` holds the original title and alternative titles.
    """

    film_id: int
    guild_id: int | None
    title: str
    year: int | None
    other_titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result. ``score`` is 0..100 (see ``bot.catalogue.search.stages`` for its bands) and
    ``matched`` is the title variant that matched: the title, or one of ``other_titles``."""

    film_id: int
    title: str
    year: int | None
    score: float
    matched: str
