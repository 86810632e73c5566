"""TMDB's JSON (v3, as documented) turned into this package's dataclasses.

Parsing is forgiving about missing or null fields, which TMDB leaves out or nulls for thin
entries, and strict about types: a value of the wrong type counts as absent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.tmdb.genres import map_genres
from bot.tmdb.models import ImageConfig, TmdbMovie, TmdbMovieSummary

# Release types that count as a first public release: premiere, limited theatrical, theatrical.
PUBLIC_RELEASE_TYPES = frozenset({1, 2, 3})
DEFAULT_POSTER_SIZE = "w342"


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _objects(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def parse_date(value: Any) -> date | None:
    """``YYYY-MM-DD`` or an ISO timestamp (release_dates uses ``…T00:00:00.000Z``); else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_image_config(data: dict[str, Any]) -> ImageConfig:
    images = data.get("images")
    images = images if isinstance(images, dict) else {}
    base = _text(images, "secure_base_url") or _text(images, "base_url")
    sizes = images.get("poster_sizes")
    poster_sizes = tuple(s for s in sizes if isinstance(s, str)) if isinstance(sizes, list) else ()
    return ImageConfig(secure_base_url=base, poster_sizes=poster_sizes)


def _original_title(data: dict[str, Any], title: str) -> str | None:
    original = _text(data, "original_title")
    return original if original and original != title else None


def parse_summary(
    data: dict[str, Any], images: ImageConfig, size: str = DEFAULT_POSTER_SIZE
) -> TmdbMovieSummary | None:
    tmdb_id = _int(data, "id")
    title = _text(data, "title")
    if tmdb_id is None or not title:
        return None
    ids = data.get("genre_ids")
    genre_ids = [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []
    return TmdbMovieSummary(
        tmdb_id=tmdb_id,
        title=title,
        original_title=_original_title(data, title),
        release_date=parse_date(data.get("release_date")),
        overview=_text(data, "overview"),
        genres=map_genres((i, None) for i in genre_ids),
        poster_url=images.poster_url(_text(data, "poster_path"), size),
    )


def parse_search(
    data: dict[str, Any], images: ImageConfig, size: str = DEFAULT_POSTER_SIZE
) -> tuple[TmdbMovieSummary, ...]:
    parsed = (parse_summary(r, images, size) for r in _objects(data.get("results")))
    return tuple(s for s in parsed if s is not None)


def _directors(data: dict[str, Any]) -> str | None:
    credits = data.get("credits")
    crew = _objects(credits.get("crew")) if isinstance(credits, dict) else []
    names: list[str] = []
    for member in crew:
        name = _text(member, "name")
        if _text(member, "job") == "Director" and name and name not in names:
            names.append(name)
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _alt_titles(data: dict[str, Any], title: str, original: str | None) -> tuple[str, ...]:
    block = data.get("alternative_titles")
    entries = _objects(block.get("titles")) if isinstance(block, dict) else []
    seen = {title.casefold(), (original or "").casefold()}
    result: list[str] = []
    for entry in entries:
        alt = _text(entry, "title")
        if alt and alt.casefold() not in seen:
            seen.add(alt.casefold())
            result.append(alt)
    return tuple(result)


def first_public_release(data: dict[str, Any]) -> date | None:
    """The earliest premiere or theatrical date in ``release_dates``, else the primary date."""
    block = data.get("release_dates")
    countries = _objects(block.get("results")) if isinstance(block, dict) else []
    dates = [
        d
        for country in countries
        for entry in _objects(country.get("release_dates"))
        if _int(entry, "type") in PUBLIC_RELEASE_TYPES
        and (d := parse_date(entry.get("release_date"))) is not None
    ]
    primary = parse_date(data.get("release_date"))
    return min(dates) if dates else primary


def parse_details(
    data: dict[str, Any], images: ImageConfig, size: str = DEFAULT_POSTER_SIZE
) -> TmdbMovie | None:
    """Details with ``append_to_response=credits,alternative_titles,release_dates``."""
    tmdb_id = _int(data, "id")
    title = _text(data, "title")
    if tmdb_id is None or not title:
        return None
    original = _original_title(data, title)
    runtime = _int(data, "runtime")
    genres = _objects(data.get("genres"))
    return TmdbMovie(
        tmdb_id=tmdb_id,
        title=title,
        original_title=original,
        release_date=first_public_release(data),
        overview=_text(data, "overview"),
        runtime=runtime if runtime else None,
        director=_directors(data),
        genres=map_genres((_int(g, "id"), _text(g, "name")) for g in genres),
        alt_titles=_alt_titles(data, title, original),
        tagline=_text(data, "tagline") or None,
        poster_url=images.poster_url(_text(data, "poster_path"), size),
    )
