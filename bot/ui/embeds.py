"""Embeds for films and scenes, always inside Discord's limits (built through ``bot.ui.budget``).

Everything a user or an article wrote is escaped; long text is paged (``paginate``), never cut
mid-word; spoiler scenes are wrapped in ``|| ||`` when the guild hides spoilers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.catalogue.models import Film, Scene
from bot.ui.budget import EmbedBuilder, cell
from bot.ui.text import escape, paginate, plural, spoiler, truncate

COLOUR = discord.Colour.dark_gold()
SYNOPSIS_PAGE = 3_000  # leaves room for the fields inside the 6,000-character embed total
SCENE_PAGE = 3_500
SCENES_PER_PAGE = 5
FIELD_VALUE_MAX = 1_024
SCENE_LIST_BUDGET = 5_000  # field characters a page; with title, intro and footer < 6,000


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


def film_title(film: Film, limit: int = 256) -> str:
    return cell(film.display_title, limit)


def _clamp(page: int, count: int) -> int:
    return max(0, min(page, count - 1))


def film_page(film: Film, page: int = 0) -> Page:
    pages = paginate(escape(film.synopsis), SYNOPSIS_PAGE) if film.synopsis else [""]
    number = _clamp(page, len(pages))
    text = pages[number] or "No synopsis yet."
    if film.tagline and number == 0:
        text = f"*{escape(film.tagline)}*\n\n{text}"
    embed = EmbedBuilder(title=film_title(film), description=text, colour=COLOUR)
    if film.release_date:
        embed.field("Released", film.release_date.strftime("%-d %B %Y"))
    elif film.year:
        embed.field("Released", str(film.year))
    if film.genres:
        embed.field("Genres", ", ".join(film.genres))
    if film.runtime:
        embed.field("Runtime", f"{film.runtime} min")
    if film.director:
        embed.field("Director", cell(film.director, 1024))
    if film.original_title and film.original_title != film.title:
        embed.field("Original title", cell(film.original_title, 1024))
    footer = [plural(len(film.scenes), "ranked scene")]
    if len(pages) > 1:
        footer.append(f"synopsis page {number + 1} of {len(pages)}")
    if film.guild_id is not None:
        footer.append("this server's own film")
    embed.footer = " · ".join(footer)
    return Page(embed.build(), number, len(pages))


@dataclass(frozen=True, slots=True)
class RankedScene:
    position: int
    scene: Scene
    note: str = ""  # e.g. a poll score


def editorial_ranking(film: Film) -> list[RankedScene]:
    return [RankedScene(s.rank, s) for s in film.scenes]


Field = tuple[str, str]  # (name, value) of one embed field


def _scene_fields(item: RankedScene, hide_spoilers: bool) -> list[Field]:
    """A scene's whole description as fields of <= 1,024 characters, split at word boundaries
    (never cut); each part of a hidden spoiler gets its own spoiler bars."""
    hidden = hide_spoilers and item.scene.spoiler
    if hidden:
        name = f"{item.position}. (spoiler)"
        body = f"{escape(item.scene.title)}: {escape(item.scene.description)}"
    else:
        name = f"{item.position}. {cell(item.scene.title, 240)}"
        body = escape(item.scene.description) or "No description."
    room = FIELD_VALUE_MAX - 4 - (len(item.note) + 1 if item.note else 0)  # bars, note
    parts = paginate(body, room)
    fields: list[Field] = []
    for index, part in enumerate(parts):
        value = spoiler(part, hidden)
        if index == len(parts) - 1 and item.note:
            value = f"{value}\n{item.note}"
        fields.append((name if index == 0 else f"{name} (continued)", value))
    return fields


def _pack(ranking: Sequence[RankedScene], hide_spoilers: bool) -> list[list[Field]]:
    """Fields into pages: at most SCENES_PER_PAGE scenes, 25 fields and SCENE_LIST_BUDGET
    characters a page; a scene longer than a page continues on the next."""
    pages: list[list[Field]] = [[]]
    size = scenes = 0
    for item in ranking:
        fields = _scene_fields(item, hide_spoilers)
        if scenes == SCENES_PER_PAGE:
            pages.append([])
            size = scenes = 0
        scenes += 1
        for name, value in fields:
            length = len(name) + len(value)
            if pages[-1] and (size + length > SCENE_LIST_BUDGET or len(pages[-1]) == 25):
                pages.append([])
                size, scenes = 0, 1
            pages[-1].append((name, value))
            size += length
    return pages


def scene_list_page(
    film: Film,
    ranking: Sequence[RankedScene],
    *,
    heading: str,
    hide_spoilers: bool,
    page: int = 0,
    intro: str = "",
) -> Page:
    pages = _pack(ranking, hide_spoilers)
    number = _clamp(page, len(pages))
    embed = EmbedBuilder(
        title=f"{heading} · {film_title(film, 200)}",
        description=truncate(intro, 400),
        colour=COLOUR,
    )
    for name, value in pages[number]:
        embed.field(name, value, inline=False)
    if not ranking:
        embed.description = intro or "No scenes have been ranked for this film yet."
    if len(pages) > 1:
        embed.footer = f"Page {number + 1} of {len(pages)}"
    return Page(embed.build(), number, len(pages))


def scene_page(
    film: Film, scene: Scene, *, hide_spoilers: bool, page: int = 0, credit: str | None = None
) -> Page:
    """One scene, paged; ``credit`` (markup, e.g. "Suggested by <@id>") closes the text."""
    pages = paginate(escape(scene.description), SCENE_PAGE) if scene.description else [""]
    number = _clamp(page, len(pages))
    hidden = hide_spoilers and scene.spoiler
    body = pages[number] or "No description yet."
    text = f"**{cell(scene.title, 500, hidden=hidden)}**\n\n{spoiler(body, hidden)}"
    if credit:
        text += f"\n\n{credit}"
    embed = EmbedBuilder(
        title=f"Scene {scene.rank} · {film_title(film, 200)}", description=text, colour=COLOUR
    )
    footer = ["Contains spoilers" if scene.spoiler else f"Rank {scene.rank} of {len(film.scenes)}"]
    if len(pages) > 1:
        footer.append(f"page {number + 1} of {len(pages)}")
    embed.footer = " · ".join(footer)
    return Page(embed.build(), number, len(pages))
