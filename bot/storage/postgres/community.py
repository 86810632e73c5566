"""The community store on PostgreSQL: favourite scenes and remembered discussion threads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import asyncpg

from bot.community.models import Favourite, SceneVotes, Subject
from bot.storage.postgres.database import PgDatabase

_SUBJECT = "guild_id = $1 AND channel_id = $2 AND film_id = $3 AND coalesce(scene_id, 0) = $4"


# A claim whose thread never arrived (the opener crashed) may be taken over after this long.
_STALE_CLAIM = timedelta(seconds=60)


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
            f"SELECT thread_id FROM discussions WHERE {_SUBJECT} AND thread_id IS NOT NULL",
            *_subject_args(subject),
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

    async def claim_thread(self, subject: Subject, replacing: int | None) -> bool:
        """Claim ``subject`` (a row with no thread yet); the unique index lets one caller win.

        An existing row is taken over only when it holds ``replacing`` (a thread the caller found
        archived) or is a claim older than ``_STALE_CLAIM`` (its opener crashed)."""
        inserted = await self._conn.fetchval(
            "INSERT INTO discussions (guild_id, channel_id, film_id, scene_id) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING true",
            subject.guild_id,
            subject.channel_id,
            subject.film_id,
            subject.scene_id,
        )
        if inserted:
            return True
        taken = await self._conn.fetchval(
            "UPDATE discussions SET thread_id = NULL, created_at = now() "
            f"WHERE {_SUBJECT} AND ((thread_id IS NOT NULL AND thread_id = $5) OR "
            "(thread_id IS NULL AND created_at < now() - $6::interval)) RETURNING true",
            *_subject_args(subject),
            replacing or 0,
            _STALE_CLAIM,
        )
        return bool(taken)

    async def release_claim(self, subject: Subject) -> None:
        await self._conn.execute(
            f"DELETE FROM discussions WHERE {_SUBJECT} AND thread_id IS NULL",
            *_subject_args(subject),
        )

    async def remember_thread(self, subject: Subject, thread_id: int) -> None:
        await self._conn.execute(
            "INSERT INTO discussions (guild_id, channel_id, film_id, scene_id, thread_id) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id, channel_id, film_id, "
            "coalesce(scene_id, 0)) DO UPDATE SET thread_id = excluded.thread_id, "
            "created_at = excluded.created_at",
            subject.guild_id,
            subject.channel_id,
            subject.film_id,
            subject.scene_id,
            thread_id,
        )
