"""/manage film add | edit | remove, with modals and a confirmation."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.catalogue.dates import MAX_YEAR, MIN_YEAR, parse_release_date
from bot.catalogue.genres import GENRES
from bot.catalogue.models import DIRECTOR_MAX, FILM_TITLE_MAX, MAX_GENRES, Film, FilmDraft
from bot.catalogue.validation import clean_line
from bot.errors import NotFoundError, StaleEditError, ValidationError
from bot.tmdb.draft import tmdb_id_from_source, to_film_draft
from bot.tmdb.errors import TmdbUnavailableError
from bot.tmdb.genres import TMDB_GENRES
from bot.tmdb.models import TmdbMovie
from bot.ui import ids
from bot.ui.access import require_moderator
from bot.ui.autocomplete import film_choices
from bot.ui.cards import film_view
from bot.ui.items import Persistent
from bot.ui.matches import acted_film
from bot.ui.modals import Confirm, FormFactory, GuardedModal
from bot.ui.replies import defer, send
from bot.ui.text import escape, plural
from bot.ui.tmdb import (
    FORM_DEADLINE,
    NOT_CONFIGURED,
    details_within,
    parse_tmdb_value,
    tmdb_choices,
    tmdb_client,
)
from bot.ui.types import Interaction
from cogs.manage.checks import ModeratorGroup

if TYPE_CHECKING:
    from bot.tmdb.client import TmdbClient

MODAL_TEXT_MAX = 4000
RUNTIME_MAX = 999
DATE_HINT = "A year alone (1985) or a date: 21/11/1985, 1985-11-21, 21 November 1985"


def read_release(text: str) -> tuple[date | None, int | None]:
    """(release date, year) from the form's field: empty, a year alone, or a full date."""
    text = text.strip()
    if not text:
        return None, None
    if text.isascii() and text.isdigit() and len(text) == 4:
        year = int(text)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(f"The year must lie between {MIN_YEAR} and {MAX_YEAR}.")
        return None, year
    release = parse_release_date(text)
    return release, release.year


def _shown_date(film: Film) -> str | None:
    if film.release_date:
        return film.release_date.isoformat()
    return str(film.year) if film.year else None


@dataclass(frozen=True, slots=True)
class FilmTyped:
    """What the film form holds: the film's values, or what a member typed into it."""

    title: str = ""
    release: str = ""
    director: str = ""
    genres: tuple[str, ...] = ()
    synopsis: str = ""

    @classmethod
    def of(cls, film: Film) -> FilmTyped:
        return cls(
            title=film.title,
            release=_shown_date(film) or "",
            director=film.director or "",
            genres=film.genres,
            synopsis="" if len(film.synopsis) > MODAL_TEXT_MAX else film.synopsis,
        )


