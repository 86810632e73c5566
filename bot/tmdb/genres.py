"""TMDB's movie genres mapped onto the project's vocabulary (``bot.catalogue.genres``).

TMDB identifies genres by number (``/genre/movie/list``); search results carry only the ids.
The mapping, by TMDB id:

=====  ================  ==========================
id     TMDB name         project genre
=====  ================  ==========================
28     Action            Action
12     Adventure         Adventure
16     Animation         Animation
35     Comedy            Comedy
80     Crime             Crime
99     Documentary       Documentary
18     Drama             Drama
10751  Family            Family
14     Fantasy           Fantasy
36     History           History
27     Horror            Horror
10402  Music             Music
9648   Mystery           Mystery
10749  Romance           Romance
878    Science Fiction   Science Fiction
10770  TV Movie          (dropped: a format, not a genre)
53     Thriller          Thriller
10752  War               War
37     Western           Western
=====  ================  ==========================

The project's Biography, Musical and Sport have no TMDB counterpart; a moderator adds them by
hand. A genre TMDB adds later is mapped by name when the vocabulary knows the name, else dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.catalogue.genres import canonical_genre

TMDB_GENRES: dict[int, str | None] = {
    28: "Action",
    12: "Adventure",
    16: "Animation",
    35: "Comedy",
    80: "Crime",
    99: "Documentary",
    18: "Drama",
    10751: "Family",
    14: "Fantasy",
    36: "History",
    27: "Horror",
    10402: "Music",
    9648: "Mystery",
    10749: "Romance",
    878: "Science Fiction",
    10770: None,
    53: "Thriller",
    10752: "War",
    37: "Western",
}


def map_genre(tmdb_id: int | None, name: str | None = None) -> str | None:
    """The project's genre for a TMDB genre (by id, else by name), or None when it has none."""
    if tmdb_id is not None and tmdb_id in TMDB_GENRES:
        return TMDB_GENRES[tmdb_id]
    return canonical_genre(name) if name else None


def map_genres(pairs: Iterable[tuple[int | None, str | None]]) -> tuple[str, ...]:
    """Mapped genres in TMDB's order, without duplicates or unmapped ones."""
    result: list[str] = []
    for tmdb_id, name in pairs:
        genre = map_genre(tmdb_id, name)
        if genre and genre not in result:
            result.append(genre)
    return tuple(result)
