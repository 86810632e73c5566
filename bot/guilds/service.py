"""Guild settings, cached: they are read on almost every interaction.

A change writes only the settings it names, in one statement, and caches the row the store
returns. A guild's cold reads and changes take that guild's lock (one guild never waits on
another's), so a read that started before a change can never cache what the change replaced.
(Another process's change reaches this cache at its restart; a guild is served by one process
outside a rolling restart.)"""

from __future__ import annotations

import asyncio
from typing import Unpack

from bot.guilds.models import GuildSettings, SettingsChange
from bot.guilds.store import GuildSettingsStore


class GuildSettingsService:
    def __init__(self, store: GuildSettingsStore) -> None:
        self._store = store
        self._cache: dict[int, GuildSettings] = {}
        self._locks: dict[int, asyncio.Lock] = {}  # one per guild, like the cache

    async def get(self, guild_id: int) -> GuildSettings:
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached
        async with self._lock(guild_id):
            cached = self._cache.get(guild_id)
            if cached is None:
                cached = self._cache[guild_id] = await self._store.get(guild_id)
            return cached

    async def update(self, guild_id: int, **changes: Unpack[SettingsChange]) -> GuildSettings:
        """Change the named settings: ``update(g, spoilers=False)``."""
        async with self._lock(guild_id):
            async with self._store.transaction() as tx:
                settings = await tx.change(guild_id, changes)
            self._cache[guild_id] = settings
            return settings

    def _lock(self, guild_id: int) -> asyncio.Lock:
        lock = self._locks.get(guild_id)
        if lock is None:
            lock = self._locks[guild_id] = asyncio.Lock()
        return lock
