"""Fixtures: the real bot (bot.client.create_bot) or the test-only bot, on the Discord emulator.

``emulator``, ``emulator_config``, ``film_club`` and ``second_guild`` come from the emulator's
pytest plugin (``discord_emulator.pytest_plugin``, enabled in tests/conftest.py).

* ``make_bot`` - starts a product bot from ``bot.client.create_bot(Settings(...))`` on this
  test's database (SQLite, or PostgreSQL with ``PROJECTIONIST_TEST_BACKEND=postgres``), READY and
  with its commands synced: ``await make_bot(clock=clock)``; ``await make_bot.stop(bot)`` stops
  one (a restart is a stop and a second ``make_bot()``); the rest stop after the test.
* ``clock`` - a ``MovableClock`` at the real time until the test moves it; moving it wakes the
  deadline scheduler and the outbox worker of every bot made with it.
* ``projectionist`` - ``make_bot(clock=clock)``, the bot most tests talk to.
* ``emulator_bot`` - the deliberately misbehaving test-only bot (tests/e2e/emulator_bot.py).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.client import ProjectionistBot
from bot.discord_endpoints import apply_endpoints
from discord_emulator import DiscordEmulator
from discord_emulator.testing import start_client, stop_client
from tests.e2e.bots import BotMaker
from tests.e2e.clock import MovableClock
from tests.e2e.emulator_bot import EmulatorBot
from tests.e2e.product import GUILD_READY_TIMEOUT

log = logging.getLogger(__name__)

__all__ = ["GUILD_READY_TIMEOUT"]  # some tests that start bots of their own import it here


@pytest.fixture
async def make_bot(
    emulator: DiscordEmulator, test_database: dict[str, Any]
) -> AsyncIterator[BotMaker]:
    maker = BotMaker(emulator, test_database)
    try:
        yield maker
    finally:
        await maker.stop_all()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
async def projectionist(make_bot: BotMaker, clock: MovableClock) -> ProjectionistBot:
    return await make_bot(clock=clock)


@pytest.fixture
async def emulator_bot(emulator: DiscordEmulator) -> AsyncIterator[EmulatorBot]:
    apply_endpoints(emulator.api_base, emulator.gateway_url)
    bot = EmulatorBot(guild_ready_timeout=GUILD_READY_TIMEOUT)
    task = await start_client(bot, emulator, synced=bot.commands_synced)
    try:
        yield bot
    finally:
        await stop_client(bot, task)
