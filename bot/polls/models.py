"""Frozen views of polls as stored, and the two enums that type them.

``Method`` (how ballots are counted; ``bot.polls.voting.Method``, with its one label table) and
``Status`` are the single source of truth: the SQL ``CHECK`` constraints are tested against them
and the ``/poll`` command choices are built from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.errors import ConflictError
from bot.polls.voting import Method

__all__ = [
    "BallotReceipt",
    "Delivery",
    "DeliveryState",
    "Method",
    "Poll",
    "PollClosedError",
    "PollOption",
    "Status",
]


class PollClosedError(ConflictError):
    """The store refused a ballot: the poll is no longer open (closed, cancelled or past its
    deadline), whatever the caller's copy of the poll said."""


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PollOption:
    option: int  # 1..N, the id ballots use
    scene_id: int | None  # None once the scene was removed from the catalogue
    title: str
    spoiler: bool


@dataclass(frozen=True, slots=True)
class Poll:
    id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    results_message_id: int | None
    film_id: int
    film_title: str
    host_id: int
    method: Method
    status: Status
    created_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    ballot_count: int
    # Every ballot stored, replacements included: the store's count of writes to the ballots,
    # which a live tally compares with the writes it accounts for (a replacement changes no
    # ballot_count).
    ballot_writes: int
    options: tuple[PollOption, ...]

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    @property
    def option_ids(self) -> tuple[int, ...]:
        return tuple(o.option for o in self.options)

    def option(self, option: int) -> PollOption:
        for candidate in self.options:
            if candidate.option == option:
                return candidate
        raise KeyError(option)


@dataclass(frozen=True, slots=True)
class BallotReceipt:
    poll: Poll
    ranking: tuple[int, ...]
    replaced: bool  # the member had voted before
    unchanged: bool  # ... with exactly this ranking


class DeliveryState(StrEnum):
    PENDING = "pending"  # not yet in the channel; retried until delivered or failed
    DELIVERED = "delivered"  # the poll message is updated and (for a close) the results posted
    FAILED = "failed"  # a reason a retry cannot fix (permissions, unknown channel)


@dataclass(frozen=True, slots=True)
class Delivery:
    """A finished poll's outbox row: what must reach the channel (the poll message edited so
    the Vote button is gone and, for a close, the results posted), written in the closing
    transaction and delivered by whichever process holds its claim (``claimed_by`` until
    ``lease_until``; an expired lease may be taken over)."""

    id: int
    poll_id: int
    state: DeliveryState
    attempts: int  # claims so far; a claim counts as an attempt
    next_attempt_at: datetime
    claimed_by: str | None
    lease_until: datetime | None
    message_id: int | None  # the posted results message, once posted
    last_error: str | None
    host_told: str | None  # how the host learned of a failure: "dm", "channel", "reply", "none"
