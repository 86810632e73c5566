"""The product bot on the emulator, as the ``projectionist`` fixture and the tests that restart
it (or give it other settings) start it: settings pointed at the emulator, READY with its
commands synced, stopped when the block ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.client import ProjectionistBot, create_bot
from bot.settings import Settings
from discord_emulator import DiscordEmulator
from discord_emulator.testing import start_client, stop_client

GUILD_READY_TIMEOUT = 0.05  # discord.py waits this long after the last GUILD_CREATE (default 2 s)


def product_settings(emulator: DiscordEmulator, **fields: Any) -> Settings:
    """Settings for the product bot on ``emulator``; ``fields`` name its database and the rest."""
    return Settings(
        token=emulator.token,
        api_base=emulator.api_base,
        gateway_url=emulator.gateway_url,
        **fields,
    )


@asynccontextmanager
async def running_bot(
    emulator: DiscordEmulator, settings: Settings
) -> AsyncIterator[ProjectionistBot]:
    """The product bot built from ``settings``, connected to ``emulator`` for the block."""
    bot = create_bot(settings, guild_ready_timeout=GUILD_READY_TIMEOUT)
    task = await start_client(bot, emulator, synced=bot.commands_synced)
    try:
        yield bot
    finally:
        await stop_client(bot, task)
