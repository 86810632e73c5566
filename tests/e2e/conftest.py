"""Fixtures: the real bot (bot.client.create_bot) or the test-only bot, on the Discord emulator.

``emulator``, ``emulator_config``, ``film_club`` and ``second_guild`` come from the emulator's
pytest plugin (``discord_emulator.pytest_plugin``, enabled in tests/conftest.py).

* ``projectionist`` - the product bot from ``bot.client.create_bot(Settings(...))`` on a
  temporary database (SQLite, or PostgreSQL with ``PROJECTIONIST_TEST_BACKEND=postgres``),
  READY and with its commands synced.
* ``emulator_bot`` - the deliberately misbehaving test-only bot (tests/e2e/emulator_bot.py).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.discord_endpoints import apply_endpoints
from discord_emulator import DiscordEmulator
from discord_emulator.testing import start_client, stop_client
from tests.e2e.emulator_bot import EmulatorBot
from tests.e2e.product import GUILD_READY_TIMEOUT, product_settings, running_bot

log = logging.getLogger(__name__)


@pytest.fixture
async def projectionist(
    emulator: DiscordEmulator, test_database: dict[str, Any]
) -> AsyncIterator[object]:
    async with running_bot(emulator, product_settings(emulator, **test_database)) as bot:
        yield bot


@pytest.fixture
async def emulator_bot(emulator: DiscordEmulator) -> AsyncIterator[EmulatorBot]:
    apply_endpoints(emulator.api_base, emulator.gateway_url)
    bot = EmulatorBot(guild_ready_timeout=GUILD_READY_TIMEOUT)
    task = await start_client(bot, emulator, synced=bot.commands_synced)
    try:
        yield bot
    finally:
        await stop_client(bot, task)
