"""The guild settings store on PostgreSQL: one row per guild that changed a setting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from bot.guilds.models import SETTINGS_COLUMNS, GuildSettings, SettingsChange
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

    async def change(self, guild_id: int, changes: SettingsChange) -> GuildSettings:
        columns = _columns(changes)
        names = ", ".join(columns)
        marks = ", ".join(f"${n}" for n in range(2, len(columns) + 2))
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
        row = await self._conn.fetchrow(
            f"INSERT INTO guild_settings (guild_id, {names}) VALUES ($1, {marks}) "
            f"ON CONFLICT (guild_id) DO UPDATE SET {updates} "
            "RETURNING moderator_role_id, poll_role_id, spoilers",
            guild_id,
            *(changes[c] for c in columns),  # type: ignore[literal-required]
        )
        assert row is not None  # an upsert always returns its row
        return GuildSettings(guild_id, row[0], row[1], bool(row[2]))


def _columns(changes: SettingsChange) -> list[str]:
    """The named settings' columns, from the fixed list (never from the caller's text)."""
    columns = [c for c in SETTINGS_COLUMNS if c in changes]
    if not columns or len(columns) != len(changes):
        raise ValueError(f"Not a change of guild settings: {sorted(changes)}")
    return columns
