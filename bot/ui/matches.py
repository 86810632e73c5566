"""Resolving a command's film option, the same way in every cog (``bot.catalogue.matches``).

``shown_film`` is for commands that only show something: the best match, and a line naming the
other films the typed title matched as well, with how to switch to one. ``acted_film`` is for
commands that act: an ambiguous typed title is refused with "Which one? ...".
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalogue.matches import film_name, resolve_matches, resolve_one, year_hint
from bot.catalogue.models import Film
from bot.catalogue.search import SearchHit
from bot.ui.text import escape
from bot.ui.types import Interaction


def also_line(typed: str, others: Sequence[SearchHit]) -> str | None:
    """``Several films match; also: Scarface (1983). ...`` or None when no other film does."""
    if not others:
        return None
    names = escape(", ".join(film_name(h.title, h.year) for h in others))
    hint = escape(year_hint(typed, others[0]))
    return (
        f"Several films match; also: {names}. For another, add its year (“{hint}”) "
        "or pick it from the list as you type."
    )


async def shown_film(interaction: Interaction, value: str) -> tuple[Film, str | None]:
    """The film to show for ``value`` and the "also: ..." line (None when it is the only one)."""
    resolved = await resolve_matches(interaction.client.catalogue, value, interaction.guild_id)
    return resolved.film, also_line(value, resolved.others)


async def acted_film(interaction: Interaction, value: str) -> Film:
    """The one film ``value`` means; raises ``AmbiguousTitleError`` ("Which one? ...")."""
    return await resolve_one(interaction.client.catalogue, value, interaction.guild_id)
