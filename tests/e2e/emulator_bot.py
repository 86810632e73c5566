"""A small, deliberately misbehaving discord.py bot used only to test the emulator.

It exists so the emulator's rules (late first response -> 10062, double acknowledgement ->
40060, limits through the real client, deferrals, components, modals, threads, files) can be
proven without adding misbehaving commands to the product.
"""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

LATE_SECONDS = 0.6  # tests shorten the emulator's deadline below this


class Controls(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Next", custom_id="emu:next", style=discord.ButtonStyle.primary)
    async def next_button(
        self, interaction: discord.Interaction, button: discord.ui.Button[Controls]
    ) -> None:
        await interaction.response.edit_message(content="page 2", view=self)

    @discord.ui.select(
        custom_id="emu:pick",
        placeholder="Pick a scene",
        options=[
            discord.SelectOption(label="Opening", value="opening"),
            discord.SelectOption(label="Finale", value="finale"),
        ],
    )
    async def pick(
        self, interaction: discord.Interaction, select: discord.ui.Select[Controls]
    ) -> None:
        await interaction.response.send_message(f"picked {select.values[0]}", ephemeral=True)


class Review(discord.ui.Modal, title="Review a scene"):
    scene: discord.ui.TextInput[Review] = discord.ui.TextInput(
        label="Scene", custom_id="scene", max_length=100
    )
    notes: discord.ui.TextInput[Review] = discord.ui.TextInput(
        label="Notes", custom_id="notes", style=discord.TextStyle.paragraph, required=False
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"review of {self.scene.value}: {self.notes.value or '-'}"
        )


class EmulatorCog(commands.Cog):
    film = app_commands.Group(name="film", description="Film commands")

    @app_commands.command(name="ping", description="Answer pong")
    async def ping(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    @film.command(name="info", description="Show a film")
    @app_commands.describe(title="The film", year="Release year")
    async def info(
        self, interaction: discord.Interaction, title: str, year: int | None = None
    ) -> None:
        await interaction.response.send_message(
            embed=discord.Embed(title=title, description=f"year={year}")
        )

    @info.autocomplete("title")
    async def info_title(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        films = ["Rocky", "Rocky II", "Rocky IV", "Rope", "Ran"]
        return [
            app_commands.Choice(name=f, value=f.lower())
            for f in films
            if f.lower().startswith(current.lower())
        ]

    @app_commands.command(name="echo", description="Say text back (any length)")
    async def echo(
        self, interaction: discord.Interaction, text: str, ephemeral: bool = False
    ) -> None:
        await interaction.response.send_message(text, ephemeral=ephemeral)

    @app_commands.command(name="titled", description="Send an embed with this title")
    async def titled(self, interaction: discord.Interaction, title: str) -> None:
        await interaction.response.send_message(embed=discord.Embed(title=title))

    @app_commands.command(name="slow", description="Answer after the deadline")
    async def slow(self, interaction: discord.Interaction) -> None:
        await asyncio.sleep(LATE_SECONDS)
        await interaction.response.send_message("too late")

    @app_commands.command(name="double", description="Acknowledge twice")
    async def double(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first")
        interaction.response._response_type = None  # bypass discord.py's own guard on purpose
        await interaction.response.send_message("second")

    @app_commands.command(name="deferred", description="Defer, then follow up")
    async def deferred(self, interaction: discord.Interaction, ephemeral: bool = False) -> None:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send("done after thinking")
        await interaction.followup.send("and one more")

    @app_commands.command(name="edit", description="Defer, then edit the original")
    async def edit(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="edited original")

    @app_commands.command(name="controls", description="A message with a button and a select")
    async def controls(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("page 1", view=Controls())

    @app_commands.command(name="review", description="Open a modal")
    async def review(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Review())

    @app_commands.command(name="thread", description="Post in the channel and start a thread")
    async def thread(self, interaction: discord.Interaction, name: str) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        message = await interaction.channel.send(f"discussion: {name}")
        thread = await message.create_thread(name=name, auto_archive_duration=1440)
        await thread.send("first post in the thread")
        await interaction.response.send_message(f"started {thread.name}", ephemeral=True)

    @app_commands.command(name="upload", description="Send a file")
    async def upload(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "here", file=discord.File(__import__("io").BytesIO(b"scene,rank\n1,2\n"), "ranks.csv")
        )

    @app_commands.command(
        name="announce", description="Post to #announcements (read-only for the bot)"
    )
    async def announce(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        channel = discord.utils.get(interaction.guild.text_channels, name="announcements")
        assert channel is not None
        try:
            await channel.send("hello")
        except discord.Forbidden as exc:
            await interaction.response.send_message(f"forbidden {exc.code}", ephemeral=True)
            return
        await interaction.response.send_message("sent", ephemeral=True)

    @app_commands.command(name="modonly", description="Moderators only")
    @app_commands.default_permissions(manage_guild=True)
    async def modonly(self, interaction: discord.Interaction) -> None:
        perms = interaction.permissions
        await interaction.response.send_message(
            f"manage_guild={perms.manage_guild} admin={perms.administrator}"
        )


class EmulatorBot(commands.Bot):
    def __init__(self, **options: object) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned, intents=discord.Intents.default(), **options
        )  # type: ignore[arg-type]
        self.commands_synced = asyncio.Event()
        self.errors: list[BaseException] = []

    async def setup_hook(self) -> None:
        await self.add_cog(EmulatorCog())
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        await self.tree.sync()
        self.commands_synced.set()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py sleeps 5 s before a non-initial IDENTIFY; tests need not wait.
        return None

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        self.errors.append(getattr(error, "original", error))
