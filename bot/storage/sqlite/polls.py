"""The poll store on SQLite: poll rows, their options and the stored ballots, parameterised.

``SqlitePollStore`` reads; ``SqlitePollTransaction`` is the unit of work its ``transaction()``
yields. The stored ballots are the single source of truth (the running tally is in memory).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from bot.errors import ConflictError
from bot.polls.models import (
    Delivery,
    Method,
    Poll,
    PollClosedError,
    PollOption,
    Status,
)
from bot.storage.rows import (
    DELIVERY_COLUMNS,
    POLL_COLUMNS,
    POLL_OPTION_COLUMNS,
    as_datetime,
    delivery_from_row,
    poll_from_row,
    poll_option_from_row,
)
from bot.storage.sqlite.database import Database

# The ballot row (its ranking as text, "3,1,2"), and in the same statement the ranking it
# replaced, if any: the update keeps the old ranking in ``previous_ranking`` and RETURNING reads
# it back (RETURNING sees the row as written). The row is written only while the poll is open and
# before its deadline: the database is the arbiter of "is this poll open", whatever a caller's
# cached view of the poll says.
_UPSERT_BALLOT = (
    "INSERT INTO ballots (poll_id, user_id, ranking, cast_at) "
    "SELECT id, ?, ?, ? FROM polls WHERE id = ? AND status = 'open' AND closes_at > ? "
    "ON CONFLICT (poll_id, user_id) DO UPDATE SET previous_ranking = ballots.ranking, "
    "ranking = excluded.ranking, cast_at = excluded.cast_at "
    "RETURNING previous_ranking"
)


def _ranking_text(ranking: Sequence[int]) -> str:
    return ",".join(map(str, ranking))


def _ranking(text: str) -> tuple[int, ...]:
    return tuple(int(option) for option in text.split(","))


# One due pending delivery nobody holds (or whose holder's lease expired), claimed in the same
# statement that finds it, so two processes can never claim the same row.
_CLAIM = (
    "UPDATE poll_outbox SET claimed_by = ?, lease_until = ?, attempts = attempts + 1 "
    "WHERE id = (SELECT id FROM poll_outbox WHERE state = 'pending' AND next_attempt_at <= ? "
    "AND (lease_until IS NULL OR lease_until <= ?) {only} ORDER BY next_attempt_at, id LIMIT 1) "
    f"RETURNING {DELIVERY_COLUMNS}"
)


class SqlitePollStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlitePollTransaction]:
        # Every method of SqlitePollTransaction starts with a write, so the unit's first
        # statement begins it: a ballot costs one round trip to the database thread fewer.
        async with self._db.transaction(begun_by_first_write=True) as conn:
            yield SqlitePollTransaction(conn)

    # -- polls -------------------------------------------------------------------------------

    async def get(self, poll_id: int) -> Poll | None:
        polls = await self._load("WHERE id = ?", (poll_id,))
        return polls[0] if polls else None

    async def list_for_guild(
        self, guild_id: int, status: Status | None = None, limit: int = 25
    ) -> list[Poll]:
        if status is None:
            return await self._load(
                "WHERE guild_id = ? ORDER BY id DESC LIMIT ?", (guild_id, limit)
            )
        return await self._load(
            "WHERE guild_id = ? AND status = ? ORDER BY id DESC LIMIT ?",
            (guild_id, Status(status).value, limit),
        )

    async def open_polls(self) -> list[Poll]:
        return await self._load("WHERE status = 'open' ORDER BY closes_at", ())

    async def open_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        polls = await self._load(
            "WHERE guild_id = ? AND film_id = ? AND status = 'open'", (guild_id, film_id)
        )
        return polls[0] if polls else None

    async def latest_ranked_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        polls = await self._load(
            "WHERE guild_id = ? AND film_id = ? AND status = 'closed' "
            "AND EXISTS (SELECT 1 FROM ballots WHERE ballots.poll_id = polls.id) "
            "ORDER BY closed_at DESC, id DESC LIMIT 1",
            (guild_id, film_id),
        )
        return polls[0] if polls else None

    async def _load(self, where: str, args: Sequence[Any]) -> list[Poll]:
        conn = self._db.reader
        async with conn.execute(f"SELECT {POLL_COLUMNS} FROM polls {where}", args) as cursor:
            rows = list(await cursor.fetchall())
        if not rows:
            return []
        ids = [r[0] for r in rows]
        options: dict[int, list[PollOption]] = defaultdict(list)
        marks = ", ".join("?" * len(ids))
        sql = (
            f"SELECT {POLL_OPTION_COLUMNS} FROM poll_options "
            f"WHERE poll_id IN ({marks}) ORDER BY poll_id, option"
        )
        async with conn.execute(sql, ids) as cursor:
            async for r in cursor:
                options[r[0]].append(poll_option_from_row(r))
        return [poll_from_row(r, options) for r in rows]

    # -- the outbox --------------------------------------------------------------------------

    async def delivery_for(self, poll_id: int) -> Delivery | None:
        sql = f"SELECT {DELIVERY_COLUMNS} FROM poll_outbox WHERE poll_id = ?"
        async with self._db.read() as conn, conn.execute(sql, (poll_id,)) as cursor:
            row = await cursor.fetchone()
        return delivery_from_row(row) if row else None

    async def next_delivery_due(self) -> datetime | None:
        sql = (
            "SELECT min(max(next_attempt_at, coalesce(lease_until, next_attempt_at))) "
            "FROM poll_outbox WHERE state = 'pending'"
        )
        async with self._db.read() as conn, conn.execute(sql) as cursor:
            row = await cursor.fetchone()
        return as_datetime(row[0]) if row else None

    # -- ballots -----------------------------------------------------------------------------

    async def ballot_of(self, poll_id: int, user_id: int) -> tuple[int, ...] | None:
        sql = "SELECT ranking FROM ballots WHERE poll_id = ? AND user_id = ?"
        async with self._db.read() as conn, conn.execute(sql, (poll_id, user_id)) as cursor:
            row = await cursor.fetchone()
        return _ranking(row[0]) if row else None

    async def ballots(self, poll_id: int) -> AsyncIterator[tuple[int, ...]]:
        """Every stored ballot's ranking, for a full recount."""
        sql = "SELECT ranking FROM ballots WHERE poll_id = ? ORDER BY user_id"
        async with self._db.read() as conn, conn.execute(sql, (poll_id,)) as cursor:
            async for (text,) in cursor:
                yield _ranking(text)


