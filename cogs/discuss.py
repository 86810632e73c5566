"""/discuss: a public thread about a film (or one of its scenes), one per subject per channel."""

from __future__ import annotations

import logging
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.catalogue.models import Film, Scene
from bot.client import ProjectionistBot
from bot.community.models import Subject
from bot.errors import PermissionDeniedError, ValidationError
from bot.ui import ids
from bot.ui.autocomplete import film_choices, scene_choices
from bot.ui.budget import EmbedBuilder, cell
from bot.ui.embeds import COLOUR, film_title
from bot.ui.items import Persistent
from bot.ui.matches import acted_film
from bot.ui.replies import send
from bot.ui.text import truncate
from bot.ui.types import Interaction

log = logging.getLogger(__name__)
ARCHIVE_AFTER_MINUTES: Literal[60, 1440, 4320, 10080] = 1440


def thread_name(film: Film, scene: Scene | None, hide_spoilers: bool) -> str:
    if scene is None:
        return truncate(film.display_title, 100)
    label = f"Scene {scene.rank}" if hide_spoilers and scene.spoiler else scene.title
    return truncate(f"{film.display_title} · {label}", 100)


async def _active_thread(interaction: Interaction, thread_id: int) -> discord.Thread | None:
    guild = interaction.guild
    cached = guild.get_thread(thread_id) if guild else None
    if cached is not None:
        return None if cached.archived or cached.locked else cached
    try:
        channel = await interaction.client.fetch_channel(thread_id)
    except (discord.NotFound, discord.Forbidden):
        return None
    if isinstance(channel, discord.Thread) and not (channel.archived or channel.locked):
        return channel
    return None


async def open_discussion(interaction: Interaction, film: Film, scene: Scene | None) -> None:
    channel = interaction.channel
    if not isinstance(channel, discord.TextChannel) or interaction.guild_id is None:
        raise ValidationError("Use /discuss in a server's text channel, not in a thread or DM.")
    perms = interaction.app_permissions
    if not (perms.create_public_threads and perms.send_messages):
        raise PermissionDeniedError(
            "I need the Send Messages and Create Public Threads permissions in this channel."
        )
    community = interaction.client.community
    subject = Subject(interaction.guild_id, channel.id, film.id, scene.id if scene else None)
    existing = await community.thread_for(subject)
    if existing is not None and (thread := await _active_thread(interaction, existing)):
        await _point_at(interaction, thread)
        return
    # claim-before-create: of concurrent /discuss for one subject, one opens the thread
    if not await community.claim_thread(subject, replacing=existing):
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True, thinking=True)
        winner = await community.wait_for_thread(subject)
        thread = await _active_thread(interaction, winner) if winner is not None else None
        if thread is not None:
            await _point_at(interaction, thread)
        else:
            await send(
                interaction,
                "Someone is opening a discussion about this right now; try again in a moment.",
                ephemeral=True,
            )
        return
    try:
        await _create_thread(interaction, film, scene, subject)
    except BaseException:
        await community.release_claim(subject)
        raise


async def _point_at(interaction: Interaction, thread: discord.Thread) -> None:
    await send(
        interaction, f"There is already a discussion about this: {thread.mention}", ephemeral=True
    )


async def _create_thread(
    interaction: Interaction, film: Film, scene: Scene | None, subject: Subject
) -> None:
    community = interaction.client.community
    assert interaction.guild_id is not None
    hidden = await interaction.client.hides_spoilers(interaction.guild_id)
    about = film_title(film)
    if scene is not None:
        scene_title = cell(scene.title, 600, hidden=hidden and scene.spoiler)
        about = f"{about}\nScene {scene.rank}: {scene_title}"
    embed = EmbedBuilder(
        title="Let's talk about it",
        description=about,
        colour=COLOUR,
        footer=f"Started by {cell(interaction.user.display_name, 100)}",
    ).build()
    await send(interaction, embed=embed)
    starter = await interaction.original_response()
    thread = await starter.create_thread(
        name=thread_name(film, scene, hidden), auto_archive_duration=ARCHIVE_AFTER_MINUTES
    )
    await community.remember_thread(subject, thread.id)
    log.info("Opened discussion thread %s for film %s", thread.id, film.id)


class Discuss(commands.Cog):
    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="discuss", description="Open a thread to talk about a film or a scene"
    )
    @app_commands.describe(film="The film to talk about", scene="Optionally, one of its scenes")
    @app_commands.autocomplete(film=film_choices, scene=scene_choices)
    @app_commands.guild_only()
    async def discuss(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        scene: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        chosen = await acted_film(interaction, film)
        picked = self.bot.catalogue.scene_of(chosen, scene) if scene else None
        await open_discussion(interaction, chosen, picked)


class FilmDiscussButton(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=ids.FILM_DISCUSS,
):
    """The film card's Discuss button (the card is ``bot.ui.cards``)."""

    def __init__(self, film_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Discuss",
                style=discord.ButtonStyle.secondary,
                custom_id=ids.film_discuss(film_id),
                row=1,
            )
        )
        self.film_id = film_id

    async def run(self, interaction: Interaction) -> None:
        film = await interaction.client.catalogue.get(self.film_id, interaction.guild_id)
        await open_discussion(interaction, film, None)


async def setup(bot: ProjectionistBot) -> None:
    bot.add_dynamic_items(FilmDiscussButton)
    await bot.add_cog(Discuss(bot))
