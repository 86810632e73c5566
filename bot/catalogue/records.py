"""Films as plain mappings: the shape shared by catalogue TOML files, JSON export and `--json`.

``film_from_mapping`` reads one mapping (TOML table or JSON object) into a ``ParsedFilm`` whose
problems name the file; ``draft_to_record`` is its inverse for JSON output.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.catalogue.dates import parse_release_date
from bot.catalogue.models import FilmDraft, ImportProblem, ParsedFilm, SceneDraft
from bot.catalogue.validation import clean_draft
from bot.errors import ValidationError

FILM_KEYS = frozenset(
    {
        "title",
        "original_title",
        "alt_titles",
        "release_date",
        "year",
        "runtime",
        "genres",
        "director",
        "tagline",
        "synopsis",
        "source",
        "scenes",
    }
)
# Keys that JSON output carries beside the film itself; accepted and ignored on the way in.
INFORMATIONAL_KEYS = frozenset({"id", "guild_id", "warnings"})
SCENE_KEYS = frozenset({"title", "description", "spoiler", "rank"})


class _Problem(Exception):
    pass


def _text(data: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise _Problem(f"'{key}' is missing")
        return None
    if not isinstance(value, str):
        raise _Problem(f"'{key}' must be text, not {type(value).__name__}")
    return value


def _int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Problem(f"'{key}' must be a whole number")
    return value


def _text_list(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Problem(f"'{key}' must be a list of text")
    return tuple(value)


def _release_date(data: Mapping[str, Any]) -> date | None:
    value = data.get("release_date")
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # a TOML date-time: a date, so check it first
        raise _Problem("'release_date' must be a date without a time, such as 1985-11-21")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_release_date(value)
    raise _Problem("'release_date' must be a date such as 1985-11-21")


def _scenes(data: Mapping[str, Any]) -> tuple[SceneDraft, ...]:
    value = data.get("scenes", [])
    if not isinstance(value, list):
        raise _Problem("'scenes' must be a list of tables")
    scenes: list[SceneDraft] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise _Problem(f"scene {number} must be a table with title and description")
        unknown = set(item) - SCENE_KEYS
        if unknown:
            raise _Problem(f"scene {number} has unknown keys: {', '.join(sorted(unknown))}")
        rank = item.get("rank")
        if rank is not None and rank != number:
            raise _Problem(f"scene {number} says rank {rank}; scenes must be listed in rank order")
        spoiler = item.get("spoiler", False)
        if not isinstance(spoiler, bool):
            raise _Problem(f"scene {number}: 'spoiler' must be true or false")
        title = _text(item, "title", required=True)
        assert title is not None
        stated = "spoiler" in item
        scenes.append(SceneDraft(title, _text(item, "description") or "", spoiler, stated))
    return tuple(scenes)


def film_from_mapping(data: Any, source: str, line: int | None = None) -> ParsedFilm:
    """Read one film record; never raises for bad content, it reports problems instead."""

    def error(message: str) -> ParsedFilm:
        return ParsedFilm(None, (ImportProblem("error", message, source, line),))

    if not isinstance(data, Mapping):
        return error("a film must be a table/object of keys such as title and scenes")
    warnings = tuple(
        ImportProblem("warning", f"unknown key '{key}' ignored", source, line)
        for key in sorted(set(data) - FILM_KEYS - INFORMATIONAL_KEYS)
    )
    try:
        title = _text(data, "title", required=True)
        assert title is not None
        draft = FilmDraft(
            title=title,
            original_title=_text(data, "original_title"),
            alt_titles=_text_list(data, "alt_titles"),
            release_date=_release_date(data),
            year=_int(data, "year"),
            runtime=_int(data, "runtime"),
            genres=_text_list(data, "genres"),
            director=_text(data, "director"),
            tagline=_text(data, "tagline"),
            synopsis=_text(data, "synopsis") or "",
            source=_text(data, "source"),
            scenes=_scenes(data),
        )
        draft = clean_draft(draft)
    except (_Problem, ValidationError) as exc:
        return error(str(exc))
    return ParsedFilm(draft, warnings)


def draft_to_record(draft: FilmDraft) -> dict[str, Any]:
    """The JSON shape of a film (the inverse of ``film_from_mapping``)."""
    return {
        "title": draft.title,
        "original_title": draft.original_title,
        "alt_titles": list(draft.alt_titles),
        "release_date": draft.release_date.isoformat() if draft.release_date else None,
        "year": draft.effective_year,
        "runtime": draft.runtime,
        "genres": list(draft.genres),
        "director": draft.director,
        "tagline": draft.tagline,
        "synopsis": draft.synopsis,
        "source": draft.source,
        "scenes": [
            {"rank": i, "title": s.title, "description": s.description, "spoiler": s.spoiler}
            for i, s in enumerate(draft.scenes, start=1)
        ],
    }
