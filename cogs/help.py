"""/help: the commands this member can use."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import ProjectionistBot
from bot.ui.budget import EmbedBuilder
from bot.ui.embeds import COLOUR
from bot.ui.replies import send
from cogs.manage.checks import is_moderator

Interaction = discord.Interaction[ProjectionistBot]
MODERATOR_GROUPS = frozenset({"manage"})


def _lines(command: app_commands.Command[Any, ..., Any] | app_commands.Group) -> list[str]:
    if isinstance(command, app_commands.Group):
        lines: list[str] = []
        for child in command.commands:
            lines.extend(_lines(child))
        return lines
    return [f"`/{command.qualified_name}`: {command.description}"]


class Help(commands.Cog):
    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="The commands you can use here")
    async def help(self, interaction: Interaction) -> None:
        moderator = await is_moderator(interaction)
        member: list[str] = []
        staff: list[str] = []
        for command in sorted(self.bot.tree.get_commands(), key=lambda c: c.name):
            if not isinstance(command, app_commands.Command | app_commands.Group):
                continue
            if command.name in MODERATOR_GROUPS:
                if moderator:
                    staff.extend(_lines(command))
                continue
            member.extend(_lines(command))
        embed = EmbedBuilder(title="Projectionist commands", colour=COLOUR)
        embed.lines(member)
        if staff:
            embed.field("Moderators", "\n".join(staff), inline=False)
        embed.footer = "Tip: film options accept typos, numerals and years (dune 1984)."
        await send(interaction, embed=embed.build(), ephemeral=True)


async def setup(bot: ProjectionistBot) -> None:
    await bot.add_cog(Help(bot))
