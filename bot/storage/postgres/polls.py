"""The poll store on PostgreSQL: poll rows, their options and the stored ballots.

``PgPollStore`` reads; ``PgPollTransaction`` is the unit of work its ``transaction()`` yields.
The stored ballots are the single source of truth (the running tally is in memory).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg

from bot.errors import ConflictError
from bot.polls.models import (
    Delivery,
    Method,
    Poll,
    PollClosedError,
    PollOption,
    Status,
)
from bot.storage.postgres.database import PgDatabase
from bot.storage.rows import (
    DELIVERY_COLUMNS,
    POLL_COLUMNS,
    POLL_OPTION_COLUMNS,
    delivery_from_row,
    poll_from_row,
    poll_option_from_row,
)

# The ballot row, and in the same statement the ranking it replaced, if any: the update keeps
# the old ranking in ``previous_ranking`` and RETURNING reads it back. The row is written only
# while the poll is open and before its deadline: the database is the arbiter, whatever a
# caller's cached view of the poll says. The poll row is locked (as the ballot count's update
# would anyway), so a close waits for this ballot's commit, and a ballot waiting on a close sees
# the poll closed.
_UPSERT_BALLOT = (
    "INSERT INTO ballots (poll_id, user_id, ranking, cast_at) "
    "SELECT id, $2, $4::smallint[], $3 FROM polls "
    "WHERE id = $1 AND status = 'open' AND closes_at > $3 "
    "FOR NO KEY UPDATE "
    "ON CONFLICT (poll_id, user_id) DO UPDATE SET previous_ranking = ballots.ranking, "
    "ranking = excluded.ranking, cast_at = excluded.cast_at "
    "RETURNING previous_ranking"
)
# One due pending delivery nobody holds (or whose holder's lease expired), claimed in the same
# statement that finds it; SKIP LOCKED lets concurrent claimers pass a row another is taking, so
# two processes can never claim the same row.
_CLAIM = (
    "UPDATE poll_outbox SET claimed_by = $1, lease_until = $2, attempts = attempts + 1 "
    "WHERE id = (SELECT id FROM poll_outbox WHERE state = 'pending' AND next_attempt_at <= $3 "
    "AND (lease_until IS NULL OR lease_until <= $3) {only} ORDER BY next_attempt_at, id LIMIT 1 "
    f"FOR UPDATE SKIP LOCKED) RETURNING {DELIVERY_COLUMNS}"
)


class PgPollStore:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgPollTransaction]:
        async with self._db.transaction() as conn:
            yield PgPollTransaction(conn)

    # -- polls -------------------------------------------------------------------------------

    async def get(self, poll_id: int) -> Poll | None:
        polls = await self._load("WHERE id = $1", poll_id)
        return polls[0] if polls else None

    async def list_for_guild(
        self, guild_id: int, status: Status | None = None, limit: int = 25
    ) -> list[Poll]:
        if status is None:
            return await self._load(
                "WHERE guild_id = $1 ORDER BY id DESC LIMIT $2", guild_id, limit
            )
        return await self._load(
            "WHERE guild_id = $1 AND status = $2 ORDER BY id DESC LIMIT $3",
            guild_id,
            Status(status).value,
            limit,
        )

    async def open_polls(self) -> list[Poll]:
        return await self._load("WHERE status = 'open' ORDER BY closes_at")

    async def open_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        polls = await self._load(
            "WHERE guild_id = $1 AND film_id = $2 AND status = 'open'", guild_id, film_id
        )
        return polls[0] if polls else None

    async def latest_ranked_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        polls = await self._load(
            "WHERE guild_id = $1 AND film_id = $2 AND status = 'closed' "
            "AND EXISTS (SELECT 1 FROM ballots WHERE ballots.poll_id = polls.id) "
            "ORDER BY closed_at DESC, id DESC LIMIT 1",
            guild_id,
            film_id,
        )
        return polls[0] if polls else None

    async def _load(self, where: str, *args: Any) -> list[Poll]:
        rows = await self._db.fetch(f"SELECT {POLL_COLUMNS} FROM polls {where}", *args)
        if not rows:
            return []
        options: dict[int, list[PollOption]] = defaultdict(list)
        for r in await self._db.fetch(
            f"SELECT {POLL_OPTION_COLUMNS} FROM poll_options "
            "WHERE poll_id = ANY($1::bigint[]) ORDER BY poll_id, option",
            [r[0] for r in rows],
        ):
            options[r[0]].append(poll_option_from_row(r))
        return [poll_from_row(r, options) for r in rows]

    # -- the outbox --------------------------------------------------------------------------

    async def delivery_for(self, poll_id: int) -> Delivery | None:
        row = await self._db.fetchrow(
            f"SELECT {DELIVERY_COLUMNS} FROM poll_outbox WHERE poll_id = $1", poll_id
        )
        return delivery_from_row(row) if row else None

    async def next_delivery_due(self) -> datetime | None:
        value: datetime | None = await self._db.fetchval(
            "SELECT min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at))) "
            "FROM poll_outbox WHERE state = 'pending'"
        )
        return value

    # -- ballots -----------------------------------------------------------------------------

    async def ballot_of(self, poll_id: int, user_id: int) -> tuple[int, ...] | None:
        ranking = await self._db.fetchval(
            "SELECT ranking FROM ballots WHERE poll_id = $1 AND user_id = $2", poll_id, user_id
        )
        return None if ranking is None else tuple(ranking)

    async def ballots(self, poll_id: int) -> AsyncIterator[tuple[int, ...]]:
        """Every stored ballot's ranking, for a full recount."""
        rows = await self._db.fetch(
            "SELECT ranking FROM ballots WHERE poll_id = $1 ORDER BY user_id", poll_id
        )
        for row in rows:
            yield tuple(row[0])


