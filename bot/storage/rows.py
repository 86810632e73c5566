"""Rows to models (and drafts to row values), shared by the SQLite and PostgreSQL adapters.

Both adapters select the same columns in the same order, so one function per model builds it.
The drivers differ only in how they return times and dates (SQLite: ISO text; asyncpg:
``datetime``/``date``), and ``as_datetime``/``as_date`` accept either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from bot.catalogue.models import Film, FilmDraft, FilmTitles, Scene, SceneReferences
from bot.polls.models import Delivery, DeliveryState, Method, Poll, PollOption, Status
from bot.suggestions.models import Suggestion, SuggestionStatus

FILM_COLUMNS = (
    "id, guild_id, title, original_title, release_date, year, runtime, director, tagline, "
    "synopsis, source, version"
)
SCENE_COLUMNS = "id, film_id, rank, title, description, spoiler"
POLL_COLUMNS = (
    "id, guild_id, channel_id, message_id, results_message_id, film_id, film_title, host_id, "
    "method, status, created_at, closes_at, closed_at, ballot_count, ballot_writes"
)
POLL_OPTION_COLUMNS = "poll_id, option, scene_id, title, spoiler"
#: A suggestion with its film's title and year and the rank and film of the scene it became.
SUGGESTION_SELECT = (
    "SELECT g.id, g.guild_id, g.film_id, f.title, f.year, g.user_id, g.title, g.description, "
    "g.spoiler, g.status, g.reason, g.reviewer_id, g.scene_id, s.rank, s.film_id "
    "FROM scene_suggestions g JOIN films f ON f.id = g.film_id "
    "LEFT JOIN scenes s ON s.id = g.scene_id"
)
DELIVERY_COLUMNS = (
    "id, poll_id, state, attempts, next_attempt_at, claimed_by, lease_until, message_id, "
    "last_error, host_told"
)


def as_datetime(value: str | datetime | None) -> datetime | None:
    """A stored time as ``datetime``: SQLite keeps ISO text, asyncpg returns ``datetime``."""
    if isinstance(value, str):
        return datetime.fromisoformat(value) if value else None
    return value


def as_date(value: str | date | None) -> date | None:
    """A stored day as ``date``: SQLite keeps ISO text, asyncpg returns ``date``."""
    if isinstance(value, str):
        return date.fromisoformat(value) if value else None
    return value


def _required(value: str | datetime) -> datetime:
    when = as_datetime(value)
    assert when is not None
    return when


def film_values(draft: FilmDraft, title_key: str, *, iso_date: bool) -> tuple[Any, ...]:
    """A draft's film-row values in the order the adapters' INSERT and UPDATE name them;
    ``iso_date`` writes the release date as text (SQLite) rather than as a ``date``."""
    released: date | str | None = draft.release_date
    if iso_date and draft.release_date is not None:
        released = draft.release_date.isoformat()
    return (
        draft.title,
        title_key,
        draft.original_title,
        released,
        draft.effective_year,
        draft.runtime,
        draft.director,
        draft.tagline,
        draft.synopsis,
        draft.source,
    )


def scene_from_row(r: Sequence[Any]) -> Scene:
    """A scene from the ``SCENE_COLUMNS``."""
    return Scene(r[0], r[1], r[2], r[3], r[4], bool(r[5]))


def film_from_row(
    r: Sequence[Any],
    alt_titles: Mapping[int, Sequence[str]],
    genres: Mapping[int, Sequence[str]],
    scenes: Mapping[int, Sequence[Scene]],
) -> Film:
    """A film from the ``FILM_COLUMNS`` and its children, each keyed by film id in order."""
    return Film(
        id=r[0],
        guild_id=r[1],
        title=r[2],
        original_title=r[3],
        alt_titles=tuple(alt_titles.get(r[0], ())),
        release_date=as_date(r[4]),
        year=r[5],
        runtime=r[6],
        genres=tuple(genres.get(r[0], ())),
        director=r[7],
        tagline=r[8],
        synopsis=r[9],
        source=r[10],
        scenes=tuple(scenes.get(r[0], ())),
        version=r[11],
    )


def film_titles_from_row(r: Sequence[Any], alt_titles: Mapping[int, Sequence[str]]) -> FilmTitles:
    """What the search index needs of a film, from ``id, guild_id, title, original_title,
    year`` and its alternative titles: the original title counts as another title when it
    differs."""
    extra = list(alt_titles.get(r[0], ()))
    if r[3] and r[3] != r[2]:
        extra = [r[3], *extra]
    return FilmTitles(r[0], r[1], r[2], r[4], tuple(extra))


def scene_references(
    scene_ids: Sequence[int],
    favourites: Mapping[int, int],
    polls: Mapping[int, Sequence[int]],
    open_polls: Mapping[int, Sequence[int]],
) -> dict[int, SceneReferences]:
    """What points at each scene that anything points at, from the counts and poll ids the
    adapter collected (a scene nothing points at is left out)."""
    return {
        i: SceneReferences(
            favourites.get(i, 0), tuple(polls.get(i, ())), tuple(open_polls.get(i, ()))
        )
        for i in scene_ids
        if i in favourites or i in polls
    }


def poll_option_from_row(r: Sequence[Any]) -> PollOption:
    """An option from the ``POLL_OPTION_COLUMNS`` (the first, ``poll_id``, is the caller's)."""
    return PollOption(r[1], r[2], r[3], bool(r[4]))


def poll_from_row(r: Sequence[Any], options: Mapping[int, Sequence[PollOption]]) -> Poll:
    """A poll from the ``POLL_COLUMNS`` and its options keyed by poll id."""
    return Poll(
        id=r[0],
        guild_id=r[1],
        channel_id=r[2],
        message_id=r[3],
        results_message_id=r[4],
        film_id=r[5],
        film_title=r[6],
        host_id=r[7],
        method=Method(r[8]),
        status=Status(r[9]),
        created_at=_required(r[10]),
        closes_at=_required(r[11]),
        closed_at=as_datetime(r[12]),
        ballot_count=r[13],
        ballot_writes=r[14],
        options=tuple(options.get(r[0], ())),
    )


def delivery_from_row(r: Sequence[Any]) -> Delivery:
    """An outbox delivery from the ``DELIVERY_COLUMNS``."""
    return Delivery(
        id=r[0],
        poll_id=r[1],
        state=DeliveryState(r[2]),
        attempts=r[3],
        next_attempt_at=_required(r[4]),
        claimed_by=r[5],
        lease_until=as_datetime(r[6]),
        message_id=r[7],
        last_error=r[8],
        host_told=r[9],
    )


def suggestion_from_row(r: Sequence[Any]) -> Suggestion:
    """A row of ``SUGGESTION_SELECT``."""
    return Suggestion(
        id=r[0],
        guild_id=r[1],
        film_id=r[2],
        film_title=f"{r[3]} ({r[4]})" if r[4] else str(r[3]),
        user_id=r[5],
        title=r[6],
        description=r[7],
        spoiler=bool(r[8]),
        status=SuggestionStatus(r[9]),
        reason=r[10],
        reviewer_id=r[11],
        scene_id=r[12],
        scene_rank=r[13],
        scene_film_id=r[14],
    )
