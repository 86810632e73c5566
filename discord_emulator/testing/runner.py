"""Start and stop a discord.py client against a running emulator (tests and the sandbox)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord

from discord_emulator.server import DiscordEmulator

log = logging.getLogger(__name__)


async def start_client(
    client: discord.Client,
    emulator: DiscordEmulator,
    *,
    synced: asyncio.Event | None = None,
    within: float = 15.0,
) -> asyncio.Task[None]:
    """Run ``client.start(token)`` in a task; return once it is READY (and ``synced`` is set).

    The client must already point at the emulator (a bot's own setting, or
    :func:`discord_emulator.testing.point_discord_py_at`).
    A failure during login or setup_hook is raised here instead of hanging.
    """
    task = asyncio.create_task(client.start(emulator.token), name="emulated-discord-client")
    try:
        await _until_ready(client, emulator, task, synced, within)
    except BaseException:
        # Cancelled (Ctrl-C while starting), timed out or failed: never leave the task behind.
        await stop_client(client, task)
        raise
    return task


async def _until_ready(
    client: discord.Client,
    emulator: DiscordEmulator,
    task: asyncio.Task[None],
    synced: asyncio.Event | None,
    within: float,
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        if task.done():
            task.result()  # raises the failure
            raise RuntimeError("the client stopped before it became ready")
        if client.is_ready() and (synced is None or synced.is_set()) and emulator.gateway.connected:
            return
        if loop.time() > deadline:
            raise TimeoutError(f"the client did not become ready within {within} s")
        await asyncio.sleep(0.01)


async def stop_client(
    client: discord.Client, task: asyncio.Task[None], *, within: float = 10.0
) -> None:
    """Close the client and wait for its task, so no task is left pending."""
    await client.close()
    try:
        await asyncio.wait_for(task, within)
    except TimeoutError:
        log.warning("the client task did not finish in %s s; cancelling it", within)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
