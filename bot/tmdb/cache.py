"""A small in-memory TTL cache of TMDB responses.

TMDB's API terms let an application cache TMDB content for at most six months; this cache keeps
answers for hours (configuration: days, as TMDB suggests re-reading it every few days), holds a
bounded number of entries (least recently used go first) and lives only as long as the process.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Generic, TypeVar

from bot.tmdb.resilience import Clock

# The TMDB API terms' ceiling on caching; every TTL used here must stay below it.
TERMS_MAX_CACHE_SECONDS = 183 * 24 * 3600
DEFAULT_TTL = 12 * 3600.0
CONFIGURATION_TTL = 3 * 24 * 3600.0

V = TypeVar("V")


class TtlCache(Generic[V]):
    def __init__(
        self, ttl: float = DEFAULT_TTL, max_entries: int = 1024, *, clock: Clock = time.monotonic
    ) -> None:
        if not 0 < ttl <= TERMS_MAX_CACHE_SECONDS:
            raise ValueError("the TTL must be positive and within TMDB's six-month caching limit")
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> V | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= self._clock():
            if entry is not None:
                del self._entries[key]
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def put(self, key: str, value: V, ttl: float | None = None) -> None:
        lifetime = self.ttl if ttl is None else min(ttl, TERMS_MAX_CACHE_SECONDS)
        self._entries[key] = (self._clock() + lifetime, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
