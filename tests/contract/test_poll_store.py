"""The poll store contract: one open poll per film per guild, one ballot per member per poll."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import ConflictError
from bot.polls.models import Method, Status
from bot.services import Backend
from tests.contract.helpers import NOW, add_film, open_poll


async def _ballots(backend: Backend, poll_id: int) -> list[tuple[int, ...]]:
    return [ranking async for ranking in backend.polls.ballots(poll_id)]


async def test_a_created_poll_reads_back_typed(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    poll_id = await open_poll(store_backend.polls, film_id)
    poll = await store_backend.polls.get(poll_id)
    assert poll is not None
    assert poll.method is Method.SCHULZE and poll.status is Status.OPEN and poll.is_open
    assert (poll.guild_id, poll.film_id, poll.ballot_count) == (1, film_id, 0)
    assert poll.option_ids == (1, 2, 3) and poll.closes_at == NOW + timedelta(hours=1)
    assert await store_backend.polls.open_for_film(1, film_id) == poll
    assert await store_backend.polls.open_polls() == [poll]


async def test_one_open_poll_per_film_per_guild(store_backend: Backend) -> None:
    polls = store_backend.polls
    film_id = await add_film(store_backend.catalogue)
    first = await open_poll(polls, film_id)
    with pytest.raises(ConflictError, match="already has an open poll"):
        await open_poll(polls, film_id)
    await open_poll(polls, film_id, guild_id=2)  # another guild may poll the same film
    async with polls.transaction() as tx:
        assert await tx.finish(first, Status.CLOSED, NOW)
    async with polls.transaction() as tx:
        assert not await tx.finish(first, Status.CANCELLED, NOW)  # no longer open
    again = await open_poll(polls, film_id)
    assert await polls.latest_ranked_for_film(1, film_id) is None  # closed without ballots
    reopened = await polls.open_for_film(1, film_id)
    assert reopened is not None and reopened.id == again


async def test_one_ballot_per_member_per_poll(store_backend: Backend) -> None:
    polls = store_backend.polls
    poll_id = await open_poll(polls, await add_film(store_backend.catalogue))
    poll = await polls.get(poll_id)
    assert poll is not None
    async with polls.transaction() as tx:
        assert await tx.save_ballot(poll, 100, (2, 1), NOW) is None
        assert await tx.save_ballot(poll, 101, (1, 3, 2), NOW) is None
    async with polls.transaction() as tx:
        assert await tx.save_ballot(poll, 100, (3,), NOW) == (2, 1)
    assert await polls.ballot_of(poll_id, 100) == (3,)
    assert await polls.ballot_of(poll_id, 102) is None
    assert sorted(await _ballots(store_backend, poll_id)) == [(1, 3, 2), (3,)]
    stored = await polls.get(poll_id)
    assert stored is not None and stored.ballot_count == 2


async def test_every_stored_ballot_counts_as_a_write(store_backend: Backend) -> None:
    """``ballot_writes`` counts every ballot stored, a replacement (which changes no count)
    included, and nothing a refused or rolled-back ballot would have written: a process that
    knows how many writes its live tally accounts for sees another process's by this count."""
    polls = store_backend.polls
    poll_id = await open_poll(polls, await add_film(store_backend.catalogue))
    poll = await polls.get(poll_id)
    assert poll is not None and poll.ballot_writes == 0
    async with polls.transaction() as tx:
        await tx.save_ballot(poll, 100, (2, 1), NOW)
        await tx.save_ballot(poll, 101, (1,), NOW)
    async with polls.transaction() as tx:
        await tx.save_ballot(poll, 100, (3,), NOW)
    async with polls.transaction() as tx:
        await tx.save_ballot(poll, 100, (3,), NOW)  # the same ranking, stored again
    with pytest.raises(RuntimeError, match="boom"):
        async with polls.transaction() as tx:
            await tx.save_ballot(poll, 101, (2,), NOW)
            raise RuntimeError("boom")
    with pytest.raises(ConflictError, match="closed"):
        async with polls.transaction() as tx:
            await tx.save_ballot(poll, 101, (2,), NOW + timedelta(hours=1))  # the deadline
    stored = await polls.get(poll_id)
    assert stored is not None and (stored.ballot_count, stored.ballot_writes) == (2, 4)


