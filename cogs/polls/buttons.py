"""The poll message's persistent buttons: Vote, My ballot, Results (ids in ``cogs.polls.ids``)."""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.items import Persistent
from bot.ui.replies import send
from bot.ui.text import timestamp
from bot.ui.types import Interaction
from cogs.polls import ids
from cogs.polls.lifecycle import ballot_message, open_poll, send_results
from cogs.polls.render import ranking_lines


class VoteButton(Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=ids.VOTE):
    def __init__(self, poll_id: int, label: str = "Vote") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary, custom_id=ids.vote(poll_id)
            )
        )
        self.poll_id = poll_id

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        voted = await interaction.client.polls.ballot_of(poll.id, interaction.user.id) is not None
        embed, view = await ballot_message(interaction, poll, (), voted=voted)
        await send(interaction, embed=embed, view=view, ephemeral=True)


class MyBallotButton(Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=ids.MINE):
    def __init__(self, poll_id: int) -> None:
        super().__init__(discord.ui.Button(label="My ballot", custom_id=ids.mine(poll_id)))
        self.poll_id = poll_id

    async def run(self, interaction: Interaction) -> None:
        polls = interaction.client.polls
        poll = await polls.get(self.poll_id, interaction.guild_id)
        ballot = await polls.ballot_of(poll.id, interaction.user.id)
        if ballot is None:
            text = "You have not voted in this poll yet."
            if poll.is_open:
                text += " Press Vote to rank the scenes."
        else:
            lines = ranking_lines(
                poll, ballot, await interaction.client.hides_spoilers(interaction.guild_id)
            )
            text = f"Your ballot:\n{lines}"
            if poll.is_open:
                text += f"\n\nYou can replace it until {timestamp(poll.closes_at)}."
        await send(interaction, text[:2000], ephemeral=True)


class ResultsButton(
    Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=ids.RESULTS
):
    def __init__(self, poll_id: int) -> None:
        super().__init__(discord.ui.Button(label="Results", custom_id=ids.results(poll_id)))
        self.poll_id = poll_id

    async def run(self, interaction: Interaction) -> None:
        poll = await interaction.client.polls.get(self.poll_id, interaction.guild_id)
        await send_results(interaction, poll, private=True)


POLL_BUTTONS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    VoteButton,
    MyBallotButton,
    ResultsButton,
)
