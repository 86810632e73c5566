"""/manage scene add | edit | remove | move."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.catalogue.models import MAX_SCENES, SCENE_TITLE_MAX, Film, Scene, SceneDraft
from bot.errors import ConflictError
from bot.impact import scene_removal_impact
from bot.polls.models import Status
from bot.ui.access import require_moderator
from bot.ui.autocomplete import film_choices, scene_choices
from bot.ui.matches import acted_film
from bot.ui.modals import Confirm, FormFactory, GuardedModal
from bot.ui.replies import send
from bot.ui.text import escape, plural, truncate
from bot.ui.types import Bot, Interaction
from cogs.manage.checks import ModeratorGroup

DESCRIPTION_MAX = 4000


def _ranked_titles(film: Film) -> str:
    lines = [f"{s.rank}. {escape(truncate(s.title, 90))}" for s in film.scenes]
    return truncate("\n".join(lines), 1800)


@dataclass(frozen=True, slots=True)
class SceneTyped:
    """What the scene form holds: the scene's values, or what a member typed into it."""

    title: str = ""
    description: str = ""
    spoiler: bool = False


class SceneModal(GuardedModal):
    def __init__(
        self,
        film: Film,
        scene: Scene | None,
        owner_id: int,
        *,
        position: int | None,
        typed: SceneTyped | None = None,
    ) -> None:
        super().__init__(
            title="Edit scene" if scene else "Add a scene",
            kind="scene:edit" if scene else "scene:add",
            owner_id=owner_id,
            rights=require_moderator,
        )
        self.film, self.scene, self.position = film, scene, position
        long_text = scene is not None and len(scene.description) > DESCRIPTION_MAX
        if typed is None and scene is not None:
            typed = SceneTyped(scene.title, "" if long_text else scene.description, scene.spoiler)
        shown = typed or SceneTyped()
        self.title_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="title", max_length=SCENE_TITLE_MAX, default=shown.title or None
        )
        self.description_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="description",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=DESCRIPTION_MAX,
            placeholder="Leave empty to keep the current (long) description" if long_text else None,
            default=shown.description or None,
        )
        self.spoiler_input: discord.ui.Checkbox[Any] = discord.ui.Checkbox(
            custom_id="spoiler", default=shown.spoiler
        )
        self.add_item(discord.ui.Label(text="Scene title", component=self.title_input))
        self.add_item(
            discord.ui.Label(
                text="What happens, and why it matters", component=self.description_input
            )
        )
        self.add_item(
            discord.ui.Label(
                text="Spoiler",
                description="It gives away a twist: hide it where the server hides spoilers",
                component=self.spoiler_input,
            )
        )

    def typed(self) -> SceneTyped:
        return SceneTyped(
            self.title_input.value, self.description_input.value, self.spoiler_input.value
        )

    def reopener(self) -> FormFactory:
        typed = self.typed()
        film, scene, owner, position = self.film, self.scene, self.owner_id, self.position
        return lambda: SceneModal(film, scene, owner, position=position, typed=typed)

    async def on_submit(self, interaction: Interaction) -> None:  # type: ignore[override]
        catalogue = interaction.client.catalogue
        description = self.description_input.value
        if (
            self.scene is not None
            and not description.strip()
            and len(self.scene.description) > DESCRIPTION_MAX
        ):
            description = self.scene.description
        draft = SceneDraft(self.title_input.value, description, self.spoiler_input.value)
        if self.scene is None:
            film = await catalogue.add_scene(
                self.film.id, draft, interaction.guild_id, self.position
            )
            verb = "Added"
        else:
            film = await catalogue.edit_scene(
                self.film.id, self.scene.id, draft, interaction.guild_id
            )
            verb = "Updated"
        await send(
            interaction,
            f"{verb} the scene. {escape(film.display_title)} now ranks:\n{_ranked_titles(film)}",
            ephemeral=True,
        )