async def test_polls_and_ballots_stay_in_their_guild(store_backend: Backend) -> None:
    polls = store_backend.polls
    film_id = await add_film(store_backend.catalogue)
    mine = await open_poll(polls, film_id, guild_id=1)
    theirs = await open_poll(polls, film_id, guild_id=2)
    assert [p.id for p in await polls.list_for_guild(1)] == [mine]
    assert [p.id for p in await polls.list_for_guild(2, Status.OPEN)] == [theirs]
    assert await polls.list_for_guild(2, Status.CLOSED) == []
    poll = await polls.get(mine)
    assert poll is not None
    async with polls.transaction() as tx:
        await tx.save_ballot(poll, 100, (1,), NOW)
    assert await polls.ballot_of(theirs, 100) is None
    assert await _ballots(store_backend, theirs) == []


async def test_messages_are_remembered(store_backend: Backend) -> None:
    polls = store_backend.polls
    poll_id = await open_poll(polls, await add_film(store_backend.catalogue))
    async with polls.transaction() as tx:
        await tx.set_message(poll_id, 777)
        await tx.set_message(poll_id, 888, results=True)
    poll = await polls.get(poll_id)
    assert poll is not None and (poll.message_id, poll.results_message_id) == (777, 888)


async def test_a_failed_unit_of_work_stores_no_ballot(store_backend: Backend) -> None:
    polls = store_backend.polls
    poll_id = await open_poll(polls, await add_film(store_backend.catalogue))
    poll = await polls.get(poll_id)
    assert poll is not None
    with pytest.raises(RuntimeError, match="boom"):
        async with polls.transaction() as tx:
            await tx.save_ballot(poll, 100, (1, 2), NOW)
            raise RuntimeError("boom")
    assert await polls.ballot_of(poll_id, 100) is None
    stored = await polls.get(poll_id)
    assert stored is not None and stored.ballot_count == 0


async def test_the_store_refuses_a_ballot_on_a_poll_that_is_not_open(
    store_backend: Backend,
) -> None:
    """The database is the arbiter: a ballot is stored only while its poll is open and before its
    deadline, whatever the caller believes about the poll (a stale cached ``Poll``)."""
    polls = store_backend.polls
    film_id = await add_film(store_backend.catalogue)
    poll_id = await open_poll(polls, film_id)
    stale = await polls.get(poll_id)
    assert stale is not None and stale.is_open
    with pytest.raises(ConflictError, match="closed"):
        async with polls.transaction() as tx:
            await tx.save_ballot(stale, 100, (1, 2), NOW + timedelta(hours=1))  # the deadline
    async with polls.transaction() as tx:
        assert await tx.finish(poll_id, Status.CLOSED, NOW)
    with pytest.raises(ConflictError, match="closed"):
        async with polls.transaction() as tx:
            await tx.save_ballot(stale, 101, (1, 2), NOW)
    assert await _ballots(store_backend, poll_id) == []
    closed = await polls.get(poll_id)
    assert closed is not None and closed.ballot_count == 0


async def test_the_community_ranking_is_the_latest_closed_poll_with_ballots(
    store_backend: Backend,
) -> None:
    """Issue 9.4: a poll closed with zero ballots ranks nothing; the previous one still counts."""
    polls = store_backend.polls
    film_id = await add_film(store_backend.catalogue)
    ranked = await open_poll(polls, film_id)
    poll = await polls.get(ranked)
    assert poll is not None
    async with polls.transaction() as tx:
        await tx.save_ballot(poll, 100, (2, 1), NOW)
        assert await tx.finish(ranked, Status.CLOSED, NOW)
    empty = await open_poll(polls, film_id)
    async with polls.transaction() as tx:
        assert await tx.finish(empty, Status.CLOSED, NOW + timedelta(minutes=5))
    cancelled = await open_poll(polls, film_id)
    poll = await polls.get(cancelled)
    assert poll is not None
    async with polls.transaction() as tx:
        await tx.save_ballot(poll, 100, (1, 2), NOW)
        assert await tx.finish(cancelled, Status.CANCELLED, NOW + timedelta(minutes=9))
    latest = await polls.latest_ranked_for_film(1, film_id)
    assert latest is not None and latest.id == ranked and latest.closed_at == NOW
    assert await polls.latest_ranked_for_film(2, film_id) is None
