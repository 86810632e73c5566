"""The product bot itself rides out a dropped gateway and Discord's rate limits."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import ProjectionistBot
from discord_emulator import DiscordEmulator
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.helpers import assert_clean

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("code", [4000, None], ids=["close-4000", "abrupt"])
async def test_resumes_after_a_dropped_connection_and_still_answers(
    projectionist: ProjectionistBot,
    emulator: DiscordEmulator,
    film_club: GuildDriver,
    code: int | None,
) -> None:
    await emulator.gateway.drop(code, hold=True)
    pending = asyncio.create_task(film_club.slash("film info", title="rocky 4"))
    await emulator.wait_until(
        lambda: bool(emulator.gateway_events(t="INTERACTION_CREATE")), within=2
    )
    emulator.gateway.release()
    reply = assert_clean(await pending)
    assert reply.embed["title"] == "Rocky IV (1985)"
    assert emulator.gateway_events(t="INTERACTION_CREATE", replayed=True)
    assert emulator.gateway_events(t="RESUMED")
    assert len(emulator.gateway_events(t="READY")) == 1  # resumed, not a new session


async def test_a_rate_limited_reply_is_retried_and_completes(
    projectionist: ProjectionistBot, emulator: DiscordEmulator, film_club: GuildDriver
) -> None:
    fault = emulator.faults.rate_limit("POST", r"/callback$", times=2, retry_after=0.05)
    reply = await film_club.slash("film info", title="jaws")
    assert reply.embed["title"] == "Jaws (1975)"
    assert fault.hits == 2
    statuses = [r.status for r in emulator.requests("POST", path_contains="/callback")]
    assert statuses == [429, 429, 200]


async def test_a_rate_limited_channel_post_is_retried(
    projectionist: ProjectionistBot, emulator: DiscordEmulator, film_club: GuildDriver
) -> None:
    emulator.faults.rate_limit("POST", r"^/channels/\d+/messages$", times=1, retry_after=0.05)
    reply = assert_clean(await film_club.slash("poll start", film="jaws", user=film_club.moderator))
    assert "is open in" in reply.text
    statuses = [r.status for r in emulator.requests("POST", path_regex=r"^/channels/\d+/messages$")]
    assert statuses == [429, 200]
