"""Per-guild settings rows."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    moderator_role_id: int | None = None
    poll_role_id: int | None = None
    spoilers: bool = True


class GuildSettingsRepository:
    """Settings are read on almost every interaction, so rows are cached; ``save`` is the only
    writer and refreshes the cache."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: dict[int, GuildSettings] = {}

    async def get(self, guild_id: int) -> GuildSettings:
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached
        settings = await self._read(guild_id)
        self._cache[guild_id] = settings
        return settings

    async def _read(self, guild_id: int) -> GuildSettings:
        sql = (
            "SELECT moderator_role_id, poll_role_id, spoilers FROM guild_settings "
            "WHERE guild_id = ?"
        )
        async with self._db.conn.execute(sql, (guild_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return GuildSettings(guild_id)
        return GuildSettings(guild_id, row[0], row[1], bool(row[2]))

    async def save(self, settings: GuildSettings) -> GuildSettings:
        sql = (
            "INSERT INTO guild_settings (guild_id, moderator_role_id, poll_role_id, spoilers) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
            "moderator_role_id = excluded.moderator_role_id, "
            "poll_role_id = excluded.poll_role_id, spoilers = excluded.spoilers"
        )
        async with self._db.transaction() as conn:
            await conn.execute(
                sql,
                (
                    settings.guild_id,
                    settings.moderator_role_id,
                    settings.poll_role_id,
                    int(settings.spoilers),
                ),
            )
        self._cache[settings.guild_id] = settings
        return settings