class PgPollTransaction:
    """The poll writes inside one transaction (see ``PgPollStore``)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def create(
        self,
        *,
        guild_id: int,
        channel_id: int,
        film_id: int,
        film_title: str,
        host_id: int,
        method: Method,
        created_at: datetime,
        closes_at: datetime,
        options: Sequence[PollOption],
    ) -> int:
        try:
            poll_id = await self._conn.fetchval(
                "INSERT INTO polls (guild_id, channel_id, film_id, film_title, host_id, method, "
                "created_at, closes_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                guild_id,
                channel_id,
                film_id,
                film_title,
                host_id,
                Method(method).value,
                created_at,
                closes_at,
            )
        except asyncpg.IntegrityConstraintViolationError as exc:  # polls_one_open_per_film
            raise ConflictError(
                "This film already has an open poll in this server; close it first."
            ) from exc
        await self._conn.executemany(
            "INSERT INTO poll_options (poll_id, option, scene_id, title, spoiler) "
            "VALUES ($1, $2, $3, $4, $5)",
            [(poll_id, o.option, o.scene_id, o.title, o.spoiler) for o in options],
        )
        return int(poll_id)

    async def set_message(self, poll_id: int, message_id: int, *, results: bool = False) -> None:
        column = "results_message_id" if results else "message_id"
        await self._conn.execute(
            f"UPDATE polls SET {column} = $1 WHERE id = $2", message_id, poll_id
        )

    async def finish(
        self, poll_id: int, status: Status, at: datetime, *, due_only: bool = False
    ) -> bool:
        """Close or cancel an open poll; False when it was no longer open (or, ``due_only``,
        not yet due at ``at``)."""
        changed = await self._conn.fetchval(
            "UPDATE polls SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'open' "
            "AND (NOT $4 OR closes_at <= $2) RETURNING id",
            Status(status).value,
            at,
            poll_id,
            due_only,
        )
        return changed is not None

    async def save_ballot(
        self, poll: Poll, user_id: int, ranking: Sequence[int], cast_at: datetime
    ) -> tuple[int, ...] | None:
        """Store (or replace) a member's ballot; returns the ranking it replaced. Raises
        ``PollClosedError`` when the stored poll is not open or its deadline has passed.

        One statement: the upsert of the ballot's row returns the ranking it replaced (none for
        a first ballot, which the ``ballots_count`` trigger counts). Every ballot stored, a
        replacement too, adds one to ``polls.ballot_writes`` (triggers ``ballots_count`` and
        ``ballots_replaced``), which ``PollService`` relies on to see other processes' ballots.
        """
        row = await self._conn.fetchrow(_UPSERT_BALLOT, poll.id, user_id, cast_at, list(ranking))
        if row is None:
            raise PollClosedError("This poll has closed; ballots are no longer accepted.")
        previous = row[0]
        return None if previous is None else tuple(previous)

    async def discard_unposted(self, poll_id: int) -> bool:
        deleted = await self._conn.fetchval(
            "DELETE FROM polls WHERE id = $1 AND status = 'open' AND message_id IS NULL "
            "RETURNING id",
            poll_id,
        )
        return deleted is not None

    # -- the outbox --------------------------------------------------------------------------

    async def enqueue_delivery(self, poll_id: int, at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO poll_outbox (poll_id, next_attempt_at, created_at) VALUES ($1, $2, $2) "
            "ON CONFLICT (poll_id) DO NOTHING",
            poll_id,
            at,
        )

    async def claim_delivery(
        self, holder: str, now: datetime, lease_until: datetime, *, poll_id: int | None = None
    ) -> Delivery | None:
        args: list[Any] = [holder, lease_until, now]
        if poll_id is not None:
            args.append(poll_id)
        sql = _CLAIM.format(only="AND poll_id = $4" if poll_id is not None else "")
        row = await self._conn.fetchrow(sql, *args)
        return delivery_from_row(row) if row else None

    async def _settle(self, sets: str, args: Sequence[Any], delivery_id: int, holder: str) -> bool:
        n = len(args)
        changed = await self._conn.fetchval(
            f"UPDATE poll_outbox SET {sets}, claimed_by = NULL, lease_until = NULL "
            f"WHERE id = ${n + 1} AND claimed_by = ${n + 2} AND state = 'pending' RETURNING id",
            *args,
            delivery_id,
            holder,
        )
        return changed is not None

    async def delivered(
        self, delivery_id: int, holder: str, message_id: int | None, at: datetime
    ) -> bool:
        settled = await self._settle(
            "state = 'delivered', message_id = $1, settled_at = $2, last_error = NULL",
            (message_id, at),
            delivery_id,
            holder,
        )
        if settled and message_id is not None:
            await self._conn.execute(
                "UPDATE polls SET results_message_id = $1 "
                "WHERE id = (SELECT poll_id FROM poll_outbox WHERE id = $2)",
                message_id,
                delivery_id,
            )
        return settled

    async def retry_delivery(
        self, delivery_id: int, holder: str, next_attempt_at: datetime, error: str
    ) -> bool:
        return await self._settle(
            "next_attempt_at = $1, last_error = $2",
            (next_attempt_at, error[:500]),
            delivery_id,
            holder,
        )

    async def fail_delivery(self, delivery_id: int, holder: str, error: str, at: datetime) -> bool:
        return await self._settle(
            "state = 'failed', last_error = $1, settled_at = $2",
            (error[:500], at),
            delivery_id,
            holder,
        )

    async def note_host_told(self, delivery_id: int, how: str) -> None:
        await self._conn.execute(
            "UPDATE poll_outbox SET host_told = $1 WHERE id = $2", how, delivery_id
        )
