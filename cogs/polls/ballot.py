"""The private ballot: persistent components whose custom ids carry the draft ranking.

Their ids are in ``cogs.polls.ids``; the ballot message itself is built by
``cogs.polls.lifecycle.ballot_message``. The select only offers unranked scenes and every step
re-validates the draft, so a scene can never be ranked twice.

Where spoilers are hidden, a spoiler scene is offered as "Scene 5 · hidden (spoiler)" (its number
in the film), and **Show hidden titles** tells the voter the titles privately.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.errors import ValidationError
from bot.ui.items import Persistent
from bot.ui.replies import send
from bot.ui.text import escape, truncate
from bot.ui.types import Interaction
from cogs.polls import ids
from cogs.polls.lifecycle import ballot_cast, ballot_message, open_poll, poll_scene_numbers
from cogs.polls.render import hidden_name


class AddToBallot(Persistent, discord.ui.DynamicItem[discord.ui.Select[Any]], template=ids.ADD):
    def __init__(
        self, poll_id: int, draft: str, options: list[discord.SelectOption] | None = None
    ) -> None:
        place = len(draft) + 1
        super().__init__(
            discord.ui.Select(
                custom_id=ids.add(poll_id, draft),
                placeholder=f"Choose your number {place} scene",
                options=options or [discord.SelectOption(label="-", value="0")],
                row=0,
            )
        )
        self.poll_id, self.draft_text = poll_id, draft

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        draft = ids.decode(self.draft_text, poll)
        picked = int(self.item.values[0]) if self.item.values else 0
        if picked in draft:
            raise ValidationError("That scene is already on your ballot.")
        draft = ids.decode(ids.encode((*draft, picked)), poll)
        embed, view = await ballot_message(interaction, poll, draft)
        await interaction.response.edit_message(embed=embed, view=view)


class UndoBallot(Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=ids.UNDO):
    def __init__(self, poll_id: int, draft: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Undo last",
                custom_id=ids.undo(poll_id, draft),
                disabled=not draft,
                row=1,
            )
        )
        self.poll_id, self.draft_text = poll_id, draft

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        draft = ids.decode(self.draft_text, poll)[:-1]
        embed, view = await ballot_message(interaction, poll, draft)
        await interaction.response.edit_message(embed=embed, view=view)


class ClearBallot(Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=ids.CLEAR):
    def __init__(self, poll_id: int, enabled: bool = True) -> None:
        super().__init__(
            discord.ui.Button(
                label="Start over",
                custom_id=ids.clear(poll_id),
                disabled=not enabled,
                row=1,
            )
        )
        self.poll_id = poll_id

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        embed, view = await ballot_message(interaction, poll, ())
        await interaction.response.edit_message(embed=embed, view=view)


class SubmitBallot(Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=ids.SUBMIT):
    def __init__(self, poll_id: int, draft: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Submit ballot",
                style=discord.ButtonStyle.success,
                custom_id=ids.submit(poll_id, draft),
                disabled=not draft,
                row=1,
            )
        )
        self.poll_id, self.draft_text = poll_id, draft

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        draft = ids.decode(self.draft_text, poll)
        if not draft:
            raise ValidationError("Rank at least one scene before submitting.")
        # Storing waits behind other ballots of this poll: acknowledge first, answer after.
        await interaction.response.defer()
        await ballot_cast(interaction, poll, draft)


class RevealSpoilers(
    Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=ids.REVEAL
):
    """Shows the presser, and only them, the titles the ballot hides as spoilers."""

    def __init__(self, poll_id: int) -> None:
        super().__init__(
            discord.ui.Button(label="Show hidden titles", custom_id=ids.reveal(poll_id), row=1)
        )
        self.poll_id = poll_id

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        numbers = await poll_scene_numbers(interaction.client, poll)
        lines = [
            f"**{o.option}.** {escape(hidden_name(o, numbers.get(o.option)))} is "
            f"{escape(truncate(o.title, 150))}"
            for o in poll.options
            if o.spoiler
        ]
        text = "Hidden titles, shown only to you:\n" + "\n".join(lines)
        await send(interaction, truncate(text, 2000), ephemeral=True)


BALLOT_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AddToBallot,
    UndoBallot,
    ClearBallot,
    SubmitBallot,
    RevealSpoilers,
)
