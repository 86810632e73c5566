"""Sharding as Discord does it (discord-api-docs: topics/gateway, "Sharding").

A guild belongs to shard ``(guild_id >> 22) % num_shards``; direct messages go to shard 0 only.
IDENTIFY's ``shard`` is ``[shard_id, num_shards]``; an invalid pair is closed with 4010, and a
session that would hold more guilds than one shard may is closed with 4011 (Discord requires a
shard per 2,500 guilds). ``GET /gateway/bot`` recommends a shard count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

MAX_GUILDS_PER_SHARD = 2500  # Discord's rule: sharding is required from 2,500 guilds


class InvalidShard(ValueError):
    """IDENTIFY carried a ``shard`` that is not ``[shard_id, num_shards]`` with 0 <= id < num."""


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events."""
    return (guild_id >> 22) % shard_count


def parse_shard(value: object) -> tuple[int, int] | None:
    """IDENTIFY's ``shard`` as ``(shard_id, num_shards)``; None when the bot does not shard."""
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise InvalidShard(f"shard must be [shard_id, num_shards], not {value!r}")
    shard_id, count = value
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (shard_id, count)):
        raise InvalidShard(f"shard must hold two integers, not {value!r}")
    if count < 1 or not 0 <= shard_id < count:
        raise InvalidShard(f"shard {shard_id} of {count} does not exist")
    return shard_id, count


def receives(shard: tuple[int, int] | None, guild_id: int | None) -> bool:
    """Whether a session identified with ``shard`` gets an event of ``guild_id`` (None: a DM)."""
    if shard is None:
        return True
    shard_id, count = shard
    if guild_id is None:
        return shard_id == 0
    return shard_of(guild_id, count) == shard_id


@dataclass(slots=True)
class ShardingPolicy:
    """How the emulated Discord shards this application.

    ``shard_count`` fixes the count ``GET /gateway/bot`` recommends; None derives it from the
    number of guilds and ``max_guilds_per_shard`` (Discord's 2,500, lower it in tests).
    """

    shard_count: int | None = None
    max_guilds_per_shard: int = MAX_GUILDS_PER_SHARD

    def recommended(self, guild_count: int) -> int:
        if self.shard_count is not None:
            return self.shard_count
        return max(1, math.ceil(guild_count / self.max_guilds_per_shard))

    def too_many(self, guild_ids: Iterable[int]) -> bool:
        """True when one session would hold more guilds than a shard may (close 4011)."""
        return sum(1 for _ in guild_ids) > self.max_guilds_per_shard
