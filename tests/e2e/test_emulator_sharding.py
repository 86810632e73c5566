"""Sharding as Discord does it, proven with discord.py's own AutoShardedBot against the emulator.

A guild is on shard ``(guild_id >> 22) % count``; with two shards the seeded "Film Club" is on
shard 0 and "Second Guild" on shard 1. ``GET /gateway/bot`` recommends a count, IDENTIFY carries
``shard: [id, count]``, each session gets only its guilds' GUILD_CREATE and events (DMs go to
shard 0), and IDENTIFY is closed with 4010 (invalid shard) or 4011 (sharding required).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from discord_emulator import DiscordEmulator, shard_of
from discord_emulator.testing import GuildDriver, point_discord_py_at, start_client, stop_client
from tests.e2e.helpers import assert_clean

pytestmark = pytest.mark.e2e


@app_commands.command(name="where", description="Say which shard answers")
async def where(interaction: discord.Interaction) -> None:
    assert interaction.guild is not None
    await interaction.response.send_message(f"shard {interaction.guild.shard_id}")


class ShardedBot(commands.AutoShardedBot):
    def __init__(self, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            guild_ready_timeout=0.05,
            **options,
        )
        self.commands_synced = asyncio.Event()

    async def setup_hook(self) -> None:
        self.tree.add_command(where)
        await self.tree.sync()
        self.commands_synced.set()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py waits 5 s between IDENTIFYs; the emulator does not need it


@asynccontextmanager
async def running(emulator: DiscordEmulator, client: discord.Client) -> AsyncIterator[None]:
    point_discord_py_at(emulator)
    synced = client.commands_synced if isinstance(client, ShardedBot) else None
    task = await start_client(client, emulator, synced=synced)
    try:
        yield
    finally:
        await stop_client(client, task)


def delivered(emulator: DiscordEmulator, event: str) -> dict[int, set[int]]:
    """Shard id -> ids of the guilds whose ``event`` the emulator sent on that shard's socket."""
    shard_by_connection = {
        s.connection.id: (s.shard or (0, 1))[0]
        for s in emulator.gateway.live_sessions
        if s.connection is not None
    }
    sent: dict[int, set[int]] = {}
    for e in emulator.gateway_events(direction="sent", t=event):
        guild_id = int(e.d["id"] if event == "GUILD_CREATE" else e.d["guild_id"])
        sent.setdefault(shard_by_connection[e.connection], set()).add(guild_id)
    return sent


def ids(guilds: Iterable[GuildDriver]) -> set[int]:
    return {g.guild.id for g in guilds}


async def _gateway_bot(emulator: DiscordEmulator) -> dict[str, Any]:
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(emulator.api_base + "/gateway/bot", headers=headers) as response,
    ):
        data: dict[str, Any] = await response.json()
        return data


async def _identify_closes(emulator: DiscordEmulator, shard: object) -> int | None:
    """IDENTIFY with ``shard`` on a raw socket; the close code, or None if READY came instead."""
    async with aiohttp.ClientSession() as session, session.ws_connect(emulator.gateway_url) as ws:
        await asyncio.wait_for(ws.receive(), 5)  # HELLO
        data: dict[str, Any] = {"token": emulator.token, "intents": 1, "properties": {}}
        if shard is not None:
            data["shard"] = shard
        await ws.send_json({"op": 2, "d": data})
        message = await asyncio.wait_for(ws.receive(), 5)
        if message.type is aiohttp.WSMsgType.CLOSE:
            return int(message.data)
        assert message.json()["t"] == "READY"
        return None


# -- the pieces ----------------------------------------------------------------------------------


def test_the_seeded_guilds_are_one_per_shard_of_two(
    film_club: GuildDriver, second_guild: GuildDriver
) -> None:
    assert shard_of(film_club.guild.id, 2) == 0
    assert shard_of(second_guild.guild.id, 2) == 1
    assert film_club.guild.id >> 22 > 0  # a real snowflake timestamp, not a bare counter


def test_a_guild_can_be_placed_on_any_shard(emulator: DiscordEmulator) -> None:
    placed = [emulator.add_guild(f"Guild {i}", shard=(i % 5, 5)) for i in range(10)]
    assert [shard_of(g.guild.id, 5) for g in placed] == [i % 5 for i in range(10)]
    everything = sorted(emulator.state.ids.next() for _ in range(3))
    assert everything[0] > max(g.guild.id for g in placed)  # still monotonic


async def test_gateway_bot_recommends_the_configured_count(emulator: DiscordEmulator) -> None:
    assert (await _gateway_bot(emulator))["shards"] == 1  # two guilds need one shard
    emulator.config.sharding.shard_count = 3
    data = await _gateway_bot(emulator)
    assert data["shards"] == 3 and data["url"] == emulator.gateway_url


async def test_gateway_bot_recommends_a_shard_per_max_guilds(emulator: DiscordEmulator) -> None:
    emulator.config.sharding.max_guilds_per_shard = 2
    assert (await _gateway_bot(emulator))["shards"] == 1
    emulator.add_guild("Third Guild")
    assert (await _gateway_bot(emulator))["shards"] == 2


@pytest.mark.parametrize("shard", [[2, 2], [0], [-1, 2], [0, 0], ["0", 2], [True, 2], "0,2"])
async def test_an_invalid_shard_is_closed_4010(emulator: DiscordEmulator, shard: object) -> None:
    assert await _identify_closes(emulator, shard) == 4010