class FilmModal(GuardedModal):
    """Add (``film`` None) or edit a film; the edit form comes pre-filled.

    Discord allows five inputs in a form, so the runtime (a number Discord checks) is an option
    of the command rather than a field here; ``runtime`` None keeps the film's runtime.
    """

    def __init__(
        self,
        film: Film | None,
        owner_id: int,
        *,
        runtime: int | None = None,
        typed: FilmTyped | None = None,
        base: FilmDraft | None = None,
    ) -> None:
        super().__init__(
            title="Edit film" if film else ("Add a film from TMDB" if base else "Add a film"),
            kind="film:edit" if film else "film:add",
            owner_id=owner_id,
            rights=require_moderator,
        )
        # ``base``: a new film's facts the form has no field for (a TMDB draft: original and
        # alternative titles, runtime, its TMDB page as ``source``).
        self.film, self.runtime, self.base = film, runtime, base
        shown = typed or (FilmTyped.of(film) if film else FilmTyped())
        long_synopsis = film is not None and len(film.synopsis) > MODAL_TEXT_MAX
        self.title_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="title", max_length=FILM_TITLE_MAX, default=shown.title or None
        )
        self.date_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="release_date",
            required=False,
            max_length=40,
            placeholder="1985 or 21/11/1985",
            default=shown.release or None,
        )
        self.director_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="director",
            required=False,
            max_length=DIRECTOR_MAX,
            default=shown.director or None,
        )
        self.genres_input: discord.ui.Select[Any] = discord.ui.Select(
            custom_id="genres",
            placeholder="Pick up to 10 genres",
            min_values=0,
            max_values=MAX_GENRES,
            required=False,
            options=[
                discord.SelectOption(label=g, value=g, default=g in shown.genres) for g in GENRES
            ],
        )
        self.synopsis_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="synopsis",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MODAL_TEXT_MAX,
            placeholder="Leave empty to keep the current (long) synopsis"
            if long_synopsis
            else None,
            default=shown.synopsis or None,
        )
        for text, description, item in (
            ("Title", None, self.title_input),
            ("Release date", DATE_HINT, self.date_input),
            ("Director", None, self.director_input),
            ("Genres", None, self.genres_input),
            ("Synopsis", None, self.synopsis_input),
        ):
            self.add_item(discord.ui.Label(text=text, description=description, component=item))

    def typed(self) -> FilmTyped:
        return FilmTyped(
            title=self.title_input.value,
            release=self.date_input.value,
            director=self.director_input.value,
            genres=tuple(self.genres_input.values),
            synopsis=self.synopsis_input.value,
        )

    def reopener(self) -> FormFactory:
        typed = self.typed()
        film, owner, runtime, base = self.film, self.owner_id, self.runtime, self.base
        return lambda: FilmModal(film, owner, runtime=runtime, typed=typed, base=base)

    def draft(self) -> FilmDraft:
        release, year = read_release(self.date_input.value)
        synopsis = self.synopsis_input.value
        if (
            self.film is not None
            and not synopsis.strip()
            and len(self.film.synopsis) > MODAL_TEXT_MAX
        ):
            synopsis = self.film.synopsis
        base = self.film.to_draft() if self.film else (self.base or FilmDraft(title=""))
        return replace(
            base,
            title=self.title_input.value,
            release_date=release,
            year=year,
            genres=tuple(self.genres_input.values),
            synopsis=synopsis,
            director=clean_line(self.director_input.value) or None,
            runtime=self.runtime if self.runtime is not None else base.runtime,
        )

    async def on_submit(self, interaction: Interaction) -> None:  # type: ignore[override]
        catalogue = interaction.client.catalogue
        draft = self.draft()
        if self.film is None:
            film = await catalogue.add_film(draft, interaction.guild_id)
            verb = "Added"
        else:
            try:
                film = await catalogue.edit_film(
                    self.film.id, draft, interaction.guild_id, opened=self.film
                )
            except StaleEditError as exc:  # "Fix the form" reopens over the current version
                if isinstance(exc.current, Film):
                    self.film = exc.current
                raise
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
        super().__init__(owner_id, confirm_label="Remove", danger=True, rights=require_moderator)
        self.film = film

    async def on_confirm(self, interaction: Interaction) -> None:
        removed = await interaction.client.catalogue.remove_film(self.film.id, interaction.guild_id)
        await interaction.response.edit_message(
            content=f"Removed {escape(removed.display_title)} and its scenes.",
            embed=None,
            view=None,
        )


# A form (modal) holds at most five inputs, so the runtime is an option of the command.
ADD_HELP = "Add a film to this server's catalogue (runtime is an option: a form holds 5 fields)"
RUNTIME_HELP = "Its running time in minutes (asked here: a form holds at most 5 fields)"


