"""The SQLite poll store lets the first write of a unit of work begin it (one round trip fewer
per ballot), which is only safe while every statement of the unit runs inside its transaction:
these tests trace the writer connection through every poll write and delivery step."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from bot.polls.models import PollClosedError, Status
from bot.storage.sqlite import SqliteBackend
from bot.storage.sqlite.database import Database
from tests.contract.helpers import NOW, add_film, poll_fields

_BRACKETS = ("BEGIN", "COMMIT", "ROLLBACK", "END")


def outside_transactions(statements: list[str]) -> list[str]:
    """The traced statements that ran while no transaction was open."""
    inside = False
    outside = []
    for statement in statements:
        word = statement.lstrip().split(None, 1)[0].upper()
        if word == "BEGIN":
            inside = True
        elif word in _BRACKETS:
            inside = False
        elif not inside:
            outside.append(statement)
    return outside


@asynccontextmanager
async def traced(db: Database) -> AsyncIterator[list[str]]:
    """Every statement the writer connection runs meanwhile, implicit ``BEGIN``s included."""
    statements: list[str] = []
    await db.conn.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        await db.conn.set_trace_callback(None)


def test_the_tracer_sees_a_statement_outside_a_transaction() -> None:
    assert outside_transactions(["BEGIN IMMEDIATE", "INSERT 1", "COMMIT", "SELECT 2"]) == [
        "SELECT 2"
    ]


async def test_every_poll_write_runs_inside_its_transaction(
    db: Database, backend: SqliteBackend
) -> None:
    polls = backend.polls
    film_id = await add_film(backend.catalogue)
    async with traced(db) as statements:
        async with polls.transaction() as tx:
            poll_id = await tx.create(**poll_fields(film_id))
        poll = await polls.get(poll_id)
        assert poll is not None
        async with polls.transaction() as tx:
            await tx.set_message(poll_id, 77)
        for ranking in ((1, 2), (2, 1)):  # a first ballot, then its replacement
            async with polls.transaction() as tx:
                await tx.save_ballot(poll, 100, ranking, NOW)
        async with polls.transaction() as tx:
            assert await tx.finish(poll_id, Status.CLOSED, NOW)
            await tx.enqueue_delivery(poll_id, NOW)
        with pytest.raises(PollClosedError):
            async with polls.transaction() as tx:
                await tx.save_ballot(poll, 101, (1,), NOW)
        async with polls.transaction() as tx:
            delivery = await tx.claim_delivery("me", NOW, NOW + timedelta(minutes=1))
            assert delivery is not None
            assert await tx.retry_delivery(delivery.id, "me", NOW, "503")
        async with polls.transaction() as tx:
            claimed = await tx.claim_delivery("me", NOW, NOW + timedelta(minutes=1))
            assert claimed is not None
            assert await tx.delivered(claimed.id, "me", 88, NOW)
            await tx.note_host_told(claimed.id, "reply")
        async with polls.transaction() as tx:
            second = await tx.create(**poll_fields(film_id))
            assert await tx.finish(second, Status.CANCELLED, NOW)
            await tx.enqueue_delivery(second, NOW)
        async with polls.transaction() as tx:
            claimed = await tx.claim_delivery("me", NOW, NOW + timedelta(minutes=1))
            assert claimed is not None
            assert await tx.fail_delivery(claimed.id, "me", "403", NOW)
        async with polls.transaction() as tx:
            third = await tx.create(**poll_fields(film_id))
        async with polls.transaction() as tx:
            assert await tx.discard_unposted(third)
    assert statements, "the trace saw nothing"
    assert outside_transactions(statements) == []
    assert sum(s.startswith("BEGIN") for s in statements) == 12


async def test_a_refused_ballot_leaves_no_transaction_open(
    db: Database, backend: SqliteBackend
) -> None:
    polls = backend.polls
    poll_id = await _closed_poll(backend)
    poll = await polls.get(poll_id)
    assert poll is not None
    with pytest.raises(PollClosedError):
        async with polls.transaction() as tx:
            await tx.save_ballot(poll, 100, (1,), NOW)
    assert not db.conn.in_transaction
    async with polls.transaction() as tx:  # the next unit of work begins normally
        await tx.set_message(poll_id, 5)
    stored = await polls.get(poll_id)
    assert stored is not None and stored.message_id == 5


async def _closed_poll(backend: SqliteBackend) -> int:
    film_id = await add_film(backend.catalogue)
    async with backend.polls.transaction() as tx:
        poll_id = await tx.create(**poll_fields(film_id))
        await tx.finish(poll_id, Status.CLOSED, NOW)
    return poll_id
