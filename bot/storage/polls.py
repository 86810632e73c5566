"""Poll rows, ballots and the incremental tally tables. SQL only here, parameterised."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from bot.polls.models import Poll, PollOption, Status
from bot.storage.database import Database

_POLL_COLUMNS = (
    "id, guild_id, channel_id, message_id, results_message_id, film_id, film_title, host_id, "
    "method, status, created_at, closes_at, closed_at, ballot_count"
)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def ballot_pairs(ranking: Sequence[int], options: Sequence[int]) -> list[tuple[int, int]]:
    """(winner, loser) for every preference a ballot expresses; unranked options tie last."""
    ranked = list(ranking)
    unranked = [o for o in options if o not in set(ranked)]
    pairs: list[tuple[int, int]] = []
    for index, winner in enumerate(ranked):
        pairs.extend((winner, loser) for loser in ranked[index + 1 :])
        pairs.extend((winner, loser) for loser in unranked)
    return pairs


class PollRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- polls -------------------------------------------------------------------------------

    async def create(
        self,
        conn: aiosqlite.Connection,
        *,
        guild_id: int,
        channel_id: int,
        film_id: int,
        film_title: str,
        host_id: int,
        method: str,
        created_at: datetime,
        closes_at: datetime,
        options: Sequence[PollOption],
    ) -> int:
        cursor = await conn.execute(
            "INSERT INTO polls (guild_id, channel_id, film_id, film_title, host_id, method, "
            "created_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                guild_id,
                channel_id,
                film_id,
                film_title,
                host_id,
                method,
                created_at.isoformat(),
                closes_at.isoformat(),
            ),
        )
        poll_id = cursor.lastrowid
        await cursor.close()
        assert poll_id is not None
        await conn.executemany(
            "INSERT INTO poll_options (poll_id, option, scene_id, title, spoiler) "
            "VALUES (?, ?, ?, ?, ?)",
            [(poll_id, o.option, o.scene_id, o.title, int(o.spoiler)) for o in options],
        )
        return poll_id

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
            "WHERE guild_id = ? AND status = ? ORDER BY id DESC LIMIT ?", (guild_id, status, limit)
        )

    async def open_polls(self) -> list[Poll]:
        return await self._load("WHERE status = 'open' ORDER BY closes_at", ())

    async def open_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        polls = await self._load(
            "WHERE guild_id = ? AND film_id = ? AND status = 'open'", (guild_id, film_id)
        )
        return polls[0] if polls else None

    async def latest_closed_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        polls = await self._load(
            "WHERE guild_id = ? AND film_id = ? AND status = 'closed' "
            "ORDER BY closed_at DESC, id DESC LIMIT 1",
            (guild_id, film_id),
        )
        return polls[0] if polls else None

    async def set_message(self, poll_id: int, message_id: int, *, results: bool = False) -> None:
        column = "results_message_id" if results else "message_id"
        async with self._db.transaction() as conn:
            await conn.execute(f"UPDATE polls SET {column} = ? WHERE id = ?", (message_id, poll_id))

    async def finish(
        self, conn: aiosqlite.Connection, poll_id: int, status: Status, at: datetime
    ) -> bool:
        """Close or cancel an open poll; False when it was no longer open."""
        cursor = await conn.execute(
            "UPDATE polls SET status = ?, closed_at = ? WHERE id = ? AND status = 'open'",
            (status, at.isoformat(), poll_id),
        )
        changed = cursor.rowcount
        await cursor.close()
        return changed == 1

    async def _load(self, where: str, args: Sequence[Any]) -> list[Poll]:
        conn = self._db.conn
        async with conn.execute(f"SELECT {_POLL_COLUMNS} FROM polls {where}", args) as cursor:
            rows = list(await cursor.fetchall())
        if not rows:
            return []
        ids = [r[0] for r in rows]
        options: dict[int, list[PollOption]] = defaultdict(list)
        marks = ", ".join("?" * len(ids))
        sql = (
            "SELECT poll_id, option, scene_id, title, spoiler FROM poll_options "
            f"WHERE poll_id IN ({marks}) ORDER BY poll_id, option"
        )
        async with conn.execute(sql, ids) as cursor:
            async for r in cursor:
                options[r[0]].append(PollOption(r[1], r[2], r[3], bool(r[4])))
        return [
            Poll(
                id=r[0],
                guild_id=r[1],
                channel_id=r[2],
                message_id=r[3],
                results_message_id=r[4],
                film_id=r[5],
                film_title=r[6],
                host_id=r[7],
                method=r[8],
                status=r[9],
                created_at=datetime.fromisoformat(r[10]),
                closes_at=datetime.fromisoformat(r[11]),
                closed_at=_time(r[12]),
                ballot_count=r[13],
                options=tuple(options[r[0]]),
            )
            for r in rows
        ]

    # -- ballots -----------------------------------------------------------------------------

    async def ballot_of(self, poll_id: int, user_id: int) -> tuple[int, ...] | None:
        sql = (
            "SELECT r.option FROM ballots b JOIN ballot_rankings r ON r.ballot_id = b.id "
            "WHERE b.poll_id = ? AND b.user_id = ? ORDER BY r.rank"
        )
        async with self._db.conn.execute(sql, (poll_id, user_id)) as cursor:
            rows = await cursor.fetchall()
        return tuple(r[0] for r in rows) or None

    async def save_ballot(
        self,
        conn: aiosqlite.Connection,
        poll: Poll,
        user_id: int,
        ranking: Sequence[int],
        cast_at: datetime,
    ) -> tuple[int, ...] | None:
        """Store (or replace) a member's ballot and apply it to the tally tables.

        Returns the ballot it replaced. Call inside a transaction: the ballot, its rankings and
        the tally change commit together or not at all.
        """
        async with conn.execute(
            "SELECT id FROM ballots WHERE poll_id = ? AND user_id = ?", (poll.id, user_id)
        ) as cursor:
            row = await cursor.fetchone()
        previous: tuple[int, ...] | None = None
        if row is not None:
            ballot_id = int(row[0])
            async with conn.execute(
                "SELECT option FROM ballot_rankings WHERE ballot_id = ? ORDER BY rank", (ballot_id,)
            ) as cursor:
                previous = tuple(r[0] for r in await cursor.fetchall())
            await conn.execute("DELETE FROM ballot_rankings WHERE ballot_id = ?", (ballot_id,))
            await conn.execute(
                "UPDATE ballots SET cast_at = ? WHERE id = ?", (cast_at.isoformat(), ballot_id)
            )
            await self._apply(conn, poll, previous, -1)
        else:
            cursor = await conn.execute(
                "INSERT INTO ballots (poll_id, user_id, cast_at) VALUES (?, ?, ?)",
                (poll.id, user_id, cast_at.isoformat()),
            )
            new_id = cursor.lastrowid
            await cursor.close()
            assert new_id is not None
            ballot_id = new_id
            await conn.execute(
                "UPDATE polls SET ballot_count = ballot_count + 1 WHERE id = ?", (poll.id,)
            )
        await conn.executemany(
            "INSERT INTO ballot_rankings (ballot_id, rank, option) VALUES (?, ?, ?)",
            [(ballot_id, rank, option) for rank, option in enumerate(ranking, start=1)],
        )
        await self._apply(conn, poll, ranking, +1)
        return previous

    async def _apply(
        self, conn: aiosqlite.Connection, poll: Poll, ranking: Sequence[int], weight: int
    ) -> None:
        """Add (+1) or take back (-1) one ballot's preferences in the tally tables."""
        pairs = ballot_pairs(ranking, poll.option_ids)
        if weight > 0:
            await conn.executemany(
                "INSERT INTO poll_pairwise (poll_id, winner, loser, count) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (poll_id, winner, loser) DO UPDATE SET count = count + 1",
                [(poll.id, w, lo) for w, lo in pairs],
            )
            await conn.execute(
                "INSERT INTO poll_first_choices (poll_id, option, count) VALUES (?, ?, 1) "
                "ON CONFLICT (poll_id, option) DO UPDATE SET count = count + 1",
                (poll.id, ranking[0]),
            )
            return
        # Taking back a ballot that was added earlier: its rows exist and stay >= 0.
        await conn.executemany(
            "UPDATE poll_pairwise SET count = count - 1 "
            "WHERE poll_id = ? AND winner = ? AND loser = ?",
            [(poll.id, w, lo) for w, lo in pairs],
        )
        await conn.execute(
            "UPDATE poll_first_choices SET count = count - 1 WHERE poll_id = ? AND option = ?",
            (poll.id, ranking[0]),
        )

    async def ballots(self, poll_id: int) -> AsyncIterator[tuple[int, ...]]:
        """Every stored ballot's ranking, for a full recount."""
        sql = (
            "SELECT b.id, r.option FROM ballots b JOIN ballot_rankings r ON r.ballot_id = b.id "
            "WHERE b.poll_id = ? ORDER BY b.id, r.rank"
        )
        current_id: int | None = None
        current: list[int] = []
        async with self._db.conn.execute(sql, (poll_id,)) as cursor:
            async for ballot_id, option in cursor:
                if ballot_id != current_id and current:
                    yield tuple(current)
                    current = []
                current_id = ballot_id
                current.append(option)
        if current:
            yield tuple(current)

    async def stored_tally(self, poll_id: int) -> tuple[dict[tuple[int, int], int], dict[int, int]]:
        """The persisted incremental tally: pairwise counts and first choices (zeros omitted)."""
        pairwise: dict[tuple[int, int], int] = {}
        async with self._db.conn.execute(
            "SELECT winner, loser, count FROM poll_pairwise WHERE poll_id = ? AND count > 0",
            (poll_id,),
        ) as cursor:
            async for w, lo, n in cursor:
                pairwise[(w, lo)] = n
        firsts: dict[int, int] = {}
        async with self._db.conn.execute(
            "SELECT option, count FROM poll_first_choices WHERE poll_id = ? AND count > 0",
            (poll_id,),
        ) as cursor:
            async for option, n in cursor:
                firsts[option] = n
        return pairwise, firsts
