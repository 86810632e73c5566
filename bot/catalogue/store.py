"""What the catalogue needs from storage: reads on the store, writes on a unit of work.

An adapter (``bot.storage.sqlite``, later PostgreSQL) implements these protocols. Methods take
no connection; every write happens inside ``async with store.transaction() as tx``, which commits
when the block ends and rolls back when it raises. Constraint violations arrive as
``bot.errors`` domain errors (``ConflictError``, ``ValidationError``), never driver exceptions.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.catalogue.models import Film, FilmDraft, FilmTitles, SceneDraft


class CatalogueTransaction(Protocol):
    async def insert(self, draft: FilmDraft, *, guild_id: int | None, title_key: str) -> int:
        """A new film with its scenes; ConflictError when the identity is taken."""

    async def update(self, film_id: int, draft: FilmDraft, *, title_key: str) -> None:
        """Overwrite a film's fields; scenes are matched by rank so their ids survive."""

    async def update_fields(
        self, film_id: int, draft: FilmDraft, *, title_key: str, version: int
    ) -> bool:
        """Overwrite a film's own fields, never its scenes, only if the film is still at
        ``version`` (every write to a film or its scenes bumps it); False when it is not."""

    async def delete(self, film_id: int) -> None:
        """Remove a film and what hangs off it; ConflictError while it has an open poll."""

    async def replace_scenes(self, film_id: int, scenes: Sequence[SceneDraft]) -> None: ...

    async def insert_scene(self, film_id: int, scene: SceneDraft, position: int) -> int:
        """Insert at ``position`` (1-based), shifting later scenes down; ValidationError when
        the film already has ``MAX_SCENES`` (checked inside the transaction, so it cannot race)."""

    async def update_scene(self, scene_id: int, scene: SceneDraft) -> None: ...

    async def delete_scene(self, film_id: int, scene_id: int) -> None: ...

    async def move_scene(self, film_id: int, scene_id: int, position: int) -> None: ...


class CatalogueStore(Protocol):
    async def get(self, film_id: int) -> Film | None: ...

    async def get_many(self, film_ids: Sequence[int]) -> list[Film]:
        """Films by id, in the order asked, skipping ids that do not exist."""

    async def list_films(
        self, *, guild_id: int | None = None, every_owner: bool = False
    ) -> list[Film]:
        """One owner's films (``guild_id`` None: the shared catalogue); all when
        ``every_owner``."""

    async def find_identity(
        self, guild_id: int | None, title_key: str, year: int | None
    ) -> int | None: ...

    async def all_titles(self) -> list[FilmTitles]: ...

    async def count(self, *, guild_id: int | None = None, every_owner: bool = False) -> int:
        """Films visible to ``guild_id`` (shared and its own), or every film."""

    async def table_counts(self) -> dict[str, int]: ...

    async def random_id(self, *, guild_id: int | None, genre: str | None = None) -> int | None: ...

    def transaction(self) -> AbstractAsyncContextManager[CatalogueTransaction]: ...
