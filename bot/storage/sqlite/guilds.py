"""The guild settings store on SQLite: one row per guild that changed a setting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from bot.guilds.models import GuildSettings
from bot.storage.sqlite.database import Database


class SqliteGuildSettingsStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteGuildSettingsTransaction]:
        async with self._db.transaction() as conn:
            yield SqliteGuildSettingsTransaction(conn)

    async def get(self, guild_id: int) -> GuildSettings:
        sql = (
            "SELECT moderator_role_id, poll_role_id, spoilers FROM guild_settings "
            "WHERE guild_id = ?"
        )
        async with self._db.read() as conn, conn.execute(sql, (guild_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return GuildSettings(guild_id)
        return GuildSettings(guild_id, row[0], row[1], bool(row[2]))


class SqliteGuildSettingsTransaction:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def save(self, settings: GuildSettings) -> None:
        sql = (
            "INSERT INTO guild_settings (guild_id, moderator_role_id, poll_role_id, spoilers) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
            "moderator_role_id = excluded.moderator_role_id, "
            "poll_role_id = excluded.poll_role_id, spoilers = excluded.spoilers"
        )
        values = (
            settings.guild_id,
            settings.moderator_role_id,
            settings.poll_role_id,
            int(settings.spoilers),
        )
        await self._conn.execute(sql, values)
