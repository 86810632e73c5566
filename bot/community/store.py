"""What favourites and discussions need from storage: reads on the store, writes on a unit of
work (``async with store.transaction() as tx``). Adapters raise ``bot.errors`` domain errors."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.community.models import Favourite, SceneVotes, Subject


class CommunityTransaction(Protocol):
    async def set_favourite(self, guild_id: int, user_id: int, film_id: int, scene_id: int) -> None:
        """A member's one favourite scene of a film (replacing any earlier pick)."""

    async def claim_thread(self, subject: Subject, replacing: int | None) -> bool:
        """Reserve ``subject`` before creating its thread; True for exactly one concurrent
        caller. A row holding ``replacing`` (a thread found archived) or an abandoned claim may
        be taken over; any other existing row makes this False."""

    async def release_claim(self, subject: Subject) -> None:
        """Drop a claim whose thread could not be created (a remembered thread stays)."""

    async def remember_thread(self, subject: Subject, thread_id: int) -> None:
        """The thread now open for ``subject`` (filling the claim or replacing an older one)."""


class CommunityStore(Protocol):
    async def favourites_of(self, guild_id: int, user_id: int) -> list[Favourite]:
        """Most recently changed first."""

    async def top_favourites(
        self, guild_id: int, film_id: int | None = None, limit: int = 10
    ) -> list[SceneVotes]: ...

    async def thread_for(self, subject: Subject) -> int | None:
        """The remembered thread; None when there is none or it is only claimed."""

    def transaction(self) -> AbstractAsyncContextManager[CommunityTransaction]: ...
