"""The community store on SQLite: favourite scenes and remembered discussion threads."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from bot.community.models import Favourite, SceneVotes, Subject
from bot.storage.sqlite.database import Database

_SUBJECT = "guild_id = ? AND channel_id = ? AND film_id = ? AND ifnull(scene_id, 0) = ?"


# A claim whose thread never arrived (the opener crashed) may be taken over after this long.
_STALE_CLAIM = "-60 seconds"


def _subject_args(subject: Subject) -> tuple[int, int, int, int]:
    return (subject.guild_id, subject.channel_id, subject.film_id, subject.scene_id or 0)


class SqliteCommunityStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteCommunityTransaction]:
        async with self._db.transaction() as conn:
            yield SqliteCommunityTransaction(conn)

    async def favourites_of(self, guild_id: int, user_id: int) -> list[Favourite]:
        sql = (
            "SELECT film_id, scene_id, user_id FROM favourites WHERE guild_id = ? AND user_id = ? "
            "ORDER BY updated_at DESC, film_id"
        )
        async with self._db.read() as conn, conn.execute(sql, (guild_id, user_id)) as cursor:
            return [Favourite(r[0], r[1], r[2]) for r in await cursor.fetchall()]

    async def top_favourites(
        self, guild_id: int, film_id: int | None = None, limit: int = 10
    ) -> list[SceneVotes]:
        sql = "SELECT film_id, scene_id, count(*) AS n FROM favourites WHERE guild_id = ?"
        args: list[int] = [guild_id]
        if film_id is not None:
            sql += " AND film_id = ?"
            args.append(film_id)
        sql += " GROUP BY film_id, scene_id ORDER BY n DESC, film_id, scene_id LIMIT ?"
        args.append(limit)
        async with self._db.read() as conn, conn.execute(sql, args) as cursor:
            return [SceneVotes(r[0], r[1], r[2]) for r in await cursor.fetchall()]

    async def thread_for(self, subject: Subject) -> int | None:
        sql = f"SELECT thread_id FROM discussions WHERE {_SUBJECT} AND thread_id IS NOT NULL"
        async with self._db.read() as conn, conn.execute(sql, _subject_args(subject)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None


class SqliteCommunityTransaction:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def set_favourite(self, guild_id: int, user_id: int, film_id: int, scene_id: int) -> None:
        sql = (
            "INSERT INTO favourites (guild_id, user_id, film_id, scene_id) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, user_id, film_id) DO UPDATE SET scene_id = excluded.scene_id, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        )
        await self._conn.execute(sql, (guild_id, user_id, film_id, scene_id))

    async def claim_thread(self, subject: Subject, replacing: int | None) -> bool:
        """Claim ``subject`` (a row with no thread yet); the unique index lets one caller win.

        An existing row is taken over only when it holds ``replacing`` (a thread the caller found
        archived) or is a claim older than ``_STALE_CLAIM`` (its opener crashed)."""
        try:
            await self._conn.execute(
                "INSERT INTO discussions (guild_id, channel_id, film_id, scene_id) "
                "VALUES (?, ?, ?, ?)",
                (subject.guild_id, subject.channel_id, subject.film_id, subject.scene_id),
            )
            return True
        except sqlite3.IntegrityError:  # discussions_subject: someone holds the subject
            pass
        cursor = await self._conn.execute(
            "UPDATE discussions SET thread_id = NULL, created_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
            f"'now') WHERE {_SUBJECT} AND ((thread_id IS NOT NULL AND thread_id = ?) OR "
            f"(thread_id IS NULL AND created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)))",
            (*_subject_args(subject), replacing or 0, _STALE_CLAIM),
        )
        taken = cursor.rowcount == 1
        await cursor.close()
        return taken

    async def release_claim(self, subject: Subject) -> None:
        await self._conn.execute(
            f"DELETE FROM discussions WHERE {_SUBJECT} AND thread_id IS NULL",
            _subject_args(subject),
        )

    async def remember_thread(self, subject: Subject, thread_id: int) -> None:
        await self._conn.execute(
            "INSERT INTO discussions (guild_id, channel_id, film_id, scene_id, thread_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, channel_id, film_id, "
            "ifnull(scene_id, 0)) DO UPDATE SET thread_id = excluded.thread_id, "
            "created_at = excluded.created_at",
            (subject.guild_id, subject.channel_id, subject.film_id, subject.scene_id, thread_id),
        )
