"""/scene suggest, /scene suggestions and /manage scene review.

They join the existing groups (``cogs.suggestions.setup`` adds them to /scene and to /manage
scene), so a member finds them beside the other scene commands.
"""

from __future__ import annotations

from discord import app_commands

from bot.catalogue.models import SCENE_TITLE_MAX
from bot.suggestions.models import MAX_PENDING, SUGGESTION_DESCRIPTION_MAX, SuggestionDraft
from bot.suggestions.models import SuggestionStatus as Status
from bot.ui.access import require_moderator
from bot.ui.autocomplete import film_choices
from bot.ui.matches import acted_film
from bot.ui.replies import send
from bot.ui.text import escape, truncate
from bot.ui.types import Interaction
from cogs.suggestions.components import guild_of, review_message
from cogs.suggestions.rendering import member_list


@app_commands.command(
    name="suggest", description="Suggest a scene for a film; moderators review it"
)
@app_commands.describe(
    film="The film; typos and numerals are fine",
    title="The scene's title, as short as you can make it",
    description="What happens, and why it is one of the film's best scenes",
    spoiler="Does it give away a twist? (default: no)",
)
@app_commands.autocomplete(film=film_choices)
async def suggest(
    interaction: Interaction,
    film: app_commands.Range[str, 1, 200],
    title: app_commands.Range[str, 1, SCENE_TITLE_MAX],
    description: app_commands.Range[str, 1, SUGGESTION_DESCRIPTION_MAX],
    spoiler: bool = False,
) -> None:
    guild_id = guild_of(interaction)
    bot = interaction.client
    chosen = await acted_film(interaction, film)  # an ambiguous title asks which one
    draft = SuggestionDraft(title, description, spoiler)
    made = await bot.services.suggestions.suggest(guild_id, interaction.user.id, chosen, draft)
    mine = await bot.services.suggestions.of_member(guild_id, interaction.user.id, MAX_PENDING * 4)
    pending = sum(1 for s in mine if s.status is Status.PENDING)
    await send(
        interaction,
        f"Thanks! Your suggestion “{escape(truncate(made.title, 100))}” for "
        f"{escape(chosen.display_title)} is waiting for a moderator's review "
        f"({pending} of your {MAX_PENDING} pending places used). "
        "See what becomes of it with /scene suggestions.",
        ephemeral=True,
    )


@app_commands.command(
    name="suggestions", description="Your scene suggestions and what became of them"
)
async def suggestions(interaction: Interaction) -> None:
    guild_id = guild_of(interaction)
    mine = await interaction.client.services.suggestions.of_member(guild_id, interaction.user.id)
    await send(interaction, embed=member_list(mine), ephemeral=True)


@app_commands.command(name="review", description="Review members' scene suggestions one by one")
async def review(interaction: Interaction) -> None:
    await require_moderator(interaction)
    content, embed, view = await review_message(interaction)
    kwargs: dict[str, object] = {"embed": embed} if embed is not None else {}
    if view is not None:
        kwargs["view"] = view
    await send(interaction, content or None, ephemeral=True, **kwargs)
