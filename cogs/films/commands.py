"""/film info | search | random."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.catalogue.genres import GENRES
from bot.catalogue.matches import resolve_matches
from bot.catalogue.service import RESOLVE_MIN_SCORE, parse_ref, ref
from bot.client import ProjectionistBot
from bot.errors import NotFoundError
from bot.ui.listings import search_embed
from bot.ui.replies import defer, send
from bot.ui.text import escape, truncate
from bot.ui.tmdb import film_or_tmdb_choices, parse_tmdb_value, tmdb_client
from bot.ui.types import Interaction
from cogs.films.actions import film_card
from cogs.films.components import FilmPickSelect
from cogs.films.matches import match_options, matched_card
from cogs.films.tmdb import offer_tmdb_film, search_tmdb, send_tmdb_card, send_tmdb_matches

SEARCH_RESULTS = 10


async def send_film(interaction: Interaction, film_value: str, *, ephemeral: bool = False) -> None:
    """Resolve what the member typed or picked and answer with the film's card; a typed title
    that matches several films equally well names the others and offers to switch.

    With TMDB configured, a ``tmdb:<id>`` value (TMDB autocomplete) opens TMDB's card, and a
    title with no good match here is looked up on TMDB."""
    catalogue = interaction.client.catalogue
    client = tmdb_client(interaction)
    tmdb_id = parse_tmdb_value(film_value) if client is not None else None
    if client is not None and tmdb_id is not None:
        await defer(interaction, ephemeral=False)
        await send_tmdb_card(interaction, client, tmdb_id)
        return
    try:
        resolved = await resolve_matches(catalogue, film_value, interaction.guild_id)
    except NotFoundError as missing:
        if client is None or parse_ref(film_value.strip()) is not None:
            raise
        await offer_tmdb_film(interaction, client, film_value, missing)
        return
    film = resolved.film
    if resolved.others:
        options = match_options(list(resolved.matches))
        content, embed, view = await matched_card(interaction, film, options)
        await send(interaction, content, embed=embed, view=view, ephemeral=ephemeral)
        return
    embed, view = await film_card(interaction, film)
    await send(interaction, embed=embed, view=view, ephemeral=ephemeral)


@app_commands.guild_only()
class FilmCommands(commands.GroupCog, group_name="film", group_description="Look up films"):
    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="info", description="A film's synopsis, facts and best scenes")
    @app_commands.describe(title="The film's title; typos and numerals are fine (rocky 4)")
    @app_commands.autocomplete(title=film_or_tmdb_choices)
    async def info(self, interaction: Interaction, title: app_commands.Range[str, 1, 200]) -> None:
        await send_film(interaction, title)

    @app_commands.command(name="search", description="Find films by title, with their years")
    @app_commands.describe(query="Part of a title, typos welcome; add a year to pick a remake")
    async def search(
        self, interaction: Interaction, query: app_commands.Range[str, 1, 200]
    ) -> None:
        hits = self.bot.catalogue.search(query, interaction.guild_id, limit=SEARCH_RESULTS)
        client = tmdb_client(interaction)
        note: str | None = None
        if client is not None and not any(h.score >= RESOLVE_MIN_SCORE for h in hits):
            await defer(interaction, ephemeral=False)  # TMDB may take a moment
            found, note = await search_tmdb(client, query)
            if found:
                await send_tmdb_matches(interaction, query, found)
                return
        if not hits:
            shown = escape(truncate(query, 80))
            await send(
                interaction,
                f"No films match “{shown}”. Try fewer words or check the spelling."
                + (f" {note}" if note else ""),
                ephemeral=True,
            )
            return
        embed = search_embed(query, hits)
        options = [
            discord.SelectOption(
                label=truncate(h.title, 100),
                value=ref(h.film_id),
                description=str(h.year) if h.year else None,
            )
            for h in hits
        ]
        view = discord.ui.View(timeout=None)
        view.add_item(FilmPickSelect(options))
        await send(interaction, note, embed=embed, view=view)

    @app_commands.command(name="random", description="A random film from this server's catalogue")
    @app_commands.describe(genre="Only films of this genre")
    @app_commands.choices(genre=[app_commands.Choice(name=g, value=g) for g in GENRES])
    async def random(
        self, interaction: Interaction, genre: app_commands.Choice[str] | None = None
    ) -> None:
        film = await self.bot.catalogue.random_film(
            interaction.guild_id, genre.value if genre else None
        )
        await send_film(interaction, ref(film.id))
