"""The suggestion store on PostgreSQL: community scene suggestions and what became of them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from bot.errors import ConflictError, ValidationError
from bot.storage.postgres.database import PgDatabase
from bot.suggestions.models import (
    MAX_PENDING,
    Suggestion,
    SuggestionDraft,
    SuggestionStatus,
    title_key,
)

_SELECT = (
    "SELECT g.id, g.guild_id, g.film_id, f.title, f.year, g.user_id, g.title, g.description, "
    "g.spoiler, g.status, g.reason, g.reviewer_id, g.scene_id, s.rank, s.film_id "
    "FROM scene_suggestions g JOIN films f ON f.id = g.film_id "
    "LEFT JOIN scenes s ON s.id = g.scene_id"
)
OVER_LIMIT = (
    f"You already have {MAX_PENDING} suggestions waiting for review here; suggest more once a "
    "moderator has reviewed one (see /scene suggestions)."
)
_UNCLAIMED = "(claim_token IS NULL OR claim_until < clock_timestamp())"
DUPLICATE = "Someone already suggested a scene with that title for this film; it awaits review."


def _suggestion(row: Any) -> Suggestion:
    film_title = f"{row[3]} ({row[4]})" if row[4] else str(row[3])
    return Suggestion(
        id=row[0],
        guild_id=row[1],
        film_id=row[2],
        film_title=film_title,
        user_id=row[5],
        title=row[6],
        description=row[7],
        spoiler=bool(row[8]),
        status=SuggestionStatus(row[9]),
        reason=row[10],
        reviewer_id=row[11],
        scene_id=row[12],
        scene_rank=row[13],
        scene_film_id=row[14],
    )


class PgSuggestionStore:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgSuggestionTransaction]:
        async with self._db.transaction() as conn:
            yield PgSuggestionTransaction(conn)

    async def get(self, suggestion_id: int) -> Suggestion | None:
        row = await self._db.fetchrow(f"{_SELECT} WHERE g.id = $1", suggestion_id)
        return _suggestion(row) if row is not None else None

    async def of_member(self, guild_id: int, user_id: int, limit: int = 25) -> list[Suggestion]:
        rows = await self._db.fetch(
            f"{_SELECT} WHERE g.guild_id = $1 AND g.user_id = $2 ORDER BY g.id DESC LIMIT $3",
            guild_id,
            user_id,
            limit,
        )
        return [_suggestion(r) for r in rows]

    async def pending(self, guild_id: int, *, after: int = 0, limit: int = 25) -> list[Suggestion]:
        rows = await self._db.fetch(
            f"{_SELECT} WHERE g.guild_id = $1 AND g.status = 'pending' AND g.id > $2 "
            "ORDER BY g.id LIMIT $3",
            guild_id,
            after,
            limit,
        )
        return [_suggestion(r) for r in rows]

    async def count_pending(self, guild_id: int) -> int:
        value = await self._db.fetchval(
            "SELECT count(*) FROM scene_suggestions WHERE guild_id = $1 AND status = 'pending'",
            guild_id,
        )
        return int(value or 0)

    async def credits(self, scene_ids: Sequence[int]) -> dict[int, int]:
        if not scene_ids:
            return {}
        rows = await self._db.fetch(
            "SELECT scene_id, user_id FROM scene_suggestions "
            "WHERE status = 'approved' AND scene_id = ANY($1::bigint[])",
            list(scene_ids),
        )
        return {int(r[0]): int(r[1]) for r in rows}


class PgSuggestionTransaction:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def submit(
        self, guild_id: int, user_id: int, film_id: int, draft: SuggestionDraft
    ) -> int:
        try:
            async with self._conn.transaction():  # a savepoint: the refusal is ours to word
                new_id = await self._conn.fetchval(
                    "INSERT INTO scene_suggestions (guild_id, film_id, user_id, title, "
                    "title_key, description, spoiler) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                    "RETURNING id",
                    guild_id,
                    film_id,
                    user_id,
                    draft.title,
                    title_key(draft.title),
                    draft.description,
                    draft.spoiler,
                )
        except asyncpg.CheckViolationError as exc:
            if exc.constraint_name == "scene_suggestions_pending_limit":
                raise ValidationError(OVER_LIMIT) from exc
            raise
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == "scene_suggestions_pending_title":
                raise ConflictError(DUPLICATE) from exc
            raise
        return int(new_id)

    async def claim(self, suggestion_id: int, token: str, seconds: int) -> bool:
        done = await self._conn.fetchval(
            "UPDATE scene_suggestions SET claim_token = $1, "
            "claim_until = clock_timestamp() + make_interval(secs => $2) "
            f"WHERE id = $3 AND status = 'pending' AND {_UNCLAIMED} RETURNING true",
            token,
            float(seconds),
            suggestion_id,
        )
        return bool(done)

    async def release(self, suggestion_id: int, token: str) -> None:
        await self._conn.execute(
            "UPDATE scene_suggestions SET claim_token = NULL, claim_until = NULL "
            "WHERE id = $1 AND claim_token = $2",
            suggestion_id,
            token,
        )

    async def approve(
        self, suggestion_id: int, reviewer_id: int, scene_id: int, token: str
    ) -> bool:
        done = await self._conn.fetchval(
            "UPDATE scene_suggestions SET status = 'approved', reviewer_id = $1, scene_id = $2, "
            "decided_at = clock_timestamp(), claim_token = NULL, claim_until = NULL "
            "WHERE id = $3 AND status = 'pending' AND claim_token = $4 RETURNING true",
            reviewer_id,
            scene_id,
            suggestion_id,
            token,
        )
        return bool(done)

    async def reject(self, suggestion_id: int, reviewer_id: int, reason: str | None) -> bool:
        done = await self._conn.fetchval(
            "UPDATE scene_suggestions SET status = 'rejected', reviewer_id = $1, reason = $2, "
            "decided_at = clock_timestamp(), claim_token = NULL, claim_until = NULL "
            f"WHERE id = $3 AND status = 'pending' AND {_UNCLAIMED} RETURNING true",
            reviewer_id,
            reason,
            suggestion_id,
        )
        return bool(done)
