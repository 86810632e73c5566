"""Scene suggestions as stored, and the limits the schema enforces.

A member proposes a scene for a film their guild can see; it stays ``pending`` until a
moderator approves it (it becomes a normal scene, crediting the member) or rejects it (with an
optional reason). A member has at most ``MAX_PENDING`` pending suggestions per guild at once;
the database refuses the next one (migration 0009), so concurrent submissions cannot race past it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Pending suggestions one member may have in one guild at once (README documents it).
MAX_PENDING = 3
SUGGESTION_TITLE_MAX = 200  # the scene title limit (bot.catalogue.models.SCENE_TITLE_MAX)
SUGGESTION_DESCRIPTION_MAX = 2_000
REASON_MAX = 500


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


def title_key(title: str) -> str:
    """What makes two scene titles the same: case and spacing do not count."""
    return " ".join(title.casefold().split())


@dataclass(frozen=True, slots=True)
class SuggestionDraft:
    """What a member typed (or a moderator edited)."""

    title: str
    description: str = ""
    spoiler: bool = False


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: int
    guild_id: int
    film_id: int
    film_title: str
    user_id: int
    title: str
    description: str
    spoiler: bool
    status: SuggestionStatus
    reason: str | None = None
    reviewer_id: int | None = None
    scene_id: int | None = None  # the scene it became (None once that scene is removed)
    scene_rank: int | None = None  # that scene's rank now
    scene_film_id: int | None = None  # the film holding that scene (a guild copy, maybe)
