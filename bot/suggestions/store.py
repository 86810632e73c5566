"""What suggestions need from storage: reads on the store, writes on a unit of work
(``async with store.transaction() as tx``). Adapters raise ``bot.errors`` domain errors."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.suggestions.models import Suggestion, SuggestionDraft


class SuggestionTransaction(Protocol):
    async def submit(
        self, guild_id: int, user_id: int, film_id: int, draft: SuggestionDraft
    ) -> int:
        """A new pending suggestion; its id. ``ValidationError`` when the member already has
        ``MAX_PENDING`` pending suggestions in the guild (the schema counts, so concurrent
        submissions cannot race past it); ``ConflictError`` when the guild already has a
        pending suggestion of that title for that film."""

    async def claim(self, suggestion_id: int, token: str, seconds: int) -> bool:
        """Hold a pending suggestion for ``seconds`` while its scene is written; False when it
        is no longer pending or someone else holds an unexpired claim."""

    async def release(self, suggestion_id: int, token: str) -> None:
        """Give up a claim (the scene could not be written)."""

    async def approve(
        self, suggestion_id: int, reviewer_id: int, scene_id: int, token: str
    ) -> bool:
        """Mark a pending suggestion approved as ``scene_id`` under the caller's claim
        ``token`` (which ends); False when that claim is no longer the caller's."""

    async def reject(self, suggestion_id: int, reviewer_id: int, reason: str | None) -> bool:
        """Mark a pending, unclaimed (or expired-claim) suggestion rejected; False otherwise."""


class SuggestionStore(Protocol):
    async def get(self, suggestion_id: int) -> Suggestion | None: ...

    async def of_member(self, guild_id: int, user_id: int, limit: int = 25) -> list[Suggestion]:
        """A member's suggestions in a guild, newest first."""

    async def pending(self, guild_id: int, *, after: int = 0, limit: int = 25) -> list[Suggestion]:
        """A guild's pending suggestions with an id above ``after``, oldest first."""

    async def count_pending(self, guild_id: int) -> int: ...

    async def credits(self, scene_ids: Sequence[int]) -> dict[int, int]:
        """The member credited for each scene that came from an approved suggestion."""

    def transaction(self) -> AbstractAsyncContextManager[SuggestionTransaction]: ...
