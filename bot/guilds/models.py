"""A guild's settings as stored (defaults when it never changed any), and a change to some."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    moderator_role_id: int | None = None
    poll_role_id: int | None = None
    spoilers: bool = True


class SettingsChange(TypedDict, total=False):
    """The settings one write changes; the ones it does not name keep their stored values."""

    moderator_role_id: int | None
    poll_role_id: int | None
    spoilers: bool


SETTINGS_COLUMNS = ("moderator_role_id", "poll_role_id", "spoilers")
