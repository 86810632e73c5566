"""/scene list and /scene info, with persistent paging buttons.

Custom ids: ``proj:scenes:<film>:<e|c>:<page>`` for the ranked list (editorial or community) and
``proj:scene:<film>:<scene>:<page>`` for one scene's description.
"""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.catalogue.models import Film
from bot.client import ProjectionistBot
from bot.errors import NotFoundError
from bot.ui.access import may_host_polls
from bot.ui.autocomplete import film_choices, scene_choices
from bot.ui.embeds import (
    RankedScene,
    add_pager,
    editorial_ranking,
    scene_list_page,
    scene_page,
)
from bot.ui.items import Guarded
from bot.ui.matches import shown_film
from bot.ui.replies import send
from cogs.suggestions.rendering import credit as suggested_by

Interaction = discord.Interaction[ProjectionistBot]
Ranking = Literal["editorial", "community"]


async def community_ranking(interaction: Interaction, film: Film) -> tuple[list[RankedScene], str]:
    """The ranking of the latest closed poll on the film that had ballots (an empty poll ranks
    nothing), or an explanation that there is none."""
    from cogs.polls.render import community_ranking as poll_ranking

    polls = interaction.client.polls
    poll = None
    if interaction.guild_id is not None:
        poll = await polls.latest_ranked_for_film(interaction.guild_id, film.id)
    if poll is None:
        text = "No community poll has ranked this film's scenes yet."
        if await may_host_polls(interaction):
            text += " Start one with /poll start."
        return [], text
    return poll_ranking(film, poll, await polls.result(poll))


async def render_scene_list(
    interaction: Interaction, film: Film, ranking: Ranking, page: int
) -> tuple[discord.Embed, discord.ui.View]:
    hidden = await interaction.client.hides_spoilers(interaction.guild_id)
    if ranking == "community":
        ranked, intro = await community_ranking(interaction, film)
        heading = "Community ranking"
    else:
        ranked, intro, heading = editorial_ranking(film), "", "Best scenes"
    rendered = scene_list_page(
        film, ranked, heading=heading, hide_spoilers=hidden, page=page, intro=intro
    )
    view = discord.ui.View(timeout=None)
    code = ranking[0]
    add_pager(
        view, rendered, lambda page, label, off: SceneListPage(film.id, code, page, label, off)
    )
    return rendered.embed, view


async def send_scene_list(
    interaction: Interaction,
    film: Film,
    ranking: Ranking,
    *,
    ephemeral: bool = False,
    note: str | None = None,
) -> None:
    embed, view = await render_scene_list(interaction, film, ranking, 0)
    await send(interaction, note, embed=embed, view=view, ephemeral=ephemeral)


class SceneListPage(
    Guarded,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"proj:scenes:(?P<film>\d{1,19}):(?P<ranking>[ec]):(?P<page>\d{1,4})",
):
    def __init__(
        self, film_id: int, ranking: str, page: int, label: str = "Page", disabled: bool = False
    ) -> None:
        page = max(page, 0)
        super().__init__(
            discord.ui.Button(
                label=label,
                custom_id=f"proj:scenes:{film_id}:{ranking}:{page}",
                disabled=disabled,
            )
        )
        self.film_id, self.ranking, self.page = film_id, ranking, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> SceneListPage:
        return cls(int(match["film"]), match["ranking"], int(match["page"]))

    async def run(self, interaction: Interaction) -> None:
        film = await interaction.client.catalogue.get(self.film_id, interaction.guild_id)
        ranking: Ranking = "community" if self.ranking == "c" else "editorial"
        embed, view = await render_scene_list(interaction, film, ranking, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


async def render_scene(
    interaction: Interaction, film: Film, scene_id: int, page: int
) -> tuple[discord.Embed, discord.ui.View]:
    scene = next((s for s in film.scenes if s.id == scene_id), None)
    if scene is None:
        raise NotFoundError(f"{film.display_title} no longer has that scene.")
    credits = await interaction.client.services.suggestions.credits([scene.id])
    rendered = scene_page(
        film,
        scene,
        hide_spoilers=await interaction.client.hides_spoilers(interaction.guild_id),
        page=page,
        credit=suggested_by(credits[scene.id]) if scene.id in credits else None,
    )
    view = discord.ui.View(timeout=None)
    add_pager(
        view, rendered, lambda page, label, off: ScenePage(film.id, scene.id, page, label, off)
    )
    return rendered.embed, view


class ScenePage(
    Guarded,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"proj:scene:(?P<film>\d{1,19}):(?P<scene>\d{1,19}):(?P<page>\d{1,4})",
):
    def __init__(
        self, film_id: int, scene_id: int, page: int, label: str = "Page", disabled: bool = False
    ) -> None:
        page = max(page, 0)
        super().__init__(
            discord.ui.Button(
                label=label,
                custom_id=f"proj:scene:{film_id}:{scene_id}:{page}",
                disabled=disabled,
            )
        )
        self.film_id, self.scene_id, self.page = film_id, scene_id, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> ScenePage:
        return cls(int(match["film"]), int(match["scene"]), int(match["page"]))

    async def run(self, interaction: Interaction) -> None:
        film = await interaction.client.catalogue.get(self.film_id, interaction.guild_id)
        embed, view = await render_scene(interaction, film, self.scene_id, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


@app_commands.guild_only()
class SceneCommands(
    commands.GroupCog, group_name="scene", group_description="A film's best scenes"
):
    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="list", description="A film's scenes, ranked")
    @app_commands.describe(
        film="The film; typos and numerals are fine",
        ranking="Editorial order (default) or the community's latest poll result",
    )
    @app_commands.autocomplete(film=film_choices)
    async def list_(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        ranking: Ranking = "editorial",
    ) -> None:
        chosen, also = await shown_film(interaction, film)
        await send_scene_list(interaction, chosen, ranking, note=also)

    @app_commands.command(name="info", description="One scene, in full")
    @app_commands.describe(
        film="The film; typos and numerals are fine", scene="The scene: pick one, or type its rank"
    )
    @app_commands.autocomplete(film=film_choices, scene=scene_choices)
    async def info(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        scene: app_commands.Range[str, 1, 200],
    ) -> None:
        chosen, also = await shown_film(interaction, film)
        picked = self.bot.catalogue.scene_of(chosen, scene)
        embed, view = await render_scene(interaction, chosen, picked.id, 0)
        await send(interaction, also, embed=embed, view=view)


async def setup(bot: ProjectionistBot) -> None:
    bot.add_dynamic_items(SceneListPage, ScenePage)
    await bot.add_cog(SceneCommands(bot))
