"""Embeds for films and scenes, always inside Discord's limits.

Everything a user or an article wrote is escaped; long text is paged (``paginate``), never cut
mid-word; spoiler scenes are wrapped in ``|| ||`` when the guild hides spoilers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.models import Film, Scene
from bot.ui.text import escape, paginate, plural, spoiler, truncate

COLOUR = discord.Colour.dark_gold()
SYNOPSIS_PAGE = 3_000  # leaves room for the fields inside the 6,000-character embed total
SCENE_PAGE = 3_500
SCENES_PER_PAGE = 5
SCENE_EXCERPT = 300


@dataclass(frozen=True, slots=True)
class Page:
    embed: discord.Embed
    number: int  # 0-based, clamped into range
    count: int


def add_pager(
    view: discord.ui.View, page: Page, button: Callable[[int, str, bool], discord.ui.Item[Any]]
) -> None:
    """Previous/Next buttons for a paged embed; ``button(page, label, disabled)`` makes one."""
    if page.count > 1:
        view.add_item(button(page.number - 1, "◀ Previous", page.number == 0))
        view.add_item(button(page.number + 1, "Next ▶", page.number + 1 >= page.count))


def film_title(film: Film) -> str:
    return truncate(escape(film.display_title), 256)


def _clamp(page: int, count: int) -> int:
    return max(0, min(page, count - 1))


def film_page(film: Film, page: int = 0) -> Page:
    pages = paginate(escape(film.synopsis), SYNOPSIS_PAGE) if film.synopsis else [""]
    number = _clamp(page, len(pages))
    text = pages[number] or "No synopsis yet."
    if film.tagline and number == 0:
        text = f"*{escape(film.tagline)}*\n\n{text}"
    embed = discord.Embed(title=film_title(film), description=text, colour=COLOUR)
    if film.release_date:
        embed.add_field(name="Released", value=film.release_date.strftime("%-d %B %Y"))
    elif film.year:
        embed.add_field(name="Released", value=str(film.year))
    if film.genres:
        embed.add_field(name="Genres", value=", ".join(film.genres))
    if film.runtime:
        embed.add_field(name="Runtime", value=f"{film.runtime} min")
    if film.director:
        embed.add_field(name="Director", value=truncate(escape(film.director), 1024))
    if film.original_title and film.original_title != film.title:
        embed.add_field(name="Original title", value=truncate(escape(film.original_title), 1024))
    footer = [plural(len(film.scenes), "ranked scene")]
    if len(pages) > 1:
        footer.append(f"synopsis page {number + 1} of {len(pages)}")
    if film.guild_id is not None:
        footer.append("this server's own film")
    embed.set_footer(text=" · ".join(footer))
    return Page(embed, number, len(pages))


@dataclass(frozen=True, slots=True)
class RankedScene:
    position: int
    scene: Scene
    note: str = ""  # e.g. a poll score


def editorial_ranking(film: Film) -> list[RankedScene]:
    return [RankedScene(s.rank, s) for s in film.scenes]


def scene_list_page(
    film: Film,
    ranking: Sequence[RankedScene],
    *,
    heading: str,
    hide_spoilers: bool,
    page: int = 0,
    intro: str = "",
) -> Page:
    count = max(1, -(-len(ranking) // SCENES_PER_PAGE))
    number = _clamp(page, count)
    embed = discord.Embed(
        title=truncate(f"{heading} · {film_title(film)}", 256),
        description=intro or None,
        colour=COLOUR,
    )
    chunk = ranking[number * SCENES_PER_PAGE : (number + 1) * SCENES_PER_PAGE]
    for item in chunk:
        hidden = hide_spoilers and item.scene.spoiler
        if hidden:
            name = f"{item.position}. (spoiler)"
        else:
            name = truncate(f"{item.position}. {escape(item.scene.title)}", 256)
        excerpt = truncate(escape(item.scene.description), SCENE_EXCERPT) or "No description."
        if hidden:
            excerpt = spoiler(f"{escape(truncate(item.scene.title, 200))}: {excerpt}", True)
        value = f"{excerpt}\n{item.note}" if item.note else excerpt
        embed.add_field(name=name, value=truncate(value, 1024), inline=False)
    if not ranking:
        embed.description = intro or "No scenes have been ranked for this film yet."
    footer = "Use /scene info for a whole scene"
    if count > 1:
        footer = f"Page {number + 1} of {count} · {footer}"
    embed.set_footer(text=footer)
    return Page(embed, number, count)


def scene_page(film: Film, scene: Scene, *, hide_spoilers: bool, page: int = 0) -> Page:
    pages = paginate(escape(scene.description), SCENE_PAGE) if scene.description else [""]
    number = _clamp(page, len(pages))
    hidden = hide_spoilers and scene.spoiler
    title = escape(scene.title)
    body = pages[number] or "No description yet."
    text = f"**{spoiler(title, hidden)}**\n\n{spoiler(body, hidden)}"
    embed = discord.Embed(
        title=truncate(f"Scene {scene.rank} · {film_title(film)}", 256),
        description=text,
        colour=COLOUR,
    )
    footer = ["Contains spoilers" if scene.spoiler else f"Rank {scene.rank} of {len(film.scenes)}"]
    if len(pages) > 1:
        footer.append(f"page {number + 1} of {len(pages)}")
    embed.set_footer(text=" · ".join(footer))
    return Page(embed, number, len(pages))
