"""Closing at the deadline is claimed once across processes: two backends over one database
(two bot processes) race to close the same due poll; exactly one wins and queues one delivery."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from bot.errors import ConflictError
from bot.polls.models import Status
from bot.polls.outbox import PollOutbox
from bot.polls.service import PollService
from bot.services import Backend
from tests.contract.helpers import NOW, add_film, open_poll

DEADLINE = NOW + timedelta(hours=1)  # helpers.poll_fields closes an hour after NOW


async def test_a_deadline_close_is_refused_before_the_deadline(store_backend: Backend) -> None:
    poll_id = await open_poll(store_backend.polls, await add_film(store_backend.catalogue))
    async with store_backend.polls.transaction() as tx:
        assert not await tx.finish(poll_id, Status.CLOSED, NOW, due_only=True)
    poll = await store_backend.polls.get(poll_id)
    assert poll is not None and poll.status is Status.OPEN
    async with store_backend.polls.transaction() as tx:
        assert await tx.finish(poll_id, Status.CLOSED, DEADLINE, due_only=True)


async def test_two_processes_closing_one_due_poll_close_it_once(
    store_backend: Backend, second_backend: Backend
) -> None:
    poll_id = await open_poll(store_backend.polls, await add_film(store_backend.catalogue))

    async def close(backend: Backend) -> bool:
        async with backend.polls.transaction() as tx:
            return await tx.finish(poll_id, Status.CLOSED, DEADLINE, due_only=True)

    results = await asyncio.gather(close(store_backend), close(second_backend))
    assert sorted(results) == [False, True]


@pytest.mark.parametrize("rounds", [5])
async def test_two_poll_services_racing_finish_make_one_winner_and_one_delivery(
    store_backend: Backend, second_backend: Backend, rounds: int
) -> None:
    film_id = await add_film(store_backend.catalogue)
    after = DEADLINE + timedelta(seconds=1)

    def clock() -> datetime:
        return after

    first = PollService(store_backend.polls, clock)
    second = PollService(second_backend.polls, clock)
    for _ in range(rounds):  # one open poll per film at a time: open, race, repeat
        poll_id = await open_poll(store_backend.polls, film_id)
        outcomes = await asyncio.gather(
            first.finish(poll_id, Status.CLOSED, due_only=True),
            second.finish(poll_id, Status.CLOSED, due_only=True),
            return_exceptions=True,
        )
        winners = [o for o in outcomes if not isinstance(o, BaseException)]
        losers = [o for o in outcomes if isinstance(o, BaseException)]
        assert len(winners) == 1 and winners[0].status is Status.CLOSED
        assert len(losers) == 1 and isinstance(losers[0], ConflictError)
        outbox = PollOutbox(second_backend.polls, clock, holder="second")
        delivery = await outbox.claim(poll_id)  # any process may deliver the winner's row
        assert delivery is not None and delivery.poll_id == poll_id
        assert await PollOutbox(store_backend.polls, clock, holder="first").claim() is None
        assert await outbox.delivered(delivery, 4242)
