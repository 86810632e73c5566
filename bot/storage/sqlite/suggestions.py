"""The suggestion store on SQLite: community scene suggestions and what became of them."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite

from bot.errors import ConflictError, ValidationError
from bot.storage.refusals import SUGGESTION_PENDING, TOO_MANY_SUGGESTIONS
from bot.storage.rows import SUGGESTION_SELECT, suggestion_from_row
from bot.storage.sqlite.database import Database
from bot.suggestions.models import Suggestion, SuggestionDraft, title_key

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
_UNCLAIMED = f"(claim_token IS NULL OR claim_until < {_NOW})"


class SqliteSuggestionStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteSuggestionTransaction]:
        async with self._db.transaction() as conn:
            yield SqliteSuggestionTransaction(conn)

    async def _fetch(self, sql: str, args: Sequence[Any]) -> list[Suggestion]:
        async with self._db.read() as conn, conn.execute(sql, args) as cursor:
            return [suggestion_from_row(r) for r in await cursor.fetchall()]

    async def get(self, suggestion_id: int) -> Suggestion | None:
        found = await self._fetch(f"{SUGGESTION_SELECT} WHERE g.id = ?", (suggestion_id,))
        return found[0] if found else None

    async def of_member(self, guild_id: int, user_id: int, limit: int = 25) -> list[Suggestion]:
        sql = (
            f"{SUGGESTION_SELECT} WHERE g.guild_id = ? AND g.user_id = ? ORDER BY g.id DESC LIMIT ?"
        )
        return await self._fetch(sql, (guild_id, user_id, limit))

    async def pending(self, guild_id: int, *, after: int = 0, limit: int = 25) -> list[Suggestion]:
        sql = (
            f"{SUGGESTION_SELECT} WHERE g.guild_id = ? AND g.status = 'pending' AND g.id > ? "
            "ORDER BY g.id LIMIT ?"
        )
        return await self._fetch(sql, (guild_id, after, limit))

    async def count_pending(self, guild_id: int) -> int:
        sql = "SELECT count(*) FROM scene_suggestions WHERE guild_id = ? AND status = 'pending'"
        async with self._db.read() as conn, conn.execute(sql, (guild_id,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def credits(self, scene_ids: Sequence[int]) -> dict[int, int]:
        if not scene_ids:
            return {}
        marks = ", ".join("?" for _ in scene_ids)
        sql = (
            "SELECT scene_id, user_id FROM scene_suggestions "
            f"WHERE status = 'approved' AND scene_id IN ({marks})"
        )
        async with self._db.read() as conn, conn.execute(sql, list(scene_ids)) as cursor:
            return {int(r[0]): int(r[1]) for r in await cursor.fetchall()}


class SqliteSuggestionTransaction:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def submit(
        self, guild_id: int, user_id: int, film_id: int, draft: SuggestionDraft
    ) -> int:
        try:
            cursor = await self._conn.execute(
                "INSERT INTO scene_suggestions (guild_id, film_id, user_id, title, title_key, "
                "description, spoiler) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    film_id,
                    user_id,
                    draft.title,
                    title_key(draft.title),
                    draft.description,
                    int(draft.spoiler),
                ),
            )
        except sqlite3.IntegrityError as exc:
            if "suggestion limit" in str(exc):
                raise ValidationError(TOO_MANY_SUGGESTIONS) from exc
            if "scene_suggestions.guild_id, scene_suggestions.film_id" in str(exc):
                raise ConflictError(SUGGESTION_PENDING) from exc
            raise
        new_id = cursor.lastrowid
        await cursor.close()
        assert new_id is not None
        return new_id

    async def _decide(self, sql: str, args: Sequence[Any]) -> bool:
        cursor = await self._conn.execute(sql, args)
        done = cursor.rowcount == 1
        await cursor.close()
        return done

    async def claim(self, suggestion_id: int, token: str, seconds: int) -> bool:
        return await self._decide(
            "UPDATE scene_suggestions SET claim_token = ?, "
            "claim_until = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?) "
            f"WHERE id = ? AND status = 'pending' AND {_UNCLAIMED}",
            (token, f"{int(seconds):+d} seconds", suggestion_id),
        )

    async def release(self, suggestion_id: int, token: str) -> None:
        await self._conn.execute(
            "UPDATE scene_suggestions SET claim_token = NULL, claim_until = NULL "
            "WHERE id = ? AND claim_token = ?",
            (suggestion_id, token),
        )

    async def approve(
        self, suggestion_id: int, reviewer_id: int, scene_id: int, token: str
    ) -> bool:
        return await self._decide(
            f"UPDATE scene_suggestions SET status = 'approved', reviewer_id = ?, scene_id = ?, "
            f"decided_at = {_NOW}, claim_token = NULL, claim_until = NULL "
            "WHERE id = ? AND status = 'pending' AND claim_token = ?",
            (reviewer_id, scene_id, suggestion_id, token),
        )

    async def reject(self, suggestion_id: int, reviewer_id: int, reason: str | None) -> bool:
        return await self._decide(
            f"UPDATE scene_suggestions SET status = 'rejected', reviewer_id = ?, reason = ?, "
            f"decided_at = {_NOW}, claim_token = NULL, claim_until = NULL "
            f"WHERE id = ? AND status = 'pending' AND {_UNCLAIMED}",
            (reviewer_id, reason, suggestion_id),
        )
