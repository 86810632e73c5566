"""What the catalogue needs from storage: reads on the store, writes on a unit of work.

An adapter (``bot.storage.sqlite``, later PostgreSQL) implements these protocols. Methods take
no connection; every write happens inside ``async with store.transaction() as tx``, which commits
when the block ends and rolls back when it raises. Constraint violations arrive as
``bot.errors`` domain errors (``ConflictError``, ``ValidationError``), never driver exceptions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.catalogue.models import (
    Film,
    FilmDraft,
    FilmTitles,
    SceneDraft,
    SceneReferences,
    SceneWrite,
)


class CatalogueTransaction(Protocol):
    async def insert(self, draft: FilmDraft, *, guild_id: int | None, title_key: str) -> int:
        """A new film with its scenes; ConflictError when the identity is taken."""

    async def update(self, film_id: int, draft: FilmDraft, *, title_key: str) -> None:
        """Overwrite a film's own fields, alternative titles and genres; scenes are untouched."""

    async def update_fields(
        self, film_id: int, draft: FilmDraft, *, title_key: str, version: int
    ) -> bool:
        """Overwrite a film's own fields, never its scenes, only if the film is still at
        ``version`` (every write to a film or its scenes bumps it); False when it is not."""

    async def delete(self, film_id: int) -> None:
        """Remove a film and what hangs off it; ConflictError while it has an open poll."""

    async def sync_scenes(self, film_id: int, writes: Sequence[SceneWrite]) -> list[int]:
        """Make the film's scenes exactly ``writes`` in rank order: a write with a scene id
        updates that scene in place (its id survives), one without inserts, unlisted scenes of
        the film are deleted; ConflictError when a listed id is not the film's. Returns the ids
        in rank order."""

    async def carry_guild_references(
        self, guild_id: int, from_film: int, to_film: int, scenes: Mapping[int, int]
    ) -> None:
        """Move ``guild_id``'s favourites, polls (and their options' scenes), discussions and
        scene suggestions from ``from_film`` to ``to_film``, scene ``old`` to ``scenes[old]``:
        a guild's new copy of a shared film takes over what the guild did with the shared one."""

    async def count_owned(self, guild_id: int) -> int:
        """The films ``guild_id`` owns, counted inside the transaction (quotas cannot race)."""

    async def insert_scene(self, film_id: int, scene: SceneDraft, position: int) -> int:
        """Insert at ``position`` (1-based), shifting later scenes down; ValidationError when
        the film already has ``MAX_SCENES`` (checked inside the transaction, so it cannot race)."""

    async def update_scene(self, scene_id: int, scene: SceneDraft) -> None: ...

    async def delete_scene(self, film_id: int, scene_id: int) -> None: ...

    async def move_scene(self, film_id: int, scene_id: int, position: int) -> None: ...


class CatalogueStore(Protocol):
    async def change_token(self) -> int:
        """A cheap value that differs from the last one read whenever the films may have been
        changed since, by another process in particular (it may also change after this
        process's own writes). The catalogue compares it to refresh its search index."""

    @property
    def check_interval(self) -> float:
        """Seconds between the catalogue's ``change_token`` checks: short where the check is
        the only way to notice other processes' writes, longer where ``watch`` pushes them."""

    async def watch(self, changed: Callable[[], None]) -> Callable[[], Awaitable[None]]:
        """Call ``changed`` soon after any process commits a film or scene write, where the
        backend can tell (it may also call it spuriously, e.g. after a reconnect); returns the
        coroutine function that stops watching. A backend that cannot tell never calls it."""

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

    async def scene_references(self, scene_ids: Sequence[int]) -> dict[int, SceneReferences]:
        """Favourites (in every guild) and polls pointing at each scene; unreferenced scenes
        are left out."""

    async def count(self, *, guild_id: int | None = None, every_owner: bool = False) -> int:
        """Films visible to ``guild_id`` (shared and its own), or every film."""

    async def count_owned(self, guild_id: int) -> int:
        """The films ``guild_id`` owns itself (not the shared catalogue)."""

    async def table_counts(self) -> dict[str, int]: ...

    async def random_id(self, *, guild_id: int | None, genre: str | None = None) -> int | None: ...

    def transaction(self) -> AbstractAsyncContextManager[CatalogueTransaction]: ...
