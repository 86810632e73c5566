"""Favourites and discussion subjects as stored."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Favourite:
    film_id: int
    scene_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class SceneVotes:
    """How many members of a guild picked a scene as their favourite."""

    film_id: int
    scene_id: int
    members: int


@dataclass(frozen=True, slots=True)
class Subject:
    """What a discussion thread is about: a film, or one of its scenes, in one channel."""

    guild_id: int
    channel_id: int
    film_id: int
    scene_id: int | None = None
