"""``SearchIndex``: in-memory fuzzy film search for autocomplete and "did you mean".

A query runs through stages (``bot.search.stages``), each far cheaper than a scan of the
catalogue, and stops as soon as later stages could not change the result:

1. **exact** dict lookups of the query's normalised forms, and its initials;
2. **prefix**: ``bisect`` over the key texts, sorted per length, read from the shortest;
   one- and two-character queries stop here;
3. **tokens**: each query token is expanded to indexed tokens (itself, completions of the last
   token, close spellings of unknown tokens found with ``rapidfuzz`` among tokens of similar
   length); the inverted index yields a bounded set of candidate keys, scored by how well
   they cover the query;
4. **scan**: only when nothing good was found, ``rapidfuzz`` over the space-free titles that
   start alike and are about as long as the query (run-together words: "toystroy").

A year in the query ("dune 1984") is searched without the year and then boosts films of that
year; the query is also searched with the year as title text ("blade runner 2049").
Ties are broken by year (older first), then shorter title, then film id.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from bot.search.model import IndexEntry, SearchHit
from bot.search.normalise import parse_query, title_forms
from bot.search.stages import (
    LOOSE,
    STRICT,
    TOKENS_BASE,
    Collector,
    Tuning,
    match_exact_and_prefix,
    match_scan,
    match_tokens,
)
from bot.search.store import KeyStore

__all__ = ["MAX_LIMIT", "MAX_QUERY_LENGTH", "YEAR_BONUS", "SearchIndex"]

#: Most hits a search returns (Discord autocomplete shows 25).
MAX_LIMIT = 25
#: Added to the score of a film of the year asked for (half for a year off by one).
YEAR_BONUS = 12.0

#: Longer queries are cut: no title is longer (``bot.models.FILM_TITLE_MAX``).
MAX_QUERY_LENGTH = 200

_SCAN_BELOW = 64.0  # run the scan stage when the best score so far is below this
_NO_YEAR = 1_000_000  # films without a year sort after the others


class SearchIndex:
    """Fuzzy film-title search over an in-memory catalogue (see the module docstring)."""

    __slots__ = ("_store",)

    def __init__(self) -> None:
        self._store = KeyStore()

    @classmethod
    def build(cls, entries: Iterable[IndexEntry]) -> SearchIndex:
        """An index of ``entries``; for a duplicate film id the last entry wins."""
        index = cls()
        index._store = KeyStore.from_entries(entries)
        return index

    def __len__(self) -> int:
        return len(self._store.films)

    def __contains__(self, film_id: object) -> bool:
        return film_id in self._store.films

    def get(self, film_id: int) -> IndexEntry | None:
        """The indexed entry of a film, if any."""
        return self._store.films.get(film_id)

    # -- changes -----------------------------------------------------------------------------

    def upsert(self, entry: IndexEntry) -> None:
        """Add a film, or replace the film with the same id."""
        self._store.discard(entry.film_id)
        self._store.add(entry)
        self._changed()

    def remove(self, film_id: int) -> None:
        """Forget a film; unknown ids are ignored."""
        if self._store.discard(film_id):
            self._changed()

    def _changed(self) -> None:
        if self._store.wants_compaction():
            self._store = KeyStore.from_entries(self._store.films.values())

    # -- queries -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        guild_id: int | None = None,
        limit: int = MAX_LIMIT,
        all_guilds: bool = False,
    ) -> list[SearchHit]:
        """Best matches for ``query`` among films visible to ``guild_id``, best first.

        Visible are shared films plus the films of ``guild_id`` (shared only when it is
        ``None``); ``all_guilds`` makes every film visible. At most ``min(limit, 25)`` hits.
        """
        return self._query(query, guild_id, min(limit, MAX_LIMIT), all_guilds, STRICT)

    def suggest(
        self, query: str, *, guild_id: int | None = None, limit: int = 3
    ) -> list[SearchHit]:
        """Candidates for "did you mean": like ``search``, with looser cut-offs."""
        return self._query(query, guild_id, min(limit, MAX_LIMIT), False, LOOSE)

    def _query(
        self, query: str, guild_id: int | None, limit: int, all_guilds: bool, tuning: Tuning
    ) -> list[SearchHit]:
        if limit <= 0:
            return []
        parsed = parse_query(query[:MAX_QUERY_LENGTH])
        found = Collector(self._store, guild_id, all_guilds)
        self._collect(parsed.text, found, limit, tuning, year=parsed.year is not None)
        best = found.best
        if parsed.year is None:
            return self._hits(best, limit, 1.0)
        films = self._store.films
        for film_id, (score, variant) in best.items():
            film_year = films[film_id].year
            if film_year is not None and abs(film_year - parsed.year) <= 1:
                bonus = YEAR_BONUS if film_year == parsed.year else YEAR_BONUS / 2
                best[film_id] = (score + bonus, variant)
        literal = Collector(self._store, guild_id, all_guilds)
        self._collect(parsed.full_text, literal, limit, tuning, year=True, literal=True)
        for film_id, (score, variant) in literal.best.items():
            if score >= TOKENS_BASE:  # every query token, the number too, is in the title
                score += YEAR_BONUS
            if score > best.get(film_id, (-1.0, 0))[0]:
                best[film_id] = (score, variant)
        return self._hits(best, limit, 100.0 / (100.0 + YEAR_BONUS))

    def _collect(
        self,
        text: str,
        found: Collector,
        limit: int,
        tuning: Tuning,
        *,
        year: bool,
        literal: bool = False,
    ) -> None:
        """Run the stages for ``text``; ``literal`` skips spelling corrections and the scan.

        Token matching is skipped once exact and prefix matches fill ``limit``, as it could only
        add lower scores, unless a year bonus or the loose tuning may change the order.
        """
        forms = title_forms(text)
        if not forms.plain:
            return
        match_exact_and_prefix(self._store, forms, found)
        if len(forms.plain) < 3:
            return
        if year or tuning.loose or len(found.best) < limit:
            match_tokens(self._store, forms, found, tuning, literal=literal)
        if literal or len(forms.plain) < 4:
            return
        if tuning.loose or found.top_score() < _SCAN_BELOW:
            match_scan(self._store, forms.plain.replace(" ", ""), found, limit, tuning)

    def _hits(
        self, best: dict[int, tuple[float, int]], limit: int, scale: float
    ) -> list[SearchHit]:
        """The ``limit`` best films as hits, scores scaled by ``scale`` and capped at 100."""
        films = self._store.films

        def order(item: tuple[int, tuple[float, int]]) -> tuple[float, int, int, int]:
            film_id, (score, _) = item
            entry = films[film_id]
            year = entry.year if entry.year is not None else _NO_YEAR
            return (-score, year, len(entry.title), film_id)

        hits: list[SearchHit] = []
        for film_id, (score, variant) in heapq.nsmallest(limit, best.items(), key=order):
            entry = films[film_id]
            matched = entry.title if variant == 0 else entry.other_titles[variant - 1]
            shown = round(min(score * scale, 100.0), 2)
            hits.append(SearchHit(film_id, entry.title, entry.year, shown, matched))
        return hits
