"""Custom ids shared by several features, and those of single-module cogs.

Every custom id starts with ``proj:``. A feature package keeps its own ids in its ``ids`` module
(``cogs.polls.ids``, ``cogs.films.ids``); the ids here are the ones more than one feature uses or
answers: the film card's (shown by ``/film`` and ``/manage``; its pages answered by
``cogs.films``, its Best scenes button by ``cogs.scenes``, its Discuss button by
``cogs.discuss``), the TMDB card's Add button (answered by ``cogs.manage``), the scene pages of
``cogs.scenes`` and the live (in-memory) confirmations and forms of ``bot.ui.modals``.
"""

from __future__ import annotations

PREFIX = "proj:"
# Components answered by live (in-memory) views rather than by persistent items.
CONFIRM_PREFIX = "proj:confirm:"
FORM_PREFIX = "proj:modal:"
LIVE_VIEW_PREFIXES = (CONFIRM_PREFIX, FORM_PREFIX)

FILM = r"proj:film:(?P<film_id>\d{1,19})"
FILM_PAGE = FILM + r":page:(?P<page>\d{1,4})"
FILM_SCENES = FILM + r":scenes"
FILM_DISCUSS = FILM + r":discuss"
TMDB_ADD = r"proj:tmdb:(?P<tmdb_id>\d{1,10}):add"
SCENE_LIST = r"proj:scenes:(?P<film_id>\d{1,19}):(?P<ranking>[ec]):(?P<page>\d{1,4})"
SCENE = r"proj:scene:(?P<film_id>\d{1,19}):(?P<scene_id>\d{1,19}):(?P<page>\d{1,4})"


def film_page(film_id: int, page: int) -> str:
    return f"proj:film:{film_id}:page:{max(page, 0)}"


def film_scenes(film_id: int) -> str:
    return f"proj:film:{film_id}:scenes"


def film_discuss(film_id: int) -> str:
    return f"proj:film:{film_id}:discuss"


def tmdb_add(tmdb_id: int) -> str:
    return f"proj:tmdb:{tmdb_id}:add"


def scene_list(film_id: int, ranking: str, page: int) -> str:
    """``ranking`` is ``e`` (editorial) or ``c`` (community)."""
    return f"proj:scenes:{film_id}:{ranking}:{max(page, 0)}"


def scene(film_id: int, scene_id: int, page: int) -> str:
    return f"proj:scene:{film_id}:{scene_id}:{max(page, 0)}"


def confirm(nonce: str, answer: str) -> str:
    """A confirmation's button; ``answer`` is ``yes`` or ``no``."""
    return f"{CONFIRM_PREFIX}{nonce}:{answer}"
