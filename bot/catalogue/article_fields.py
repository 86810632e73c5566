"""Checking and converting an article's header values, for :mod:`bot.catalogue.article`.

``Title`` is required (an error without it); the release date, year and genres are expected
(warnings without them); the runtime, director, tagline, original title and alternative titles
are optional. Values that cannot be read are skipped, and values that are too long are
shortened, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.catalogue.article_header import Field, Header
from bot.catalogue.article_text import Problems, collapse, shorten
from bot.catalogue.dates import MAX_YEAR, MIN_YEAR, parse_release_date
from bot.catalogue.genres import canonical_genre
from bot.catalogue.models import (
    ALT_TITLE_MAX,
    DIRECTOR_MAX,
    FILM_TITLE_MAX,
    MAX_ALT_TITLES,
    MAX_GENRES,
    RUNTIME_MAX,
    TAGLINE_MAX,
)
from bot.errors import ValidationError

# Values quoted back in a message are shortened to this.
_SHOWN_MAX = 40

_RUNTIME_MINUTES = re.compile(r"([0-9]{1,4}) ?(?:m|min|mins|minutes?)?\.?")
_RUNTIME_HOURS = re.compile(
    r"([0-9]{1,2}) ?(?:h|hr|hrs|hours?)\.?(?: ?([0-9]{1,2}) ?(?:m|min|mins|minutes?)?\.?)?"
)
_YEAR_ONLY = re.compile(r"[0-9]{4}")
_GENRE_SEPARATORS = re.compile(r"[,;/|]")


@dataclass(slots=True)
class FilmFields:
    """The header's values, checked and converted."""

    title: str = ""
    release_date: date | None = None
    year: int | None = None
    genres: tuple[str, ...] = ()
    director: str | None = None
    runtime: int | None = None
    original_title: str | None = None
    alt_titles: tuple[str, ...] = ()
    tagline: str | None = None


def film_fields(header: Header, problems: Problems) -> FilmFields:
    """Check and convert the header's values, reporting what is wrong with them."""
    values = FilmFields()
    fields = header.fields
    values.title = _title(fields.get("title"), header.start_line, problems)
    _dates(values, fields.get("release_date"), fields.get("year"), header.start_line, problems)
    values.genres = _genres(fields.get("genres"), header.start_line, problems)
    values.runtime = _runtime(fields.get("runtime"), problems)
    values.director = _optional_text(fields.get("director"), "director", DIRECTOR_MAX, problems)
    values.tagline = _optional_text(fields.get("tagline"), "tagline", TAGLINE_MAX, problems)
    values.original_title = _optional_text(
        fields.get("original_title"), "original title", ALT_TITLE_MAX, problems
    )
    values.alt_titles = _alt_titles(fields.get("alt_titles"), values.title, problems)
    return values


def _title(found: Field | None, header_line: int, problems: Problems) -> str:
    if found is None or not found.value:
        line = found.line if found else header_line
        problems.error("The film has no title: add a “Title:” line to the header.", line)
        return ""
    if len(found.value) > FILM_TITLE_MAX:
        problems.error(
            f"The title is {len(found.value)} characters long; the limit is {FILM_TITLE_MAX}.",
            found.line,
        )
    return found.value


def _dates(
    values: FilmFields,
    release: Field | None,
    year: Field | None,
    header_line: int,
    problems: Problems,
) -> None:
    if release is not None and release.value:
        if _YEAR_ONLY.fullmatch(release.value):
            values.year = _year(release, problems)
            if values.year is not None:
                problems.warning("The release date is only a year.", release.line)
        else:
            try:
                values.release_date = parse_release_date(release.value)
            except ValidationError as error:
                problems.error(f"The release date cannot be read: {error.message}", release.line)
                return
            values.year = values.release_date.year
    if year is not None and year.value:
        header_year = _year(year, problems)
        if values.year is None:
            values.year = header_year
        elif header_year is not None and header_year != values.year:
            problems.warning(
                f"The year {header_year} does not match the release date; {values.year} is used.",
                year.line,
            )
    if values.year is None:
        line = release.line if release else header_line
        problems.warning("The film has no release date.", line)


def _year(found: Field, problems: Problems) -> int | None:
    if _YEAR_ONLY.fullmatch(found.value) and MIN_YEAR <= int(found.value) <= MAX_YEAR:
        return int(found.value)
    problems.warning(
        f"“{shorten(found.value, _SHOWN_MAX)}” is not a year between {MIN_YEAR} and {MAX_YEAR}; "
        "it was skipped.",
        found.line,
    )
    return None


def _genres(found: Field | None, header_line: int, problems: Problems) -> tuple[str, ...]:
    names = [name.strip() for name in _GENRE_SEPARATORS.split(found.value)] if found else []
    genres: list[str] = []
    line = found.line if found else header_line
    for name in filter(None, names):
        genre = canonical_genre(name)
        if genre is None:
            problems.warning(f"Unknown genre “{shorten(name, _SHOWN_MAX)}” was dropped.", line)
        elif genre not in genres:
            genres.append(genre)
    if len(genres) > MAX_GENRES:
        problems.warning(f"Only the first {MAX_GENRES} genres were kept.", line)
        genres = genres[:MAX_GENRES]
    if not genres:
        problems.warning("The film has no genres.", line)
    return tuple(genres)


def _runtime(found: Field | None, problems: Problems) -> int | None:
    if found is None or not found.value:
        return None
    text = found.value.casefold()
    minutes: int | None = None
    if match := _RUNTIME_MINUTES.fullmatch(text):
        minutes = int(match[1])
    elif match := _RUNTIME_HOURS.fullmatch(text):
        minutes = int(match[1]) * 60 + int(match[2] or 0)
    if minutes is None or not 1 <= minutes <= RUNTIME_MAX:
        problems.warning(
            f"The runtime “{shorten(found.value, _SHOWN_MAX)}” cannot be read (try “91 min”); "
            "it was skipped.",
            found.line,
        )
        return None
    return minutes


def _optional_text(found: Field | None, what: str, limit: int, problems: Problems) -> str | None:
    if found is None or not found.value:
        return None
    if len(found.value) > limit:
        problems.warning(
            f"The {what} is longer than {limit} characters and was shortened.", found.line
        )
        return shorten(found.value, limit)
    return found.value


def _alt_titles(found: Field | None, title: str, problems: Problems) -> tuple[str, ...]:
    if found is None or not found.value:
        return ()
    separator = ";" if ";" in found.value else ","
    titles: list[str] = []
    seen = {title.casefold()}
    for name in (collapse(part) for part in found.value.split(separator)):
        if not name or name.casefold() in seen:
            continue
        if len(name) > ALT_TITLE_MAX:
            problems.warning(
                f"An alternative title is longer than {ALT_TITLE_MAX} characters and was "
                "shortened.",
                found.line,
            )
            name = shorten(name, ALT_TITLE_MAX)
        seen.add(name.casefold())
        titles.append(name)
    if len(titles) > MAX_ALT_TITLES:
        problems.warning(
            f"Only the first {MAX_ALT_TITLES} alternative titles were kept.", found.line
        )
        titles = titles[:MAX_ALT_TITLES]
    return tuple(titles)
