"""Who may moderate: Manage Server, or the guild's moderator role.

``/manage`` also carries ``default_member_permissions`` = Manage Server, but server admins can
re-assign that in Discord's integration settings, so every command checks again on our side.
"""

from __future__ import annotations

from discord import app_commands

from bot.ui.access import require_moderator
from bot.ui.types import Interaction


class ModeratorGroup(app_commands.Group):
    """A /manage subgroup: discord.py runs a group's ``interaction_check`` for its commands."""

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        return await require_moderator(interaction)