async def removal_impact(bot: Bot, film: Film, scene: Scene) -> str:
    """What removing ``scene`` touches, in words: members' favourites and the polls listing it."""
    assert film.guild_id is not None  # only a server's own films are edited
    impact = await scene_removal_impact(bot.community, bot.polls, film.guild_id, film.id, scene.id)
    running = [poll_id for poll_id, status in impact.polls if status is Status.OPEN]
    if running:  # refused, not asked: the catalogue refuses it too (scenes_keep_open_polls)
        raise ConflictError(
            f"“{truncate(scene.title, 100)}” is an option of open poll #{running[0]}; "
            "close or cancel that poll before removing the scene."
        )
    fans = impact.favourites
    parts = [
        f"{plural(fans, 'member')} {'has' if fans == 1 else 'have'} it as their favourite; "
        "that will be cleared."
        if fans
        else "No member has it as a favourite."
    ]
    names = [f"{status} poll #{poll_id}" for poll_id, status in impact.polls]
    if names:
        keep = "they keep" if len(names) > 1 else "it keeps"
        parts.append(f"It is an option of {', '.join(names)}; {keep} its title.")
    return " ".join(parts)


class RemoveScene(Confirm):
    def __init__(self, owner_id: int, film: Film, scene: Scene) -> None:
        super().__init__(owner_id, confirm_label="Remove", danger=True, rights=require_moderator)
        self.film, self.scene = film, scene

    async def on_confirm(self, interaction: Interaction) -> None:
        updated = await interaction.client.catalogue.remove_scene(
            self.film.id, self.scene.id, interaction.guild_id
        )
        await interaction.response.edit_message(
            content=f"Removed “{escape(truncate(self.scene.title, 100))}”. "
            f"{escape(updated.display_title)} now ranks:\n{_ranked_titles(updated) or 'no scenes'}",
            embed=None,
            view=None,
        )


class SceneGroup(ModeratorGroup):
    def __init__(self) -> None:
        super().__init__(name="scene", description="Add, edit, remove and reorder scenes")

    async def _own_film(self, interaction: Interaction, value: str) -> Film:
        film = await acted_film(interaction, value)
        interaction.client.catalogue.check_owner(film, interaction.guild_id)
        return film

    @app_commands.command(name="add", description="Add a scene to one of this server's films")
    @app_commands.describe(film="The film", position="Its rank (default: last)")
    @app_commands.autocomplete(film=film_choices)
    async def add(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        position: app_commands.Range[int, 1, MAX_SCENES] | None = None,
    ) -> None:
        chosen = await self._own_film(interaction, film)
        await interaction.response.send_modal(
            SceneModal(chosen, None, interaction.user.id, position=position)
        )

    @app_commands.command(
        name="edit", description="Edit a scene's title, description or spoiler flag"
    )
    @app_commands.describe(film="The film", scene="The scene")
    @app_commands.autocomplete(film=film_choices, scene=scene_choices)
    async def edit(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        scene: app_commands.Range[str, 1, 200],
    ) -> None:
        chosen = await self._own_film(interaction, film)
        picked = interaction.client.catalogue.scene_of(chosen, scene)
        await interaction.response.send_modal(
            SceneModal(chosen, picked, interaction.user.id, position=None)
        )

    @app_commands.command(name="remove", description="Remove a scene (asks first)")
    @app_commands.describe(film="The film", scene="The scene to remove")
    @app_commands.autocomplete(film=film_choices, scene=scene_choices)
    async def remove(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        scene: app_commands.Range[str, 1, 200],
    ) -> None:
        chosen = await self._own_film(interaction, film)
        picked = interaction.client.catalogue.scene_of(chosen, scene)
        touched = await removal_impact(interaction.client, chosen, picked)
        await send(
            interaction,
            f"Remove “{escape(truncate(picked.title, 100))}” from "
            f"{escape(chosen.display_title)}? {touched} This cannot be undone.",
            view=RemoveScene(interaction.user.id, chosen, picked),
            ephemeral=True,
        )

    @app_commands.command(name="move", description="Give a scene another rank")
    @app_commands.describe(film="The film", scene="The scene to move", position="Its new rank")
    @app_commands.autocomplete(film=film_choices, scene=scene_choices)
    async def move(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        scene: app_commands.Range[str, 1, 200],
        position: app_commands.Range[int, 1, MAX_SCENES],
    ) -> None:
        catalogue = interaction.client.catalogue
        chosen = await self._own_film(interaction, film)
        picked = catalogue.scene_of(chosen, scene)
        updated = await catalogue.move_scene(chosen.id, picked.id, position, interaction.guild_id)
        await send(
            interaction,
            f"Moved. {escape(updated.display_title)} now ranks:\n{_ranked_titles(updated)}",
            ephemeral=True,
        )
