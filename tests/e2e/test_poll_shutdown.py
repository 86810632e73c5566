"""Closing the bot always finishes, whatever its poll loops are doing, and loses or doubles no
result: the outbox is leased, so a restart delivers a pending row exactly once.

The invariant: ``ProjectionistBot.close()`` returns within the loops' stop plus one HTTP
timeout, whether the deadline scheduler or the outbox worker is mid-pass, waiting on a slow or
failing Discord POST, holding a poll or database lock, or being poked while it stops. Each test
closes under one of those and bounds the close far beyond its real length (``CLOSE_BOUND``): only
a hang exceeds it, and a hang is this test's failure rather than the suite's timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.client import ProjectionistBot
from bot.polls.models import DeliveryState
from discord_emulator import DiscordEmulator
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.bots import BotMaker
from tests.e2e.clock import MovableClock
from tests.e2e.polls_driver import cast, start_poll
from tests.e2e.test_poll_delivery import (
    PAST_THE_DEADLINE,
    POST_MESSAGE,
    delivered_once,
    results_messages,
)

pytestmark = pytest.mark.e2e

CLOSE_BOUND = 30.0  # a close takes well under a second; only a hang comes near this
PAST_THE_LEASE = timedelta(minutes=3)  # the first bot's claim (2 minutes) has expired


def loop_tasks(bot: ProjectionistBot) -> list[asyncio.Task[None]]:
    cog = bot.get_cog("Polls")
    workers = (getattr(cog, "scheduler", None), getattr(cog, "outbox", None))
    return [w._task for w in workers if w is not None and w._task is not None]


async def close_within_bound(make_bot: BotMaker, bot: ProjectionistBot) -> None:
    """Close ``bot``; fail (not hang) if the close does not finish within ``CLOSE_BOUND``.

    Not ``wait_for(close(), ...)``: its timeout would cancel the close, which waits on the very
    loop that does not end. After a hang the loops are cancelled again until they end."""
    tasks = loop_tasks(bot)
    closing = asyncio.ensure_future(bot.close())
    done, _ = await asyncio.wait({closing}, timeout=CLOSE_BOUND)
    if not done:
        for attempt in range(200):
            if all(t.done() for t in tasks):
                break
            for task in tasks:
                task.cancel()
            await asyncio.sleep(0.001 * (attempt % 7))
        await asyncio.wait({closing}, timeout=CLOSE_BOUND)
        pytest.fail(f"closing the bot hung (its poll loops: {tasks})")
    assert all(t.done() for t in tasks)
    await make_bot.stop(bot)  # the client task ends too; a second close() returns at once


@pytest.mark.parametrize("discord_took_it", [True, False], ids=["post-taken", "post-lost"])
async def test_closing_while_a_deadline_close_is_posting_its_results(
    make_bot: BotMaker,
    emulator: DiscordEmulator,
    film_club: GuildDriver,
    clock: MovableClock,
    discord_took_it: bool,
) -> None:
    bot = await make_bot(clock=clock)
    poll_id = await start_poll(film_club, duration="10m")
    await cast(film_club, poll_id, film_club.member, [1, 2])
    # Once released, Discord takes the post, or fails it (nothing posted).
    held = emulator.faults.hold("POST", POST_MESSAGE, status=None if discord_took_it else 503)
    clock.advance(PAST_THE_DEADLINE)  # the scheduler closes the poll and posts the results
    await held.wait_held()

    await close_within_bound(make_bot, bot)
    held.release()  # Discord answers the post the closed bot gave up on
    await emulator.wait_quiet(0.2, within=5)
    assert len(results_messages(film_club)) == (1 if discord_took_it else 0)

    await delivered_once(make_bot, film_club, clock, poll_id, after=PAST_THE_LEASE)


async def test_closing_while_a_delivery_retries_with_backoff(
    make_bot: BotMaker, emulator: DiscordEmulator, film_club: GuildDriver, clock: MovableClock
) -> None:
    bot = await make_bot(clock=clock)
    poll_id = await start_poll(film_club, duration="10m")
    bot.outbox.backoff_base = timedelta(milliseconds=20)  # the worker retries all the time
    emulator.faults.server_error("POST", POST_MESSAGE, status=503, times=10_000)  # Discord is down
    clock.advance(PAST_THE_DEADLINE)

    async def retrying() -> bool:
        row = await bot.outbox.get(poll_id)
        return row is not None and row.attempts >= 3

    await film_club.wait_until(retrying, what="the outbox worker retrying with backoff")
    await close_within_bound(make_bot, bot)
    emulator.faults.clear()  # Discord is back
    assert results_messages(film_club) == []

    await delivered_once(make_bot, film_club, clock, poll_id, after=PAST_THE_LEASE)


async def test_closing_while_both_loops_are_poked(
    make_bot: BotMaker, emulator: DiscordEmulator, film_club: GuildDriver, clock: MovableClock
) -> None:
    """Pokes arrive at every turn of the event loop while the bot closes, and the outbox keeps
    retrying (each failed attempt pokes it again), so a wake-up lands just before each stop."""
    bot = await make_bot(clock=clock)
    polls = [await start_poll(film_club, film, duration="10m") for film in ("jaws", "alien")]
    bot.outbox.backoff_base = timedelta(milliseconds=20)
    emulator.faults.server_error("POST", POST_MESSAGE, status=503, times=10_000)
    clock.advance(PAST_THE_DEADLINE)

    async def retrying() -> bool:
        rows = [await bot.outbox.get(p) for p in polls]
        return all(r is not None and r.attempts >= 2 for r in rows)

    await film_club.wait_until(retrying, what="both deliveries retrying")
    cog = bot.get_cog("Polls")
    loop = asyncio.get_running_loop()
    poking = True

    def poke_both() -> None:
        if poking:
            for worker in (cog.scheduler, cog.outbox):  # type: ignore[union-attr]
                worker.poke()
            loop.call_soon(poke_both)

    poke: Callable[[], None] = poke_both
    poke()
    try:
        await close_within_bound(make_bot, bot)
    finally:
        poking = False
    emulator.faults.clear()
    assert results_messages(film_club) == []

    restarted = await make_bot(clock=clock)
    clock.advance(PAST_THE_LEASE)

    async def all_delivered() -> bool:
        rows = [await restarted.outbox.get(p) for p in polls]
        return all(r is not None and r.state is DeliveryState.DELIVERED for r in rows)

    await film_club.wait_until(all_delivered, within=20, what="both results delivered")
    posted = results_messages(film_club)
    assert sorted(m.embeds[0]["footer"]["text"] for m in posted) == sorted(  # type: ignore[attr-defined]
        f"Poll #{p}" for p in polls
    )
