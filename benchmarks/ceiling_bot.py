"""The ceiling for the polls benchmark: a bare discord.py bot that answers every ballot click
with a constant reply, no storage, no counting.

It posts one poll-shaped message (the same custom ids and footer the product uses, so the same
member driver can click through it) and then answers Vote with a constant ballot, each pick by
re-showing that ballot, and Submit with "Your ballot is in". Whatever the product's whole stack
achieves beside it on the same emulator and load is what our own code costs.

Run by ``benchmarks/polls_bench.py`` as ``python -m benchmarks.ceiling_bot`` with
DISCORD_TOKEN, DISCORD_API_BASE, DISCORD_GATEWAY_URL and CEILING_CHANNEL_ID set.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

POLL_ID = 1
OPTIONS = 7
PREFIX = f"proj:poll:{POLL_ID}"


def _ballot() -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Select(
            custom_id=f"{PREFIX}:add:c",
            options=[discord.SelectOption(label=f"Scene {n}", value=str(n)) for n in range(1, 8)],
        )
    )
    view.add_item(discord.ui.Button(label="Submit", custom_id=f"{PREFIX}:submit:c"))
    return view


class CeilingBot(discord.Client):
    def __init__(self, channel_id: int) -> None:
        super().__init__(intents=discord.Intents.none() | discord.Intents(guilds=True))
        self.channel_id = channel_id

    async def on_ready(self) -> None:
        channel = await self.fetch_channel(self.channel_id)
        assert isinstance(channel, discord.TextChannel)
        embed = discord.Embed(title="Scene poll: ceiling").set_footer(text=f"Poll #{POLL_ID}")
        vote = discord.ui.View(timeout=None)
        vote.add_item(discord.ui.Button(label="Vote", custom_id=f"{PREFIX}:vote"))
        await channel.send(embed=embed, view=vote)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if custom_id == f"{PREFIX}:vote":
            await interaction.response.send_message("Your ballot", view=_ballot(), ephemeral=True)
        elif custom_id.startswith(f"{PREFIX}:add:"):
            await interaction.response.edit_message(content="Your ballot", view=_ballot())
        elif custom_id.startswith(f"{PREFIX}:submit:"):
            await interaction.response.edit_message(content="Your ballot is in.", view=None)


def main() -> None:
    Route.BASE = os.environ["DISCORD_API_BASE"]
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    discord.utils.setup_logging(level=logging.WARNING)
    bot = CeilingBot(int(os.environ["CEILING_CHANNEL_ID"]))
    asyncio.run(bot.start(os.environ["DISCORD_TOKEN"]))


if __name__ == "__main__":
    main()
