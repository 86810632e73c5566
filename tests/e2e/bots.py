"""Product bots for the end-to-end tests: the ``make_bot`` fixture's maker (see conftest)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.client import ProjectionistBot, create_bot
from discord_emulator import DiscordEmulator
from discord_emulator.testing import start_client, stop_client
from tests.e2e.clock import MovableClock
from tests.e2e.product import GUILD_READY_TIMEOUT, product_settings


class BotMaker:
    """``make_bot``: product bots on the emulator, over the test's database."""

    def __init__(self, emulator: DiscordEmulator, database: dict[str, Any]) -> None:
        self._emulator = emulator
        self._database = database
        self._running: dict[ProjectionistBot, asyncio.Task[None]] = {}

    async def __call__(self, *, clock: MovableClock | None = None) -> ProjectionistBot:
        emulator = self._emulator
        settings = product_settings(emulator, **self._database)
        options: dict[str, Any] = {"guild_ready_timeout": GUILD_READY_TIMEOUT}
        if clock is not None:
            options["clock"] = clock
        bot = create_bot(settings, **options)
        self._running[bot] = await start_client(bot, emulator, synced=bot.commands_synced)
        if clock is not None:
            clock.on_move(lambda: _look_again(bot))
        return bot

    async def stop(self, bot: ProjectionistBot) -> None:
        await stop_client(bot, self._running.pop(bot))

    async def stop_all(self) -> None:
        while self._running:
            await self.stop(next(iter(self._running)))


def _look_again(bot: ProjectionistBot) -> None:
    """The clock moved: the bot's deadline scheduler and outbox worker look for due work now
    (they sleep by the real time until the next deadline or retry they know of)."""
    if bot.is_closed():
        return
    # Not isinstance(cog, Polls): closing a bot unloads its extensions, and the next bot's
    # Polls class is a fresh import.
    cog = bot.get_cog("Polls")
    for worker in (getattr(cog, "scheduler", None), getattr(cog, "outbox", None)):
        assert worker is not None, "the polls extension has no deadline scheduler or outbox"
        worker.poke()
