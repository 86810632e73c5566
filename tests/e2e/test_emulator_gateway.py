"""The gateway spoken to directly: HELLO, heartbeats, close codes, member chunks, scale."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import discord
import pytest

from discord_emulator import DiscordEmulator
from discord_emulator.gateway import INTENT_GUILD_MEMBERS, INTENT_GUILDS
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.emulator_bot import EmulatorBot

pytestmark = pytest.mark.e2e


async def _receive(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    message = await asyncio.wait_for(ws.receive(), 2)
    assert message.type is aiohttp.WSMsgType.TEXT, message
    data: dict[str, Any] = message.json()
    return data


async def _identify(ws: aiohttp.ClientWebSocketResponse, token: str, intents: int) -> None:
    await ws.send_json({"op": 2, "d": {"token": token, "intents": intents, "properties": {}}})


async def test_hello_heartbeat_and_bad_token(emulator: DiscordEmulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(emulator.gateway_url + "?v=10&encoding=json&compress=zlib-stream") as ws,
    ):
        hello = await _receive(ws)
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 1000
        await ws.send_json({"op": 1, "d": None})
        assert (await _receive(ws))["op"] == 11
        await _identify(ws, "not-the-token", INTENT_GUILDS)
        closed = await asyncio.wait_for(ws.receive(), 2)
        assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 4004


async def test_disallowed_privileged_intent_closes_4014(emulator: DiscordEmulator) -> None:
    emulator.config.privileged_intents = 0
    async with aiohttp.ClientSession() as session, session.ws_connect(emulator.gateway_url) as ws:
        await _receive(ws)
        await _identify(ws, emulator.token, INTENT_GUILDS | INTENT_GUILD_MEMBERS)
        closed = await asyncio.wait_for(ws.receive(), 2)
        assert closed.data == 4014


async def test_ready_guild_create_and_member_chunks(
    emulator: DiscordEmulator, film_club: GuildDriver
) -> None:
    film_club.add_members(1200)
    async with aiohttp.ClientSession() as session, session.ws_connect(emulator.gateway_url) as ws:
        await _receive(ws)
        await _identify(ws, emulator.token, INTENT_GUILDS | INTENT_GUILD_MEMBERS)
        ready = await _receive(ws)
        assert ready["t"] == "READY" and ready["s"] == 1
        assert ready["d"]["resume_gateway_url"] == emulator.resume_gateway_url
        assert all(g["unavailable"] for g in ready["d"]["guilds"])
        create = await _receive(ws)
        assert create["t"] == "GUILD_CREATE" and create["s"] == 2
        assert create["d"]["member_count"] == 1204 and create["d"]["large"] is True
        assert len(create["d"]["members"]) == 1  # only the bot without GUILD_PRESENCES
        await _receive(ws)  # Second Guild
        await ws.send_json(
            {
                "op": 8,
                "d": {"guild_id": str(film_club.guild.id), "query": "", "limit": 0, "nonce": "n1"},
            }
        )
        chunks = [await _receive(ws), await _receive(ws)]
        assert [c["d"]["chunk_index"] for c in chunks] == [0, 1]
        assert {c["d"]["chunk_count"] for c in chunks} == {2}
        assert sum(len(c["d"]["members"]) for c in chunks) == 1204
        assert [c["s"] for c in chunks] == [4, 5] and chunks[0]["d"]["nonce"] == "n1"


async def test_discord_py_chunks_a_large_guild(
    emulator: DiscordEmulator, film_club: GuildDriver
) -> None:
    from discord_emulator.testing import point_discord_py_at, start_client, stop_client

    film_club.add_members(1000)
    point_discord_py_at(emulator)
    intents = discord.Intents.default()
    intents.members = True
    client = discord.Client(intents=intents, guild_ready_timeout=0.05)
    task = await start_client(client, emulator)
    try:
        guild = client.get_guild(film_club.guild.id)
        assert guild is not None and guild.chunked and len(guild.members) == 1004
    finally:
        await stop_client(client, task)


async def test_many_members_at_once(emulator_bot: EmulatorBot, film_club: GuildDriver) -> None:
    voters = film_club.add_members(1000)
    replies = await asyncio.gather(*(film_club.slash("ping", user=v) for v in voters[::50]))
    assert [r.content for r in replies] == ["pong"] * 20
    assert all(
        r.interaction.payload["member"]["user"]["id"] == str(v.user.id)
        for r, v in zip(replies, voters[::50], strict=True)
    )
