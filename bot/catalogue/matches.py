"""One typed title, several films: ``scarface`` is Scarface (1932) and Scarface (1983).

Every command that takes a film resolves it through this module, so all of them treat an
ambiguous title the same way. A value picked from autocomplete (``#<id>``) is never ambiguous.
A typed title is ambiguous when other films match it as well as the best one: a score within
``TIE`` of the best, or (when no year was typed) the same title once case, accents and
punctuation are folded away. Typing the year ("scarface 1983") picks one.

Two ways to use it, chosen per command (README, "Ambiguous titles"):

- ``resolve_matches``: commands that only show something take the best match and name the others
  (the cogs add "also: Scarface (1983)" and how to switch);
- ``resolve_one``: commands that act on a film (start a poll, set a favourite, open a thread,
  change or remove a film) refuse with ``AmbiguousTitleError`` ("Which one? ...") naming the
  candidates with their years, since acting on the wrong film is worse than asking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalogue.models import Film
from bot.catalogue.search import SearchHit
from bot.catalogue.search.normalise import fold, parse_query
from bot.catalogue.service import Catalogue, parse_ref
from bot.errors import AmbiguousTitleError

MATCHES_MAX = 10  # films searched for equal matches (the switch select lists at most these)
TIE = 0.01  # scores this close are equally good matches


@dataclass(frozen=True, slots=True)
class Resolved:
    """The film a value resolved to; ``matches`` are the films a typed title matched equally
    well, ``film``'s own hit first (empty when it matched only ``film``)."""

    film: Film
    matches: tuple[SearchHit, ...] = ()

    @property
    def others(self) -> tuple[SearchHit, ...]:
        return self.matches[1:]


def film_name(title: str, year: int | None) -> str:
    return f"{title} ({year})" if year else title


def equal_matches(hits: Sequence[SearchHit], film_id: int, text: str) -> list[SearchHit]:
    """The hits matching ``text`` as well as the film ``film_id`` does, that film first;
    [] when no other film does."""
    best = next((h for h in hits if h.film_id == film_id), None)
    if best is None:
        return []
    dated = parse_query(text).year is not None
    same = fold(best.title)
    tied = [
        h
        for h in hits
        if h.film_id != film_id
        and (h.score >= best.score - TIE or (not dated and fold(h.title) == same))
    ]
    return [best, *tied] if tied else []


async def resolve_matches(catalogue: Catalogue, value: str, guild_id: int | None) -> Resolved:
    """The best film for ``value`` and the others a typed title matches as well."""
    film = await catalogue.resolve(value, guild_id)
    text = value.strip()
    if parse_ref(text) is not None:
        return Resolved(film)
    hits = catalogue.search(text, guild_id, limit=MATCHES_MAX)
    return Resolved(film, tuple(equal_matches(hits, film.id, text)))


def year_hint(text: str, hit: SearchHit) -> str:
    """What to type to get ``hit`` ("scarface 1983"), or its title when it has no year."""
    words = parse_query(text).text.strip()
    return f"{words} {hit.year}" if hit.year else hit.title


async def resolve_one(catalogue: Catalogue, value: str, guild_id: int | None) -> Film:
    """The one film ``value`` means; a typed title several films match equally is refused."""
    resolved = await resolve_matches(catalogue, value, guild_id)
    if not resolved.others:
        return resolved.film
    film = resolved.film
    names = [film_name(film.title, film.year)]
    names += [film_name(h.title, h.year) for h in resolved.others]
    listed = ", ".join(names[:-1]) + f" or {names[-1]}"
    hint = year_hint(value, resolved.others[0])
    raise AmbiguousTitleError(
        f"Which one? “{value.strip()[:60]}” could be {listed}. Pick it from the list as you "
        f"type, or add the year (“{hint}”).",
        tuple(names),
    )
