"""Titles that match several films equally well (``scarface``: 1932 and 1983; which films
match equally is decided once, in ``bot.catalogue.matches``).

``/film info`` shows the best match, names the others ("also: Scarface (1983)") and adds a
persistent select, ``proj:film:switch``, listing every equal match. The member who asked
switches their message in place; anyone else gets the picked film privately.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.catalogue.matches import film_name
from bot.catalogue.models import Film
from bot.catalogue.search import SearchHit
from bot.catalogue.service import ref
from bot.ui.items import Guarded
from bot.ui.replies import NO_MENTIONS
from bot.ui.text import escape, truncate
from bot.ui.types import Interaction
from cogs.films.components import film_card

SWITCH_ID = "proj:film:switch"


def _also(options: list[discord.SelectOption], shown_id: int) -> str:
    others = [o.label for o in options if o.value != ref(shown_id)]
    return f"Several films match; also: {escape(', '.join(others))}. Switch with the menu below."


def match_options(hits: list[SearchHit]) -> list[discord.SelectOption]:
    return [
        discord.SelectOption(label=truncate(film_name(h.title, h.year), 100), value=ref(h.film_id))
        for h in hits
    ]


async def matched_card(
    interaction: Interaction, film: Film, options: list[discord.SelectOption]
) -> tuple[str, discord.Embed, discord.ui.View]:
    """The film's card with the line naming the other matches and the switch select."""
    embed, view = await film_card(interaction, film)
    marked = [
        discord.SelectOption(label=o.label, value=o.value, default=o.value == ref(film.id))
        for o in options
    ]
    view.add_item(FilmSwitchSelect(marked))
    return _also(marked, film.id), embed, view


def keep_switch(message: discord.Message | None, view: discord.ui.View) -> None:
    """Carry the switch select of ``message`` (if it has one) over to its new ``view``."""
    for row in message.components if message else []:
        for child in getattr(row, "children", []):
            if isinstance(child, discord.SelectMenu) and child.custom_id == SWITCH_ID:
                view.add_item(FilmSwitchSelect(list(child.options)))
                return


class FilmSwitchSelect(
    Guarded,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=SWITCH_ID,
):
    """Every film matching the title equally well; each option's value is ``#<film id>``."""

    def __init__(self, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=SWITCH_ID,
                placeholder="Switch to another film with this title",
                options=options or [discord.SelectOption(label="-", value="-")],
                min_values=1,
                max_values=1,
                row=3,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> FilmSwitchSelect:
        options = item.options if isinstance(item, discord.ui.Select) else None
        return cls(options)

    async def run(self, interaction: Interaction) -> None:
        value = self.item.values[0] if self.item.values else ""
        offered = [discord.SelectOption(label=o.label, value=o.value) for o in self.item.options]
        film = await interaction.client.catalogue.resolve(value, interaction.guild_id)
        content, embed, view = await matched_card(interaction, film, offered)
        message = interaction.message
        metadata = message.interaction_metadata if message else None
        if metadata is not None and metadata.user.id == interaction.user.id:
            await interaction.response.edit_message(content=content, embed=embed, view=view)
            return
        await interaction.response.send_message(
            content, embed=embed, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
        )
