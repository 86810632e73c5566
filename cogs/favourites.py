"""/favourite set | show | top: each member keeps one favourite scene per film."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import ProjectionistBot
from bot.ui.autocomplete import film_choices, scene_choices
from bot.ui.listings import FavouriteLine, favourites_embed, top_embed
from bot.ui.matches import acted_film, shown_film
from bot.ui.replies import send
from bot.ui.text import escape, spoiler
from bot.ui.types import Interaction

SHOWN = 15


@app_commands.guild_only()
class Favourites(commands.GroupCog, group_name="favourite", group_description="Favourite scenes"):
    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="set", description="Choose your favourite scene of a film")
    @app_commands.describe(film="The film", scene="Your favourite scene of it")
    @app_commands.autocomplete(film=film_choices, scene=scene_choices)
    async def set_(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        scene: app_commands.Range[str, 1, 200],
    ) -> None:
        assert interaction.guild_id is not None
        chosen = await acted_film(interaction, film)
        picked = self.bot.catalogue.scene_of(chosen, scene)
        await self.bot.community.set_favourite(
            interaction.guild_id, interaction.user.id, chosen.id, picked.id
        )
        hidden = await self.bot.hides_spoilers(interaction.guild_id) and picked.spoiler
        await send(
            interaction,
            f"Your favourite scene of {escape(chosen.display_title)} is now "
            f"{spoiler(escape(picked.title), hidden)}.",
            ephemeral=True,
        )

    @app_commands.command(name="show", description="A member's favourite scenes")
    @app_commands.describe(member="Whose favourites (default: yours)")
    async def show(self, interaction: Interaction, member: discord.Member | None = None) -> None:
        assert interaction.guild_id is not None
        who = member or interaction.user
        favourites = await self.bot.community.favourites_of(interaction.guild_id, who.id)
        if not favourites:
            whose = (
                "You have" if who.id == interaction.user.id else f"{escape(who.display_name)} has"
            )
            await send(
                interaction,
                f"{whose} no favourite scenes yet. Add one with /favourite set.",
                ephemeral=True,
            )
            return
        films = {
            f.id: f for f in await self.bot.catalogue.get_many([f.film_id for f in favourites])
        }
        hidden = await self.bot.hides_spoilers(interaction.guild_id)
        lines = []
        for fav in favourites[:SHOWN]:
            film = films.get(fav.film_id)
            scene = next((s for s in film.scenes if s.id == fav.scene_id), None) if film else None
            if film is None or scene is None:
                continue
            lines.append(FavouriteLine(film.display_title, scene.title, scene.spoiler))
        more = max(0, len(favourites) - SHOWN)
        await send(interaction, embed=favourites_embed(who.display_name, lines, more, hidden))

    @app_commands.command(name="top", description="This server's most-loved scenes")
    @app_commands.describe(film="Only scenes of this film")
    @app_commands.autocomplete(film=film_choices)
    async def top(
        self, interaction: Interaction, film: app_commands.Range[str, 1, 200] | None = None
    ) -> None:
        assert interaction.guild_id is not None
        chosen, also = await shown_film(interaction, film) if film else (None, None)
        top = await self.bot.community.top_favourites(
            interaction.guild_id, chosen.id if chosen else None
        )
        if not top:
            await send(
                interaction,
                "Nobody has picked a favourite scene here yet. Be the first with /favourite set."
                + (f"\n{also}" if also else ""),
                ephemeral=True,
            )
            return
        films = {f.id: f for f in await self.bot.catalogue.get_many(list({t.film_id for t in top}))}
        hidden = await self.bot.hides_spoilers(interaction.guild_id)
        lines = []
        for row in top:
            film_row = films.get(row.film_id)
            scene = (
                next((s for s in film_row.scenes if s.id == row.scene_id), None)
                if film_row
                else None
            )
            if film_row is None or scene is None:
                continue
            lines.append(
                FavouriteLine(film_row.display_title, scene.title, scene.spoiler, row.members)
            )
        heading = chosen.display_title if chosen else None
        await send(interaction, also, embed=top_embed(heading, lines, hidden))


async def setup(bot: ProjectionistBot) -> None:
    await bot.add_cog(Favourites(bot))
