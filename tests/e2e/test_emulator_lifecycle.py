"""Interaction life cycle through the real client: 10062 late, 40060 double ack, followups."""

from __future__ import annotations

import discord
import pytest

from discord_emulator import DiscordEmulator
from discord_emulator import interactions as ix
from discord_emulator.errors import APIError
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.emulator_bot import LATE_SECONDS, EmulatorBot

pytestmark = pytest.mark.e2e


async def test_late_first_response_is_unknown_interaction(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    emulator.config.interaction_deadline = LATE_SECONDS / 2
    reply = await film_club.slash("slow")
    assert not reply.acknowledged
    await emulator.wait_until(lambda: bool(emulator_bot.errors), within=3)
    late = emulator.requests("POST", path_contains="/callback")[-1]
    assert late.status == 404
    assert late.response == {"message": "Unknown interaction", "code": 10062}
    error = emulator_bot.errors[-1]
    assert isinstance(error, discord.NotFound) and error.code == 10062


async def test_double_acknowledgement_is_40060(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    reply = await film_club.slash("double")
    assert reply.content == "first"
    await emulator.wait_until(lambda: bool(emulator_bot.errors), within=3)
    statuses = [r.status for r in emulator.requests("POST", path_contains="/callback")]
    assert statuses == [200, 400]
    error = emulator_bot.errors[-1]
    assert isinstance(error, discord.HTTPException) and error.code == 40060
    assert [e.error_code for e in reply.errors] == [40060]


async def test_token_lifetime_and_followups_after_expiry(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    reply = await film_club.slash("ping")
    record = reply.interaction
    record.token_ttl = 0.0  # as if 15 minutes had passed
    channel = emulator_bot.get_channel(film_club.general.id)
    assert isinstance(channel, discord.TextChannel)
    webhook = discord.Webhook.partial(
        emulator.state.application.id, record.token, client=emulator_bot
    )
    with pytest.raises(discord.HTTPException) as caught:
        await webhook.send("too late", wait=True)
    assert caught.value.status == 401 and caught.value.code == 50027


async def test_limits_through_the_real_client(
    emulator: DiscordEmulator, film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    ok = await film_club.slash("echo", text="x" * 2000)
    assert ok.content == "x" * 2000 and not ok.errors
    too_long = await film_club.slash("echo", text="x" * 2001)
    assert not too_long.acknowledged
    [error] = too_long.validation_errors()
    assert error.response["code"] == 50035
    assert error.response["errors"]["data"]["content"]["_errors"] == [
        {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}
    ]
    await emulator.wait_until(lambda: bool(emulator_bot.errors), within=3)
    assert "In data.content: Must be 2000 or fewer in length." in str(emulator_bot.errors[-1])
    titled = await film_club.slash("titled", title="t" * 257)
    [error] = titled.validation_errors()
    assert "title" in error.response["errors"]["data"]["embeds"]["0"]


ALLOWED = {
    ix.APPLICATION_COMMAND: {4, 5, 9},
    ix.MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    ix.AUTOCOMPLETE: {8},
    ix.MODAL_SUBMIT: {4, 5, 6, 7},
}


@pytest.mark.parametrize("interaction_type", sorted(ALLOWED))
@pytest.mark.parametrize("callback_type", [1, 4, 5, 6, 7, 8, 9])
def test_response_types_per_interaction_type(interaction_type: int, callback_type: int) -> None:
    record = ix.InteractionRecord(
        id=1,
        token="t",
        type=interaction_type,
        guild_id=1,
        channel_id=1,
        member=None,  # type: ignore[arg-type]
        payload={},
        deadline=3.0,
        token_ttl=900.0,
        source_message_id=5,
    )
    allowed = callback_type in ALLOWED[interaction_type]
    if allowed:
        record.check_callback(callback_type)
    else:
        with pytest.raises(APIError) as caught:
            record.check_callback(callback_type)
        assert caught.value.code == 50035


def test_update_message_needs_a_source_message() -> None:
    record = ix.InteractionRecord(
        id=1,
        token="t",
        type=ix.MODAL_SUBMIT,
        guild_id=1,
        channel_id=1,
        member=None,  # type: ignore[arg-type]
        payload={},
        deadline=3.0,
        token_ttl=900.0,
    )
    with pytest.raises(APIError):
        record.check_callback(ix.UPDATE_MESSAGE)
    record.check_callback(ix.CHANNEL_MESSAGE)


def test_deadline_and_acknowledgement() -> None:
    record = ix.InteractionRecord(
        id=1,
        token="t",
        type=ix.APPLICATION_COMMAND,
        guild_id=1,
        channel_id=1,
        member=None,  # type: ignore[arg-type]
        payload={},
        deadline=0.0,
        token_ttl=900.0,
    )
    with pytest.raises(APIError) as caught:
        record.check_callback(4)
    assert (caught.value.status, caught.value.code) == (404, 10062)
    record.deadline = 3.0
    record.acknowledged = True
    with pytest.raises(APIError) as caught:
        record.check_callback(4)
    assert (caught.value.status, caught.value.code) == (400, 40060)