class FilmGroup(ModeratorGroup):
    def __init__(self) -> None:
        super().__init__(name="film", description="Add, edit and remove this server's films")

    @app_commands.command(name="add", description=ADD_HELP)
    @app_commands.describe(runtime=RUNTIME_HELP)
    async def add(
        self,
        interaction: Interaction,
        runtime: app_commands.Range[int, 1, RUNTIME_MAX] | None = None,
    ) -> None:
        await interaction.response.send_modal(FilmModal(None, interaction.user.id, runtime=runtime))

    @app_commands.command(name="edit", description="Edit one of this server's films")
    @app_commands.describe(
        title="The film to edit", runtime="Its running time in minutes (default: unchanged)"
    )
    @app_commands.autocomplete(title=film_choices)
    async def edit(
        self,
        interaction: Interaction,
        title: app_commands.Range[str, 1, 200],
        runtime: app_commands.Range[int, 1, RUNTIME_MAX] | None = None,
    ) -> None:
        film = await acted_film(interaction, title)
        interaction.client.catalogue.check_owner(film, interaction.guild_id)
        await interaction.response.send_modal(FilmModal(film, interaction.user.id, runtime=runtime))

    @app_commands.command(name="remove", description="Remove one of this server's films")
    @app_commands.describe(title="The film to remove")
    @app_commands.autocomplete(title=film_choices)
    async def remove(
        self, interaction: Interaction, title: app_commands.Range[str, 1, 200]
    ) -> None:
        catalogue = interaction.client.catalogue
        film = await acted_film(interaction, title)
        catalogue.check_owner(film, interaction.guild_id)
        await send(
            interaction,
            f"Remove {escape(film.display_title)} and its {plural(len(film.scenes), 'scene')}? "
            "This cannot be undone.",
            view=RemoveFilm(interaction.user.id, film),
            ephemeral=True,
        )


# -- TMDB (only with a key: ``use_tmdb`` adds these to the group when the bot has a client) ----


def _tmdb(interaction: Interaction) -> TmdbClient:
    client = tmdb_client(interaction)
    if client is None:
        raise ValidationError(NOT_CONFIGURED)
    return client


def tmdb_form(movie: TmdbMovie, owner_id: int) -> FilmModal:
    """The add form, prefilled with TMDB's facts; the film keeps its TMDB page as ``source``."""
    draft = to_film_draft(movie).draft
    release = draft.release_date.isoformat() if draft.release_date else str(draft.year or "")
    typed = FilmTyped(
        title=draft.title,
        release=release,
        director=draft.director or "",
        genres=tuple(g for g in draft.genres if g in GENRES),
    )
    return FilmModal(None, owner_id, typed=typed, base=draft)


async def open_tmdb_form(interaction: Interaction, tmdb_id: int) -> None:
    """Open the add form for TMDB film ``tmdb_id`` (the card's button; rights checked here)."""
    await require_moderator(interaction)
    movie = await details_within(_tmdb(interaction), tmdb_id, FORM_DEADLINE)
    await interaction.response.send_modal(tmdb_form(movie, interaction.user.id))


class TmdbAddButton(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=ids.TMDB_ADD,
):
    """A TMDB card's "Add to this server": opens the add form prefilled from TMDB; only
    moderators (checked on the press)."""

    def __init__(self, tmdb_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Add to this server",
                style=discord.ButtonStyle.success,
                custom_id=ids.tmdb_add(tmdb_id),
                row=0,
            )
        )
        self.tmdb_id = tmdb_id

    async def run(self, interaction: Interaction) -> None:
        if tmdb_client(interaction) is None:
            raise ValidationError(NOT_CONFIGURED)
        await open_tmdb_form(interaction, self.tmdb_id)


async def _tmdb_movie(client: TmdbClient, value: str) -> TmdbMovie:
    """The film of a ``tmdb:<id>`` autocomplete value, or of TMDB's best match for typed text,
    within ``FORM_DEADLINE`` in all (the form must open inside Discord's 3 seconds)."""
    try:
        async with asyncio.timeout(FORM_DEADLINE):
            tmdb_id = parse_tmdb_value(value)
            if tmdb_id is None:
                found = await client.search_movies(value, limit=1)
                if not found:
                    shown = value.strip()[:60]  # the error handler escapes it
                    raise NotFoundError(
                        f"TMDB has no film called “{shown}”. Pick one from the list."
                    )
                tmdb_id = found[0].tmdb_id
            return await client.movie_details(tmdb_id)
    except TimeoutError:
        raise TmdbUnavailableError() from None


