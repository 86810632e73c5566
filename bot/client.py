"""The bot: one factory used by `projectionist run`, the sandbox and the end-to-end tests."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord
from discord.ext import commands

from bot.catalogue.service import Catalogue
from bot.catalogue.starter import seed_if_empty
from bot.discord_endpoints import apply_endpoints
from bot.polls.service import PollService
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.guild_settings import GuildSettingsRepository
from bot.ui.errors import ProjectionistTree
from bot.ui.replies import NO_MENTIONS

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "cogs.about",
    "cogs.help",
    "cogs.films",
    "cogs.scenes",
    "cogs.favourites",
    "cogs.discuss",
    "cogs.manage",
    "cogs.polls",
)


# Components answered by live (in-memory) views rather than by persistent items.
LIVE_VIEW_PREFIXES = ("proj:confirm:", "proj:modal:")
STALE_COMPONENT = "That button is not valid any more. Run the command again for a fresh one."


class ProjectionistBot(commands.Bot):
    """Owns the database, the catalogue and the cogs for one process."""

    def __init__(self, settings: Settings, **options: Any) -> None:
        intents = discord.Intents.default()
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=NO_MENTIONS,
            tree_cls=ProjectionistTree,
            **options,
        )
        self.settings = settings
        self.started_at = discord.utils.utcnow()
        self.commands_synced = asyncio.Event()
        self._db: Database | None = None
        self._catalogue: Catalogue | None = None
        self._polls: PollService | None = None
        self._guild_settings: GuildSettingsRepository | None = None
        self._item_templates: list[re.Pattern[str]] = []

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("The database is opened in setup_hook; the bot has not started.")
        return self._db

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            raise RuntimeError("The catalogue is loaded in setup_hook; the bot has not started.")
        return self._catalogue

    @property
    def polls(self) -> PollService:
        if self._polls is None:
            raise RuntimeError("Polls are loaded in setup_hook; the bot has not started.")
        return self._polls

    @property
    def guild_settings(self) -> GuildSettingsRepository:
        if self._guild_settings is None:
            raise RuntimeError("Settings are loaded in setup_hook; the bot has not started.")
        return self._guild_settings

    def add_dynamic_items(self, *items: type[discord.ui.DynamicItem[Any]]) -> None:
        """Register persistent items, remembering their custom-id templates (see below)."""
        super().add_dynamic_items(*items)
        self._item_templates.extend(item.__discord_ui_compiled_template__ for item in items)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Answer a ``proj:`` component whose custom id matches none of our persistent items
        (forged, or from a version that no longer has that button) instead of leaving the
        member with "This interaction failed". Confirmations and forms are live views."""
        if interaction.type is not discord.InteractionType.component or not interaction.data:
            return
        custom_id = str(interaction.data.get("custom_id", ""))
        if not custom_id.startswith("proj:") or custom_id.startswith(LIVE_VIEW_PREFIXES):
            return
        if any(t.fullmatch(custom_id) for t in self._item_templates):
            return
        log.info("Unknown component %r from user %s", custom_id[:100], interaction.user.id)
        await interaction.response.send_message(STALE_COMPONENT, ephemeral=True)

    async def hides_spoilers(self, guild_id: int | None) -> bool:
        """Whether spoiler scenes are wrapped in spoiler bars here (outside a guild: always)."""
        if guild_id is None:
            return True
        return (await self.guild_settings.get(guild_id)).spoilers

    async def setup_hook(self) -> None:
        self._db = await Database.open(self.settings.database_path)
        self._catalogue = await Catalogue.load(self._db)
        self._polls = PollService(self._db)
        self._guild_settings = GuildSettingsRepository(self._db)
        if self.settings.load_starter_catalogue:
            await seed_if_empty(self._catalogue)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.sync_commands:
            synced = await self.tree.sync()
            log.info("Synced %s application commands", len(synced))
        self.commands_synced.set()

    async def on_ready(self) -> None:
        log.info("Connected as %s to %s guilds", self.user, len(self.guilds))

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            if self._db is not None:
                await self._db.close()
                self._db = None


def create_bot(settings: Settings, **options: Any) -> ProjectionistBot:
    """Point discord.py at the configured endpoints and build the bot."""
    apply_endpoints(settings.api_base, settings.gateway_url)
    return ProjectionistBot(settings, **options)
