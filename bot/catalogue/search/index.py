"""``SearchIndex``: in-memory fuzzy film search for autocomplete and "did you mean".

A query runs through stages (``bot.catalogue.search.stages``), each far cheaper than a scan of the
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

**Scope before truncation.** Each stage keeps only its best few candidates, so the candidates
must be drawn from what the asking guild can see, never from every guild's films: the index
keeps one ``KeyStore`` per owner (the shared catalogue, and each guild) and a query runs the
stages over the shared store and the guild's own store only, merging their offers. A guild's
own copy of a shared film (same ``identity_key`` title and year) shadows that film for the guild:
the shadowed films are passed to the stages, which drop them before any truncation.
One guild's films therefore cannot change another guild's results (tests/test_search_isolation).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from bot.catalogue.search.model import IndexEntry, SearchHit
from bot.catalogue.search.normalise import identity_key, parse_query, title_forms
from bot.catalogue.search.stages import (
    LOOSE,
    STRICT,
    TOKENS_BASE,
    Collector,
    Scope,
    Tuning,
    match_exact_and_prefix,
    match_scan,
    match_tokens,
)
from bot.catalogue.search.store import KeyStore

__all__ = ["MAX_LIMIT", "MAX_QUERY_LENGTH", "YEAR_BONUS", "SearchIndex"]

#: Most hits a search returns (Discord autocomplete shows 25).
MAX_LIMIT = 25
#: Added to the score of a film of the year asked for (half for a year off by one).
YEAR_BONUS = 12.0

#: Longer queries are cut: no title is longer (``bot.catalogue.models.FILM_TITLE_MAX``).
MAX_QUERY_LENGTH = 200

_SCAN_BELOW = 64.0  # run the scan stage when the best score so far is below this
_NO_YEAR = 1_000_000  # films without a year sort after the others


def _same_film(a: IndexEntry, b: IndexEntry) -> bool:
    """Same identity title and year: a guild's copy of a shared film."""
    return a.year == b.year and identity_key(a.title) == identity_key(b.title)


class SearchIndex:
    """Fuzzy film-title search over an in-memory catalogue (see the module docstring)."""

    __slots__ = ("_films", "_hidden", "_stores")

    def __init__(self) -> None:
        self._films: dict[int, IndexEntry] = {}
        self._stores: dict[int | None, KeyStore] = {}  # owner (None: shared) -> its keys
        self._hidden: dict[int, frozenset[int]] = {}  # guild -> shadowed shared ids (cache)

    @classmethod
    def build(cls, entries: Iterable[IndexEntry]) -> SearchIndex:
        """An index of ``entries``; for a duplicate film id the last entry wins."""
        index = cls()
        index._films = {entry.film_id: entry for entry in entries}
        owned: dict[int | None, list[IndexEntry]] = {}
        for entry in index._films.values():
            owned.setdefault(entry.guild_id, []).append(entry)
        index._stores = {owner: KeyStore.from_entries(es) for owner, es in owned.items()}
        return index

    def __len__(self) -> int:
        return len(self._films)

    def __contains__(self, film_id: object) -> bool:
        return film_id in self._films

    def get(self, film_id: int) -> IndexEntry | None:
        """The indexed entry of a film, if any."""
        return self._films.get(film_id)

    # -- changes -----------------------------------------------------------------------------

    def upsert(self, entry: IndexEntry) -> None:
        """Add a film, or replace the film with the same id."""
        self.remove(entry.film_id)
        store = self._stores.get(entry.guild_id)
        if store is None:
            store = self._stores[entry.guild_id] = KeyStore()
        store.add(entry)
        self._films[entry.film_id] = entry
        self._changed(entry.guild_id)

    def remove(self, film_id: int) -> None:
        """Forget a film; unknown ids are ignored."""
        entry = self._films.pop(film_id, None)
        if entry is None:
            return
        self._changed(entry.guild_id)
        store = self._stores[entry.guild_id]
        store.discard(film_id)
        if not store.films:
            del self._stores[entry.guild_id]
        elif store.wants_compaction():
            self._stores[entry.guild_id] = KeyStore.from_entries(store.films.values())

    def _changed(self, owner: int | None) -> None:
        """Forget the shadowed films worked out for ``owner`` (for every guild: shared films)."""
        if owner is None:
            self._hidden.clear()
        else:
            self._hidden.pop(owner, None)

    def hidden_for(self, guild_id: int) -> frozenset[int]:
        """Shared films the guild's own copies shadow (same identity title and year).

        Worked out when first asked after a change, from the guild's films: a shared film with
        the same identity title has the same plain normalised text, so it is found through the
        shared store's exact lookup.
        """
        hidden = self._hidden.get(guild_id)
        if hidden is None:
            shared, own = self._stores.get(None), self._stores.get(guild_id)
            found: set[int] = set()
            if shared is not None and own is not None:
                for entry in own.films.values():
                    for key in shared.exact.get(title_forms(entry.title).plain, ()):
                        film = shared.films[shared.film[key]]
                        if _same_film(film, entry):
                            found.add(film.film_id)
            hidden = self._hidden[guild_id] = frozenset(found)
        return hidden

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
        scope = self._scope(guild_id, all_guilds)
        found = Collector()
        self._collect(scope, parsed.text, found, limit, tuning, year=parsed.year is not None)
        best = found.best
        if parsed.year is None:
            return self._hits(best, limit, 1.0)
        films = self._films
        for film_id, (score, variant) in best.items():
            film_year = films[film_id].year
            if film_year is not None and abs(film_year - parsed.year) <= 1:
                bonus = YEAR_BONUS if film_year == parsed.year else YEAR_BONUS / 2
                best[film_id] = (score + bonus, variant)
        literal = Collector()
        self._collect(scope, parsed.full_text, literal, limit, tuning, year=True, literal=True)
        for film_id, (score, variant) in literal.best.items():
            if score >= TOKENS_BASE:  # every query token, the number too, is in the title
                score += YEAR_BONUS
            if score > best.get(film_id, (-1.0, 0))[0]:
                best[film_id] = (score, variant)
        return self._hits(best, limit, 100.0 / (100.0 + YEAR_BONUS))

    def _scope(self, guild_id: int | None, all_guilds: bool) -> list[Scope]:
        """The stores a query reads, each with the films it must skip (see module docstring)."""
        if all_guilds:
            return [Scope(store, frozenset()) for store in self._stores.values()]
        scope: list[Scope] = []
        shared = self._stores.get(None)
        if guild_id is None:
            return [Scope(shared, frozenset())] if shared is not None else []
        own = self._stores.get(guild_id)
        if shared is not None:
            scope.append(Scope(shared, self.hidden_for(guild_id)))
        if own is not None:
            scope.append(Scope(own, frozenset()))
        return scope

    def _collect(
        self,
        scope: list[Scope],
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
        for part in scope:
            match_exact_and_prefix(found.bind(part), forms)
        if len(forms.plain) < 3:
            return
        if year or tuning.loose or len(found.best) < limit:
            for part in scope:
                match_tokens(found.bind(part), forms, tuning, literal=literal)
        if literal or len(forms.plain) < 4:
            return
        if tuning.loose or found.top_score() < _SCAN_BELOW:
            squashed = forms.plain.replace(" ", "")
            for part in scope:
                match_scan(found.bind(part), squashed, limit, tuning)

    def _hits(
        self, best: dict[int, tuple[float, int]], limit: int, scale: float
    ) -> list[SearchHit]:
        """The ``limit`` best films as hits, scores scaled by ``scale`` and capped at 100."""
        films = self._films

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
