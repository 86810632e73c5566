"""What removing a scene would touch, so a moderator is told before confirming."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.community import FavouriteRepository
from bot.storage.database import Database
from bot.storage.polls import PollRepository

MAX_POLLS_CHECKED = 1000  # a server's most recent polls searched for the scene
MAX_SCENES_COUNTED = 50


@dataclass(frozen=True, slots=True)
class SceneImpact:
    favourites: int  # members whose favourite scene of the film it is
    polls: tuple[tuple[int, str], ...]  # (poll id, status) of polls listing it, newest first


async def scene_removal_impact(
    db: Database, guild_id: int, film_id: int, scene_id: int
) -> SceneImpact:
    votes = await FavouriteRepository(db).top(guild_id, film_id, limit=MAX_SCENES_COUNTED)
    fans = next((v.members for v in votes if v.scene_id == scene_id), 0)
    polls = await PollRepository(db).list_for_guild(guild_id, limit=MAX_POLLS_CHECKED)
    listing = tuple(
        (p.id, p.status)
        for p in polls
        if p.film_id == film_id and any(o.scene_id == scene_id for o in p.options)
    )
    return SceneImpact(fans, listing)
