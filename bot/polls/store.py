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

from bot.polls.models import Method, Poll, PollOption, Status


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

    async def finish(self, poll_id: int, status: Status, at: datetime) -> bool:
        """Close or cancel an open poll; False when it was no longer open."""

    async def set_message(self, poll_id: int, message_id: int, *, results: bool = False) -> None:
        """Remember the poll's message (or its results message)."""


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

    def transaction(self) -> AbstractAsyncContextManager[PollTransaction]: ...
