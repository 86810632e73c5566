"""What guild settings need from storage: a read, and a save inside a unit of work."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.guilds.models import GuildSettings


class GuildSettingsTransaction(Protocol):
    async def save(self, settings: GuildSettings) -> None: ...


class GuildSettingsStore(Protocol):
    async def get(self, guild_id: int) -> GuildSettings:
        """The stored settings, or the defaults for a guild that never changed any."""

    def transaction(self) -> AbstractAsyncContextManager[GuildSettingsTransaction]: ...
