"""Who may moderate: Manage Server, or the guild's moderator role.

``/manage`` also carries ``default_member_permissions`` = Manage Server, but server admins can
re-assign that in Discord's integration settings, so every command checks again on our side.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.client import ProjectionistBot
from bot.ui.errors import CheckRefused

Interaction = discord.Interaction[ProjectionistBot]


async def is_moderator(interaction: Interaction) -> bool:
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild or interaction.permissions.administrator:
        return True
    settings = await interaction.client.guild_settings.get(interaction.guild_id)
    role = settings.moderator_role_id
    return role is not None and any(r.id == role for r in interaction.user.roles)


async def require_moderator(interaction: Interaction) -> bool:
    if not await is_moderator(interaction):
        raise CheckRefused(
            "Only moderators can do that: you need the Manage Server permission or this "
            "server's moderator role."
        )
    return True


class ModeratorGroup(app_commands.Group):
    """A /manage subgroup: discord.py runs a group's ``interaction_check`` for its commands."""

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        return await require_moderator(interaction)
