"""What suggestions look like: a member's list, the review card, the credit on a scene."""

from __future__ import annotations

import discord

from bot.catalogue.models import Film
from bot.suggestions.models import MAX_PENDING, Suggestion, SuggestionStatus
from bot.ui.budget import EmbedBuilder, cell
from bot.ui.embeds import COLOUR
from bot.ui.text import plural


def credit(user_id: int) -> str:
    """The credit on a scene that came from a member's suggestion (a mention that never pings:
    embeds do not notify, and every answer is sent with allowed_mentions none)."""
    return f"Suggested by <@{user_id}>"


def outcome(suggestion: Suggestion) -> str:
    """What became of a suggestion, in words."""
    if suggestion.status is SuggestionStatus.PENDING:
        return "pending: waiting for a moderator"
    if suggestion.status is SuggestionStatus.REJECTED:
        why = cell(suggestion.reason, 300) if suggestion.reason else "no reason given"
        return f"rejected: {why}"
    if suggestion.scene_rank is None:
        return "approved (the scene has since been removed)"
    return f"approved as scene #{suggestion.scene_rank}"


def member_list(suggestions: list[Suggestion]) -> discord.Embed:
    pending = sum(1 for s in suggestions if s.status is SuggestionStatus.PENDING)
    embed = EmbedBuilder(title="Your scene suggestions", colour=COLOUR)
    if not suggestions:
        embed.description = (
            "You have not suggested any scenes here yet. Suggest one with /scene suggest."
        )
    embed.lines(
        [f"**{cell(s.title, 120)}** · {cell(s.film_title, 120)}: {outcome(s)}" for s in suggestions]
    )
    embed.footer = (
        f"{pending} of {MAX_PENDING} pending suggestions in use; "
        "a reviewed suggestion frees its place."
    )
    return embed.build()


def review_card(suggestion: Suggestion, film: Film, waiting: int) -> discord.Embed:
    """A pending suggestion as a moderator reviews it, with the film's current ranking."""
    text = suggestion.description or "No description."
    embed = EmbedBuilder(
        title=f"Suggestion #{suggestion.id} · {cell(film.display_title, 200)}",
        description=f"**{cell(suggestion.title, 300)}**\n\n{cell(text, 2500)}",
        colour=COLOUR,
    )
    embed.field("Suggested by", f"<@{suggestion.user_id}>")
    embed.field("Spoiler", "yes" if suggestion.spoiler else "no")
    ranking = [f"{s.rank}. {cell(s.title, 80)}" for s in film.scenes] or ["no scenes yet"]
    embed.field("Current ranking", "\n".join(ranking), inline=False)
    embed.footer = f"{plural(waiting, 'suggestion')} waiting in this server"
    return embed.build()
