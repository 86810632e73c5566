"""Favourite scenes and discussion threads, over the community store."""

from __future__ import annotations

import asyncio

from bot.community.models import Favourite, SceneVotes, Subject
from bot.community.store import CommunityStore


class CommunityService:
    def __init__(self, store: CommunityStore) -> None:
        self._store = store

    async def set_favourite(self, guild_id: int, user_id: int, film_id: int, scene_id: int) -> None:
        async with self._store.transaction() as tx:
            await tx.set_favourite(guild_id, user_id, film_id, scene_id)

    async def favourites_of(self, guild_id: int, user_id: int) -> list[Favourite]:
        return await self._store.favourites_of(guild_id, user_id)

    async def top_favourites(
        self, guild_id: int, film_id: int | None = None, limit: int = 10
    ) -> list[SceneVotes]:
        return await self._store.top_favourites(guild_id, film_id, limit)

    async def thread_for(self, subject: Subject) -> int | None:
        return await self._store.thread_for(subject)

    async def claim_thread(self, subject: Subject, replacing: int | None = None) -> bool:
        """Claim-before-create: only the caller that gets True may create the thread."""
        async with self._store.transaction() as tx:
            return await tx.claim_thread(subject, replacing)

    async def release_claim(self, subject: Subject) -> None:
        async with self._store.transaction() as tx:
            await tx.release_claim(subject)

    async def wait_for_thread(
        self, subject: Subject, *, attempts: int = 10, interval: float = 0.2
    ) -> int | None:
        """The thread another caller is creating for ``subject``, once it is remembered."""
        for _ in range(attempts):
            thread_id = await self._store.thread_for(subject)
            if thread_id is not None:
                return thread_id
            await asyncio.sleep(interval)
        return None

    async def remember_thread(self, subject: Subject, thread_id: int) -> None:
        async with self._store.transaction() as tx:
            await tx.remember_thread(subject, thread_id)
