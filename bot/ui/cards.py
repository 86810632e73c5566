"""The film card: shown by ``/film`` and by ``/manage film`` after a change.

Its buttons are built from ``bot.ui.ids`` and answered by the features that own them: pages by
``cogs.films``, Best scenes by ``cogs.scenes``, Discuss by ``cogs.discuss``.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.catalogue.models import Film
from bot.ui import ids
from bot.ui.embeds import add_pager, film_page
from bot.ui.items import item_for


def film_view(
    film: Film, page: int = 0, *, extra: list[discord.ui.Item[Any]] | None = None
) -> tuple[discord.Embed, discord.ui.View]:
    rendered = film_page(film, page)
    view = discord.ui.View(timeout=None)
    add_pager(
        view,
        rendered,
        lambda page, label, off: item_for(ids.film_page(film.id, page), label=label, disabled=off),
    )
    view.add_item(item_for(ids.film_scenes(film.id)))
    view.add_item(item_for(ids.film_discuss(film.id)))
    for item in extra or []:
        view.add_item(item)
    return rendered.embed, view
