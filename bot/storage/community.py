"""Favourite scenes and discussion threads: what members add around the catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class Favourite:
    film_id: int
    scene_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class SceneVotes:
    film_id: int
    scene_id: int
    members: int


class FavouriteRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(self, guild_id: int, user_id: int, film_id: int, scene_id: int) -> None:
        sql = (
            "INSERT INTO favourites (guild_id, user_id, film_id, scene_id) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, user_id, film_id) DO UPDATE SET scene_id = excluded.scene_id, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        )
        async with self._db.transaction() as conn:
            await conn.execute(sql, (guild_id, user_id, film_id, scene_id))

    async def of_member(self, guild_id: int, user_id: int) -> list[Favourite]:
        sql = (
            "SELECT film_id, scene_id, user_id FROM favourites WHERE guild_id = ? AND user_id = ? "
            "ORDER BY updated_at DESC, film_id"
        )
        async with self._db.conn.execute(sql, (guild_id, user_id)) as cursor:
            return [Favourite(r[0], r[1], r[2]) for r in await cursor.fetchall()]

    async def top(
        self, guild_id: int, film_id: int | None = None, limit: int = 10
    ) -> list[SceneVotes]:
        sql = "SELECT film_id, scene_id, count(*) AS n FROM favourites WHERE guild_id = ?"
        args: list[int] = [guild_id]
        if film_id is not None:
            sql += " AND film_id = ?"
            args.append(film_id)
        sql += " GROUP BY film_id, scene_id ORDER BY n DESC, film_id, scene_id LIMIT ?"
        args.append(limit)
        async with self._db.conn.execute(sql, args) as cursor:
            return [SceneVotes(r[0], r[1], r[2]) for r in await cursor.fetchall()]


class DiscussionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def thread_for(
        self, guild_id: int, channel_id: int, film_id: int, scene_id: int | None
    ) -> int | None:
        sql = (
            "SELECT thread_id FROM discussions WHERE guild_id = ? AND channel_id = ? "
            "AND film_id = ? AND ifnull(scene_id, 0) = ?"
        )
        args = (guild_id, channel_id, film_id, scene_id or 0)
        async with self._db.conn.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def remember(
        self, guild_id: int, channel_id: int, film_id: int, scene_id: int | None, thread_id: int
    ) -> None:
        delete = (
            "DELETE FROM discussions WHERE guild_id = ? AND channel_id = ? AND film_id = ? "
            "AND ifnull(scene_id, 0) = ?"
        )
        insert = (
            "INSERT INTO discussions (guild_id, channel_id, film_id, scene_id, thread_id) "
            "VALUES (?, ?, ?, ?, ?)"
        )
        async with self._db.transaction() as conn:
            await conn.execute(delete, (guild_id, channel_id, film_id, scene_id or 0))
            await conn.execute(insert, (guild_id, channel_id, film_id, scene_id, thread_id))