async def test_too_many_guilds_for_one_session_is_closed_4011(emulator: DiscordEmulator) -> None:
    emulator.config.sharding.max_guilds_per_shard = 1
    assert await _identify_closes(emulator, None) == 4011
    assert await _identify_closes(emulator, [0, 1]) == 4011  # one shard of one is no better
    assert await _identify_closes(emulator, [1, 2]) is None  # one guild per shard of two


async def test_an_event_of_no_guild_goes_to_shard_0_only(emulator: DiscordEmulator) -> None:
    async with aiohttp.ClientSession() as session:
        sockets = [await session.ws_connect(emulator.gateway_url) for _ in range(2)]
        for shard_id, ws in enumerate(sockets):
            await ws.receive()  # HELLO
            data = {"token": emulator.token, "intents": 1, "shard": [shard_id, 2]}
            await ws.send_json({"op": 2, "d": data})
        await emulator.wait_until(lambda: len(emulator.gateway.ready_shards()) == 2, 5)
        assert await emulator.gateway.dispatch("DIRECT_THING", {"channel_id": "1"}) == 1
        guild_event = {"guild_id": str(emulator.seeded["Second Guild"].guild.id)}
        assert await emulator.gateway.dispatch("GUILD_THING", guild_event) == 1
        for ws in sockets:
            await ws.close()
    assert delivered_raw(emulator, "DIRECT_THING") == {0}
    assert delivered_raw(emulator, "GUILD_THING") == {1}


def delivered_raw(emulator: DiscordEmulator, event: str) -> set[int]:
    """The shards of the sessions that were sent ``event`` (from each session's replay buffer)."""
    return {
        (s.shard or (0, 1))[0]
        for s in emulator.gateway.sessions.values()
        if any(p["t"] == event for p in s.buffer)
    }


# -- discord.py's AutoShardedBot -----------------------------------------------------------------


async def test_an_auto_sharded_bot_gets_each_guild_on_its_shard(
    emulator: DiscordEmulator, film_club: GuildDriver, second_guild: GuildDriver
) -> None:
    third = GuildDriver(emulator, emulator.add_guild("Third Guild", shard=(0, 2)))
    fourth = GuildDriver(emulator, emulator.add_guild("Fourth Guild", shard=(1, 2)))
    emulator.config.sharding.shard_count = 2
    bot = ShardedBot()  # no shard_count: it asks GET /gateway/bot, which recommends 2
    async with running(emulator, bot):
        assert bot.shard_count == 2 and set(bot.shards) == {0, 1}
        readies = emulator.gateway_events(direction="sent", t="READY")
        assert sorted(tuple(e.d["shard"]) for e in readies) == [(0, 2), (1, 2)]
        assert {tuple(g["id"] for g in e.d["guilds"]) for e in readies} == {
            (str(film_club.guild.id), str(third.guild.id)),
            (str(second_guild.guild.id), str(fourth.guild.id)),
        }
        assert delivered(emulator, "GUILD_CREATE") == {
            0: ids([film_club, third]),
            1: ids([second_guild, fourth]),
        }
        assert {g.id: g.shard_id for g in bot.guilds} == {
            film_club.guild.id: 0,
            third.guild.id: 0,
            second_guild.guild.id: 1,
            fourth.guild.id: 1,
        }
        for guild, shard_id in ((film_club, 0), (second_guild, 1), (fourth, 1)):
            assert assert_clean(await guild.slash("where")).content == f"shard {shard_id}"
        assert delivered(emulator, "INTERACTION_CREATE") == {
            0: ids([film_club]),
            1: ids([second_guild, fourth]),
        }


async def test_two_processes_each_get_only_their_shard(
    emulator: DiscordEmulator, film_club: GuildDriver, second_guild: GuildDriver
) -> None:
    first, second = (
        ShardedBot(shard_count=2, shard_ids=[0]),
        ShardedBot(shard_count=2, shard_ids=[1]),
    )
    async with running(emulator, first), running(emulator, second):
        assert [g.id for g in first.guilds] == [film_club.guild.id]
        assert [g.id for g in second.guilds] == [second_guild.guild.id]
        assert assert_clean(await film_club.slash("where")).content == "shard 0"
        assert assert_clean(await second_guild.slash("where")).content == "shard 1"
        assert delivered(emulator, "INTERACTION_CREATE") == {
            0: ids([film_club]),
            1: ids([second_guild]),
        }


async def test_a_guild_whose_shard_nobody_runs_gets_no_answer(
    emulator: DiscordEmulator, film_club: GuildDriver, second_guild: GuildDriver
) -> None:
    bot = ShardedBot(shard_count=2, shard_ids=[1])
    async with running(emulator, bot):
        assert [g.id for g in bot.guilds] == [second_guild.guild.id]
        assert bot.get_guild(film_club.guild.id) is None
        assert assert_clean(await second_guild.slash("where")).content == "shard 1"
        emulator.config.interaction_deadline = 0.5
        unanswered = await film_club.slash("where")
        assert not unanswered.acknowledged
        assert delivered(emulator, "INTERACTION_CREATE") == {1: ids([second_guild])}


async def test_discord_py_stops_on_an_invalid_shard(emulator: DiscordEmulator) -> None:
    bot = ShardedBot(shard_count=2, shard_ids=[2])
    with pytest.raises(discord.ConnectionClosed) as closed:
        async with running(emulator, bot):
            pass
    assert closed.value.code == 4010


async def test_discord_py_without_sharding_stops_when_sharding_is_required(
    emulator: DiscordEmulator,
) -> None:
    emulator.config.sharding.max_guilds_per_shard = 1
    client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05)
    with pytest.raises(discord.ConnectionClosed) as closed:
        async with running(emulator, client):
            pass
    assert closed.value.code == 4011
