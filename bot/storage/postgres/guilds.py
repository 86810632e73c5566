"""The guild settings store on PostgreSQL: one row per guild that changed a setting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from bot.guilds.models import GuildSettings
from bot.storage.postgres.database import PgDatabase


class PgGuildSettingsStore:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgGuildSettingsTransaction]:
        async with self._db.transaction() as conn:
            yield PgGuildSettingsTransaction(conn)

    async def get(self, guild_id: int) -> GuildSettings:
        row = await self._db.fetchrow(
            "SELECT moderator_role_id, poll_role_id, spoilers FROM guild_settings "
            "WHERE guild_id = $1",
            guild_id,
        )
        if row is None:
            return GuildSettings(guild_id)
        return GuildSettings(guild_id, row[0], row[1], bool(row[2]))


class PgGuildSettingsTransaction:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def save(self, settings: GuildSettings) -> None:
        await self._conn.execute(
            "INSERT INTO guild_settings (guild_id, moderator_role_id, poll_role_id, spoilers) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT (guild_id) DO UPDATE SET "
            "moderator_role_id = excluded.moderator_role_id, "
            "poll_role_id = excluded.poll_role_id, spoilers = excluded.spoilers",
            settings.guild_id,
            settings.moderator_role_id,
            settings.poll_role_id,
            settings.spoilers,
        )
