"""/manage: moderator commands for this server's films, scenes, imports and settings.

The group carries ``default_member_permissions`` = Manage Server, and every subgroup (and the
import command) re-checks on each call (Manage Server or the moderator role), because server
admins can override the default in Discord's integration settings.
"""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import ProjectionistBot
from bot.ui.modals import answer_stale_form
from bot.ui.types import Interaction
from cogs.manage.films import FilmGroup, TmdbAddButton, use_tmdb
from cogs.manage.imports import import_file
from cogs.manage.scenes import SceneGroup
from cogs.manage.settings import SettingsGroup


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Manage(commands.GroupCog, group_name="manage", group_description="Moderator tools"):
    film = FilmGroup()
    scene = SceneGroup()
    settings = SettingsGroup()

    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot
        super().__init__()
        assert self.app_command is not None  # a GroupCog always has its group
        self.app_command.add_command(import_file)
        film = self.app_command.get_command("film")
        if bot.services.tmdb is not None and isinstance(film, app_commands.Group):
            use_tmdb(film)  # without a TMDB key no TMDB option or command exists

    @commands.Cog.listener()
    async def on_interaction(self, interaction: Interaction) -> None:
        await answer_stale_form(interaction)


async def setup(bot: ProjectionistBot) -> None:
    bot.add_dynamic_items(TmdbAddButton)
    await bot.add_cog(Manage(bot))
