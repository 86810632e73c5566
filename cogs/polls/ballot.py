"""The private ballot: persistent components whose custom ids carry the draft ranking.

``proj:poll:<id>:add:<draft>`` (select), ``:undo:<draft>``, ``:clear``, ``:submit:<draft>`` and
``:reveal`` (buttons). The draft is the ranking so far, one character per option (1-9, a-p), so the
flow needs no server-side state, survives restarts, and a scene can never be ranked twice: the
select only offers unranked scenes and every step re-validates the draft.

Where spoilers are hidden, a spoiler scene is offered as "Scene 5 · hidden (spoiler)" (its number
in the film), and **Show hidden titles** tells the voter the titles privately.
"""

from __future__ import annotations

import string
from typing import Any

import discord

from bot.errors import NotFoundError, ValidationError
from bot.polls.models import Poll
from bot.ui.items import Guarded
from bot.ui.replies import send
from bot.ui.text import escape, truncate
from bot.ui.types import Bot, Interaction
from cogs.polls.render import ballot_embed, hidden_name, scene_numbers

_DIGITS = string.digits + string.ascii_lowercase  # option n is _DIGITS[n]; 1..25 -> "1".."p"
DRAFT = r"(?P<draft>[1-9a-p]{0,25})"
POLL = r"proj:poll:(?P<poll>\d{1,19})"


def encode(draft: tuple[int, ...]) -> str:
    return "".join(_DIGITS[o] for o in draft)


def decode(text: str, poll: Poll) -> tuple[int, ...]:
    draft = tuple(_DIGITS.index(c) for c in text)
    if len(set(draft)) != len(draft) or any(o not in poll.option_ids for o in draft):
        raise ValidationError("This ballot is out of date. Press Vote on the poll to start again.")
    return draft


async def open_poll(interaction: Interaction, poll_id: int) -> Poll:
    poll = await interaction.client.polls.open_poll(poll_id, interaction.guild_id)
    if not interaction.permissions.view_channel:
        raise ValidationError("You can only vote in polls in channels you can see.")
    return poll


async def ballot_message(
    interaction: Interaction, poll: Poll, draft: tuple[int, ...], *, voted: bool = False
) -> tuple[discord.Embed, discord.ui.View]:
    hidden = await interaction.client.hides_spoilers(interaction.guild_id)
    embed = ballot_embed(poll, draft, hidden, voted_before=voted)
    view = discord.ui.View(timeout=None)
    remaining = [o for o in poll.options if o.option not in draft]
    secret = hidden and any(o.spoiler for o in poll.options)
    numbers = await poll_scene_numbers(interaction.client, poll) if secret else {}
    if remaining:
        options = [
            discord.SelectOption(
                label=truncate(f"{o.option}. {o.title}", 100)
                if not (hidden and o.spoiler)
                else f"{o.option}. {hidden_name(o, numbers.get(o.option))}",
                value=str(o.option),
            )
            for o in remaining
        ]
        view.add_item(AddToBallot(poll.id, draft, options))
    view.add_item(SubmitBallot(poll.id, draft))
    view.add_item(UndoBallot(poll.id, draft))
    view.add_item(ClearBallot(poll.id, bool(draft)))
    if secret:
        view.add_item(RevealSpoilers(poll.id))
    return embed, view


_NUMBERS_KEPT = 512
_numbers: dict[int, dict[int, int]] = {}  # poll id -> option -> scene number, oldest first


async def poll_scene_numbers(bot: Bot, poll: Poll) -> dict[int, int]:
    """Each option's scene number in the film (empty if the film is gone). Kept per poll after
    the first look-up, so the clicks of a busy ballot do not each read the catalogue."""
    known = _numbers.get(poll.id)
    if known is not None:
        return known
    try:
        film = await bot.catalogue.get(poll.film_id, poll.guild_id)
    except NotFoundError:
        return {}
    numbers = scene_numbers(film, poll)
    if len(_numbers) >= _NUMBERS_KEPT:
        del _numbers[next(iter(_numbers))]
    _numbers[poll.id] = numbers
    return numbers


