"""Polls: start, vote, close, results. No Discord here; the cogs render what this returns.

Every ballot is stored with its rankings in one transaction; the stored ballots are the single
source of truth. An in-memory ``Tally`` per open poll answers results in milliseconds; it is
rebuilt from the stored ballots (a full recount) whenever a poll is first touched after a start,
so a crash loses nothing that was acknowledged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.catalogue.models import Film
from bot.errors import ConflictError, NotFoundError, ValidationError
from bot.polls.models import BallotReceipt, Method, Poll, PollOption, Status
from bot.polls.store import PollStore
from bot.voting import PollResult, Tally, validate_ranking

log = logging.getLogger(__name__)

MAX_OPTIONS = 25
FINISHED_TALLIES_KEPT = 32
MIN_OPTIONS = 2
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


class PollService:
    def __init__(self, store: PollStore, clock: Clock = utcnow) -> None:
        self._store = store
        self.clock = clock
        self._tallies: dict[int, Tally] = {}  # open polls
        self._finished: dict[int, Tally] = {}  # recently viewed results, oldest first
        self._open: dict[int, Poll] = {}  # open polls' rows; only ``finish`` changes them
        self._locks: dict[int, asyncio.Lock] = {}

    # -- reading -----------------------------------------------------------------------------

    async def get(self, poll_id: int, guild_id: int | None = None) -> Poll:
        poll = await self._store.get(poll_id)
        if poll is None or (guild_id is not None and poll.guild_id != guild_id):
            raise NotFoundError("There is no such poll in this server.")
        return poll

    async def open_poll(self, poll_id: int, guild_id: int | None = None) -> Poll:
        """An open poll, from memory once loaded: the ballot flow's hot path reads no rows."""
        poll = self._open.get(poll_id)
        if poll is None:
            poll = await self.get(poll_id, guild_id)
            if poll.is_open:
                self._open[poll_id] = poll
        if guild_id is not None and poll.guild_id != guild_id:
            raise NotFoundError("There is no such poll in this server.")
        if not poll.is_open or self.clock() >= poll.closes_at:
            raise ConflictError("This poll has closed; ballots are no longer accepted.")
        return poll

    async def list_polls(
        self, guild_id: int, status: Status | None = None, limit: int = 25
    ) -> list[Poll]:
        """Newest first."""
        return await self._store.list_for_guild(guild_id, status, limit)

    async def open_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        return await self._store.open_for_film(guild_id, film_id)

    async def latest_closed_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        return await self._store.latest_closed_for_film(guild_id, film_id)

    async def open_polls(self) -> list[Poll]:
        return await self._store.open_polls()

    async def ballot_of(self, poll_id: int, user_id: int) -> tuple[int, ...] | None:
        return await self._store.ballot_of(poll_id, user_id)

    async def tally(self, poll: Poll) -> Tally:
        """The running tally of an open poll (built by a recount the first time it is touched),
        or a finished poll's final tally, kept for the few most recently viewed."""
        tally = self._tallies.get(poll.id)
        if tally is None:
            tally = self._finished.pop(poll.id, None) or await self.recount(poll)
            if poll.is_open:
                self._tallies[poll.id] = tally
        if not poll.is_open:
            self._finished[poll.id] = tally  # most recent last
            while len(self._finished) > FINISHED_TALLIES_KEPT:
                del self._finished[next(iter(self._finished))]
        return tally

    async def recount(self, poll: Poll) -> Tally:
        """A fresh tally from every stored ballot."""
        tally = Tally(poll.option_ids)
        async for ranking in self._store.ballots(poll.id):
            tally.add(ranking)
        return tally

    async def result(self, poll: Poll) -> PollResult:
        return (await self.tally(poll)).result(poll.method)

    # -- changing ----------------------------------------------------------------------------

    async def start(
        self,
        *,
        guild_id: int,
        channel_id: int,
        film: Film,
        host_id: int,
        duration: timedelta,
        method: Method | str,
        scene_ranks: Sequence[int] | None = None,
    ) -> Poll:
        if method not in set(Method):
            raise ValidationError(f"The method must be one of {', '.join(Method)}.")
        method = Method(method)
        if scene_ranks:
            wanted = list(dict.fromkeys(scene_ranks))
            bad = [r for r in wanted if not 1 <= r <= len(film.scenes)]
            if bad:
                raise ValidationError(
                    f"{film.display_title} has scenes 1 to {len(film.scenes)}; "
                    f"there is no scene {bad[0]}."
                )
            scenes = [film.scenes[r - 1] for r in wanted]
        else:
            scenes = list(film.scenes[:MAX_OPTIONS])
        if len(scenes) < MIN_OPTIONS:
            raise ValidationError(
                f"A poll needs at least {MIN_OPTIONS} scenes; {film.display_title} has "
                f"{len(scenes)} to choose from."
            )
        if len(scenes) > MAX_OPTIONS:
            raise ValidationError(f"A poll can rank at most {MAX_OPTIONS} scenes.")
        options = [PollOption(i, s.id, s.title, s.spoiler) for i, s in enumerate(scenes, start=1)]
        now = self.clock()
        try:
            async with self._store.transaction() as tx:
                poll_id = await tx.create(
                    guild_id=guild_id,
                    channel_id=channel_id,
                    film_id=film.id,
                    film_title=film.display_title,
                    host_id=host_id,
                    method=method,
                    created_at=now,
                    closes_at=now + duration,
                    options=options,
                )
        except ConflictError as exc:  # the store's one-open-poll-per-film constraint
            raise ConflictError(
                f"{film.display_title} already has an open poll in this server; close it first."
            ) from exc
        poll = await self.get(poll_id)
        self._tallies[poll.id] = Tally(poll.option_ids)
        log.info("Poll %s started for film %s in guild %s", poll.id, film.id, guild_id)
        return poll

    async def set_message(self, poll_id: int, message_id: int, *, results: bool = False) -> None:
        async with self._store.transaction() as tx:
            await tx.set_message(poll_id, message_id, results=results)

    def _lock(self, poll_id: int) -> asyncio.Lock:
        return self._locks.setdefault(poll_id, asyncio.Lock())

    async def vote(self, poll_id: int, user_id: int, ranking: Sequence[int]) -> BallotReceipt:
        """Store a member's ranked ballot (replacing an earlier one) while the poll is open.

        Votes on one poll are serialised by its lock, and ``finish`` takes the same lock, so a
        ballot is either stored before the close or refused after it.
        """
        async with self._lock(poll_id):
            try:
                poll = await self.open_poll(poll_id)
            except ConflictError:
                raise ConflictError("This poll has closed; your ballot was not counted.") from None
            clean = validate_ranking(ranking, poll.option_ids)
            tally = await self.tally(poll)
            async with self._store.transaction() as tx:
                previous = await tx.save_ballot(poll, user_id, clean, self.clock())
            if previous is None:
                tally.add(clean)
            else:
                tally.replace(previous, clean)
        updated = replace(poll, ballot_count=tally.ballot_count)
        return BallotReceipt(updated, clean, previous is not None, previous == clean)

    async def finish(self, poll_id: int, status: Status, guild_id: int | None = None) -> Poll:
        """Close (or cancel) an open poll. Raises ConflictError if it is no longer open."""
        async with self._lock(poll_id):
            poll = await self.get(poll_id, guild_id)
            async with self._store.transaction() as tx:
                changed = await tx.finish(poll.id, Status(status), self.clock())
            self._open.pop(poll.id, None)
            if not changed:
                raise ConflictError(f"Poll #{poll.id} is already {poll.status}.")
            log.info("Poll %s %s", poll.id, status)
            return await self.get(poll.id)

    def forget(self, poll_id: int) -> None:
        """Drop cached state for a finished poll (its result can always be recounted)."""
        self._tallies.pop(poll_id, None)
        self._open.pop(poll_id, None)
        self._locks.pop(poll_id, None)
