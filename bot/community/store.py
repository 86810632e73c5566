"""What favourites and discussions need from storage: reads on the store, writes on a unit of
work (``async with store.transaction() as tx``). Adapters raise ``bot.errors`` domain errors."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.community.models import Favourite, SceneVotes, Subject


class CommunityTransaction(Protocol):
    async def set_favourite(self, guild_id: int, user_id: int, film_id: int, scene_id: int) -> None:
        """A member's one favourite scene of a film (replacing any earlier pick)."""

    async def remember_thread(self, subject: Subject, thread_id: int) -> None:
        """The thread now open for ``subject`` (replacing a remembered older one)."""


class CommunityStore(Protocol):
    async def favourites_of(self, guild_id: int, user_id: int) -> list[Favourite]:
        """Most recently changed first."""

    async def top_favourites(
        self, guild_id: int, film_id: int | None = None, limit: int = 10
    ) -> list[SceneVotes]: ...

    async def thread_for(self, subject: Subject) -> int | None: ...

    def transaction(self) -> AbstractAsyncContextManager[CommunityTransaction]: ...
