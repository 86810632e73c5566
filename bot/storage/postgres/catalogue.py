"""The catalogue store on PostgreSQL: film and scene rows, parameterised SQL throughout.

``PgCatalogueStore`` reads; ``PgCatalogueTransaction`` is the unit of work its ``transaction()``
yields, holding one pooled connection inside a transaction. Behaviour mirrors the SQLite adapter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from bot.catalogue.models import (
    MAX_SCENES,
    Film,
    FilmDraft,
    FilmTitles,
    Scene,
    SceneDraft,
    SceneReferences,
    SceneWrite,
)
from bot.errors import ConflictError, ValidationError
from bot.storage.carry import carry_statements, numbered
from bot.storage.postgres.database import PgDatabase
from bot.storage.refusals import (
    SCENE_IN_SOME_OPEN_POLL,
    TOO_MANY_SCENES,
    import_removes_polled_scene,
    scene_in_open_poll,
    title_taken,
)
from bot.storage.rows import (
    FILM_COLUMNS,
    SCENE_COLUMNS,
    film_from_row,
    film_titles_from_row,
    film_values,
    scene_from_row,
    scene_references,
)

_SCENE_INSERT = (
    "INSERT INTO scenes (film_id, rank, title, description, spoiler) VALUES ($1, $2, $3, $4, $5)"
)
# Rank arithmetic as on SQLite: shifting goes through ranks >= _OFFSET and a scene being moved
# is parked at _PARKED, so no statement collides with UNIQUE (film_id, rank).
_OFFSET = 10_000
_PARKED = 1_000_000


#: With LISTEN/NOTIFY pushing changes, the change_token check is only a spare.
CHECK_SECONDS = 5.0


class PgCatalogueStore:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @property
    def check_interval(self) -> float:
        return CHECK_SECONDS

    async def watch(self, changed: Callable[[], None]) -> Callable[[], Awaitable[None]]:
        """Call ``changed`` whenever any process commits a film or scene write (LISTEN on a
        dedicated connection, re-established when it drops); returns how to stop."""
        listener = self._db.listener(changed)
        listener.start()
        return listener.stop

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgCatalogueTransaction]:
        async with self._db.transaction() as conn:
            yield PgCatalogueTransaction(conn)

    # -- reads -------------------------------------------------------------------------------

    async def get(self, film_id: int) -> Film | None:
        films = await self.get_many([film_id])
        return films[0] if films else None

    async def get_many(self, film_ids: Sequence[int]) -> list[Film]:
        """Films by id, in the order asked, skipping ids that do not exist."""
        if not film_ids:
            return []
        found = {f.id: f for f in await self._load("WHERE id = ANY($1::bigint[])", list(film_ids))}
        return [found[i] for i in film_ids if i in found]

    async def list_films(
        self, *, guild_id: int | None = None, every_owner: bool = False
    ) -> list[Film]:
        if every_owner:
            return await self._load("ORDER BY id")
        if guild_id is None:
            return await self._load("WHERE guild_id IS NULL ORDER BY id")
        return await self._load("WHERE guild_id = $1 ORDER BY id", guild_id)

    async def find_identity(
        self, guild_id: int | None, title_key: str, year: int | None
    ) -> int | None:
        value = await self._db.fetchval(
            "SELECT id FROM films WHERE coalesce(guild_id, 0) = $1 AND title_key = $2 "
            "AND coalesce(year, 0) = $3",
            guild_id or 0,
            title_key,
            year or 0,
        )
        return int(value) if value is not None else None

    async def all_titles(self) -> list[FilmTitles]:
        others: dict[int, list[str]] = defaultdict(list)
        for row in await self._db.fetch(
            "SELECT film_id, title FROM film_alt_titles ORDER BY film_id, position"
        ):
            others[row[0]].append(row[1])
        result: list[FilmTitles] = []
        for row in await self._db.fetch(
            "SELECT id, guild_id, title, original_title, year FROM films ORDER BY id"
        ):
            result.append(film_titles_from_row(row, others))
        return result

    async def change_token(self) -> int:
        """Differs whenever films were inserted (identities only grow), deleted (the count
        drops) or written (their versions, bumped by triggers, grow), by any process."""
        row = await self._db.fetchrow(
            "SELECT count(*), coalesce(sum(version), 0), coalesce(max(id), 0) FROM films"
        )
        assert row is not None
        return hash((int(row[0]), int(row[1]), int(row[2])))

    async def count_owned(self, guild_id: int) -> int:
        return int(
            await self._db.fetchval("SELECT count(*) FROM films WHERE guild_id = $1", guild_id)
        )

    async def scene_references(self, scene_ids: Sequence[int]) -> dict[int, SceneReferences]:
        ids = list(scene_ids)
        fans: dict[int, int] = {}
        polls: dict[int, list[int]] = defaultdict(list)
        open_polls: dict[int, list[int]] = defaultdict(list)
        for row in await self._db.fetch(
            "SELECT scene_id, count(*) FROM favourites WHERE scene_id = ANY($1::bigint[]) "
            "GROUP BY scene_id",
            ids,
        ):
            fans[int(row[0])] = int(row[1])
        for row in await self._db.fetch(
            "SELECT o.scene_id, o.poll_id, p.status = 'open' FROM poll_options o "
            "JOIN polls p ON p.id = o.poll_id WHERE o.scene_id = ANY($1::bigint[]) "
            "ORDER BY o.poll_id DESC",
            ids,
        ):
            polls[int(row[0])].append(int(row[1]))
            if row[2]:
                open_polls[int(row[0])].append(int(row[1]))
        return scene_references(ids, fans, polls, open_polls)

    async def count(self, *, guild_id: int | None = None, every_owner: bool = False) -> int:
        if every_owner:
            value = await self._db.fetchval("SELECT count(*) FROM films")
        else:
            value = await self._db.fetchval(
                "SELECT count(*) FROM films WHERE guild_id IS NULL OR guild_id = $1", guild_id or 0
            )
        return int(value or 0)

    async def table_counts(self) -> dict[str, int]:
        row = await self._db.fetchrow(
            "SELECT (SELECT count(*) FROM films), "
            "(SELECT count(*) FROM films WHERE guild_id IS NULL), (SELECT count(*) FROM scenes)"
        )
        assert row is not None
        return {"films": int(row[0]), "shared films": int(row[1]), "scenes": int(row[2])}

    async def random_id(self, *, guild_id: int | None, genre: str | None = None) -> int | None:
        visible = "(f.guild_id IS NULL OR f.guild_id = $1)"
        if genre is None:
            value = await self._db.fetchval(
                f"SELECT f.id FROM films f WHERE {visible} ORDER BY random() LIMIT 1", guild_id or 0
            )
        else:
            value = await self._db.fetchval(
                "SELECT f.id FROM films f JOIN film_genres g ON g.film_id = f.id "
                f"WHERE {visible} AND g.genre = $2 ORDER BY random() LIMIT 1",
                guild_id or 0,
                genre,
            )
        return int(value) if value is not None else None

    async def _load(self, where: str, *args: Any) -> list[Film]:
        rows = await self._db.fetch(f"SELECT {FILM_COLUMNS} FROM films {where}", *args)
        if not rows:
            return []
        ids = [int(r[0]) for r in rows]
        alt: dict[int, list[str]] = defaultdict(list)
        genres: dict[int, list[str]] = defaultdict(list)
        scenes: dict[int, list[Scene]] = defaultdict(list)
        for r in await self._db.fetch(
            "SELECT film_id, title FROM film_alt_titles WHERE film_id = ANY($1::bigint[]) "
            "ORDER BY film_id, position",
            ids,
        ):
            alt[r[0]].append(r[1])
        for r in await self._db.fetch(
            "SELECT film_id, genre FROM film_genres WHERE film_id = ANY($1::bigint[]) "
            "ORDER BY film_id, position",
            ids,
        ):
            genres[r[0]].append(r[1])
        for r in await self._db.fetch(
            f"SELECT {SCENE_COLUMNS} FROM scenes "
            "WHERE film_id = ANY($1::bigint[]) ORDER BY film_id, rank",
            ids,
        ):
            scenes[r[1]].append(scene_from_row(r))
        return [film_from_row(r, alt, genres, scenes) for r in rows]


class PgCatalogueTransaction:
    """The catalogue's writes inside one transaction (see ``PgCatalogueStore``)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def insert(self, draft: FilmDraft, *, guild_id: int | None, title_key: str) -> int:
        sql = (
            "INSERT INTO films (guild_id, title, title_key, original_title, release_date, year, "
            "runtime, director, tagline, synopsis, source) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
        )
        try:
            film_id = await self._conn.fetchval(
                sql, guild_id, *film_values(draft, title_key, iso_date=False)
            )
        except asyncpg.UniqueViolationError as exc:  # films_identity
            raise ConflictError(title_taken(draft)) from exc
        await self._write_children(int(film_id), draft)
        return int(film_id)

    async def update(self, film_id: int, draft: FilmDraft, *, title_key: str) -> None:
        """Overwrite a film's own fields, alternative titles and genres; its scenes are left
        alone (they change through ``sync_scenes`` and the single-scene writes)."""
        sql = (
            "UPDATE films SET title = $1, title_key = $2, original_title = $3, release_date = $4, "
            "year = $5, runtime = $6, director = $7, tagline = $8, synopsis = $9, source = $10, "
            "updated_at = now() WHERE id = $11"
        )
        try:
            await self._conn.execute(sql, *film_values(draft, title_key, iso_date=False), film_id)
        except asyncpg.UniqueViolationError as exc:  # films_identity
            raise ConflictError(title_taken(draft)) from exc
        await self._conn.execute("DELETE FROM film_alt_titles WHERE film_id = $1", film_id)
        await self._conn.execute("DELETE FROM film_genres WHERE film_id = $1", film_id)
        await self._write_children(film_id, draft, scenes=False)

    async def update_fields(
        self, film_id: int, draft: FilmDraft, *, title_key: str, version: int
    ) -> bool:
        """Overwrite a film's own fields (never its scenes) if it is still at ``version``;
        False, changing nothing, when another write came first."""
        sql = (
            "UPDATE films SET title = $1, title_key = $2, original_title = $3, release_date = $4, "
            "year = $5, runtime = $6, director = $7, tagline = $8, synopsis = $9, source = $10, "
            "updated_at = now() WHERE id = $11 AND version = $12 RETURNING id"
        )
        try:
            matched = await self._conn.fetchval(
                sql, *film_values(draft, title_key, iso_date=False), film_id, version
            )
        except asyncpg.UniqueViolationError as exc:  # films_identity
            raise ConflictError(title_taken(draft)) from exc
        if matched is None:
            return False
        await self._conn.execute("DELETE FROM film_alt_titles WHERE film_id = $1", film_id)
        await self._conn.execute("DELETE FROM film_genres WHERE film_id = $1", film_id)
        await self._write_children(film_id, draft, scenes=False)  # no scene is touched
        return True

    async def delete(self, film_id: int) -> None:
        try:
            await self._conn.execute("DELETE FROM films WHERE id = $1", film_id)
        except asyncpg.RestrictViolationError as exc:  # the films_keep_open_polls trigger
            raise ConflictError(
                "This film has an open poll; close or cancel the poll before removing the film."
            ) from exc

    async def _write_children(self, film_id: int, draft: FilmDraft, *, scenes: bool = True) -> None:
        conn = self._conn
        await conn.executemany(
            "INSERT INTO film_alt_titles (film_id, position, title) VALUES ($1, $2, $3)",
            [(film_id, i, t) for i, t in enumerate(draft.alt_titles)],
        )
        await conn.executemany(
            "INSERT INTO film_genres (film_id, position, genre) VALUES ($1, $2, $3)",
            [(film_id, i, g) for i, g in enumerate(draft.genres)],
        )
        if not scenes:
            return
        async with _scene_limit():
            await conn.executemany(
                _SCENE_INSERT,
                [
                    (film_id, i, s.title, s.description, s.spoiler)
                    for i, s in enumerate(draft.scenes, 1)
                ],
            )

    async def count_owned(self, guild_id: int) -> int:
        return int(
            await self._conn.fetchval("SELECT count(*) FROM films WHERE guild_id = $1", guild_id)
        )

    async def sync_scenes(self, film_id: int, writes: Sequence[SceneWrite]) -> list[int]:
        """Make the film's scenes exactly ``writes`` in rank order: a write with a scene id
        updates that scene (its id, and what points at it, survive), one without inserts a new
        scene, and the film's scenes not listed are deleted. Returns the ids in rank order."""
        conn = self._conn
        listed = [w.scene_id for w in writes if w.scene_id is not None]
        current = {
            int(r[0]) for r in await conn.fetch("SELECT id FROM scenes WHERE film_id = $1", film_id)
        }
        if not set(listed) <= current or len(set(listed)) != len(listed):
            raise ConflictError("The film's scenes changed meanwhile; preview the import again.")
        # Park every rank out of the way so no statement collides with UNIQUE ranks.
        await conn.execute(
            "UPDATE scenes SET rank = rank + $1 WHERE film_id = $2", _PARKED, film_id
        )
        ids: list[int] = []
        for rank, write in enumerate(writes, 1):
            scene = write.draft
            if write.scene_id is not None:
                await conn.execute(
                    "UPDATE scenes SET rank = $1, title = $2, description = $3, spoiler = $4 "
                    "WHERE id = $5",
                    rank,
                    scene.title,
                    scene.description,
                    scene.spoiler,
                    write.scene_id,
                )
                ids.append(write.scene_id)
                continue
            async with _scene_limit():
                new_id = await conn.fetchval(
                    f"{_SCENE_INSERT} RETURNING id",
                    film_id,
                    rank,
                    scene.title,
                    scene.description,
                    scene.spoiler,
                )
            ids.append(int(new_id))
        # Deleted last, as on SQLite.
        doomed = sorted(current - set(listed))
        if doomed:
            row = await conn.fetchrow(
                "SELECT o.poll_id, o.title FROM poll_options o JOIN polls p ON p.id = o.poll_id "
                "WHERE p.status = 'open' AND o.scene_id = ANY($1::bigint[]) "
                "ORDER BY o.poll_id LIMIT 1",
                doomed,
            )
            if row is not None:
                raise ConflictError(import_removes_polled_scene(str(row[1]), int(row[0])))
            await conn.execute("DELETE FROM scenes WHERE id = ANY($1::bigint[])", doomed)
        return ids

    async def carry_guild_references(
        self, guild_id: int, from_film: int, to_film: int, scenes: Mapping[int, int]
    ) -> None:
        """Move one guild's favourites, polls (with their options' scenes), remembered
        discussions and scene suggestions from ``from_film`` to ``to_film``, each scene to
        ``scenes[old id]``; used when the guild's own copy starts shadowing a shared film."""
        for sql, rows in carry_statements(guild_id, from_film, to_film, scenes):
            if rows:
                await self._conn.executemany(numbered(sql), rows)

    # -- single scenes -----------------------------------------------------------------------

    async def insert_scene(self, film_id: int, scene: SceneDraft, position: int) -> int:
        """Insert at ``position`` (1-based), shifting later scenes down; refused at the limit.

        The film row is locked before counting, so concurrent adds to one film count in turn
        (the ``scenes_limit`` trigger enforces the same limit for every other path)."""
        conn = self._conn
        await conn.execute("SELECT 1 FROM films WHERE id = $1 FOR NO KEY UPDATE", film_id)
        count = await conn.fetchval("SELECT count(*) FROM scenes WHERE film_id = $1", film_id)
        if int(count) >= MAX_SCENES:
            raise ValidationError(TOO_MANY_SCENES)
        await self._shift(film_id, from_rank=position, delta=1)
        async with _scene_limit():
            scene_id = await conn.fetchval(
                f"{_SCENE_INSERT} RETURNING id",
                film_id,
                position,
                scene.title,
                scene.description,
                scene.spoiler,
            )
        return int(scene_id)

    async def update_scene(self, scene_id: int, scene: SceneDraft) -> None:
        await self._conn.execute(
            "UPDATE scenes SET title = $1, description = $2, spoiler = $3 WHERE id = $4",
            scene.title,
            scene.description,
            scene.spoiler,
            scene_id,
        )

    async def delete_scene(self, film_id: int, scene_id: int) -> None:
        conn = self._conn
        rank = await conn.fetchval("SELECT rank FROM scenes WHERE id = $1", scene_id)
        if rank is None:
            return
        await self._delete_scenes("s.id = $1", scene_id)
        await self._shift(film_id, from_rank=int(rank) + 1, delta=-1)

    async def _delete_scenes(self, where: str, *args: Any) -> None:
        """Delete the scenes ``where`` selects (aliased ``s``); a scene an open poll lists is
        refused by the ``scenes_keep_open_polls`` trigger, worded here as on SQLite. The delete
        runs in a savepoint so the transaction can still ask which scene and poll it was."""
        try:
            async with self._conn.transaction():
                await self._conn.execute(f"DELETE FROM scenes s WHERE {where}", *args)
        except asyncpg.RestrictViolationError as exc:
            raise await self._in_open_poll(where, *args) from exc

    async def _in_open_poll(self, where: str, *args: Any) -> ConflictError:
        """The refusal for removing a scene an open poll lists, naming the scene and the poll."""
        row = await self._conn.fetchrow(
            "SELECT s.title, p.id FROM scenes s JOIN poll_options o ON o.scene_id = s.id "
            f"JOIN polls p ON p.id = o.poll_id WHERE {where} AND p.status = 'open' "
            "ORDER BY s.rank, p.id LIMIT 1",
            *args,
        )
        if row is None:
            return ConflictError(SCENE_IN_SOME_OPEN_POLL)
        return ConflictError(scene_in_open_poll(str(row[0]), int(row[1])))

    async def move_scene(self, film_id: int, scene_id: int, position: int) -> None:
        conn = self._conn
        rank = await conn.fetchval("SELECT rank FROM scenes WHERE id = $1", scene_id)
        if rank is None or int(rank) == position:
            return
        await conn.execute("UPDATE scenes SET rank = $1 WHERE id = $2", _PARKED, scene_id)
        await self._shift(film_id, from_rank=int(rank) + 1, delta=-1)
        await self._shift(film_id, from_rank=position, delta=1)
        await conn.execute("UPDATE scenes SET rank = $1 WHERE id = $2", position, scene_id)

    async def _shift(self, film_id: int, *, from_rank: int, delta: int) -> None:
        """Move ranks >= ``from_rank`` by ``delta``, via an empty range so UNIQUE holds per row."""
        await self._conn.execute(
            "UPDATE scenes SET rank = rank + $1 WHERE film_id = $2 AND rank >= $3 AND rank < $4",
            delta + _OFFSET,
            film_id,
            from_rank,
            _OFFSET,
        )
        await self._conn.execute(
            "UPDATE scenes SET rank = rank - $1 WHERE film_id = $2 AND rank >= $1 AND rank < $3",
            _OFFSET,
            film_id,
            _PARKED,
        )


@asynccontextmanager
async def _scene_limit() -> AsyncIterator[None]:
    """The ``scenes_limit`` trigger's refusal, as the same ValidationError SQLite's check gives."""
    try:
        yield
    except asyncpg.CheckViolationError as exc:
        if exc.constraint_name == "scenes_limit":
            raise ValidationError(TOO_MANY_SCENES) from exc
        raise
