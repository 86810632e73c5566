"""The real bot (bot.client.create_bot, as `projectionist run` builds it) against the emulator."""

from __future__ import annotations

import pytest

from discord_emulator import DiscordEmulator
from discord_emulator.testing.driver import GuildDriver

pytestmark = pytest.mark.e2e


async def test_product_bot_connects_and_syncs(
    emulator: DiscordEmulator, projectionist: object
) -> None:
    synced = {c["name"] for c in emulator.state.commands.get(None, {}).values()}
    assert "about" in synced
    assert emulator.gateway.connected
    assert not emulator.errors()


async def test_about_end_to_end(film_club: GuildDriver, projectionist: object) -> None:
    reply = await film_club.slash("about", user=film_club.member)
    assert reply.acknowledged, "the bot did not answer /about within the deadline"
    assert not reply.errors, [(e.path, e.response) for e in reply.errors]
    assert reply.embed["title"] == "Projectionist"
    fields = {f["name"]: f["value"] for f in reply.embed["fields"]}
    assert fields["Version"]
    assert "Uptime" in fields
