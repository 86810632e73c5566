"""The product bot shards with discord.py's AutoShardedBot (issue 11).

With no shard settings it asks ``GET /gateway/bot`` and runs every recommended shard in one
process; with ``shard_count``/``shard_ids`` it runs only those shards and so receives only their
guilds' interactions. The seeded "Film Club" is on shard 0 of 2, "Second Guild" on shard 1.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.client import ProjectionistBot, create_bot
from bot.settings import Settings
from discord_emulator import DiscordEmulator
from discord_emulator.testing import GuildDriver, start_client, stop_client
from tests.e2e.conftest import GUILD_READY_TIMEOUT
from tests.e2e.helpers import assert_clean

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


async def _no_identify_wait(shard_id: int | None, *, initial: bool = False) -> None:
    return None  # discord.py waits 5 s between IDENTIFYs; the emulator does not need it


@asynccontextmanager
async def sharded_bot(
    emulator: DiscordEmulator, database: dict[str, Any], **sharding: Any
) -> AsyncIterator[ProjectionistBot]:
    settings = Settings(
        token=emulator.token,
        **database,
        api_base=emulator.api_base,
        gateway_url=emulator.gateway_url,
        **sharding,
    )
    bot = create_bot(settings, guild_ready_timeout=GUILD_READY_TIMEOUT)
    bot.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]
    task = await start_client(bot, emulator, synced=bot.commands_synced)
    try:
        yield bot
    finally:
        await stop_client(bot, task)


async def test_unset_the_bot_runs_every_shard_discord_recommends(
    emulator: DiscordEmulator,
    test_database: dict[str, Any],
    film_club: GuildDriver,
    second_guild: GuildDriver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emulator.config.sharding.shard_count = 2
    with caplog.at_level(logging.INFO, logger="bot.client"):
        async with sharded_bot(emulator, test_database) as bot:
            assert bot.shard_count == 2 and sorted(bot.shards) == [0, 1]
            readies = emulator.gateway_events(direction="sent", t="READY")
            assert sorted(tuple(e.d["shard"]) for e in readies) == [(0, 2), (1, 2)]
            for guild in (film_club, second_guild):
                assert "/film info" in assert_clean(await guild.slash("help")).text
    assert "Running shards 0-1 of 2 (as Discord recommends)" in caplog.text


async def test_a_process_with_shard_1_of_2_gets_only_its_guilds(
    emulator: DiscordEmulator,
    test_database: dict[str, Any],
    film_club: GuildDriver,
    second_guild: GuildDriver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.client"):
        async with sharded_bot(emulator, test_database, shard_count=2, shard_ids=(1,)) as bot:
            assert [g.id for g in bot.guilds] == [second_guild.guild.id]
            assert "/film info" in assert_clean(await second_guild.slash("help")).text
            emulator.config.interaction_deadline = 0.5
            unanswered = await film_club.slash("help")
            assert not unanswered.acknowledged
            sent = emulator.gateway_events(direction="sent", t="INTERACTION_CREATE")
            assert {int(e.d["guild_id"]) for e in sent} == {second_guild.guild.id}
    assert "Running shards 1 of 2" in caplog.text


@pytest.mark.parametrize(
    ("count", "expected"),
    [("1", "needs more shards"), ("", None)],
)
async def test_too_few_shards_stop_run_in_one_line(
    emulator: DiscordEmulator, tmp_path: Path, count: str, expected: str | None
) -> None:
    """Discord closes an IDENTIFY that would hold too many guilds with 4011: `run` says to
    raise PROJECTIONIST_SHARD_COUNT, exit code 2; unset, the recommended count just works."""
    emulator.config.sharding.max_guilds_per_shard = 1  # the two seeded guilds need two shards
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PROJECTIONIST_"))}
    env.update(
        DISCORD_TOKEN=emulator.token,
        DISCORD_API_BASE=emulator.api_base,
        DISCORD_GATEWAY_URL=emulator.gateway_url,
        PROJECTIONIST_DB=str(tmp_path / "bot.sqlite3"),
        PROJECTIONIST_SHARD_COUNT=count,
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    if expected is None:
        await emulator.wait_until(lambda: len(emulator.gateway.ready_shards()) == 2, 60)
        process.send_signal(signal.SIGINT)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    text = stderr.decode()
    if expected is None:
        assert "Running shards 0-1 of 2 (as Discord recommends)" in text
        return
    assert process.returncode == 2, text
    assert "Traceback" not in text
    [line] = [x for x in text.splitlines() if x.startswith("projectionist:")]
    assert expected in line and "PROJECTIONIST_SHARD_COUNT" in line
