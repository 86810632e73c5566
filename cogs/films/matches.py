"""Titles that match several films equally well (``scarface``: 1932 and 1983; which films
match equally is decided once, in ``bot.catalogue.matches``).

``/film info`` shows the best match, names the others ("also: Scarface (1983)") and adds a
persistent select (``cogs.films.components.FilmSwitchSelect``) listing every equal match. The
member who asked switches their message in place; anyone else gets the picked film privately.
"""

from __future__ import annotations

import discord

from bot.catalogue.matches import film_name
from bot.catalogue.models import Film
from bot.catalogue.search import SearchHit
from bot.catalogue.service import ref
from bot.ui.items import item_for
from bot.ui.text import escape, truncate
from bot.ui.types import Interaction
from cogs.films import ids
from cogs.films.actions import film_card


def _also(options: list[discord.SelectOption], shown_id: int) -> str:
    others = [o.label for o in options if o.value != ref(shown_id)]
    return f"Several films match; also: {escape(', '.join(others))}. Switch with the menu below."


def match_options(hits: list[SearchHit]) -> list[discord.SelectOption]:
    return [
        discord.SelectOption(label=truncate(film_name(h.title, h.year), 100), value=ref(h.film_id))
        for h in hits
    ]


async def matched_card(
    interaction: Interaction, film: Film, options: list[discord.SelectOption]
) -> tuple[str, discord.Embed, discord.ui.View]:
    """The film's card with the line naming the other matches and the switch select."""
    embed, view = await film_card(interaction, film)
    marked = [
        discord.SelectOption(label=o.label, value=o.value, default=o.value == ref(film.id))
        for o in options
    ]
    view.add_item(item_for(ids.SWITCH, options=marked))
    return _also(marked, film.id), embed, view


def keep_switch(message: discord.Message | None, view: discord.ui.View) -> None:
    """Carry the switch select of ``message`` (if it has one) over to its new ``view``."""
    for row in message.components if message else []:
        for child in getattr(row, "children", []):
            if isinstance(child, discord.SelectMenu) and child.custom_id == ids.SWITCH:
                view.add_item(item_for(ids.SWITCH, options=list(child.options)))
                return
