"""The bot: one factory used by `projectionist run`, the sandbox and the end-to-end tests."""

from __future__ import annotations

import asyncio
import logging
import pkgutil
import re
from typing import Any

import discord
from discord.ext import commands

import cogs
from bot.catalogue.service import Catalogue
from bot.community.service import CommunityService
from bot.discord_endpoints import apply_endpoints
from bot.guilds.service import GuildSettingsService
from bot.polls.outbox import PollOutbox
from bot.polls.service import Clock, PollService, utcnow
from bot.services import BotLock, Services, build_services, hold_bot_lock
from bot.settings import Settings
from bot.ui.errors import ProjectionistTree
from bot.ui.replies import NO_MENTIONS

log = logging.getLogger(__name__)


def discover_extensions() -> list[str]:
    """Every module or package directly under ``cogs`` (each defines ``setup``), by name."""
    modules = pkgutil.iter_modules(cogs.__path__, prefix=f"{cogs.__name__}.")
    return sorted(module.name for module in modules)


# Components answered by live (in-memory) views rather than by persistent items.
LIVE_VIEW_PREFIXES = ("proj:confirm:", "proj:modal:")
STALE_COMPONENT = "That button is not valid any more. Run the command again for a fresh one."


def describe_shards(shard_ids: list[int] | tuple[int, ...] | range) -> str:
    """``[0, 1, 2, 5]`` as ``0-2,5``: the form ``PROJECTIONIST_SHARD_IDS`` takes."""
    runs: list[list[int]] = []
    for shard_id in sorted(shard_ids):
        if runs and shard_id == runs[-1][-1] + 1:
            runs[-1].append(shard_id)
        else:
            runs.append([shard_id])
    return ",".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


class ProjectionistBot(commands.AutoShardedBot):
    """Owns the services (built in ``setup_hook``) and the cogs for one process.

    It runs the shards ``PROJECTIONIST_SHARD_COUNT``/``PROJECTIONIST_SHARD_IDS`` name, or, unset,
    every shard Discord recommends (``GET /gateway/bot``) in this one process.
    """

    def __init__(self, settings: Settings, *, clock: Clock = utcnow, **options: Any) -> None:
        """``clock`` is the time the poll service and the outbox go by (tests move it)."""
        intents = discord.Intents.default()
        if settings.shard_count is not None:
            options.setdefault("shard_count", settings.shard_count)
        if settings.shard_ids is not None:
            options.setdefault("shard_ids", list(settings.shard_ids))
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=NO_MENTIONS,
            tree_cls=ProjectionistTree,
            **options,
        )
        self.settings = settings
        self.clock = clock
        self.started_at = discord.utils.utcnow()
        self.commands_synced = asyncio.Event()
        self._services: Services | None = None
        self._item_templates: list[re.Pattern[str]] = []
        self._follower: asyncio.Task[None] | None = None
        self._lock: BotLock | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("The services are built in setup_hook; the bot has not started.")
        return self._services

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
        # A SQLite file serves one bot process: a second is refused here, in one line.
        self._lock = hold_bot_lock(self.settings)
        self._services = await build_services(self.settings, clock=self.clock)
        # Films another process (a shard, `projectionist import`) commits become searchable here.
        self._follower = asyncio.create_task(self.catalogue.follow(), name="follow-catalogue")
        for extension in discover_extensions():
            if extension not in self.extensions:  # one extension may load another it extends
                await self.load_extension(extension)
        if self.settings.sync_commands:
            synced = await self.tree.sync()
            log.info("Synced %s application commands", len(synced))
        self.commands_synced.set()

    async def launch_shards(self) -> None:
        """Learn the recommended shard count first (so the gateway stays the configured one,
        ``DISCORD_GATEWAY_URL`` included), say which shards this process runs, then connect."""
        recommended = self.shard_count is None
        if recommended:
            self.shard_count, _url, _limits = await self.http.get_bot_gateway()
        count = self.shard_count or 1
        ids = self.shard_ids or range(count)
        log.info(
            "Running shards %s of %s%s",
            describe_shards(ids),
            count,
            " (as Discord recommends)" if recommended else "",
        )
        await super().launch_shards()

    async def on_ready(self) -> None:
        log.info("Connected as %s to %s guilds", self.user, len(self.guilds))

    async def close(self) -> None:
        try:
            if self._follower is not None:
                self._follower.cancel()
                await asyncio.gather(self._follower, return_exceptions=True)
                self._follower = None
            await super().close()
        finally:
            try:
                if self._services is not None:
                    await self._services.close()
                    self._services = None
            finally:
                if self._lock is not None:
                    self._lock.release()
                    self._lock = None


def create_bot(settings: Settings, **options: Any) -> ProjectionistBot:
    """Point discord.py at the configured endpoints and build the bot."""
    apply_endpoints(settings.api_base, settings.gateway_url)
    return ProjectionistBot(settings, **options)
