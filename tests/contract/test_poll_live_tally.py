"""A live tally across processes: two backends over one database (two bot processes serving one
poll, as in a rolling restart or with shards on PostgreSQL), each with its own ``PollService``.
Whatever one process stores, the other's live tally shows it the next time it is asked: a
ballot replaced elsewhere changes no count, so the stored ``ballot_writes`` is what tells."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from bot.polls.service import PollService
from bot.polls.voting import Tally
from bot.services import Backend
from tests.contract.helpers import NOW, add_film, open_poll


def clock() -> datetime:
    return NOW


async def _services(first: Backend, second: Backend) -> tuple[PollService, PollService, int]:
    poll_id = await open_poll(first.polls, await add_film(first.catalogue))
    return PollService(first.polls, clock), PollService(second.polls, clock), poll_id


async def test_a_ballot_replaced_in_another_process_shows_in_the_live_tally(
    store_backend: Backend, second_backend: Backend
) -> None:
    here, there, poll_id = await _services(store_backend, second_backend)
    await here.vote(poll_id, 100, [1, 2])
    await here.vote(poll_id, 101, [2, 1])
    poll = await here.get(poll_id)
    assert (await here.tally(poll)).first_choices[1] == 1  # the live tally is built
    replaced = await there.vote(poll_id, 100, [3, 1])  # same member, same count
    assert replaced.replaced and replaced.poll.ballot_count == 2
    live = await here.tally(poll)
    assert live == Tally.from_ballots(poll.option_ids, [(3, 1), (2, 1)])
    assert live == await here.recount(poll)
    # And back: the other process sees this one's replacement too.
    await here.vote(poll_id, 101, [1])
    assert await there.tally(poll) == Tally.from_ballots(poll.option_ids, [(3, 1), (1,)])


async def test_a_replacement_racing_a_recount_is_never_missed(
    store_backend: Backend, second_backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process replaces a ballot just after this one's recount read the stored ballots
    (and before the recount is installed): the recount missed it, so the next look recounts
    again. The write count a recount accounts for is read before its ballots, never after."""
    here, there, poll_id = await _services(store_backend, second_backend)
    await there.vote(poll_id, 100, [1, 2])
    reading = store_backend.polls.ballots
    raced = False

    async def ballots_then_a_replacement(poll_id: int) -> AsyncIterator[tuple[int, ...]]:
        nonlocal raced
        async for ranking in reading(poll_id):
            yield ranking
        if not raced:
            raced = True
            await there.vote(poll_id, 100, [2, 3])

    monkeypatch.setattr(store_backend.polls, "ballots", ballots_then_a_replacement)
    poll = await here.get(poll_id)
    await here.tally(poll)  # the first look recounts; the race lands after its read
    assert raced
    assert await here.tally(poll) == Tally.from_ballots(poll.option_ids, [(2, 3)])
