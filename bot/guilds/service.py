"""Guild settings, cached: they are read on almost every interaction, and ``save`` (the only
writer in this process) refreshes the cache after the commit."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.guilds.models import GuildSettings
from bot.guilds.store import GuildSettingsStore


class GuildSettingsService:
    def __init__(self, store: GuildSettingsStore) -> None:
        self._store = store
        self._cache: dict[int, GuildSettings] = {}

    async def get(self, guild_id: int) -> GuildSettings:
        cached = self._cache.get(guild_id)
        if cached is None:
            cached = self._cache[guild_id] = await self._store.get(guild_id)
        return cached

    async def save(self, settings: GuildSettings) -> GuildSettings:
        async with self._store.transaction() as tx:
            await tx.save(settings)
        self._cache[settings.guild_id] = settings
        return settings

    async def update(self, guild_id: int, **changes: Any) -> GuildSettings:
        """Read, change the named fields, save: ``update(g, spoilers=False)``."""
        return await self.save(replace(await self.get(guild_id), **changes))