class SqlitePollTransaction:
    """The poll writes inside one transaction (see ``SqlitePollStore``).

    The first statement of every method here is a write (INSERT, UPDATE or DELETE): the store's
    units of work are begun by that statement (``Database.transaction(begun_by_first_write=
    True)``), so a method that read first would read outside the transaction. Keep it so.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
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
        values = (
            guild_id,
            channel_id,
            film_id,
            film_title,
            host_id,
            Method(method).value,
            created_at.isoformat(),
            closes_at.isoformat(),
        )
        try:
            cursor = await self._conn.execute(
                "INSERT INTO polls (guild_id, channel_id, film_id, film_title, host_id, method, "
                "created_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
        except sqlite3.IntegrityError as exc:  # polls_one_open_per_film
            raise ConflictError(
                "This film already has an open poll in this server; close it first."
            ) from exc
        poll_id = cursor.lastrowid
        await cursor.close()
        assert poll_id is not None
        await self._conn.executemany(
            "INSERT INTO poll_options (poll_id, option, scene_id, title, spoiler) "
            "VALUES (?, ?, ?, ?, ?)",
            [(poll_id, o.option, o.scene_id, o.title, int(o.spoiler)) for o in options],
        )
        return poll_id

    async def set_message(self, poll_id: int, message_id: int, *, results: bool = False) -> None:
        column = "results_message_id" if results else "message_id"
        await self._conn.execute(
            f"UPDATE polls SET {column} = ? WHERE id = ?", (message_id, poll_id)
        )

    async def finish(
        self, poll_id: int, status: Status, at: datetime, *, due_only: bool = False
    ) -> bool:
        """Close or cancel an open poll; False when it was no longer open (or, ``due_only``,
        not yet due at ``at``)."""
        stamp = at.astimezone(UTC).isoformat()
        cursor = await self._conn.execute(
            "UPDATE polls SET status = ?, closed_at = ? WHERE id = ? AND status = 'open' "
            "AND (? = 0 OR closes_at <= ?)",
            (Status(status).value, at.isoformat(), poll_id, int(due_only), stamp),
        )
        changed = cursor.rowcount
        await cursor.close()
        return changed == 1

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
        at = cast_at.astimezone(UTC).isoformat()
        rows = list(
            await self._conn.execute_fetchall(
                _UPSERT_BALLOT, (user_id, _ranking_text(ranking), at, poll.id, at)
            )
        )
        if not rows:
            raise PollClosedError("This poll has closed; ballots are no longer accepted.")
        previous = rows[0][0]
        return None if previous is None else _ranking(previous)

    async def discard_unposted(self, poll_id: int) -> bool:
        cursor = await self._conn.execute(
            "DELETE FROM polls WHERE id = ? AND status = 'open' AND message_id IS NULL",
            (poll_id,),
        )
        changed = cursor.rowcount
        await cursor.close()
        return changed == 1

    # -- the outbox --------------------------------------------------------------------------

    async def enqueue_delivery(self, poll_id: int, at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO poll_outbox (poll_id, next_attempt_at, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (poll_id) DO NOTHING",
            (poll_id, at.isoformat(), at.isoformat()),
        )

    async def claim_delivery(
        self, holder: str, now: datetime, lease_until: datetime, *, poll_id: int | None = None
    ) -> Delivery | None:
        when = now.isoformat()
        args: list[Any] = [holder, lease_until.isoformat(), when, when]
        if poll_id is not None:
            args.append(poll_id)
        sql = _CLAIM.format(only="AND poll_id = ?" if poll_id is not None else "")
        rows = list(await self._conn.execute_fetchall(sql, args))
        return delivery_from_row(rows[0]) if rows else None

    async def _settle(self, sets: str, args: Sequence[Any], delivery_id: int, holder: str) -> bool:
        cursor = await self._conn.execute(
            f"UPDATE poll_outbox SET {sets}, claimed_by = NULL, lease_until = NULL "
            "WHERE id = ? AND claimed_by = ? AND state = 'pending'",
            (*args, delivery_id, holder),
        )
        changed = cursor.rowcount
        await cursor.close()
        return changed == 1

    async def delivered(
        self, delivery_id: int, holder: str, message_id: int | None, at: datetime
    ) -> bool:
        settled = await self._settle(
            "state = 'delivered', message_id = ?, settled_at = ?, last_error = NULL",
            (message_id, at.isoformat()),
            delivery_id,
            holder,
        )
        if settled and message_id is not None:
            await self._conn.execute(
                "UPDATE polls SET results_message_id = ? "
                "WHERE id = (SELECT poll_id FROM poll_outbox WHERE id = ?)",
                (message_id, delivery_id),
            )
        return settled

    async def retry_delivery(
        self, delivery_id: int, holder: str, next_attempt_at: datetime, error: str
    ) -> bool:
        return await self._settle(
            "next_attempt_at = ?, last_error = ?",
            (next_attempt_at.isoformat(), error[:500]),
            delivery_id,
            holder,
        )

    async def fail_delivery(self, delivery_id: int, holder: str, error: str, at: datetime) -> bool:
        return await self._settle(
            "state = 'failed', last_error = ?, settled_at = ?",
            (error[:500], at.isoformat()),
            delivery_id,
            holder,
        )

    async def note_host_told(self, delivery_id: int, how: str) -> None:
        await self._conn.execute(
            "UPDATE poll_outbox SET host_told = ? WHERE id = ?", (how, delivery_id)
        )
