"""The catalogue's frozen dataclasses: films, scenes, their drafts and import problems.

Drafts (``FilmDraft``, ``SceneDraft``) are what importers and forms produce; they have no ids.
Stored rows (``Film``, ``Scene``) come back from the catalogue store with their ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# Length limits for text stored in the catalogue. They are chosen so that everything the bot
# stores can be rendered inside Discord's limits (embed title 256, field value 1024, description
# 4096 with paging for longer text).
FILM_TITLE_MAX = 200
ALT_TITLE_MAX = 200
MAX_ALT_TITLES = 20
SCENE_TITLE_MAX = 200
SCENE_DESCRIPTION_MAX = 8_000
SYNOPSIS_MAX = 12_000
TAGLINE_MAX = 300
DIRECTOR_MAX = 200
MAX_GENRES = 10
MAX_SCENES = 50
RUNTIME_MAX = 1_000


@dataclass(frozen=True, slots=True)
class SceneDraft:
    title: str
    description: str = ""
    spoiler: bool = False
    # False when the source says nothing about spoilers (an article): a re-import then keeps
    # the stored flag instead of clearing it.
    spoiler_stated: bool = True


@dataclass(frozen=True, slots=True)
class SceneWrite:
    """One scene of a film after a scene-list change, in rank order: ``scene_id`` names the
    stored scene it updates (keeping its identity); None inserts a new scene."""

    scene_id: int | None
    draft: SceneDraft


@dataclass(frozen=True, slots=True)
class FilmDraft:
    title: str
    original_title: str | None = None
    alt_titles: tuple[str, ...] = ()
    release_date: date | None = None
    year: int | None = None
    runtime: int | None = None
    genres: tuple[str, ...] = ()
    director: str | None = None
    tagline: str | None = None
    synopsis: str = ""
    source: str | None = None
    scenes: tuple[SceneDraft, ...] = ()

    @property
    def effective_year(self) -> int | None:
        if self.year is not None:
            return self.year
        return self.release_date.year if self.release_date else None


@dataclass(frozen=True, slots=True)
class Scene:
    id: int
    film_id: int
    rank: int
    title: str
    description: str
    spoiler: bool


@dataclass(frozen=True, slots=True)
class Film:
    id: int
    guild_id: int | None
    title: str
    original_title: str | None
    alt_titles: tuple[str, ...]
    release_date: date | None
    year: int | None
    runtime: int | None
    genres: tuple[str, ...]
    director: str | None
    tagline: str | None
    synopsis: str
    source: str | None
    scenes: tuple[Scene, ...] = field(default=())
    # Bumped by the store on every write to the film or its scenes (optimistic concurrency).
    version: int = 1

    @property
    def display_title(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def to_draft(self) -> FilmDraft:
        return FilmDraft(
            title=self.title,
            original_title=self.original_title,
            alt_titles=self.alt_titles,
            release_date=self.release_date,
            year=self.year,
            runtime=self.runtime,
            genres=self.genres,
            director=self.director,
            tagline=self.tagline,
            synopsis=self.synopsis,
            source=self.source,
            scenes=tuple(SceneDraft(s.title, s.description, s.spoiler) for s in self.scenes),
        )


@dataclass(frozen=True, slots=True)
class SceneReferences:
    """What points at a scene: members' favourites and polls listing it (newest first)."""

    favourites: int = 0
    polls: tuple[int, ...] = ()
    open_polls: tuple[int, ...] = ()  # of ``polls``, those still open


@dataclass(frozen=True, slots=True)
class FilmTitles:
    """What the search index needs of a film, read in one pass at start-up."""

    film_id: int
    guild_id: int | None
    title: str
    year: int | None
    other_titles: tuple[str, ...]


Severity = Literal["warning", "error"]


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something an importer noticed, naming the file and (when known) the line."""

    severity: Severity
    message: str
    source: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedFilm:
    """One film read from a file, with what the reader noticed. ``draft`` is None on errors."""

    draft: FilmDraft | None
    problems: tuple[ImportProblem, ...] = ()

    @property
    def errors(self) -> tuple[ImportProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[ImportProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.draft is not None and not self.errors
