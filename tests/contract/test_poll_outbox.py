"""The poll outbox contract: a finished poll's delivery row, claimed with a lease by one holder
at a time, taken over when the lease expires, and settled only by the holder of the claim."""

from __future__ import annotations

from datetime import timedelta

from bot.polls.models import DeliveryState, Status
from bot.services import Backend
from tests.contract.helpers import NOW, add_film, open_poll

LEASE = timedelta(minutes=2)


async def _closed_poll(backend: Backend) -> int:
    poll_id = await open_poll(backend.polls, await add_film(backend.catalogue))
    async with backend.polls.transaction() as tx:
        assert await tx.finish(poll_id, Status.CLOSED, NOW)
        await tx.enqueue_delivery(poll_id, NOW)
    return poll_id


async def test_a_claim_is_held_by_one_holder_until_its_lease_expires(
    store_backend: Backend,
) -> None:
    polls = store_backend.polls
    poll_id = await _closed_poll(store_backend)
    async with polls.transaction() as tx:
        first = await tx.claim_delivery("a", NOW, NOW + LEASE)
    assert first is not None and first.poll_id == poll_id and first.attempts == 1
    assert first.claimed_by == "a" and first.state is DeliveryState.PENDING
    async with polls.transaction() as tx:
        assert await tx.claim_delivery("b", NOW + timedelta(minutes=1), NOW + LEASE) is None
    later = NOW + LEASE + timedelta(seconds=1)  # "a" died holding it
    async with polls.transaction() as tx:
        taken = await tx.claim_delivery("b", later, later + LEASE)
    assert taken is not None and taken.claimed_by == "b" and taken.attempts == 2
    async with polls.transaction() as tx:  # the dead holder's late answer changes nothing
        assert not await tx.delivered(first.id, "a", 111, later)
        assert await tx.delivered(taken.id, "b", 222, later)
    done = await polls.delivery_for(poll_id)
    assert done is not None and done.state is DeliveryState.DELIVERED and done.message_id == 222
    assert done.claimed_by is None and done.lease_until is None
    poll = await polls.get(poll_id)
    assert poll is not None and poll.results_message_id == 222
    async with polls.transaction() as tx:  # a delivered row is never claimed again
        assert await tx.claim_delivery("c", later + LEASE * 9, later + LEASE * 10) is None


async def test_a_retry_waits_for_its_time_and_a_failure_is_final(store_backend: Backend) -> None:
    polls = store_backend.polls
    poll_id = await _closed_poll(store_backend)
    async with polls.transaction() as tx:
        claim = await tx.claim_delivery("a", NOW, NOW + LEASE, poll_id=poll_id)
        assert claim is not None
        retry_at = NOW + timedelta(seconds=4)
        assert await tx.retry_delivery(claim.id, "a", retry_at, "503 Service Unavailable")
    assert await polls.next_delivery_due() == retry_at
    async with polls.transaction() as tx:
        assert await tx.claim_delivery("a", NOW + timedelta(seconds=1), NOW + LEASE) is None
        again = await tx.claim_delivery("a", retry_at, retry_at + LEASE)
        assert again is not None and again.last_error == "503 Service Unavailable"
        assert await tx.fail_delivery(again.id, "a", "Missing Attach Files", retry_at)
        await tx.note_host_told(again.id, "dm")
    failed = await polls.delivery_for(poll_id)
    assert failed is not None and failed.state is DeliveryState.FAILED
    assert failed.host_told == "dm" and failed.last_error == "Missing Attach Files"
    assert await polls.next_delivery_due() is None


async def test_one_delivery_per_poll_and_an_unposted_poll_can_be_discarded(
    store_backend: Backend,
) -> None:
    polls = store_backend.polls
    poll_id = await _closed_poll(store_backend)
    async with polls.transaction() as tx:
        await tx.enqueue_delivery(poll_id, NOW)  # enqueuing twice keeps one row
    async with polls.transaction() as tx:
        assert await tx.claim_delivery("a", NOW, NOW + LEASE) is not None
        assert await tx.claim_delivery("b", NOW, NOW + LEASE) is None
    film_id = await add_film(store_backend.catalogue, "Alien")
    unposted = await open_poll(polls, film_id)
    async with polls.transaction() as tx:
        assert await tx.discard_unposted(unposted)
    assert await polls.get(unposted) is None
    assert await polls.open_for_film(1, film_id) is None  # the film is free for a new poll
    posted = await open_poll(polls, film_id)
    async with polls.transaction() as tx:
        await tx.set_message(posted, 77)
        assert not await tx.discard_unposted(posted)  # a posted poll is never discarded
