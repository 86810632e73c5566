"""The guild settings store on SQLite: one row per guild that changed a setting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from bot.guilds.models import SETTINGS_COLUMNS, GuildSettings, SettingsChange
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

    async def change(self, guild_id: int, changes: SettingsChange) -> GuildSettings:
        columns = _columns(changes)
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
        sql = (
            f"INSERT INTO guild_settings (guild_id, {names}) VALUES (?, {marks}) "
            f"ON CONFLICT (guild_id) DO UPDATE SET {updates} "
            "RETURNING moderator_role_id, poll_role_id, spoilers"
        )
        values = [guild_id, *(changes[c] for c in columns)]  # type: ignore[literal-required]
        rows = list(await self._conn.execute_fetchall(sql, values))
        row = rows[0]
        return GuildSettings(guild_id, row[0], row[1], bool(row[2]))


def _columns(changes: SettingsChange) -> list[str]:
    """The named settings' columns, from the fixed list (never from the caller's text)."""
    columns = [c for c in SETTINGS_COLUMNS if c in changes]
    if not columns or len(columns) != len(changes):
        raise ValueError(f"Not a change of guild settings: {sorted(changes)}")
    return columns
