"""Starting a poll in the service-level tests: one hour, Schulze, in channel 9, hosted by user 1,
unless a test says otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.catalogue.models import Film
from bot.polls.models import Method, Poll
from bot.polls.service import PollService


async def start_poll(
    service: PollService,
    film: Film,
    *,
    guild_id: int,
    channel_id: int = 9,
    host_id: int = 1,
    method: Method | str = "schulze",
    scene_ranks: Sequence[int] | None = None,
) -> Poll:
    return await service.start(
        guild_id=guild_id,
        channel_id=channel_id,
        film=film,
        host_id=host_id,
        duration=timedelta(hours=1),
        method=method,
        scene_ranks=scene_ranks,
    )
