"""Importing onto a stored film: what the file states wins, what it lacks keeps the stored value.

An article carries a title, a date, a genre or two and its scenes; it says nothing about the
director, runtime or tagline, and cannot mark spoilers. Merging field by field means such an
import never blanks what the catalogue already knows:

- single fields (original title, release date, year, runtime, director, tagline, synopsis,
  source): the imported value when present (not empty), otherwise the stored one;
- lists (genres, alternative titles): the stored entries, then the imported ones not already
  there, since an article naming fewer genres does not say the others are wrong;
- scenes: ``bot.catalogue.scene_plan`` (identity kept; spoiler flags kept unless stated).

An import therefore never clears a field; clearing is an edit (``/manage film edit``).
"""

from __future__ import annotations

from bot.catalogue.models import Film, FilmDraft
from bot.catalogue.scene_plan import ScenePlan
from bot.catalogue.search.normalise import identity_key


def _union(stored: tuple[str, ...], imported: tuple[str, ...]) -> tuple[str, ...]:
    seen = {identity_key(v) for v in stored}
    extra = []
    for value in imported:
        if identity_key(value) not in seen:
            seen.add(identity_key(value))
            extra.append(value)
    return (*stored, *extra)


def merge_film(stored: Film, imported: FilmDraft, scenes: ScenePlan) -> FilmDraft:
    """``imported`` laid over ``stored``, with the scene list ``scenes`` planned."""
    return FilmDraft(
        title=imported.title,
        original_title=imported.original_title or stored.original_title,
        alt_titles=_union(stored.alt_titles, imported.alt_titles),
        release_date=imported.release_date or stored.release_date,
        year=imported.year if imported.year is not None else stored.year,
        runtime=imported.runtime if imported.runtime is not None else stored.runtime,
        genres=_union(stored.genres, imported.genres),
        director=imported.director or stored.director,
        tagline=imported.tagline or stored.tagline,
        synopsis=imported.synopsis or stored.synopsis,
        source=imported.source or stored.source,
        scenes=tuple(w.draft for w in scenes.writes),
    )
