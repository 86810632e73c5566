"""The poll message's persistent buttons: Vote, My ballot, Results.

``proj:poll:<id>:vote``, ``proj:poll:<id>:mine`` and ``proj:poll:<id>:results``.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.errors import PermissionDeniedError
from bot.polls.models import Poll
from bot.ui.access import is_moderator, may_host_polls
from bot.ui.items import Guarded
from bot.ui.replies import send
from bot.ui.types import Interaction
from cogs.polls.ballot import POLL, ballot_message, open_poll
from cogs.polls.render import ranking_lines, timestamp


def poll_view(poll: Poll) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if poll.is_open:
        view.add_item(VoteButton(poll.id))
        view.add_item(MyBallotButton(poll.id))
    if poll.status != "cancelled":
        view.add_item(ResultsButton(poll.id))
    return view


async def can_host(interaction: Interaction, poll: Poll | None = None) -> bool:
    """Who may start a poll (``poll`` None): poll hosts and moderators. Who may end or peek at
    an existing poll: moderators and that poll's own host only; the poll role does not reach
    other members' polls."""
    if poll is not None:
        return poll.host_id == interaction.user.id or await is_moderator(interaction)
    return await may_host_polls(interaction)


class VoteButton(Guarded, discord.ui.DynamicItem[discord.ui.Button[Any]], template=POLL + r":vote"):
    def __init__(self, poll_id: int, label: str = "Vote") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.primary,
                custom_id=f"proj:poll:{poll_id}:vote",
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> VoteButton:
        return cls(int(match["poll"]))

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        voted = await interaction.client.polls.ballot_of(poll.id, interaction.user.id) is not None
        embed, view = await ballot_message(interaction, poll, (), voted=voted)
        await send(interaction, embed=embed, view=view, ephemeral=True)


class MyBallotButton(
    Guarded, discord.ui.DynamicItem[discord.ui.Button[Any]], template=POLL + r":mine"
):
    def __init__(self, poll_id: int) -> None:
        super().__init__(
            discord.ui.Button(label="My ballot", custom_id=f"proj:poll:{poll_id}:mine")
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> MyBallotButton:
        return cls(int(match["poll"]))

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
    Guarded, discord.ui.DynamicItem[discord.ui.Button[Any]], template=POLL + r":results"
):
    def __init__(self, poll_id: int) -> None:
        super().__init__(
            discord.ui.Button(label="Results", custom_id=f"proj:poll:{poll_id}:results")
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> ResultsButton:
        return cls(int(match["poll"]))

    async def run(self, interaction: Interaction) -> None:
        from cogs.polls.lifecycle import send_results

        poll = await interaction.client.polls.get(self.poll_id, interaction.guild_id)
        await send_results(interaction, poll, private=True)


async def check_results_allowed(interaction: Interaction, poll: Poll) -> None:
    if poll.status == "cancelled":
        raise PermissionDeniedError("This poll was cancelled, so it has no result.")
    if poll.is_open and not await can_host(interaction, poll):
        raise PermissionDeniedError(
            f"Results are shown to everyone when the poll closes {timestamp(poll.closes_at, 'R')}."
        )


POLL_BUTTONS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    VoteButton,
    MyBallotButton,
    ResultsButton,
)
