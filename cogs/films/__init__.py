"""Film commands for members: /film info, /film search, /film random."""

from __future__ import annotations

from bot.client import ProjectionistBot
from cogs.films.commands import FilmCommands
from cogs.films.components import DYNAMIC_ITEMS
from cogs.films.tmdb import DYNAMIC_ITEMS as TMDB_ITEMS


async def setup(bot: ProjectionistBot) -> None:
    bot.add_dynamic_items(*DYNAMIC_ITEMS, *TMDB_ITEMS)
    await bot.add_cog(FilmCommands(bot))
