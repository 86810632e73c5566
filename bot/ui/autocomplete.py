"""Autocomplete for film and scene options, served from the in-memory index (<= 25 choices).

Choice values are ``#<id>`` references; commands re-validate them on submit through
``Catalogue.resolve`` / ``Catalogue.scene_of``, since a client can send any value.
"""

from __future__ import annotations

import logging

from discord import app_commands

from bot.catalogue.service import ref
from bot.errors import ProjectionistError
from bot.ui.text import hidden_scene, truncate
from bot.ui.types import Interaction

log = logging.getLogger(__name__)
MAX_CHOICES = 25


def _label(title: str, year: int | None) -> str:
    return truncate(f"{title} ({year})" if year else title, 100)


async def film_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot = interaction.client
    hits = bot.catalogue.search(current[:200], interaction.guild_id, limit=MAX_CHOICES)
    return [app_commands.Choice(name=_label(h.title, h.year), value=ref(h.film_id)) for h in hits]


async def scene_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Scenes of the film chosen in the same command's ``film`` option."""
    bot = interaction.client
    film_value = getattr(interaction.namespace, "film", None)
    if not isinstance(film_value, str) or not film_value.strip():
        return []
    try:
        film = await bot.catalogue.resolve(film_value, interaction.guild_id)
    except ProjectionistError:
        return []
    hidden = await bot.hides_spoilers(interaction.guild_id)
    folded = current.strip().casefold()
    # a hidden spoiler is named, and matched, only by what is shown: never by its title
    shown = [(s, hidden_scene(s.rank) if hidden and s.spoiler else s.title) for s in film.scenes]
    return [
        app_commands.Choice(name=truncate(f"{s.rank}. {label}", 100), value=ref(s.id))
        for s, label in shown
        if not folded or folded in label.casefold() or folded == str(s.rank)
    ][:MAX_CHOICES]
