"""What guild settings need from storage: a read, and a change inside a unit of work."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.guilds.models import GuildSettings, SettingsChange


class GuildSettingsTransaction(Protocol):
    async def change(self, guild_id: int, changes: SettingsChange) -> GuildSettings:
        """Write the named settings in one statement (the others keep their stored values, so
        two moderators changing different settings never undo each other); returns the whole
        row as stored after the write."""


class GuildSettingsStore(Protocol):
    async def get(self, guild_id: int) -> GuildSettings:
        """The stored settings, or the defaults for a guild that never changed any."""

    def transaction(self) -> AbstractAsyncContextManager[GuildSettingsTransaction]: ...