def resynced(film: Film, movie: TmdbMovie) -> FilmDraft:
    """``film`` with TMDB's facts; title, synopsis, tagline and scenes stay as they are, and
    genres TMDB cannot express (Biography, Musical, Sport) stay too."""
    facts = to_film_draft(movie).draft
    own = tuple(g for g in film.genres if g not in TMDB_GENRES.values())
    return replace(
        film.to_draft(),
        original_title=facts.original_title,
        alt_titles=facts.alt_titles,
        release_date=facts.release_date,
        year=facts.year,
        runtime=facts.runtime,
        director=facts.director,
        genres=(facts.genres + own)[:MAX_GENRES],
    )


def _changes(before: Film, after: Film) -> list[str]:
    names = ("original_title", "alt_titles", "release_date", "year", "runtime", "director")
    changed = [n.replace("_", " ") for n in names if getattr(before, n) != getattr(after, n)]
    if set(before.genres) != set(after.genres):
        changed.append("genres")
    return changed


def tmdb_commands() -> list[app_commands.Command[Any, ..., None]]:
    """``add`` with ``from_tmdb`` (replacing the plain one) and ``resync``; fresh objects per
    bot, since a command belongs to one group."""

    @app_commands.command(name="add", description=ADD_HELP)
    @app_commands.describe(
        runtime=RUNTIME_HELP,
        from_tmdb="Start from a TMDB film: its facts fill the form",
    )
    @app_commands.autocomplete(from_tmdb=tmdb_choices)
    async def add(
        interaction: Interaction,
        runtime: app_commands.Range[int, 1, RUNTIME_MAX] | None = None,
        from_tmdb: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        if from_tmdb is None:
            await interaction.response.send_modal(
                FilmModal(None, interaction.user.id, runtime=runtime)
            )
            return
        movie = await _tmdb_movie(_tmdb(interaction), from_tmdb)
        form = tmdb_form(movie, interaction.user.id)
        if runtime is not None:
            form.runtime = runtime
        await interaction.response.send_modal(form)

    @app_commands.command(
        name="resync", description="Update a film's facts from TMDB; its scenes stay as they are"
    )
    @app_commands.describe(title="A film of this server that was added from TMDB")
    @app_commands.autocomplete(title=film_choices)
    async def resync(interaction: Interaction, title: app_commands.Range[str, 1, 200]) -> None:
        catalogue = interaction.client.catalogue
        film = await acted_film(interaction, title)
        catalogue.check_owner(film, interaction.guild_id)
        tmdb_id = tmdb_id_from_source(film.source)
        if tmdb_id is None:
            raise ValidationError(
                f"{film.display_title} was not added from TMDB, so there is nothing to re-sync."
            )
        client = _tmdb(interaction)
        await defer(interaction, ephemeral=True)
        movie = await client.movie_details(tmdb_id)
        updated = await catalogue.edit_film(
            film.id, resynced(film, movie), interaction.guild_id, opened=film
        )
        changed = _changes(film, updated)
        what = f"changed: {', '.join(changed)}" if changed else "nothing had changed"
        embed, view = film_view(updated)
        await send(
            interaction,
            f"Updated {escape(updated.display_title)} from TMDB ({what}); scenes untouched.",
            embed=embed,
            view=view,
            ephemeral=True,
        )

    return [add, resync]


def use_tmdb(group: app_commands.Group) -> None:
    """Give the bot's ``/manage film`` group its TMDB commands (called only with a key)."""
    for command in tmdb_commands():
        group.remove_command(command.name)
        group.add_command(command)
