"""The data structures behind ``SearchIndex``: normalised keys and the lookups over them.

Every title variant of a film (its title, then its other titles) yields up to five *keys*, one
per distinct normalised form (see ``bot.catalogue.search.normalise``). A key is a small integer
id into
parallel arrays (text, film, variant, kind, alive). Over the keys the store keeps:

* ``exact``: plain/canonical/squashed/full text -> key ids, for exact lookups;
* ``texts_by_len``: the texts of ``exact``, sorted, in one list per length: prefix lookups
  read the lists from short to long with ``bisect`` and stop once they have enough;
* ``initials``: initials text -> key ids ("eeaao");
* ``postings``: token -> key ids of plain/canonical/full keys holding it (an inverted index);
* ``vocab``, ``vocab_by_len``, ``vocab_by_start``: the tokens, sorted, bucketed by length and
  by (first letter, length), to complete a partially typed token and correct a misspelt one;
* ``scan``: one space-free text per plain or canonical key, bucketed by (first letter,
  length), so the last-resort fuzzy scan reads only texts that start alike and are about as
  long.

Removing a film updates ``exact``, ``initials`` and ``texts_by_len`` at once; postings and the
scan buckets keep dead key ids (filtered through ``alive``) until enough pile up to rebuild.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from typing import NamedTuple

from bot.catalogue.search.model import IndexEntry
from bot.catalogue.search.normalise import title_forms

__all__ = [
    "KIND_CANONICAL",
    "KIND_FULL",
    "KIND_INITIALS",
    "KIND_PLAIN",
    "KIND_SQUASHED",
    "KeyStore",
    "ScanBucket",
]

KIND_PLAIN = 0
KIND_CANONICAL = 1
KIND_SQUASHED = 2
KIND_INITIALS = 3
KIND_FULL = 4  # with the leading article, for "the", "a" ... and "teh bitter lion"
_TOKENISED = frozenset({KIND_PLAIN, KIND_CANONICAL, KIND_FULL})  # kinds in ``postings``

# Rebuild when dead keys outnumber live ones (and there are enough of them to matter).
_COMPACT_MIN_DEAD = 20_000

_Key = tuple[str, int, int]  # text, kind, variant


class ScanBucket(NamedTuple):
    """Space-free texts of plain keys sharing first letter and length, and their key ids."""

    texts: list[str]
    keys: array[int]


def _keys_for(entry: IndexEntry) -> list[_Key]:
    """The distinct keys of one film, title variant first, plain/canonical before the rest."""
    forms = [title_forms(t) for t in (entry.title, *entry.other_titles)]
    seen: set[tuple[bool, str]] = set()
    keys: list[_Key] = []

    def add(text: str, kind: int, variant: int) -> None:
        marker = (kind == KIND_INITIALS, text)
        if text and marker not in seen:
            seen.add(marker)
            keys.append((text, kind, variant))

    for variant, f in enumerate(forms):
        add(f.plain, KIND_PLAIN, variant)
        add(f.canonical, KIND_CANONICAL, variant)
    for variant, f in enumerate(forms):
        add(f.squashed, KIND_SQUASHED, variant)
        add(f.initials, KIND_INITIALS, variant)
        add(f.full, KIND_FULL, variant)
    return keys


class KeyStore:
    """Keys of all indexed films and the lookup structures over them (see module docstring)."""

    __slots__ = (
        "alive",
        "dead",
        "exact",
        "film",
        "film_keys",
        "films",
        "initials",
        "kind",
        "postings",
        "scan",
        "text",
        "texts_by_len",
        "variant",
        "vocab",
        "vocab_by_len",
        "vocab_by_start",
    )

    def __init__(self) -> None:
        self.films: dict[int, IndexEntry] = {}
        self.film_keys: dict[int, tuple[int, ...]] = {}
        self.text: list[str] = []
        self.film: list[int] = []
        self.variant: array[int] = array("H")
        self.kind = bytearray()
        self.alive = bytearray()
        self.dead = 0
        self.exact: dict[str, tuple[int, ...]] = {}
        self.initials: dict[str, tuple[int, ...]] = {}
        self.texts_by_len: list[list[str]] = []
        self.postings: dict[str, array[int]] = {}
        self.vocab: list[str] = []
        self.vocab_by_len: dict[int, list[str]] = {}
        self.vocab_by_start: dict[tuple[str, int], list[str]] = {}
        self.scan: dict[tuple[str, int], ScanBucket] = {}

    # -- bulk loading ----------------------------------------------------------------------------

    @classmethod
    def from_entries(cls, entries: Iterable[IndexEntry]) -> KeyStore:
        """A store holding ``entries`` (a later duplicate film id wins), built in one pass."""
        store = cls()
        store._load({entry.film_id: entry for entry in entries})
        return store

    def _load(self, films: dict[int, IndexEntry]) -> None:
        postings: dict[str, list[int]] = {}
        exact: dict[str, list[int]] = {}
        initials: dict[str, list[int]] = {}
        for film_id, entry in films.items():
            ids: list[int] = []
            for text, kind, variant in _keys_for(entry):
                key = self._append_key(text, kind, variant, film_id)
                ids.append(key)
                target = initials if kind == KIND_INITIALS else exact
                target.setdefault(text, []).append(key)
                if kind in _TOKENISED:
                    for token in set(text.split()):
                        postings.setdefault(token, []).append(key)
            self.film_keys[film_id] = tuple(ids)
        self.films = films
        self.exact = {text: tuple(ids) for text, ids in exact.items()}
        self.initials = {text: tuple(ids) for text, ids in initials.items()}
        for text in sorted(self.exact):
            self._texts_of_len(len(text)).append(text)
        self.postings = {token: array("i", ids) for token, ids in postings.items()}
        self.vocab = sorted(self.postings)
        for token in self.vocab:
            self._bucket_token(token)

    def _append_key(self, text: str, kind: int, variant: int, film_id: int) -> int:
        key = len(self.text)
        self.text.append(text)
        self.film.append(film_id)
        self.variant.append(min(variant, 0xFFFF))
        self.kind.append(kind)
        self.alive.append(1)
        if kind <= KIND_CANONICAL:
            squashed = text.replace(" ", "")
            bucket = self.scan.get((squashed[0], len(squashed)))
            if bucket is None:
                bucket = self.scan[squashed[0], len(squashed)] = ScanBucket([], array("i"))
            bucket.texts.append(squashed)
            bucket.keys.append(key)
        return key

    # -- incremental changes ---------------------------------------------------------------------

    def add(self, entry: IndexEntry) -> None:
        """Index a film whose id is not in the store."""
        ids: list[int] = []
        for text, kind, variant in _keys_for(entry):
            key = self._append_key(text, kind, variant, entry.film_id)
            ids.append(key)
            if kind == KIND_INITIALS:
                self.initials[text] = (*self.initials.get(text, ()), key)
                continue
            existing = self.exact.get(text)
            if existing is None:
                insort(self._texts_of_len(len(text)), text)
                self.exact[text] = (key,)
            else:
                self.exact[text] = (*existing, key)
            if kind in _TOKENISED:
                for token in set(text.split()):
                    self._post(token, key)
        self.films[entry.film_id] = entry
        self.film_keys[entry.film_id] = tuple(ids)

    def _post(self, token: str, key: int) -> None:
        posting = self.postings.get(token)
        if posting is None:
            self.postings[token] = array("i", (key,))
            insort(self.vocab, token)
            self._bucket_token(token)
        else:
            posting.append(key)

    def _texts_of_len(self, length: int) -> list[str]:
        while len(self.texts_by_len) <= length:
            self.texts_by_len.append([])
        return self.texts_by_len[length]

    def prefixed(
        self, prefix: str, most: int, keep: Callable[[str], bool] | None = None
    ) -> list[str]:
        """Up to ``most`` texts of ``exact`` longer than ``prefix`` starting with it, shortest
        first (among texts of one length, the first in alphabetical order); only texts ``keep``
        accepts, if given, count and are returned."""
        found: list[str] = []
        end = prefix + "\U0010ffff"
        for texts in self.texts_by_len[len(prefix) + 1 :]:
            lo = bisect_left(texts, prefix)
            hi = bisect_left(texts, end, lo)
            if keep is None:
                found += texts[lo : min(hi, lo + most - len(found))]
            else:
                for text in texts[lo:hi]:
                    if keep(text):
                        found.append(text)
                        if len(found) >= most:
                            break
            if len(found) >= most:
                break
        return found

    def _bucket_token(self, token: str) -> None:
        self.vocab_by_len.setdefault(len(token), []).append(token)
        self.vocab_by_start.setdefault((token[0], len(token)), []).append(token)

    def discard(self, film_id: int) -> bool:
        """Forget a film; returns whether it was there."""
        keys = self.film_keys.pop(film_id, None)
        if keys is None:
            return False
        del self.films[film_id]
        for key in keys:
            self.alive[key] = 0
            text = self.text[key]
            table = self.initials if self.kind[key] == KIND_INITIALS else self.exact
            rest = tuple(k for k in table[text] if k != key)
            if rest:
                table[text] = rest
                continue
            del table[text]
            if table is self.exact:
                texts = self.texts_by_len[len(text)]
                del texts[bisect_left(texts, text)]
        self.dead += len(keys)
        return True

    def wants_compaction(self) -> bool:
        """Whether dead keys outnumber live ones enough to be worth a rebuild."""
        return self.dead >= _COMPACT_MIN_DEAD and self.dead > len(self.text) - self.dead
