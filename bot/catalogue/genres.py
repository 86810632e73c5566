"""The fixed genre vocabulary. Importers map common spellings onto it."""

from __future__ import annotations

GENRES: tuple[str, ...] = (
    "Action",
    "Adventure",
    "Animation",
    "Biography",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "History",
    "Horror",
    "Music",
    "Musical",
    "Mystery",
    "Romance",
    "Science Fiction",
    "Sport",
    "Thriller",
    "War",
    "Western",
)

_ALIASES: dict[str, str] = {
    "sci-fi": "Science Fiction",
    "scifi": "Science Fiction",
    "science-fiction": "Science Fiction",
    "sf": "Science Fiction",
    "sports": "Sport",
    "biopic": "Biography",
    "animated": "Animation",
    "romantic": "Romance",
    "historical": "History",
    "musicals": "Musical",
    "docs": "Documentary",
}

_BY_KEY: dict[str, str] = {g.casefold(): g for g in GENRES}


def canonical_genre(name: str) -> str | None:
    """Return the vocabulary spelling of ``name``, or None when it is not a known genre."""
    key = " ".join(name.split()).casefold()
    return _BY_KEY.get(key) or _ALIASES.get(key)
