"""Persistent buttons and selects for film messages (they keep working after a restart).

Custom ids: ``proj:film:<film>:page:<n>``, ``proj:film:<film>:scenes``,
``proj:film:<film>:discuss`` and the search select ``proj:film:pick``.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.catalogue.models import Film
from bot.ui.embeds import add_pager, film_page
from bot.ui.items import Guarded
from bot.ui.types import Interaction


async def film_card(
    interaction: Interaction, film: Film, page: int = 0
) -> tuple[discord.Embed, discord.ui.View]:
    """The film's card, with a Vote button while the guild runs a poll on it."""
    from cogs.polls.buttons import VoteButton

    extra: list[discord.ui.Item[Any]] = []
    if interaction.guild_id is not None:
        poll = await interaction.client.polls.open_for_film(interaction.guild_id, film.id)
        if poll is not None:
            extra.append(VoteButton(poll.id, label="Vote in the scene poll"))
    return film_view(film, page, extra=extra)


def film_view(
    film: Film, page: int = 0, *, extra: list[discord.ui.Item[Any]] | None = None
) -> tuple[discord.Embed, discord.ui.View]:
    rendered = film_page(film, page)
    view = discord.ui.View(timeout=None)
    add_pager(view, rendered, lambda page, label, off: FilmPageButton(film.id, page, label, off))

    view.add_item(FilmScenesButton(film.id))
    view.add_item(FilmDiscussButton(film.id))
    for item in extra or []:
        view.add_item(item)
    return rendered.embed, view


class FilmPageButton(
    Guarded,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"proj:film:(?P<film>\d{1,19}):page:(?P<page>\d{1,4})",
):
    def __init__(
        self, film_id: int, page: int, label: str = "Page", disabled: bool = False
    ) -> None:
        page = max(page, 0)
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"proj:film:{film_id}:page:{page}",
                disabled=disabled,
                row=0,
            )
        )
        self.film_id = film_id
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> FilmPageButton:
        return cls(int(match["film"]), int(match["page"]))

    async def run(self, interaction: Interaction) -> None:
        from cogs.films.matches import keep_switch

        film = await interaction.client.catalogue.get(self.film_id, interaction.guild_id)
        embed, view = await film_card(interaction, film, self.page)
        keep_switch(interaction.message, view)  # an ambiguous title's switch stays
        await interaction.response.edit_message(embed=embed, view=view)


class FilmScenesButton(
    Guarded,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"proj:film:(?P<film>\d{1,19}):scenes",
):
    def __init__(self, film_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Best scenes",
                style=discord.ButtonStyle.primary,
                custom_id=f"proj:film:{film_id}:scenes",
                row=1,
            )
        )
        self.film_id = film_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> FilmScenesButton:
        return cls(int(match["film"]))

    async def run(self, interaction: Interaction) -> None:
        from cogs.scenes import send_scene_list

        film = await interaction.client.catalogue.get(self.film_id, interaction.guild_id)
        await send_scene_list(interaction, film, "editorial", ephemeral=True)


class FilmDiscussButton(
    Guarded,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"proj:film:(?P<film>\d{1,19}):discuss",
):
    def __init__(self, film_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Discuss",
                style=discord.ButtonStyle.secondary,
                custom_id=f"proj:film:{film_id}:discuss",
                row=1,
            )
        )
        self.film_id = film_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> FilmDiscussButton:
        return cls(int(match["film"]))

    async def run(self, interaction: Interaction) -> None:
        from cogs.discuss import open_discussion

        film = await interaction.client.catalogue.get(self.film_id, interaction.guild_id)
        await open_discussion(interaction, film, None)


class FilmPickSelect(
    Guarded,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"proj:film:pick",
):
    """The select under /film search results; each option's value is a ``#<film id>``."""

    def __init__(self, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id="proj:film:pick",
                placeholder="Open one of these films",
                options=options or [discord.SelectOption(label="-", value="-")],
                min_values=1,
                max_values=1,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> FilmPickSelect:
        options = item.options if isinstance(item, discord.ui.Select) else None
        return cls(options)

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


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    FilmPageButton,
    FilmScenesButton,
    FilmDiscussButton,
    FilmPickSelect,
)
