"""Embeds that list films or scenes by title: /film search, /favourite show, /favourite top.

Pure functions of plain values, built through ``bot.ui.budget`` so that no title, however long
or full of markdown, can push them past a Discord limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.catalogue.search import SearchHit
from bot.ui.budget import EmbedBuilder, cell
from bot.ui.text import plural

__all__ = ["FavouriteLine", "favourites_embed", "search_embed", "top_embed"]

COLOUR = discord.Colour.dark_gold()
_FILM_IN_LINE = 100  # characters of a film title inside a list line
_SCENE_IN_LINE = 150


@dataclass(frozen=True, slots=True)
class FavouriteLine:
    """One scene in a list: its film, its title, whether it is a spoiler, who loves it."""

    film_title: str
    scene_title: str
    spoiler: bool = False
    members: int = 0


def search_embed(query: str, hits: Sequence[SearchHit]) -> discord.Embed:
    builder = EmbedBuilder(title=f"Films matching “{cell(query, 200)}”", colour=COLOUR)
    builder.lines(
        [
            f"**{i}.** {cell(h.title, 300)}" + (f" ({h.year})" if h.year else "")
            for i, h in enumerate(hits, start=1)
        ]
    )
    return builder.build()


def favourites_embed(
    member_name: str, lines: Sequence[FavouriteLine], more: int, hide_spoilers: bool
) -> discord.Embed:
    """A member's favourite scenes; ``more`` counts those left out of ``lines``."""
    builder = EmbedBuilder(title=f"{cell(member_name, 100)}'s favourite scenes", colour=COLOUR)
    builder.lines(
        [
            f"**{cell(line.film_title, _FILM_IN_LINE)}**: "
            + cell(line.scene_title, _SCENE_IN_LINE, hidden=hide_spoilers and line.spoiler)
            for line in lines
        ]
    )
    if more:
        builder.footer = f"and {more} more"
    return builder.build()


def top_embed(
    film_title: str | None, lines: Sequence[FavouriteLine], hide_spoilers: bool
) -> discord.Embed:
    """The guild's most-loved scenes, of one film when ``film_title`` is given."""
    heading = f"Most-loved scenes of {cell(film_title, 200)}" if film_title else "Most-loved scenes"
    builder = EmbedBuilder(title=heading, colour=COLOUR)
    rows = []
    for position, line in enumerate(lines, start=1):
        title = cell(line.scene_title, _SCENE_IN_LINE, hidden=hide_spoilers and line.spoiler)
        where = "" if film_title else f" ({cell(line.film_title, _FILM_IN_LINE)})"
        rows.append(f"**{position}.** {title}{where}: {plural(line.members, 'member')}")
    builder.lines(rows)
    return builder.build()