class CarriesDraft:
    """Rebuilds an item from its custom id with the draft ranking it carries."""

    draft_text: str

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> Any:
        made = cls(int(match["poll"]), ())  # type: ignore[call-arg]
        made.draft_text = match["draft"]
        return made


class AddToBallot(
    CarriesDraft,
    Guarded,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=POLL + r":add:" + DRAFT,
):
    def __init__(
        self,
        poll_id: int,
        draft: tuple[int, ...],
        options: list[discord.SelectOption] | None = None,
    ) -> None:
        place = len(draft) + 1
        super().__init__(
            discord.ui.Select(
                custom_id=f"proj:poll:{poll_id}:add:{encode(draft)}",
                placeholder=f"Choose your number {place} scene",
                options=options or [discord.SelectOption(label="-", value="0")],
                row=0,
            )
        )
        self.poll_id, self.draft_text = poll_id, encode(draft)

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        draft = decode(self.draft_text, poll)
        picked = int(self.item.values[0]) if self.item.values else 0
        if picked in draft:
            raise ValidationError("That scene is already on your ballot.")
        draft = decode(encode((*draft, picked)), poll)
        embed, view = await ballot_message(interaction, poll, draft)
        await interaction.response.edit_message(embed=embed, view=view)


class UndoBallot(
    CarriesDraft,
    Guarded,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=POLL + r":undo:" + DRAFT,
):
    def __init__(self, poll_id: int, draft: tuple[int, ...]) -> None:
        super().__init__(
            discord.ui.Button(
                label="Undo last",
                custom_id=f"proj:poll:{poll_id}:undo:{encode(draft)}",
                disabled=not draft,
                row=1,
            )
        )
        self.poll_id, self.draft_text = poll_id, encode(draft)

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        draft = decode(self.draft_text, poll)[:-1]
        embed, view = await ballot_message(interaction, poll, draft)
        await interaction.response.edit_message(embed=embed, view=view)


class ClearBallot(
    Guarded, discord.ui.DynamicItem[discord.ui.Button[Any]], template=POLL + r":clear"
):
    def __init__(self, poll_id: int, enabled: bool = True) -> None:
        super().__init__(
            discord.ui.Button(
                label="Start over",
                custom_id=f"proj:poll:{poll_id}:clear",
                disabled=not enabled,
                row=1,
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> ClearBallot:
        return cls(int(match["poll"]))

    async def run(self, interaction: Interaction) -> None:
        poll = await open_poll(interaction, self.poll_id)
        embed, view = await ballot_message(interaction, poll, ())
        await interaction.response.edit_message(embed=embed, view=view)


class SubmitBallot(
    CarriesDraft,
    Guarded,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=POLL + r":submit:" + DRAFT,
):
    def __init__(self, poll_id: int, draft: tuple[int, ...]) -> None:
        super().__init__(
            discord.ui.Button(
                label="Submit ballot",
                style=discord.ButtonStyle.success,
                custom_id=f"proj:poll:{poll_id}:submit:{encode(draft)}",
                disabled=not draft,
                row=1,
            )
        )
        self.poll_id, self.draft_text = poll_id, encode(draft)

    async def run(self, interaction: Interaction) -> None:
        from cogs.polls.lifecycle import ballot_cast

        poll = await open_poll(interaction, self.poll_id)
        draft = decode(self.draft_text, poll)
        if not draft:
            raise ValidationError("Rank at least one scene before submitting.")
        # Storing waits behind other ballots of this poll: acknowledge first, answer after.
        await interaction.response.defer()
        await ballot_cast(interaction, poll, draft)


class RevealSpoilers(
    Guarded, discord.ui.DynamicItem[discord.ui.Button[Any]], template=POLL + r":reveal"
):
    """Shows the presser, and only them, the titles the ballot hides as spoilers."""

    def __init__(self, poll_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Show hidden titles",
                custom_id=f"proj:poll:{poll_id}:reveal",
                row=1,
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> RevealSpoilers:
        return cls(int(match["poll"]))

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
