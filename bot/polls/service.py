"""Polls: start, vote, close, results. No Discord here; the cogs render what this returns.

Every ballot is stored with its rankings in one transaction; the stored ballots are the single
source of truth, and the store is the arbiter of whether a poll is open (it refuses a ballot on a
poll that is not, whatever this service cached). An in-memory ``Tally`` per open poll answers
results in milliseconds. Everything that touches a poll's live tally (its rebuild from the
stored ballots after a start, each vote, the close) runs under that poll's lock, so a rebuild is
single-flight and can never replace a tally that counted ballots it did not read. A close
recounts the stored ballots under the lock, after its commit, and that recount is the result.

Other processes may serve the same poll (shards on PostgreSQL, a rolling restart). The store
counts every ballot it stores, replacements included (``Poll.ballot_writes``), and each live
tally remembers how many of those writes it accounts for: the count read just before the
recount read the ballots, plus one per ballot this service stored since. A live tally is shown
only when the stored count still equals that; otherwise another process stored a ballot and the
tally is recounted. So a tally shown is a recount of the stored ballots as of some moment after
the caller asked (a write racing a recount costs at worst one more recount, never a stale view).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.catalogue.models import Film
from bot.errors import ConflictError, NotFoundError, ValidationError
from bot.polls.models import BallotReceipt, Method, Poll, PollClosedError, PollOption, Status
from bot.polls.store import PollStore
from bot.polls.voting import PollResult, Tally, validate_ranking

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
        # Per live tally: the stored ballot writes it accounts for (see the module docstring).
        self._writes: dict[int, int] = {}
        self._finished: dict[int, Tally] = {}  # recently viewed results, oldest first
        self._open: dict[int, Poll] = {}  # open polls' rows; only ``finish`` changes them
        self._locks: dict[int, asyncio.Lock] = {}
        # Bumped by every status change: a poll read that straddles one is never cached.
        self._generation = 0

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
            generation = self._generation
            poll = await self.get(poll_id, guild_id)
            if poll.is_open and generation == self._generation:
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

    async def latest_ranked_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        """The community ranking's poll: the latest closed one with at least one ballot."""
        return await self._store.latest_ranked_for_film(guild_id, film_id)

    async def open_polls(self) -> list[Poll]:
        return await self._store.open_polls()

    async def ballot_of(self, poll_id: int, user_id: int) -> tuple[int, ...] | None:
        return await self._store.ballot_of(poll_id, user_id)

    async def tally(self, poll: Poll) -> Tally:
        """A copy of the running tally of an open poll (rebuilt by a recount, under the poll's
        lock, the first time it is touched), or a finished poll's final tally, kept for the few
        most recently viewed."""
        if poll.is_open:
            async with self._lock(poll.id):
                live = await self._live_tally(poll.id)
                if live is not None:
                    live = await self._with_others(poll.id, live)
            if live is not None:
                return live.copy()
            poll = await self.get(poll.id)  # it closed since the caller read it
        return await self._final_tally(poll)

    async def _with_others(self, poll_id: int, live: Tally) -> Tally:
        """``live``, or a recount when the stored ballot writes show a ballot another process
        stored (added or replaced) that ``live`` does not account for. The caller holds the lock.
        """
        stored = await self.get(poll_id)
        if not stored.is_open or stored.ballot_writes == self._writes.get(poll_id):
            return live
        log.info("Poll %s: ballots were stored elsewhere; recounting", poll_id)
        return await self._rebuild(stored)

    async def _live_tally(self, poll_id: int) -> Tally | None:
        """The open poll's live tally, rebuilt from the stored ballots if this service holds
        none; None when the poll is no longer open. The caller holds the poll's lock."""
        tally = self._tallies.get(poll_id)
        if tally is None:
            poll = await self.get(poll_id)
            if not poll.is_open:
                return None
            tally = await self._rebuild(poll)
        return tally

    async def _rebuild(self, poll: Poll) -> Tally:
        """Recount ``poll`` and make that its live tally, accounting for the ballot writes
        ``poll`` was read with. ``poll`` must be read before the recount reads the ballots: a
        ballot stored in between is then counted in the tally but not in the writes, which costs
        one more recount later; the other order could account for a write the tally missed.
        The caller holds the poll's lock."""
        tally = await self.recount(poll)
        self._tallies[poll.id] = tally
        self._writes[poll.id] = poll.ballot_writes
        return tally

    async def _final_tally(self, poll: Poll) -> Tally:
        # A finished poll's ballots never change (the store refuses ballots once it is closed).
        tally = self._finished.pop(poll.id, None) or await self.recount(poll)
        self._remember_final(poll.id, tally)
        return tally

    def _remember_final(self, poll_id: int, tally: Tally) -> None:
        self._finished[poll_id] = tally  # most recent last
        while len(self._finished) > FINISHED_TALLIES_KEPT:
            del self._finished[next(iter(self._finished))]

    async def audit(self, poll_id: int) -> tuple[Tally | None, Tally]:
        """The live tally this service holds for the poll (None if none) and a recount of the
        stored ballots, read together under the poll's lock: they must always be equal."""
        async with self._lock(poll_id):
            poll = await self.get(poll_id)
            live = self._tallies.get(poll_id)
            return (live.copy() if live is not None else None), await self.recount(poll)

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
        self._writes[poll.id] = 0  # the empty tally accounts for no ballot
        log.info("Poll %s started for film %s in guild %s", poll.id, film.id, guild_id)
        return poll

    async def set_message(self, poll_id: int, message_id: int, *, results: bool = False) -> None:
        async with self._store.transaction() as tx:
            await tx.set_message(poll_id, message_id, results=results)

    def _lock(self, poll_id: int) -> asyncio.Lock:
        lock = self._locks.get(poll_id)
        if lock is None:  # not setdefault: that would build a Lock on every vote
            lock = self._locks[poll_id] = asyncio.Lock()
        return lock

    async def vote(self, poll_id: int, user_id: int, ranking: Sequence[int]) -> BallotReceipt:
        """Store a member's ranked ballot (replacing an earlier one) while the poll is open.

        Votes on one poll are serialised by its lock, and ``finish`` and tally rebuilds take the
        same lock; the store refuses the ballot if the poll is no longer open, so a ballot is
        either stored (and counted) before the close or refused after it.
        """
        closed = "This poll has closed; your ballot was not counted."
        async with self._lock(poll_id):
            try:
                poll = await self.open_poll(poll_id)
            except ConflictError:
                raise ConflictError(closed) from None
            clean = validate_ranking(ranking, poll.option_ids)
            tally = await self._live_tally(poll_id)
            if tally is None:
                self._open.pop(poll_id, None)
                raise ConflictError(closed)
            try:
                async with self._store.transaction() as tx:
                    previous = await tx.save_ballot(poll, user_id, clean, self.clock())
            except PollClosedError:
                self._open.pop(poll_id, None)
                raise ConflictError(closed) from None
            self._writes[poll_id] += 1  # the store counted this ballot as one write
            if previous is None:
                tally.add(clean)
            else:
                tally.replace(previous, clean)
            count = tally.ballot_count
        updated = replace(poll, ballot_count=count)
        return BallotReceipt(updated, clean, previous is not None, previous == clean)

    async def finish(
        self,
        poll_id: int,
        status: Status,
        guild_id: int | None = None,
        *,
        due_only: bool = False,
    ) -> Poll:
        """Close (or cancel) an open poll. Raises ConflictError if it is no longer open (or,
        ``due_only``, not due yet): with several processes, another one closed it first.

        Under the poll's lock: the status change commits (after which the store refuses every
        ballot), the cached state is dropped, and a close recounts the stored ballots; that
        recount is the poll's final tally, so the posted result is exactly what is stored.
        """
        async with self._lock(poll_id):
            poll = await self.get(poll_id, guild_id)
            async with self._store.transaction() as tx:
                changed = await tx.finish(poll.id, Status(status), self.clock(), due_only=due_only)
                if changed:  # what the channel must see, delivered by the outbox
                    await tx.enqueue_delivery(poll.id, self.clock())
            self._generation += 1
            self._open.pop(poll.id, None)
            live = self._tallies.pop(poll.id, None)
            self._writes.pop(poll.id, None)
            if not changed:
                now = await self.get(poll.id)
                if now.is_open:
                    raise ConflictError(f"Poll #{poll.id} is not due yet.")
                raise ConflictError(f"Poll #{poll.id} is already {now.status}.")
            finished = await self.get(poll.id)
            if finished.status is Status.CLOSED:
                final = await self.recount(finished)
                if live is not None and live != final:  # the recount is what is posted
                    log.warning(
                        "Poll %s: the live tally differed from the recount (ballots cast in "
                        "another process?)",
                        poll.id,
                    )
                self._remember_final(poll.id, final)
            log.info("Poll %s %s", poll.id, status)
            return finished

    async def discard_unposted(self, poll_id: int) -> bool:
        """Delete an open poll whose message could not be posted, so it blocks nothing."""
        async with self._lock(poll_id), self._store.transaction() as tx:
            discarded = await tx.discard_unposted(poll_id)
        self.forget(poll_id)
        return discarded

    def forget(self, poll_id: int) -> None:
        """Drop cached state for a finished poll (its result can always be recounted)."""
        self._tallies.pop(poll_id, None)
        self._writes.pop(poll_id, None)
        self._open.pop(poll_id, None)
        lock = self._locks.get(poll_id)
        if lock is not None and not lock.locked():
            del self._locks[poll_id]
