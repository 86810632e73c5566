"""/manage film add | edit | remove, with modals and a confirmation."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands

from bot.catalogue.dates import parse_release_date
from bot.catalogue.validation import clean_line
from bot.client import ProjectionistBot
from bot.models import DIRECTOR_MAX, FILM_TITLE_MAX, Film, FilmDraft
from bot.ui.autocomplete import film_choices
from bot.ui.modals import Confirm, GuardedModal
from bot.ui.replies import send
from bot.ui.text import escape, plural
from cogs.films.components import film_view
from cogs.manage.checks import ModeratorGroup, require_moderator

Interaction = discord.Interaction[ProjectionistBot]
MODAL_TEXT_MAX = 4000
_RUNTIME = re.compile(r"(?:^|[,;·\s])\s*(\d{1,4})\s*(?:min(?:ute)?s?\.?|m)?\s*$", re.IGNORECASE)


def parse_people_and_runtime(text: str) -> tuple[str | None, int | None]:
    """ "Sylvester Stallone, 91 min" -> ("Sylvester Stallone", 91); either part may be missing."""
    text = clean_line(text)
    if not text:
        return None, None
    match = _RUNTIME.search(text)
    if match is None:
        return text, None
    runtime = int(match.group(1))
    director = text[: match.start()].strip(" ,;·") or None
    return director, runtime


def _people_and_runtime(film: Film) -> str:
    parts = [film.director or "", f"{film.runtime} min" if film.runtime else ""]
    return ", ".join(p for p in parts if p)


class FilmModal(GuardedModal):
    """Add (``film`` None) or edit a film; the edit form comes pre-filled."""

    def __init__(self, film: Film | None, owner_id: int) -> None:
        super().__init__(
            title="Edit film" if film else "Add a film",
            kind="film:edit" if film else "film:add",
            owner_id=owner_id,
            rights=require_moderator,
        )
        self.film = film
        long_synopsis = film is not None and len(film.synopsis) > MODAL_TEXT_MAX
        self.title_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="title",
            label="Title",
            max_length=FILM_TITLE_MAX,
            default=film.title if film else None,
        )
        self.date_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="release_date",
            label="Release date (21/11/1985 or 1985-11-21)",
            required=False,
            max_length=40,
            default=film.release_date.isoformat() if film and film.release_date else None,
        )
        self.genres_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="genres",
            label="Genres, separated by commas",
            required=False,
            max_length=200,
            placeholder="Drama, Sport",
            default=", ".join(film.genres) if film and film.genres else None,
        )
        self.synopsis_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="synopsis",
            label="Synopsis",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MODAL_TEXT_MAX,
            placeholder="Leave empty to keep the current (long) synopsis"
            if long_synopsis
            else None,
            default=film.synopsis if film and not long_synopsis and film.synopsis else None,
        )
        self.people_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="director_runtime",
            label="Director and runtime",
            required=False,
            max_length=DIRECTOR_MAX + 20,
            placeholder="Sylvester Stallone, 91 min",
            default=_people_and_runtime(film) if film else None,
        )
        for item in (
            self.title_input,
            self.date_input,
            self.genres_input,
            self.synopsis_input,
            self.people_input,
        ):
            self.add_item(item)

    def draft(self) -> FilmDraft:
        date_text = self.date_input.value.strip()
        release = parse_release_date(date_text) if date_text else None
        director, runtime = parse_people_and_runtime(self.people_input.value)
        genres = tuple(g.strip() for g in self.genres_input.value.split(",") if g.strip())
        synopsis = self.synopsis_input.value
        if (
            self.film is not None
            and not synopsis.strip()
            and len(self.film.synopsis) > MODAL_TEXT_MAX
        ):
            synopsis = self.film.synopsis
        base = self.film.to_draft() if self.film else FilmDraft(title="")
        return replace(
            base,
            title=self.title_input.value,
            release_date=release,
            year=release.year
            if release
            else (base.year if self.film and base.release_date is None else None),
            genres=genres,
            synopsis=synopsis,
            director=director,
            runtime=runtime,
        )

    async def on_submit(self, interaction: Interaction) -> None:  # type: ignore[override]
        catalogue = interaction.client.catalogue
        draft = self.draft()
        if self.film is None:
            film = await catalogue.add_film(draft, interaction.guild_id)
            verb = "Added"
        else:
            film = await catalogue.edit_film(self.film.id, draft, interaction.guild_id)
            verb = "Updated"
        embed, view = film_view(film)
        await send(
            interaction,
            f"{verb} {escape(film.display_title)}.",
            embed=embed,
            view=view,
            ephemeral=True,
        )


class RemoveFilm(Confirm):
    def __init__(self, owner_id: int, film: Film) -> None:
        super().__init__(owner_id, confirm_label="Remove", danger=True)
        self.film = film

    async def on_confirm(self, interaction: Interaction) -> None:
        removed = await interaction.client.catalogue.remove_film(self.film.id, interaction.guild_id)
        await interaction.response.edit_message(
            content=f"Removed {escape(removed.display_title)} and its scenes.",
            embed=None,
            view=None,
        )


class FilmGroup(ModeratorGroup):
    def __init__(self) -> None:
        super().__init__(name="film", description="Add, edit and remove this server's films")

    @app_commands.command(name="add", description="Add a film to this server's catalogue")
    async def add(self, interaction: Interaction) -> None:
        await interaction.response.send_modal(FilmModal(None, interaction.user.id))

    @app_commands.command(name="edit", description="Edit one of this server's films")
    @app_commands.describe(title="The film to edit")
    @app_commands.autocomplete(title=film_choices)
    async def edit(self, interaction: Interaction, title: app_commands.Range[str, 1, 200]) -> None:
        film = await interaction.client.catalogue.resolve(title, interaction.guild_id)
        interaction.client.catalogue.check_owner(film, interaction.guild_id)
        await interaction.response.send_modal(FilmModal(film, interaction.user.id))

    @app_commands.command(name="remove", description="Remove one of this server's films")
    @app_commands.describe(title="The film to remove")
    @app_commands.autocomplete(title=film_choices)
    async def remove(
        self, interaction: Interaction, title: app_commands.Range[str, 1, 200]
    ) -> None:
        catalogue = interaction.client.catalogue
        film = await catalogue.resolve(title, interaction.guild_id)
        catalogue.check_owner(film, interaction.guild_id)
        await send(
            interaction,
            f"Remove {escape(film.display_title)} and its {plural(len(film.scenes), 'scene')}? "
            "This cannot be undone.",
            view=RemoveFilm(interaction.user.id, film),
            ephemeral=True,
        )
