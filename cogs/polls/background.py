"""One background loop the poll workers share: it does a pass, then sleeps until the delay the
pass returned runs out or someone pokes it, and stops cleanly with the cog.

The sleep is not ``asyncio.wait_for`` on the event: on Python 3.11 that returns the
wake-up instead of raising when the stop's cancellation arrives just after a poke (the event's
waiter had finished, the loop had not resumed yet), so the loop went round again and
``Bot.close``, awaiting it, waited for ever. ``asyncio.timeout`` never drops a cancellation.
"""

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
            await asyncio.sleep(0)  # a pass that poked itself and never waited still yields
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(delay, MIN_SLEEP)):  # not wait_for: see above
                    await self._wake.wait()
