"""What a film's card shows now: the card with a Vote button while the guild runs a poll on it."""

from __future__ import annotations

from typing import Any

import discord

from bot.catalogue.models import Film
from bot.ui.cards import film_view
from bot.ui.items import item_for
from bot.ui.types import Interaction
from cogs.polls import ids as poll_ids


async def film_card(
    interaction: Interaction, film: Film, page: int = 0
) -> tuple[discord.Embed, discord.ui.View]:
    """The film's card, with a Vote button while the guild runs a poll on it."""
    extra: list[discord.ui.Item[Any]] = []
    if interaction.guild_id is not None:
        poll = await interaction.client.polls.open_for_film(interaction.guild_id, film.id)
        if poll is not None:
            extra.append(item_for(poll_ids.vote(poll.id), label="Vote in the scene poll"))
    return film_view(film, page, extra=extra)
