"""/manage settings show | moderator-role | poll-role | spoilers."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.errors import ValidationError
from bot.ui.budget import EmbedBuilder
from bot.ui.embeds import COLOUR
from bot.ui.replies import send
from bot.ui.text import escape
from bot.ui.types import Interaction
from cogs.manage.checks import ModeratorGroup


def _role(role_id: int | None) -> str:
    return f"<@&{role_id}>" if role_id else "not set"


class SettingsGroup(ModeratorGroup):
    def __init__(self) -> None:
        super().__init__(name="settings", description="This server's Projectionist settings")

    @app_commands.command(name="show", description="Show this server's settings")
    async def show(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        settings = await interaction.client.guild_settings.get(interaction.guild_id)
        embed = EmbedBuilder(title="Projectionist settings", colour=COLOUR)
        embed.field("Moderator role", _role(settings.moderator_role_id))
        embed.field("Poll host role", _role(settings.poll_role_id))
        embed.field("Spoilers", "hidden" if settings.spoilers else "shown")
        await send(interaction, embed=embed.build(), ephemeral=True)

    @app_commands.command(
        name="moderator-role", description="Members with this role may use /manage"
    )
    @app_commands.describe(role="The role; leave empty to clear it")
    async def moderator_role(
        self, interaction: Interaction, role: discord.Role | None = None
    ) -> None:
        assert interaction.guild_id is not None
        _check_assignable(role)
        await interaction.client.guild_settings.update(
            interaction.guild_id, moderator_role_id=role.id if role else None
        )
        await _say_role(interaction, role, "can now use /manage", "the moderator role")

    @app_commands.command(name="poll-role", description="Members with this role may start polls")
    @app_commands.describe(role="The role; leave empty to clear it")
    async def poll_role(self, interaction: Interaction, role: discord.Role | None = None) -> None:
        assert interaction.guild_id is not None
        _check_assignable(role)
        await interaction.client.guild_settings.update(
            interaction.guild_id, poll_role_id=role.id if role else None
        )
        await _say_role(interaction, role, "can now start polls", "the poll host role")

    @app_commands.command(
        name="spoilers", description="Hide spoiler scenes behind spoiler bars, or show them"
    )
    @app_commands.describe(
        spoilers="hidden: behind spoiler bars and left out of menus (default); shown: openly"
    )
    async def spoilers(
        self, interaction: Interaction, spoilers: Literal["hidden", "shown"]
    ) -> None:
        assert interaction.guild_id is not None
        await interaction.client.guild_settings.update(
            interaction.guild_id, spoilers=spoilers == "hidden"
        )
        text = (
            "Spoiler scenes are now hidden behind spoiler bars."
            if spoilers == "hidden"
            else "Spoiler scenes are now shown openly."
        )
        await send(interaction, text, ephemeral=True)


async def _say_role(
    interaction: Interaction, role: discord.Role | None, granted: str, setting: str
) -> None:
    text = f"Members with {role.mention} {granted}." if role else f"Cleared {setting}."
    await send(interaction, text, ephemeral=True)


def _check_assignable(role: discord.Role | None) -> None:
    """A role managed by a bot or an integration can never be given to members."""
    if role is not None and role.managed:
        raise ValidationError(
            f"{escape(role.name)} is managed by a bot or an integration, so no member can be given "
            "it. Pick a role members can have."
        )
