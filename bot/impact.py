"""What removing a scene would touch, so a moderator is told before confirming.

It reads two features (favourites and polls), so it lives above them, beside ``bot.services``,
and asks their services rather than storage.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.community.service import CommunityService
from bot.polls.models import Status
from bot.polls.service import PollService

MAX_POLLS_CHECKED = 1000  # a server's most recent polls searched for the scene
MAX_SCENES_COUNTED = 50


@dataclass(frozen=True, slots=True)
class SceneImpact:
    favourites: int  # members whose favourite scene of the film it is
    polls: tuple[tuple[int, Status], ...]  # (poll id, status) of polls listing it, newest first


async def scene_removal_impact(
    community: CommunityService, polls: PollService, guild_id: int, film_id: int, scene_id: int
) -> SceneImpact:
    votes = await community.top_favourites(guild_id, film_id, limit=MAX_SCENES_COUNTED)
    fans = next((v.members for v in votes if v.scene_id == scene_id), 0)
    recent = await polls.list_polls(guild_id, limit=MAX_POLLS_CHECKED)
    listing = tuple(
        (p.id, p.status)
        for p in recent
        if p.film_id == film_id and any(o.scene_id == scene_id for o in p.options)
    )
    return SceneImpact(fans, listing)
