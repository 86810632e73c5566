"""One background loop the poll workers share: it does a pass, then sleeps until the delay the
pass returned runs out or someone pokes it, and stops cleanly with the cog."""

from __future__ import annotations

import asyncio
import contextlib

from bot.client import ProjectionistBot

#: The shortest sleep between passes, so a pass that finds work due "now" cannot spin.
MIN_SLEEP = 0.05


class PokableLoop:
    """Subclasses implement ``run_pass`` (one look at the work, returning seconds to sleep)."""

    name = "background"

    def __init__(self, bot: ProjectionistBot, max_sleep: float) -> None:
        self.bot = bot
        self.max_sleep = max_sleep
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def poke(self) -> None:
        """Look again now rather than at the end of the current sleep."""
        self._wake.set()

    async def run_pass(self) -> float:
        raise NotImplementedError

    async def _run(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            # Clear before looking, so a poke that arrives while looking is not lost.
            self._wake.clear()
            delay = await self.run_pass()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=max(delay, MIN_SLEEP))
