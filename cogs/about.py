"""/about: what this bot is, how big its catalogue is, how long it has been up."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__
from bot.client import ProjectionistBot
from bot.ui.budget import EmbedBuilder
from bot.ui.replies import send
from bot.ui.types import Interaction


def format_uptime(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = [f"{days}d"] if days else []
    if days or hours:
        parts.append(f"{hours}h")
    parts.append(f"{minutes}m" if days or hours or minutes else f"{secs}s")
    return " ".join(parts)


class About(commands.Cog):
    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="about", description="About Projectionist: version, catalogue size, uptime"
    )
    async def about(self, interaction: Interaction) -> None:
        films = await self.bot.catalogue.count(interaction.guild_id)
        uptime = (discord.utils.utcnow() - self.bot.started_at).total_seconds()
        embed = EmbedBuilder(
            title="Projectionist",
            description="Look up films, read their best scenes and rank them together.",
            colour=discord.Colour.dark_gold(),
        )
        embed.field("Version", __version__)
        embed.field("Films in this server's catalogue", str(films))
        embed.field("Uptime", format_uptime(uptime))
        await send(interaction, embed=embed.build())


async def setup(bot: ProjectionistBot) -> None:
    await bot.add_cog(About(bot))
