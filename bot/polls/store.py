"""What polls need from storage: reads on the store, writes on a unit of work.

Every write happens inside ``async with store.transaction() as tx``: committed when the block
ends, rolled back when it raises. Adapters raise ``bot.errors`` domain errors, never driver ones.
Stored ballots are the single source of truth; the running tally lives in memory (the service).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from bot.polls.models import Delivery, Method, Poll, PollOption, Status


class PollTransaction(Protocol):
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
        """A new open poll; ConflictError when the film already has one open in that guild."""

    async def save_ballot(
        self, poll: Poll, user_id: int, ranking: Sequence[int], cast_at: datetime
    ) -> tuple[int, ...] | None:
        """Store (or replace) a member's ballot; returns the ranking it replaced.

        The store is the arbiter: it writes the ballot only if the stored poll is open and
        ``cast_at`` is before its deadline, in this transaction, and raises ``PollClosedError``
        otherwise (``poll`` may be a stale copy)."""

    async def finish(
        self, poll_id: int, status: Status, at: datetime, *, due_only: bool = False
    ) -> bool:
        """Close or cancel an open poll; False when it was no longer open (or, ``due_only``,
        when its deadline is after ``at``). One conditional write, so of several processes
        finishing one poll exactly one gets True: the claim of a deadline close."""

    async def set_message(self, poll_id: int, message_id: int, *, results: bool = False) -> None:
        """Remember the poll's message (or its results message)."""

    async def discard_unposted(self, poll_id: int) -> bool:
        """Delete an open poll whose message was never posted (with its ballots); False when
        it has a message or is no longer open."""

    # -- the outbox: what a finished poll must still deliver to its channel ------------------

    async def enqueue_delivery(self, poll_id: int, at: datetime) -> None:
        """Queue the poll's finish for delivery, due at ``at`` (once per poll)."""

    async def claim_delivery(
        self, holder: str, now: datetime, lease_until: datetime, *, poll_id: int | None = None
    ) -> Delivery | None:
        """Atomically claim one due pending delivery (of ``poll_id`` when given) that nobody
        holds or whose lease expired; counts an attempt. None when there is none."""

    async def delivered(
        self, delivery_id: int, holder: str, message_id: int | None, at: datetime
    ) -> bool:
        """Settle as delivered (recording the results message on the poll too); False when
        ``holder`` no longer holds the claim, which then changes nothing."""

    async def retry_delivery(
        self, delivery_id: int, holder: str, next_attempt_at: datetime, error: str
    ) -> bool:
        """Release the claim and try again at ``next_attempt_at``; False when not held."""

    async def fail_delivery(self, delivery_id: int, holder: str, error: str, at: datetime) -> bool:
        """Settle as failed for good; False when not held."""

    async def note_host_told(self, delivery_id: int, how: str) -> None:
        """Record how the host was told of a failed delivery."""


class PollStore(Protocol):
    async def get(self, poll_id: int) -> Poll | None: ...

    async def list_for_guild(
        self, guild_id: int, status: Status | None = None, limit: int = 25
    ) -> list[Poll]:
        """Newest first."""

    async def open_polls(self) -> list[Poll]:
        """Every open poll, soonest deadline first."""

    async def open_for_film(self, guild_id: int, film_id: int) -> Poll | None: ...

    async def latest_ranked_for_film(self, guild_id: int, film_id: int) -> Poll | None:
        """The most recently closed poll on the film with at least one ballot (a poll closed
        without ballots, or cancelled, ranks nothing)."""

    async def ballot_of(self, poll_id: int, user_id: int) -> tuple[int, ...] | None: ...

    def ballots(self, poll_id: int) -> AsyncIterator[tuple[int, ...]]:
        """Every stored ballot's ranking, for a full recount."""

    async def delivery_for(self, poll_id: int) -> Delivery | None: ...

    async def next_delivery_due(self) -> datetime | None:
        """When the soonest pending delivery may next be attempted (lease expiry included)."""

    def transaction(self) -> AbstractAsyncContextManager[PollTransaction]: ...
