"""/help: the commands this member can use."""

from __future__ import annotations

from typing import Any

from discord import app_commands
from discord.ext import commands

from bot.client import ProjectionistBot
from bot.ui.access import Access, access_level
from bot.ui.budget import EmbedBuilder
from bot.ui.embeds import COLOUR
from bot.ui.replies import send
from bot.ui.types import Interaction

# The level a command needs, by qualified name or group; everything else is for every member.
# tests/e2e/test_community_commands.py checks each name here is a real command.
NEEDS: dict[str, Access] = {
    "manage": Access.MODERATOR,
    "poll start": Access.POLL_HOST,
    "poll close": Access.POLL_HOST,
    "poll cancel": Access.POLL_HOST,
}
SECTIONS = {Access.POLL_HOST: "Poll hosts", Access.MODERATOR: "Moderators"}


def _commands(
    command: app_commands.Command[Any, ..., Any] | app_commands.Group,
) -> list[app_commands.Command[Any, ..., Any]]:
    if isinstance(command, app_commands.Group):
        return [leaf for child in command.commands for leaf in _commands(child)]
    return [command]


def needed(command: app_commands.Command[Any, ..., Any]) -> Access:
    name = command.qualified_name
    for key, level in NEEDS.items():
        if name == key or name.startswith(f"{key} "):
            return level
    return Access.MEMBER


class Help(commands.Cog):
    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="The commands you can use here")
    async def help(self, interaction: Interaction) -> None:
        level = await access_level(interaction)
        sections: dict[Access, list[str]] = {Access.MEMBER: [], **{a: [] for a in SECTIONS}}
        for top in sorted(self.bot.tree.get_commands(), key=lambda c: c.name):
            if not isinstance(top, app_commands.Command | app_commands.Group):
                continue
            for command in _commands(top):
                if needed(command) <= level:
                    line = f"`/{command.qualified_name}`: {command.description}"
                    sections[needed(command)].append(line)
        embed = EmbedBuilder(title="Projectionist commands", colour=COLOUR)
        embed.lines(sections[Access.MEMBER])
        for access, heading in SECTIONS.items():
            if sections[access]:
                embed.field(heading, "\n".join(sections[access]), inline=False)
        embed.footer = "Tip: film options accept typos, numerals and years (dune 1984)."
        await send(interaction, embed=embed.build(), ephemeral=True)


async def setup(bot: ProjectionistBot) -> None:
    await bot.add_cog(Help(bot))
