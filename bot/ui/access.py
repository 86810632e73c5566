"""Who may do what: one access level per member, used by every check and by /help.

Levels are ordered: a moderator may do everything a poll host may, and a poll host everything a
member may. Moderators have Manage Server (or Administrator) or the server's moderator role; poll
hosts have the server's poll role. Rights on one existing poll (its own host) are checked where
the poll is known, on top of these levels.
"""

from __future__ import annotations

from enum import IntEnum

import discord

from bot.ui.errors import CheckRefused
from bot.ui.types import Interaction


class Access(IntEnum):
    MEMBER = 0
    POLL_HOST = 1
    MODERATOR = 2


async def access_level(interaction: Interaction) -> Access:
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return Access.MEMBER
    if interaction.permissions.manage_guild or interaction.permissions.administrator:
        return Access.MODERATOR
    settings = await interaction.client.guild_settings.get(interaction.guild_id)
    roles = {role.id for role in interaction.user.roles}
    if settings.moderator_role_id is not None and settings.moderator_role_id in roles:
        return Access.MODERATOR
    if settings.poll_role_id is not None and settings.poll_role_id in roles:
        return Access.POLL_HOST
    return Access.MEMBER


async def is_moderator(interaction: Interaction) -> bool:
    return await access_level(interaction) >= Access.MODERATOR


async def may_host_polls(interaction: Interaction) -> bool:
    return await access_level(interaction) >= Access.POLL_HOST


async def require_moderator(interaction: Interaction) -> bool:
    """An ``app_commands`` check (and a guard for items): moderators pass, others are told why."""
    if not await is_moderator(interaction):
        raise CheckRefused(
            "Only moderators can do that: you need the Manage Server permission or this "
            "server's moderator role."
        )
    return True
