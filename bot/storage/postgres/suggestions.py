"""The suggestion store on PostgreSQL: community scene suggestions and what became of them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import asyncpg

from bot.errors import ConflictError, ValidationError
from bot.storage.postgres.database import PgDatabase
from bot.storage.refusals import SUGGESTION_PENDING, TOO_MANY_SUGGESTIONS
from bot.storage.rows import SUGGESTION_SELECT, suggestion_from_row
from bot.suggestions.models import Suggestion, SuggestionDraft, title_key

_UNCLAIMED = "(claim_token IS NULL OR claim_until < clock_timestamp())"


class PgSuggestionStore:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgSuggestionTransaction]:
        async with self._db.transaction() as conn:
            yield PgSuggestionTransaction(conn)

    async def get(self, suggestion_id: int) -> Suggestion | None:
        row = await self._db.fetchrow(f"{SUGGESTION_SELECT} WHERE g.id = $1", suggestion_id)
        return suggestion_from_row(row) if row is not None else None

    async def of_member(self, guild_id: int, user_id: int, limit: int = 25) -> list[Suggestion]:
        rows = await self._db.fetch(
            f"{SUGGESTION_SELECT} WHERE g.guild_id = $1 AND g.user_id = $2 "
            "ORDER BY g.id DESC LIMIT $3",
            guild_id,
            user_id,
            limit,
        )
        return [suggestion_from_row(r) for r in rows]

    async def pending(self, guild_id: int, *, after: int = 0, limit: int = 25) -> list[Suggestion]:
        rows = await self._db.fetch(
            f"{SUGGESTION_SELECT} WHERE g.guild_id = $1 AND g.status = 'pending' AND g.id > $2 "
            "ORDER BY g.id LIMIT $3",
            guild_id,
            after,
            limit,
        )
        return [suggestion_from_row(r) for r in rows]

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
                raise ValidationError(TOO_MANY_SUGGESTIONS) from exc
            raise
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == "scene_suggestions_pending_title":
                raise ConflictError(SUGGESTION_PENDING) from exc
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
