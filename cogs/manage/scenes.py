"""/manage scene add | edit | remove | move."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.client import ProjectionistBot
from bot.models import MAX_SCENES, SCENE_TITLE_MAX, Film, Scene, SceneDraft
from bot.ui.autocomplete import film_choices, scene_choices
from bot.ui.modals import GuardedModal
from bot.ui.replies import send
from bot.ui.text import escape, truncate
from cogs.manage.checks import ModeratorGroup, require_moderator

Interaction = discord.Interaction[ProjectionistBot]
DESCRIPTION_MAX = 4000


def _ranked_titles(film: Film) -> str:
    lines = [f"{s.rank}. {escape(truncate(s.title, 90))}" for s in film.scenes]
    return truncate("\n".join(lines), 1800)


class SceneModal(GuardedModal):
    def __init__(
        self,
        film: Film,
        scene: Scene | None,
        owner_id: int,
        *,
        spoiler: bool | None,
        position: int | None,
    ) -> None:
        super().__init__(
            title="Edit scene" if scene else "Add a scene",
            kind="scene:edit" if scene else "scene:add",
            owner_id=owner_id,
            rights=require_moderator,
        )
        self.film, self.scene, self.spoiler, self.position = film, scene, spoiler, position
        self.title_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="title",
            label="Scene title",
            max_length=SCENE_TITLE_MAX,
            default=scene.title if scene else None,
        )
        long_text = scene is not None and len(scene.description) > DESCRIPTION_MAX
        self.description_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="description",
            label="What happens, and why it matters",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=DESCRIPTION_MAX,
            placeholder="Leave empty to keep the current (long) description" if long_text else None,
            default=scene.description if scene and scene.description and not long_text else None,
        )
        self.add_item(self.title_input)
        self.add_item(self.description_input)

    async def on_submit(self, interaction: Interaction) -> None:  # type: ignore[override]
        catalogue = interaction.client.catalogue
        description = self.description_input.value
        if (
            self.scene is not None
            and not description.strip()
            and len(self.scene.description) > DESCRIPTION_MAX
        ):
            description = self.scene.description
        spoiler = (
            self.spoiler if self.spoiler is not None else bool(self.scene and self.scene.spoiler)
        )
        draft = SceneDraft(self.title_input.value, description, spoiler)
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


class SceneGroup(ModeratorGroup):
    def __init__(self) -> None:
        super().__init__(name="scene", description="Add, edit, remove and reorder scenes")

    async def _own_film(self, interaction: Interaction, value: str) -> Film:
        film = await interaction.client.catalogue.resolve(value, interaction.guild_id)
        interaction.client.catalogue.check_owner(film, interaction.guild_id)
        return film

    @app_commands.command(name="add", description="Add a scene to one of this server's films")
    @app_commands.describe(
        film="The film", position="Its rank (default: last)", spoiler="Does it give away a twist?"
    )
    @app_commands.autocomplete(film=film_choices)
    async def add(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        position: app_commands.Range[int, 1, MAX_SCENES] | None = None,
        spoiler: bool = False,
    ) -> None:
        chosen = await self._own_film(interaction, film)
        await interaction.response.send_modal(
            SceneModal(chosen, None, interaction.user.id, spoiler=spoiler, position=position)
        )

    @app_commands.command(
        name="edit", description="Edit a scene's title, description or spoiler flag"
    )
    @app_commands.describe(film="The film", scene="The scene", spoiler="Change the spoiler flag")
    @app_commands.autocomplete(film=film_choices, scene=scene_choices)
    async def edit(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        scene: app_commands.Range[str, 1, 200],
        spoiler: bool | None = None,
    ) -> None:
        chosen = await self._own_film(interaction, film)
        picked = interaction.client.catalogue.scene_of(chosen, scene)
        await interaction.response.send_modal(
            SceneModal(chosen, picked, interaction.user.id, spoiler=spoiler, position=None)
        )

    @app_commands.command(name="remove", description="Remove a scene")
    @app_commands.describe(film="The film", scene="The scene to remove")
    @app_commands.autocomplete(film=film_choices, scene=scene_choices)
    async def remove(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        scene: app_commands.Range[str, 1, 200],
    ) -> None:
        catalogue = interaction.client.catalogue
        chosen = await self._own_film(interaction, film)
        picked = catalogue.scene_of(chosen, scene)
        updated = await catalogue.remove_scene(chosen.id, picked.id, interaction.guild_id)
        await send(
            interaction,
            f"Removed “{escape(truncate(picked.title, 100))}”. {escape(updated.display_title)} now "
            f"ranks:\n{_ranked_titles(updated) or 'no scenes'}",
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
