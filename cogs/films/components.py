"""Persistent items of ``/film`` messages (they keep working after a restart): the film card's
pages, the ``/film search`` select and an ambiguous title's switch. Ids in ``bot.ui.ids`` and
``cogs.films.ids``.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.ui import ids as shared_ids
from bot.ui.items import Persistent
from bot.ui.replies import NO_MENTIONS
from bot.ui.types import Interaction
from cogs.films import ids
from cogs.films.actions import film_card
from cogs.films.matches import keep_switch, matched_card


class FilmPageButton(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=shared_ids.FILM_PAGE,
):
    def __init__(
        self, film_id: int, page: int, label: str = "Page", disabled: bool = False
    ) -> None:
        page = max(page, 0)
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=shared_ids.film_page(film_id, page),
                disabled=disabled,
                row=0,
            )
        )
        self.film_id = film_id
        self.page = page

    async def run(self, interaction: Interaction) -> None:
        film = await interaction.client.catalogue.get(self.film_id, interaction.guild_id)
        embed, view = await film_card(interaction, film, self.page)
        keep_switch(interaction.message, view)  # an ambiguous title's switch stays
        await interaction.response.edit_message(embed=embed, view=view)


class FilmPickSelect(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=ids.PICK,
):
    """The select under /film search results; each option's value is a ``#<film id>``."""

    def __init__(self, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=ids.PICK,
                placeholder="Open one of these films",
                options=options or [discord.SelectOption(label="-", value="-")],
                min_values=1,
                max_values=1,
            )
        )

    async def run(self, interaction: Interaction) -> None:
        value = self.item.values[0] if self.item.values else ""
        film = await interaction.client.catalogue.resolve(value, interaction.guild_id)
        embed, view = await film_card(interaction, film)
        await interaction.response.send_message(
            embed=embed,
            view=view,
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )


class FilmSwitchSelect(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=ids.SWITCH,
):
    """Every film matching the title equally well; each option's value is ``#<film id>``."""

    def __init__(self, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=ids.SWITCH,
                placeholder="Switch to another film with this title",
                options=options or [discord.SelectOption(label="-", value="-")],
                min_values=1,
                max_values=1,
                row=3,
            )
        )

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


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    FilmPageButton,
    FilmPickSelect,
    FilmSwitchSelect,
)
