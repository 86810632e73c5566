"""The community store on PostgreSQL: favourite scenes and remembered discussion threads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from bot.community.models import Favourite, SceneVotes, Subject
from bot.storage.postgres.database import PgDatabase

_SUBJECT = "guild_id = $1 AND channel_id = $2 AND film_id = $3 AND coalesce(scene_id, 0) = $4"


def _subject_args(subject: Subject) -> tuple[int, int, int, int]:
    return (subject.guild_id, subject.channel_id, subject.film_id, subject.scene_id or 0)


class PgCommunityStore:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgCommunityTransaction]:
        async with self._db.transaction() as conn:
            yield PgCommunityTransaction(conn)

    async def favourites_of(self, guild_id: int, user_id: int) -> list[Favourite]:
        rows = await self._db.fetch(
            "SELECT film_id, scene_id, user_id FROM favourites WHERE guild_id = $1 "
            "AND user_id = $2 ORDER BY updated_at DESC, film_id",
            guild_id,
            user_id,
        )
        return [Favourite(r[0], r[1], r[2]) for r in rows]

    async def top_favourites(
        self, guild_id: int, film_id: int | None = None, limit: int = 10
    ) -> list[SceneVotes]:
        rows = await self._db.fetch(
            "SELECT film_id, scene_id, count(*) AS n FROM favourites WHERE guild_id = $1 "
            "AND ($2::bigint IS NULL OR film_id = $2) "
            "GROUP BY film_id, scene_id ORDER BY n DESC, film_id, scene_id LIMIT $3",
            guild_id,
            film_id,
            limit,
        )
        return [SceneVotes(r[0], r[1], int(r[2])) for r in rows]

    async def thread_for(self, subject: Subject) -> int | None:
        value = await self._db.fetchval(
            f"SELECT thread_id FROM discussions WHERE {_SUBJECT}", *_subject_args(subject)
        )
        return int(value) if value is not None else None


class PgCommunityTransaction:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def set_favourite(self, guild_id: int, user_id: int, film_id: int, scene_id: int) -> None:
        await self._conn.execute(
            "INSERT INTO favourites (guild_id, user_id, film_id, scene_id) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (guild_id, user_id, film_id) DO UPDATE SET scene_id = excluded.scene_id, "
            "updated_at = clock_timestamp()",
            guild_id,
            user_id,
            film_id,
            scene_id,
        )

    async def remember_thread(self, subject: Subject, thread_id: int) -> None:
        await self._conn.execute(
            f"DELETE FROM discussions WHERE {_SUBJECT}", *_subject_args(subject)
        )
        await self._conn.execute(
            "INSERT INTO discussions (guild_id, channel_id, film_id, scene_id, thread_id) "
            "VALUES ($1, $2, $3, $4, $5)",
            subject.guild_id,
            subject.channel_id,
            subject.film_id,
            subject.scene_id,
            thread_id,
        )
