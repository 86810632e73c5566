"""The emulator end to end with the test-only bot: sync, replies, deferrals, components, modals."""

from __future__ import annotations

import pytest

from discord_emulator import DiscordEmulator
from discord_emulator.testing.driver import DriverError, GuildDriver
from tests.e2e.emulator_bot import EmulatorBot

pytestmark = pytest.mark.e2e


async def test_connect_and_sync(emulator: DiscordEmulator, emulator_bot: EmulatorBot) -> None:
    synced = {c["name"] for c in emulator.state.commands[None].values()}
    assert {"ping", "film", "echo", "review", "controls"} <= synced
    assert {g.name for g in emulator_bot.guilds} == {"Film Club", "Second Guild"}
    ready = emulator.gateway_events(t="READY")
    assert len(ready) == 1 and ready[0].s == 1
    creates = emulator.gateway_events(t="GUILD_CREATE")
    assert [e.s for e in creates] == [2, 3]
    assert (
        emulator.gateway_events(direction="received", op=2)[0].d["intents"]
        == emulator_bot.intents.value
    )
    assert emulator.requests("PUT", path_contains="/commands")[0].status == 200


async def test_slash_reply(film_club: GuildDriver, emulator_bot: EmulatorBot) -> None:
    reply = await film_club.slash("ping")
    assert reply.callback_type == 4
    assert reply.content == "pong"
    assert not reply.ephemeral and not reply.errors
    assert reply.message is not None and reply.message.payload["type"] == 20


async def test_subcommand_typed_options_and_autocomplete(
    film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    reply = await film_club.slash("film info", title="Rocky IV", year=1985, user=film_club.owner)
    assert reply.embed["title"] == "Rocky IV"
    assert reply.embed["description"] == "year=1985"
    options = reply.interaction.payload["data"]["options"]
    assert options[0]["type"] == 1 and options[0]["options"][1] == {
        "name": "year",
        "type": 4,
        "value": 1985,
    }
    choices = await film_club.autocomplete("film info", "title", "rock")
    assert [c["name"] for c in choices] == ["Rocky", "Rocky II", "Rocky IV"]


async def test_driver_refuses_what_the_client_would(
    film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    with pytest.raises(DriverError, match="required"):
        await film_club.slash("film info")
    with pytest.raises(DriverError, match=r"integer|number"):
        await film_club.slash("film info", title="x", year="1985")
    with pytest.raises(DriverError, match="not a synced command"):
        await film_club.slash("nope")
    film_club.enforce_command_permissions = True
    with pytest.raises(DriverError, match="cannot see /modonly"):
        await film_club.slash("modonly", user=film_club.member)
    film_club.enforce_command_permissions = False
    reply = await film_club.slash("modonly", user=film_club.member)  # an admin override
    assert reply.content == "manage_guild=False admin=False"


async def test_member_permissions_reach_the_bot(
    film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    reply = await film_club.slash("modonly", user=film_club.moderator)
    assert reply.content == "manage_guild=True admin=False"
    reply = await film_club.slash("modonly", user=film_club.owner)
    assert reply.content == "manage_guild=True admin=True"


async def test_deferred_then_followups(film_club: GuildDriver, emulator_bot: EmulatorBot) -> None:
    reply = await film_club.slash("deferred", ephemeral=True)
    assert reply.callback_type == 5 and reply.deferred
    assert reply.content == "done after thinking"  # the first followup edits the loading message
    assert reply.ephemeral
    assert [f.content for f in reply.followups] == ["and one more"]
    reply = await film_club.slash("edit")
    assert reply.content == "edited original"


async def test_button_select_and_update(film_club: GuildDriver, emulator_bot: EmulatorBot) -> None:
    reply = await film_club.slash("controls")
    assert reply.message is not None
    assert set(reply.message.custom_ids) == {"emu:next", "emu:pick"}
    clicked = await film_club.click(reply.message, "emu:next")
    assert clicked.callback_type == 7
    assert clicked.content == "page 2"
    picked = await film_club.select(reply.message, "emu:pick", ["finale"])
    assert picked.content == "picked finale" and picked.ephemeral
    assert picked.message is not None and picked.message.payload["type"] == 19
    with pytest.raises(DriverError):
        await film_club.select(reply.message, "emu:pick", ["credits"])


async def test_modal_round_trip(film_club: GuildDriver, emulator_bot: EmulatorBot) -> None:
    reply = await film_club.slash("review")
    assert reply.is_modal and reply.modal is not None
    assert reply.modal["title"] == "Review a scene"
    with pytest.raises(DriverError, match="required"):
        await film_club.submit_modal(reply, {"notes": "x"})
    submitted = await film_club.submit_modal(reply, {"scene": "the stairs", "notes": "iconic"})
    assert submitted.content == "review of the stairs: iconic"


async def test_channel_message_thread_and_file(
    film_club: GuildDriver, emulator: DiscordEmulator, emulator_bot: EmulatorBot
) -> None:
    reply = await film_club.slash("thread", name="Rocky night")
    assert reply.content == "started Rocky night" and not reply.errors
    assert [m.content for m in reply.channel_messages] == [
        "discussion: Rocky night",
        "first post in the thread",
    ]
    starter = reply.channel_messages[0]
    thread = emulator.state.channels[starter.id]
    assert thread.is_thread and thread.parent_id == film_club.general.id
    reply = await film_club.slash("upload")
    assert reply.attachments[0].filename == "ranks.csv"
    assert reply.attachments[0].data == b"scene,rank\n1,2\n"
    assert emulator.requests("POST", path_contains="/callback")[-1].files[0].filename == "ranks.csv"


async def test_missing_send_permission_is_50013(
    film_club: GuildDriver, emulator_bot: EmulatorBot
) -> None:
    reply = await film_club.slash("announce")
    assert reply.content == "forbidden 50013"
    assert [e.error_code for e in reply.errors] == [50013]
