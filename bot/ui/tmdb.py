"""TMDB in Discord: read-only cards, lists and autocomplete choices for TMDB's films.

Everything here is reached only when ``Services.tmdb`` is set (``TMDB_API_KEY``); without a key
no caller shows a TMDB card, choice or component. TMDB's overview is TMDB's text: the card marks
it as such and every card carries TMDB's attribution notice in its footer.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.catalogue.service import RESOLVE_MIN_SCORE, parse_ref
from bot.tmdb.errors import TmdbUnavailableError
from bot.tmdb.models import ATTRIBUTION, TmdbMovie, TmdbMovieSummary
from bot.ui.autocomplete import MAX_CHOICES, film_choices
from bot.ui.budget import EmbedBuilder, cell
from bot.ui.text import truncate
from bot.ui.types import Interaction

if TYPE_CHECKING:
    from bot.tmdb.client import TmdbClient

COLOUR = discord.Colour.from_rgb(1, 180, 228)  # TMDB's light blue, so a card reads as TMDB's
TMDB_PREFIX = "tmdb:"
OVERVIEW_FIELD = "Overview from TMDB"
NOT_CONFIGURED = "TMDB lookups are not configured on this bot any more."
SUGGEST_DEADLINE = 1.0  # autocomplete: TMDB's matches only when they come this fast
SUGGEST_MIN_CHARS = 3
SUGGEST_LIMIT = 5
FORM_DEADLINE = 2.0  # a form must open within Discord's 3 seconds of the command
_VALUE = re.compile(r"tmdb:(\d{1,10})")


def tmdb_client(interaction: discord.Interaction[Any]) -> TmdbClient | None:
    """The process's TMDB client, or None when no key is configured."""
    services = getattr(interaction.client, "services", None)
    return getattr(services, "tmdb", None)


def tmdb_value(tmdb_id: int) -> str:
    return f"{TMDB_PREFIX}{tmdb_id}"


def parse_tmdb_value(text: str) -> int | None:
    """The TMDB id in an autocomplete value ``tmdb:<id>``, or None."""
    match = _VALUE.fullmatch(text.strip())
    return int(match.group(1)) if match else None


def tmdb_card(movie: TmdbMovie) -> discord.Embed:
    """One TMDB film, read-only: facts, TMDB's overview marked as TMDB's, poster, attribution."""
    builder = EmbedBuilder(title=cell(movie.display_title, 256), colour=COLOUR, url=movie.page_url)
    if movie.tagline:
        builder.description = f"*{cell(movie.tagline, 300)}*"
    if movie.release_date:
        builder.field("Released", movie.release_date.strftime("%-d %B %Y"))
    elif movie.year:
        builder.field("Released", str(movie.year))
    if movie.genres:
        builder.field("Genres", ", ".join(movie.genres))
    if movie.runtime:
        builder.field("Runtime", f"{movie.runtime} min")
    if movie.director:
        builder.field("Director", cell(movie.director, 1024))
    if movie.original_title and movie.original_title != movie.title:
        builder.field("Original title", cell(movie.original_title, 1024))
    if movie.overview:
        builder.field(OVERVIEW_FIELD, cell(movie.overview, 1024), inline=False)
    builder.footer = ATTRIBUTION
    embed = builder.build()
    if movie.poster_url:
        embed.set_thumbnail(url=movie.poster_url)
    return embed


def tmdb_list(query: str, movies: Sequence[TmdbMovieSummary]) -> discord.Embed:
    """TMDB's matches for a search, numbered, with the attribution."""
    builder = EmbedBuilder(title=f"TMDB's films matching “{cell(query, 200)}”", colour=COLOUR)
    builder.lines([f"**{i}.** {cell(m.display_title, 300)}" for i, m in enumerate(movies, start=1)])
    builder.footer = ATTRIBUTION
    return builder.build()


def tmdb_options(movies: Sequence[TmdbMovieSummary]) -> list[discord.SelectOption]:
    return [
        discord.SelectOption(label=truncate(m.display_title, 100), value=str(m.tmdb_id))
        for m in movies[:25]
    ]


async def details_within(client: TmdbClient, tmdb_id: int, deadline: float) -> TmdbMovie:
    """``movie_details`` that gives up after ``deadline`` seconds with the friendly error."""
    try:
        async with asyncio.timeout(deadline):
            return await client.movie_details(tmdb_id)
    except TimeoutError:
        raise TmdbUnavailableError() from None


async def film_or_tmdb_choices(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The guild's films first; when none matches well, TMDB's quick matches after them."""
    local = await film_choices(interaction, current)
    client = tmdb_client(interaction)
    text = current.strip()[:100]
    if client is None or len(text) < SUGGEST_MIN_CHARS or parse_ref(text) is not None:
        return local
    best = interaction.client.catalogue.search(text, interaction.guild_id, limit=1)
    if best and best[0].score >= RESOLVE_MIN_SCORE:
        return local
    found = await client.suggest(text, deadline=SUGGEST_DEADLINE, limit=SUGGEST_LIMIT)
    extra = [
        app_commands.Choice(
            name=truncate(m.display_title, 100 - len(" (TMDB)")) + " (TMDB)",
            value=tmdb_value(m.tmdb_id),
        )
        for m in found
    ]
    return local[: MAX_CHOICES - len(extra)] + extra


async def tmdb_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """TMDB's matches only (``/manage film add from_tmdb``); nothing when TMDB is slow."""
    client = tmdb_client(interaction)
    text = current.strip()[:100]
    if client is None or not text:
        return []
    found = await client.suggest(text, deadline=SUGGEST_DEADLINE, limit=MAX_CHOICES)
    return [
        app_commands.Choice(name=truncate(m.display_title, 100), value=tmdb_value(m.tmdb_id))
        for m in found
    ]
