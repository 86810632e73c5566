"""Small builders the contract tests share (through the store protocols only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.catalogue.store import CatalogueStore
from bot.polls.models import Method, PollOption
from bot.polls.store import PollStore

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def draft(title: str = "Rocky IV", scenes: int = 3) -> FilmDraft:
    return FilmDraft(
        title=title, scenes=tuple(SceneDraft(f"Scene {n}") for n in range(1, scenes + 1))
    )


async def add_film(
    store: CatalogueStore, title: str = "Rocky IV", *, guild_id: int | None = None, scenes: int = 3
) -> int:
    async with store.transaction() as tx:
        return await tx.insert(draft(title, scenes), guild_id=guild_id, title_key=title.casefold())


def poll_fields(film_id: int, *, guild_id: int = 1) -> dict[str, Any]:
    """The arguments of ``PollTransaction.create`` for a three-option poll on ``film_id``."""
    return {
        "guild_id": guild_id,
        "channel_id": 9,
        "film_id": film_id,
        "film_title": "Rocky IV",
        "host_id": 5,
        "method": Method.SCHULZE,
        "created_at": NOW,
        "closes_at": NOW + timedelta(hours=1),
        "options": [PollOption(n, None, f"Scene {n}", False) for n in (1, 2, 3)],
    }


async def open_poll(store: PollStore, film_id: int, *, guild_id: int = 1) -> int:
    async with store.transaction() as tx:
        return await tx.create(**poll_fields(film_id, guild_id=guild_id))
