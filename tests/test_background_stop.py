"""Stopping a background loop always ends it, whatever it is doing when the stop arrives.

The race these tests aim at: a wake-up (a poke, a change notice, a lost connection) lands just
before the cancellation, so the loop's sleep has already ended when the cancel is delivered. On
Python 3.11 ``asyncio.wait_for`` then returns the wake-up and drops the cancellation, the loop
goes round again, and whoever awaits the stopped task (``Bot.close``) waits for ever. Each test
tries every small gap (in event-loop steps) between the wake-up and the cancel, so the gap that
exposes the race is always among them. See ``cogs.polls.background``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import SimpleNamespace

import asyncpg
import pytest

from bot.catalogue.service import Catalogue
from bot.storage.postgres import notify
from cogs.polls.background import PokableLoop

GAPS = range(8)  # event-loop steps between the wake-up and the cancellation
BOUND = 5.0  # far beyond a stop's few steps: only a dropped cancellation exceeds it


class Halt(BaseException):
    """Ends a runaway loop after a failed stop (no ``except Exception`` catches it)."""


async def steps(n: int) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def stopped_within_bound(
    stop: Callable[[], Awaitable[None]], task: asyncio.Task[None], halt: Callable[[], None]
) -> None:
    """``stop()`` ends ``task`` within the bound; a hang becomes this test's failure, and
    ``halt()`` then ends the runaway loop so that the failure does not outlive the test.

    Not ``wait_for(stop(), ...)``: its timeout would cancel ``stop()``, which waits on the very
    task that does not end."""
    stopping = asyncio.ensure_future(stop())
    done, _ = await asyncio.wait({stopping}, timeout=BOUND)
    if not done:
        halt()
        await asyncio.wait({stopping}, timeout=BOUND)
        pytest.fail("stopping the loop hung: its task dropped the cancellation")
    assert task.done()


class Idle(PokableLoop):
    """A loop whose passes find nothing to do and ask to sleep a minute."""

    def __init__(self) -> None:
        ready = SimpleNamespace(wait_until_ready=lambda: asyncio.sleep(0))
        super().__init__(ready, max_sleep=60.0)  # type: ignore[arg-type]
        self.asleep = asyncio.Event()
        self.halted = False

    async def run_pass(self) -> float:
        if self.halted:
            raise Halt
        self.asleep.set()
        return self.max_sleep

    def halt(self) -> None:
        self.halted = True
        self.poke()


@pytest.mark.parametrize("gap", GAPS)
async def test_a_poke_just_before_stop_does_not_keep_the_loop_running(gap: int) -> None:
    loop = Idle()
    loop.start()
    await loop.asleep.wait()
    await steps(3)  # into its sleep
    loop.poke()
    await steps(gap)
    assert loop._task is not None
    await stopped_within_bound(loop.stop, loop._task, loop.halt)


class PokesItself(Idle):
    """The outbox pokes itself after a failed attempt: its next sleep ends at once."""

    async def run_pass(self) -> float:
        await super().run_pass()
        self.poke()
        return self.max_sleep


@pytest.mark.parametrize("gap", GAPS)
async def test_a_loop_poked_by_its_own_pass_stops(gap: int) -> None:
    loop = PokesItself()
    loop.start()
    await loop.asleep.wait()
    await steps(gap)
    assert loop._task is not None
    await stopped_within_bound(loop.stop, loop._task, loop.halt)


class Unchanged:
    """A catalogue store nothing changes in, whose change notices the test sends."""

    check_interval = 60.0

    def __init__(self) -> None:
        self.changed: Callable[[], None] = lambda: None
        self.watching = asyncio.Event()
        self.halted = False

    async def watch(self, changed: Callable[[], None]) -> Callable[[], Awaitable[None]]:
        self.changed = changed
        self.watching.set()
        return lambda: asyncio.sleep(0)

    async def change_token(self) -> int:
        if self.halted:
            raise Halt
        return 0

    def halt(self) -> None:
        self.halted = True
        self.changed()


@pytest.mark.parametrize("gap", GAPS)
async def test_a_change_notice_just_before_close_does_not_keep_the_follower_running(
    gap: int,
) -> None:
    store = Unchanged()
    catalogue = Catalogue(store)  # type: ignore[arg-type]
    catalogue._token = 0  # built: the notice finds nothing new
    task = asyncio.create_task(catalogue.follow())
    await store.watching.wait()
    await steps(3)
    store.changed()
    await steps(gap)

    async def stop() -> None:  # as ProjectionistBot.close stops its follower
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    await stopped_within_bound(stop, task, store.halt)


class FakeConnection:
    """What ``PgListener`` uses of an asyncpg connection; the test drops it at will."""

    def __init__(self, connected: asyncio.Event) -> None:
        self.on_lost: Callable[[object], None] = lambda _conn: None
        self.connected = connected

    def add_termination_listener(self, callback: Callable[[object], None]) -> None:
        self.on_lost = callback

    async def add_listener(self, _channel: str, _callback: object) -> None:
        self.connected.set()

    async def fetchval(self, _query: str, **_options: float) -> int:
        return 1

    async def close(self) -> None:
        await asyncio.sleep(0)

    def terminate(self) -> None:
        pass


@pytest.mark.parametrize("gap", GAPS)
async def test_a_connection_lost_just_before_stop_does_not_keep_the_listener_running(
    gap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    connected = asyncio.Event()
    connections: list[FakeConnection] = []
    halted = False

    async def connect(*_args: object, **_options: object) -> FakeConnection:
        if halted:
            raise Halt
        connections.append(FakeConnection(connected))
        return connections[-1]

    def halt() -> None:
        nonlocal halted
        halted = True  # the listener's next reconnection ends it

    monkeypatch.setattr(asyncpg, "connect", connect)
    listener = notify.PgListener("postgresql://fake", "fake", None, lambda: None)
    listener.start()
    task = listener._task
    assert task is not None
    await connected.wait()
    await steps(3)
    connections[-1].on_lost(connections[-1])
    await steps(gap)
    await stopped_within_bound(listener.stop, task, halt)
