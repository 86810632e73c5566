"""The bot as its own process (`python -m bot run`), pointed at the in-test emulator.

Used where one process is not enough: the 1,000-voter load test (the bot gets its own core),
the crash test (SIGKILL) and the sharded-processes test (two processes, one shard each, passed
as ``PROJECTIONIST_SHARD_COUNT``/``PROJECTIONIST_SHARD_IDS`` exactly as an operator would).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.services import Backend
from bot.storage.postgres import PgBackend
from bot.storage.sqlite import SqliteBackend
from discord_emulator import DiscordEmulator

ROOT = Path(__file__).resolve().parents[2]


def database_of(test_database: dict[str, Any], sqlite_file: Path) -> Path | str:
    """What ``PROJECTIONIST_DB`` gets: this run's PostgreSQL URL, or ``sqlite_file``."""
    url: str | None = test_database.get("database_url")
    return url if url is not None else sqlite_file


class BotProcess:
    """``python -m bot run`` on ``database``. ``shard=(id, count)`` runs that one shard (set
    through the environment) and start() waits until the emulator sees that shard ready."""

    def __init__(
        self,
        emulator: DiscordEmulator,
        database: Path | str,
        log: Path,
        *,
        shard: tuple[int, int] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.emulator = emulator
        self.database = database
        self.log = log
        self.shard = shard
        self.extra_env = dict(env or {})
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, within: float = 30.0) -> None:
        synced_before = len(self.emulator.requests("PUT", path_regex=r"/commands$"))
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PROJECTIONIST_"))
        }
        env.update(
            DISCORD_TOKEN=self.emulator.token,
            DISCORD_API_BASE=self.emulator.api_base,
            DISCORD_GATEWAY_URL=self.emulator.gateway_url,
            PROJECTIONIST_DB=str(self.database),
            LOG_LEVEL="WARNING",
        )
        if self.shard is not None:
            env.update(
                PROJECTIONIST_SHARD_IDS=str(self.shard[0]),
                PROJECTIONIST_SHARD_COUNT=str(self.shard[1]),
            )
        env.update(self.extra_env)
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=ROOT, env=env, stdout=log, stderr=log
            )
        process = self.process

        def synced_or_exited() -> bool:
            synced = len(self.emulator.requests("PUT", path_regex=r"/commands$")) > synced_before
            return synced or process.returncode is not None

        failed = "the bot did not start: {}"
        try:
            await self.emulator.wait_until(synced_or_exited, within, recheck=0.05)
        except TimeoutError:
            raise AssertionError(failed.format(self.log.read_text()[-2000:])) from None
        if process.returncode is not None:
            raise AssertionError(failed.format(self.log.read_text()[-2000:]))
        await self.emulator.wait_for_bot(within)
        if self.shard is not None:
            shard_id = self.shard[0]
            await self.emulator.wait_until(
                lambda: shard_id in self.emulator.gateway.ready_shards(),
                within,
                what=f"shard {shard_id} ready",
            )

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a power cut."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                await self.kill()


@asynccontextmanager
async def read_database(database: Path | str) -> AsyncIterator[Backend]:
    """The bot's database, opened beside the running bot (SQLite's WAL allows concurrent
    readers; PostgreSQL is made for it)."""
    backend: Backend
    if isinstance(database, str):
        backend = await PgBackend.open(database, label="the test database", migrate=False)
    else:
        backend = await SqliteBackend.open(database, migrate=False)
    try:
        yield backend
    finally:
        await backend.close()
