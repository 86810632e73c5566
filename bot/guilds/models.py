"""A guild's settings as stored (defaults when it never changed any)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    moderator_role_id: int | None = None
    poll_role_id: int | None = None
    spoilers: bool = True
