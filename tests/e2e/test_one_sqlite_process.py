"""Several bot processes on one SQLite file are refused in one line that says to use PostgreSQL;
the bot already running keeps answering, and the CLI still works beside it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from bot.client import ProjectionistBot, create_bot
from bot.errors import ConfigError
from bot.settings import Settings
from discord_emulator import DiscordEmulator
from discord_emulator.testing import GuildDriver, start_client
from tests.e2e.conftest import GUILD_READY_TIMEOUT
from tests.e2e.helpers import assert_clean
from tests.postgres_fixtures import backend_under_test

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        backend_under_test() == "postgres", reason="the one-process rule is SQLite's"
    ),
]
ROOT = Path(__file__).resolve().parents[2]


async def test_a_second_bot_in_this_process_is_refused(
    projectionist: ProjectionistBot, emulator: DiscordEmulator, film_club: GuildDriver
) -> None:
    settings = projectionist.settings
    second = create_bot(settings, guild_ready_timeout=GUILD_READY_TIMEOUT)
    with pytest.raises(ConfigError, match="use PostgreSQL") as refused:
        await start_client(second, emulator, synced=second.commands_synced)
    assert str(settings.database_path) in str(refused.value)
    assert "/film info" in assert_clean(await film_club.slash("help")).text


async def test_a_second_bot_process_exits_2_in_one_line(
    projectionist: ProjectionistBot, emulator: DiscordEmulator, film_club: GuildDriver
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PROJECTIONIST_"))}
    env.update(
        DISCORD_TOKEN=emulator.token,
        DISCORD_API_BASE=emulator.api_base,
        DISCORD_GATEWAY_URL=emulator.gateway_url,
        PROJECTIONIST_DB=str(projectionist.settings.database_path),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    text = stderr.decode()
    assert process.returncode == 2, text
    assert "Traceback" not in text
    [line] = [x for x in text.splitlines() if x.startswith("projectionist:")]
    assert "another bot process" in line and "PostgreSQL" in line
    assert "/film info" in assert_clean(await film_club.slash("help")).text


async def test_the_lock_goes_with_the_bot(
    emulator: DiscordEmulator, tmp_path: Path, film_club: GuildDriver
) -> None:
    settings = Settings(
        token=emulator.token,
        database_path=tmp_path / "bot.sqlite3",
        api_base=emulator.api_base,
        gateway_url=emulator.gateway_url,
    )
    for _ in range(2):  # a stopped bot leaves the file free for the next
        bot = create_bot(settings, guild_ready_timeout=GUILD_READY_TIMEOUT)
        task = await start_client(bot, emulator, synced=bot.commands_synced)
        assert "/film info" in assert_clean(await film_club.slash("help")).text
        await bot.close()
        await task
