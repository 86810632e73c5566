"""Cleaning and checking film drafts before anything is stored.

Every way into the catalogue (catalogue files, articles, JSON, Discord modals) passes through
``clean_draft``, so the database only ever holds text that fits the limits in
``bot.catalogue.models``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.catalogue.genres import GENRES, canonical_genre
from bot.catalogue.models import (
    ALT_TITLE_MAX,
    DIRECTOR_MAX,
    FILM_TITLE_MAX,
    MAX_ALT_TITLES,
    MAX_GENRES,
    MAX_SCENES,
    RUNTIME_MAX,
    SCENE_DESCRIPTION_MAX,
    SCENE_TITLE_MAX,
    SYNOPSIS_MAX,
    TAGLINE_MAX,
    FilmDraft,
    SceneDraft,
)
from bot.catalogue.search.normalise import identity_key
from bot.errors import ValidationError

YEAR_MIN = 1870
YEAR_MAX = 2100

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def check_text(text: str) -> str:
    """``text``, unless it holds a lone surrogate (JSON "\\ud800"), which no database, terminal
    or Discord message can carry: then ``ValidationError``."""
    found = _SURROGATE.search(text)
    if found:
        code = f"U+{ord(found[0]):04X}"
        raise ValidationError(f"Some text is not valid text: it holds a lone surrogate ({code}).")
    return text


def printable(text: str) -> str:
    """``text`` with any lone surrogate replaced by U+FFFD, safe to print or send."""
    return _SURROGATE.sub("\ufffd", text)


def clean_line(text: str) -> str:
    """One line of text: control characters dropped, runs of white space folded."""
    check_text(text)
    return " ".join(_CONTROL.sub("", text.replace("\r", " ").replace("\n", " ")).split())


def clean_block(text: str) -> str:
    """Multi-line prose: line endings normalised, trailing spaces and extra blank lines removed."""
    check_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def title_key(title: str) -> str:
    """The normalised title used to recognise the same film on a re-import (and the one the
    search index uses to let a guild's own copy shadow a shared film)."""
    return identity_key(title)


def _required_line(value: str, field: str, limit: int) -> str:
    cleaned = clean_line(value)
    if not cleaned:
        raise ValidationError(f"The {field} cannot be empty.")
    if len(cleaned) > limit:
        raise ValidationError(
            f"The {field} is {len(cleaned)} characters long; the limit is {limit}."
        )
    return cleaned


def _optional_line(value: str | None, field: str, limit: int) -> str | None:
    if value is None:
        return None
    cleaned = clean_line(value)
    if len(cleaned) > limit:
        raise ValidationError(
            f"The {field} is {len(cleaned)} characters long; the limit is {limit}."
        )
    return cleaned or None


def _block(value: str, field: str, limit: int) -> str:
    cleaned = clean_block(value)
    if len(cleaned) > limit:
        raise ValidationError(
            f"The {field} is {len(cleaned)} characters long; the limit is {limit}."
        )
    return cleaned


def clean_genres(genres: tuple[str, ...]) -> tuple[str, ...]:
    result: list[str] = []
    for raw in genres:
        genre = canonical_genre(raw)
        if genre is None:
            raise ValidationError(
                f"'{clean_line(raw)[:40]}' is not a genre I know. Use: {', '.join(GENRES)}."
            )
        if genre not in result:
            result.append(genre)
    if len(result) > MAX_GENRES:
        raise ValidationError(f"A film can have at most {MAX_GENRES} genres.")
    return tuple(result)


def clean_scene(scene: SceneDraft) -> SceneDraft:
    return SceneDraft(
        title=_required_line(scene.title, "scene title", SCENE_TITLE_MAX),
        description=_block(scene.description, "scene description", SCENE_DESCRIPTION_MAX),
        spoiler=bool(scene.spoiler),
        spoiler_stated=scene.spoiler_stated,
    )


def check_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        shown = str(year) if abs(year) < 10**12 else "a number that long"
        raise ValidationError(f"The year must be between {YEAR_MIN} and {YEAR_MAX}, not {shown}.")
    return year


def clean_draft(draft: FilmDraft) -> FilmDraft:
    """Return ``draft`` with its text tidied, or raise ``ValidationError`` saying what is wrong."""
    title = _required_line(draft.title, "title", FILM_TITLE_MAX)
    alt_titles: list[str] = []
    seen = {title_key(title)}
    for alt in draft.alt_titles:
        cleaned = _optional_line(alt, "alternative title", ALT_TITLE_MAX)
        if cleaned and title_key(cleaned) not in seen:
            seen.add(title_key(cleaned))
            alt_titles.append(cleaned)
    if len(alt_titles) > MAX_ALT_TITLES:
        raise ValidationError(f"A film can have at most {MAX_ALT_TITLES} alternative titles.")
    year = draft.year
    if draft.release_date is not None:
        check_year(draft.release_date.year)
        if year is not None and year != draft.release_date.year:
            raise ValidationError(
                f"The year {year} does not match the release date {draft.release_date}."
            )
        year = draft.release_date.year
    if year is not None:
        check_year(year)
    if draft.runtime is not None and not 1 <= draft.runtime <= RUNTIME_MAX:
        raise ValidationError(f"The runtime must be 1 to {RUNTIME_MAX} minutes.")
    if len(draft.scenes) > MAX_SCENES:
        raise ValidationError(f"A film can have at most {MAX_SCENES} scenes.")
    return replace(
        draft,
        title=title,
        original_title=_optional_line(draft.original_title, "original title", FILM_TITLE_MAX),
        alt_titles=tuple(alt_titles),
        year=year,
        genres=clean_genres(draft.genres),
        director=_optional_line(draft.director, "director", DIRECTOR_MAX),
        tagline=_optional_line(draft.tagline, "tagline", TAGLINE_MAX),
        synopsis=_block(draft.synopsis, "synopsis", SYNOPSIS_MAX),
        source=_optional_line(draft.source, "source", 500),
        scenes=tuple(clean_scene(s) for s in draft.scenes),
    )
