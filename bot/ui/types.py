"""The one ``Interaction`` type of the Discord-facing layer, and the bot it carries.

``bot.client`` imports ``bot.ui``, so nothing in ``bot.ui`` may import ``bot.client``. ``Bot``
is therefore declared here, as the base ``bot.client.ProjectionistBot`` extends: what cogs and
``bot.ui`` may use of the bot (its services and the spoiler setting). ``Interaction`` is the
interaction every command, item and helper receives.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.catalogue.service import Catalogue
from bot.community.service import CommunityService
from bot.guilds.service import GuildSettingsService
from bot.polls.outbox import PollOutbox
from bot.polls.service import PollService
from bot.services import Services


class Bot(commands.AutoShardedBot):
    """What the Discord-facing layer sees of the bot; ``ProjectionistBot`` implements it."""

    @property
    def services(self) -> Services:
        raise NotImplementedError

    # Shortcuts the cogs use: ``bot.catalogue`` reads better than ``bot.services.catalogue``.
    @property
    def catalogue(self) -> Catalogue:
        return self.services.catalogue

    @property
    def polls(self) -> PollService:
        return self.services.polls

    @property
    def outbox(self) -> PollOutbox:
        return self.services.outbox

    @property
    def community(self) -> CommunityService:
        return self.services.community

    @property
    def guild_settings(self) -> GuildSettingsService:
        return self.services.guild_settings

    async def hides_spoilers(self, guild_id: int | None) -> bool:
        """Whether spoiler scenes are wrapped in spoiler bars here (outside a guild: always)."""
        if guild_id is None:
            return True
        return (await self.guild_settings.get(guild_id)).spoilers


Interaction = discord.Interaction[Bot]
