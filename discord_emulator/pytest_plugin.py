"""pytest fixtures for testing a bot against the emulator.

Enable in the root ``conftest.py``::

    pytest_plugins = ["discord_emulator.pytest_plugin"]

* ``emulator_config`` - the :class:`EmulatorConfig` the ``emulator`` starts with (1 s
  heartbeats); override this fixture in a module or conftest to change it (sharding, limits).
* ``emulator`` - a started :class:`DiscordEmulator` on loopback. At teardown discord.py is
  pointed back at Discord, and the test FAILS if the bot called a route the emulator does not
  implement.
* ``film_club`` / ``second_guild`` - :class:`GuildDriver` of the two seeded guilds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from discord_emulator.config import EmulatorConfig
from discord_emulator.server import DiscordEmulator
from discord_emulator.testing.driver import GuildDriver
from discord_emulator.testing.endpoints import restore_discord_py


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return EmulatorConfig(heartbeat_interval_ms=1000)


@pytest_asyncio.fixture
async def emulator(emulator_config: EmulatorConfig) -> AsyncIterator[DiscordEmulator]:
    emu = DiscordEmulator(emulator_config)
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()
        restore_discord_py()
    if emu.unknown_routes:
        pytest.fail(f"the bot called routes the emulator does not implement: {emu.unknown_routes}")


@pytest.fixture
def film_club(emulator: DiscordEmulator) -> GuildDriver:
    return GuildDriver(emulator, "Film Club")


@pytest.fixture
def second_guild(emulator: DiscordEmulator) -> GuildDriver:
    return GuildDriver(emulator, "Second Guild")
