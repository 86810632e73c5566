"""Gateway and REST faults: resume with replay, RECONNECT, INVALID_SESSION, 429 and 5xx retries."""

from __future__ import annotations

import asyncio

import pytest

from discord_emulator import DiscordEmulator
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.emulator_bot import EmulatorBot

pytestmark = pytest.mark.e2e


async def _reconnected(emulator: DiscordEmulator, *, event: str, count: int) -> None:
    await emulator.wait_until(
        lambda: len(emulator.gateway_events(t=event)) >= count and emulator.gateway.connected,
        within=5,
    )


@pytest.mark.parametrize("code", [4000, None], ids=["close-4000", "abrupt"])
async def test_resume_replays_missed_events(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot, code: int | None
) -> None:
    await emulator.gateway.drop(code, hold=True)
    pending = asyncio.create_task(film_club.slash("ping"))
    await emulator.wait_until(
        lambda: bool(emulator.gateway_events(t="INTERACTION_CREATE")), within=2
    )
    assert not emulator.gateway.connected
    emulator.gateway.release()
    reply = await pending
    assert reply.content == "pong"
    replayed = emulator.gateway_events(t="INTERACTION_CREATE", replayed=True)
    assert len(replayed) == 1
    resumes = emulator.gateway_events(direction="received", op=6)
    assert resumes and resumes[-1].d["seq"] == replayed[0].s - 1
    assert emulator.gateway_events(t="RESUMED")
    assert len(emulator.gateway_events(t="READY")) == 1  # resumed, not re-identified
    seqs = [
        e.s for e in emulator.gateway_events(op=0) if e.direction != "buffered" and not e.replayed
    ]
    assert seqs == sorted(seqs)


async def test_reconnect_opcode(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    await emulator.gateway.send_reconnect()
    await _reconnected(emulator, event="RESUMED", count=1)
    resumed_on = emulator.gateway.connections[-1].path
    assert resumed_on.endswith("/resume")  # READY's resume_gateway_url was used
    assert (await film_club.slash("ping")).content == "pong"


@pytest.mark.parametrize("resumable", [True, False])
async def test_invalid_session(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot, resumable: bool
) -> None:
    await emulator.gateway.send_invalid_session(resumable=resumable)
    if resumable:
        await _reconnected(emulator, event="RESUMED", count=1)
    else:
        await _reconnected(emulator, event="READY", count=2)
        assert len(emulator.gateway_events(direction="received", op=2)) == 2
    assert (await film_club.slash("ping")).content == "pong"


async def test_rate_limited_callback_is_retried(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    fault = emulator.faults.rate_limit("POST", r"/callback$", times=2, retry_after=0.05)
    reply = await film_club.slash("ping")
    assert reply.content == "pong"
    assert fault.hits == 2
    assert [r.status for r in emulator.requests("POST", path_contains="/callback")] == [
        429,
        429,
        200,
    ]
    limited = emulator.requests(status=429)[0]
    assert limited.response == {
        "message": "You are being rate limited.",
        "retry_after": 0.05,
        "global": False,
    }


async def test_rate_limited_message_route_is_retried(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    emulator.faults.rate_limit("POST", r"^/channels/\d+/messages$", times=1, retry_after=0.05)
    reply = await film_club.slash("thread", name="retry")
    assert reply.content == "started retry" and not reply.errors
    statuses = [r.status for r in emulator.requests("POST", path_regex=r"^/channels/\d+/messages$")]
    assert statuses == [429, 200, 200]


async def test_server_error_is_retried(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    emulator.faults.server_error("POST", r"/callback$", times=1, status=502)
    reply = await film_club.slash("ping")
    assert reply.content == "pong"
    assert [r.status for r in emulator.requests("POST", path_contains="/callback")] == [502, 200]


async def test_delayed_route(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    emulator.faults.delay("POST", r"/callback$", 0.2, times=1)
    reply = await film_club.slash("ping")
    assert reply.content == "pong"
    assert emulator.requests("POST", path_contains="/callback")[0].fault == "delay"
