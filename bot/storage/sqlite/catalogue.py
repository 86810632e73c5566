"""The catalogue store on SQLite: film and scene rows, parameterised SQL throughout.

``SqliteCatalogueStore`` reads; ``SqliteCatalogueTransaction`` is the unit of work its
``transaction()`` yields, holding the connection inside ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite

from bot.catalogue.models import (
    Film,
    FilmDraft,
    FilmTitles,
    Scene,
    SceneDraft,
    SceneReferences,
    SceneWrite,
)
from bot.errors import ConflictError, ValidationError
from bot.storage.carry import carry_statements
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
from bot.storage.sqlite.database import Database

_SCENE_INSERT = (
    "INSERT INTO scenes (film_id, rank, title, description, spoiler) VALUES (?, ?, ?, ?, ?)"
)
_ALT_TITLES_SQL = (
    "SELECT film_id, title FROM film_alt_titles WHERE film_id IN ({marks}) "
    "ORDER BY film_id, position"
)
_GENRES_SQL = (
    "SELECT film_id, genre FROM film_genres WHERE film_id IN ({marks}) ORDER BY film_id, position"
)

# Rank arithmetic: ranks are small (<= MAX_SCENES); shifting goes through ranks >= _OFFSET and a
# scene being moved is parked at _PARKED, so no statement ever collides with UNIQUE (film_id, rank).
_OFFSET = 10_000
_PARKED = 1_000_000


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


#: How often the catalogue compares data_version (one cheap pragma) to see other writers' work.
CHECK_SECONDS = 1.0


async def _nothing_to_stop() -> None:
    return None


class SqliteCatalogueStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def check_interval(self) -> float:
        return CHECK_SECONDS

    async def watch(self, changed: Callable[[], None]) -> Callable[[], Awaitable[None]]:
        """SQLite cannot push changes: the ``check_interval`` check finds them."""
        return _nothing_to_stop

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteCatalogueTransaction]:
        async with self._db.transaction() as conn:
            yield SqliteCatalogueTransaction(conn)

    # -- reads -------------------------------------------------------------------------------

    async def change_token(self) -> int:
        """Changes whenever anything was committed since: one cheap pragma, no table read."""
        return await self._db.data_version()

    async def get(self, film_id: int) -> Film | None:
        films = await self.get_many([film_id])
        return films[0] if films else None

    async def get_many(self, film_ids: Sequence[int]) -> list[Film]:
        """Films by id, in the order asked, skipping ids that do not exist."""
        if not film_ids:
            return []
        found: dict[int, Film] = {}
        for start in range(0, len(film_ids), 500):
            chunk = list(film_ids[start : start + 500])
            for film in await self._load(f"WHERE id IN ({_placeholders(len(chunk))})", chunk):
                found[film.id] = film
        return [found[i] for i in film_ids if i in found]

    async def list_films(
        self, *, guild_id: int | None = None, every_owner: bool = False
    ) -> list[Film]:
        """One owner's films: the shared catalogue (``guild_id`` None) or that guild's own;
        every film of every owner when ``every_owner``."""
        if every_owner:
            return await self._load("ORDER BY id", [])
        if guild_id is None:
            return await self._load("WHERE guild_id IS NULL ORDER BY id", [])
        return await self._load("WHERE guild_id = ? ORDER BY id", [guild_id])

    async def find_identity(
        self, guild_id: int | None, title_key: str, year: int | None
    ) -> int | None:
        sql = (
            "SELECT id FROM films WHERE ifnull(guild_id, 0) = ? AND title_key = ? "
            "AND ifnull(year, 0) = ?"
        )
        async with (
            self._db.read() as conn,
            conn.execute(sql, (guild_id or 0, title_key, year or 0)) as cursor,
        ):
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def all_titles(self) -> list[FilmTitles]:
        conn = self._db.reader
        others: dict[int, list[str]] = defaultdict(list)
        sql = "SELECT film_id, title FROM film_alt_titles ORDER BY film_id, position"
        async with conn.execute(sql) as cursor:
            async for row in cursor:
                others[row[0]].append(row[1])
        result: list[FilmTitles] = []
        sql = "SELECT id, guild_id, title, original_title, year FROM films ORDER BY id"
        async with conn.execute(sql) as cursor:
            async for row in cursor:
                result.append(film_titles_from_row(row, others))
        return result

    async def scene_references(self, scene_ids: Sequence[int]) -> dict[int, SceneReferences]:
        fans: dict[int, int] = {}
        polls: dict[int, list[int]] = defaultdict(list)
        open_polls: dict[int, list[int]] = defaultdict(list)
        conn = self._db.reader
        for start in range(0, len(scene_ids), 500):
            chunk = list(scene_ids[start : start + 500])
            marks = _placeholders(len(chunk))
            sql = (
                f"SELECT scene_id, count(*) FROM favourites WHERE scene_id IN ({marks}) "
                "GROUP BY scene_id"
            )
            async with conn.execute(sql, chunk) as cursor:
                async for row in cursor:
                    fans[int(row[0])] = int(row[1])
            sql = (
                "SELECT o.scene_id, o.poll_id, p.status = 'open' FROM poll_options o "
                f"JOIN polls p ON p.id = o.poll_id WHERE o.scene_id IN ({marks}) "
                "ORDER BY o.poll_id DESC"
            )
            async with conn.execute(sql, chunk) as cursor:
                async for row in cursor:
                    polls[int(row[0])].append(int(row[1]))
                    if row[2]:
                        open_polls[int(row[0])].append(int(row[1]))
        return scene_references(scene_ids, fans, polls, open_polls)

    async def count(self, *, guild_id: int | None = None, every_owner: bool = False) -> int:
        sql = "SELECT count(*) FROM films"
        args: tuple[int, ...] = ()
        if not every_owner:
            sql += " WHERE guild_id IS NULL OR guild_id = ?"
            args = (guild_id or 0,)
        async with self._db.read() as conn, conn.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def count_owned(self, guild_id: int) -> int:
        async with self._db.read() as conn:
            return await _count_owned(conn, guild_id)

    async def table_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for name, sql in (
            ("films", "SELECT count(*) FROM films"),
            ("shared films", "SELECT count(*) FROM films WHERE guild_id IS NULL"),
            ("scenes", "SELECT count(*) FROM scenes"),
        ):
            async with self._db.read() as conn, conn.execute(sql) as cursor:
                row = await cursor.fetchone()
            counts[name] = int(row[0]) if row else 0
        return counts

    async def random_id(self, *, guild_id: int | None, genre: str | None = None) -> int | None:
        visible = "(f.guild_id IS NULL OR f.guild_id = ?)"
        if genre is None:
            sql = f"SELECT f.id FROM films f WHERE {visible} ORDER BY random() LIMIT 1"
            args: tuple[Any, ...] = (guild_id or 0,)
        else:
            sql = (
                f"SELECT f.id FROM films f JOIN film_genres g ON g.film_id = f.id "
                f"WHERE {visible} AND g.genre = ? ORDER BY random() LIMIT 1"
            )
            args = (guild_id or 0, genre)
        async with self._db.read() as conn, conn.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def _load(self, where: str, args: Sequence[Any]) -> list[Film]:
        conn = self._db.reader
        async with conn.execute(f"SELECT {FILM_COLUMNS} FROM films {where}", args) as cursor:
            rows = list(await cursor.fetchall())
        if not rows:
            return []
        ids = [int(r[0]) for r in rows]
        alt: dict[int, list[str]] = defaultdict(list)
        genres: dict[int, list[str]] = defaultdict(list)
        scenes: dict[int, list[Scene]] = defaultdict(list)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = _placeholders(len(chunk))
            await _collect(conn, _ALT_TITLES_SQL.format(marks=marks), chunk, alt)
            await _collect(conn, _GENRES_SQL.format(marks=marks), chunk, genres)
            sql = (
                f"SELECT {SCENE_COLUMNS} FROM scenes "
                f"WHERE film_id IN ({marks}) ORDER BY film_id, rank"
            )
            async with conn.execute(sql, chunk) as cursor:
                async for r in cursor:
                    scenes[r[1]].append(scene_from_row(r))
        return [film_from_row(r, alt, genres, scenes) for r in rows]


class SqliteCatalogueTransaction:
    """The catalogue's writes inside one transaction (see ``SqliteCatalogueStore``)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def insert(self, draft: FilmDraft, *, guild_id: int | None, title_key: str) -> int:
        conn = self._conn
        sql = (
            "INSERT INTO films (guild_id, title, title_key, original_title, release_date, year, "
            "runtime, director, tagline, synopsis, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        try:
            cursor = await conn.execute(
                sql, (guild_id, *film_values(draft, title_key, iso_date=True))
            )
        except sqlite3.IntegrityError as exc:  # films_identity
            raise ConflictError(title_taken(draft)) from exc
        film_id = cursor.lastrowid
        await cursor.close()
        assert film_id is not None
        await self._write_children(film_id, draft)
        return film_id

    async def update(self, film_id: int, draft: FilmDraft, *, title_key: str) -> None:
        """Overwrite a film's own fields, alternative titles and genres; its scenes are left
        alone (they change through ``sync_scenes`` and the single-scene writes)."""
        sql = (
            "UPDATE films SET title = ?, title_key = ?, original_title = ?, release_date = ?, "
            "year = ?, runtime = ?, director = ?, tagline = ?, synopsis = ?, source = ?, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?"
        )
        conn = self._conn
        try:
            await conn.execute(sql, (*film_values(draft, title_key, iso_date=True), film_id))
        except sqlite3.IntegrityError as exc:  # films_identity
            raise ConflictError(title_taken(draft)) from exc
        await conn.execute("DELETE FROM film_alt_titles WHERE film_id = ?", (film_id,))
        await conn.execute("DELETE FROM film_genres WHERE film_id = ?", (film_id,))
        await self._write_children(film_id, draft, scenes=False)

    async def update_fields(
        self, film_id: int, draft: FilmDraft, *, title_key: str, version: int
    ) -> bool:
        """Overwrite a film's own fields (never its scenes) if it is still at ``version``;
        False, changing nothing, when another write came first."""
        sql = (
            "UPDATE films SET title = ?, title_key = ?, original_title = ?, release_date = ?, "
            "year = ?, runtime = ?, director = ?, tagline = ?, synopsis = ?, source = ?, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ? AND version = ?"
        )
        conn = self._conn
        try:
            cursor = await conn.execute(
                sql, (*film_values(draft, title_key, iso_date=True), film_id, version)
            )
        except sqlite3.IntegrityError as exc:  # films_identity
            raise ConflictError(title_taken(draft)) from exc
        matched = cursor.rowcount == 1
        await cursor.close()
        if not matched:
            return False
        await conn.execute("DELETE FROM film_alt_titles WHERE film_id = ?", (film_id,))
        await conn.execute("DELETE FROM film_genres WHERE film_id = ?", (film_id,))
        await self._write_children(film_id, draft, scenes=False)  # no scene is touched
        return True

    async def delete(self, film_id: int) -> None:
        try:
            await self._conn.execute("DELETE FROM films WHERE id = ?", (film_id,))
        except sqlite3.IntegrityError as exc:  # the films_keep_open_polls trigger
            raise ConflictError(
                "This film has an open poll; close or cancel the poll before removing the film."
            ) from exc

    async def _write_children(self, film_id: int, draft: FilmDraft, *, scenes: bool = True) -> None:
        conn = self._conn
        await conn.executemany(
            "INSERT INTO film_alt_titles (film_id, position, title) VALUES (?, ?, ?)",
            [(film_id, i, t) for i, t in enumerate(draft.alt_titles)],
        )
        await conn.executemany(
            "INSERT INTO film_genres (film_id, position, genre) VALUES (?, ?, ?)",
            [(film_id, i, g) for i, g in enumerate(draft.genres)],
        )
        if scenes:
            await conn.executemany(
                _SCENE_INSERT,
                [
                    (film_id, i, s.title, s.description, int(s.spoiler))
                    for i, s in enumerate(draft.scenes, 1)
                ],
            )

    async def count_owned(self, guild_id: int) -> int:
        return await _count_owned(self._conn, guild_id)

    async def sync_scenes(self, film_id: int, writes: Sequence[SceneWrite]) -> list[int]:
        """Make the film's scenes exactly ``writes`` in rank order: a write with a scene id
        updates that scene (its id, and what points at it, survive), one without inserts a new
        scene, and the film's scenes not listed are deleted. Returns the ids in rank order."""
        conn = self._conn
        listed = [w.scene_id for w in writes if w.scene_id is not None]
        sql = "SELECT id FROM scenes WHERE film_id = ?"
        async with conn.execute(sql, (film_id,)) as cursor:
            current = {int(r[0]) for r in await cursor.fetchall()}
        if not set(listed) <= current or len(set(listed)) != len(listed):
            raise ConflictError("The film's scenes changed meanwhile; preview the import again.")
        # Park every rank out of the way so no statement collides with UNIQUE ranks.
        await conn.execute(
            "UPDATE scenes SET rank = rank + ? WHERE film_id = ?", (_PARKED, film_id)
        )
        ids: list[int] = []
        for rank, write in enumerate(writes, 1):
            scene = write.draft
            values = (scene.title, scene.description, int(scene.spoiler))
            if write.scene_id is not None:
                await conn.execute(
                    "UPDATE scenes SET rank = ?, title = ?, description = ?, spoiler = ? "
                    "WHERE id = ?",
                    (rank, *values, write.scene_id),
                )
                ids.append(write.scene_id)
                continue
            cursor = await conn.execute(_SCENE_INSERT, (film_id, rank, *values))
            assert cursor.lastrowid is not None
            ids.append(cursor.lastrowid)
            await cursor.close()
        # Deleted last, so a new scene never takes over a removed scene's id in this write.
        doomed = sorted(current - set(listed))
        if doomed:
            sql = (
                "SELECT o.poll_id, o.title FROM poll_options o JOIN polls p ON p.id = o.poll_id "
                f"WHERE p.status = 'open' AND o.scene_id IN ({_placeholders(len(doomed))}) "
                "ORDER BY o.poll_id LIMIT 1"
            )
            async with conn.execute(sql, doomed) as cursor:
                row = await cursor.fetchone()
            if row is not None:
                raise ConflictError(import_removes_polled_scene(str(row[1]), int(row[0])))
        await conn.executemany("DELETE FROM scenes WHERE id = ?", [(i,) for i in doomed])
        return ids

    async def carry_guild_references(
        self, guild_id: int, from_film: int, to_film: int, scenes: Mapping[int, int]
    ) -> None:
        """Move one guild's favourites, polls (with their options' scenes), remembered
        discussions and scene suggestions from ``from_film`` to ``to_film``, each scene to
        ``scenes[old id]``; used when the guild's own copy starts shadowing a shared film."""
        for sql, rows in carry_statements(guild_id, from_film, to_film, scenes):
            if rows:
                await self._conn.executemany(sql, rows)

    # -- single scenes -----------------------------------------------------------------------

    async def insert_scene(self, film_id: int, scene: SceneDraft, position: int) -> int:
        """Insert at ``position`` (1-based), shifting later scenes down; refused at the limit
        (by the schema's ``scenes_limit`` trigger, so concurrent adds cannot pass it)."""
        await self._shift(film_id, from_rank=position, delta=1)
        try:
            cursor = await self._conn.execute(
                _SCENE_INSERT,
                (film_id, position, scene.title, scene.description, int(scene.spoiler)),
            )
        except sqlite3.IntegrityError as exc:
            if "scene limit" in str(exc):
                raise ValidationError(TOO_MANY_SCENES) from exc
            raise
        scene_id = cursor.lastrowid
        await cursor.close()
        assert scene_id is not None
        return scene_id

    async def update_scene(self, scene_id: int, scene: SceneDraft) -> None:
        await self._conn.execute(
            "UPDATE scenes SET title = ?, description = ?, spoiler = ? WHERE id = ?",
            (scene.title, scene.description, int(scene.spoiler), scene_id),
        )

    async def delete_scene(self, film_id: int, scene_id: int) -> None:
        conn = self._conn
        async with conn.execute("SELECT rank FROM scenes WHERE id = ?", (scene_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return
        try:
            await conn.execute("DELETE FROM scenes WHERE id = ?", (scene_id,))
        except sqlite3.IntegrityError as exc:  # the scenes_keep_open_polls trigger
            raise await self._in_open_poll("s.id = ?", (scene_id,)) from exc
        await self._shift(film_id, from_rank=int(row[0]) + 1, delta=-1)

    async def _in_open_poll(self, where: str, args: Sequence[Any]) -> ConflictError:
        """The refusal for removing a scene an open poll lists, naming the scene and the poll."""
        sql = (
            "SELECT s.title, p.id FROM scenes s JOIN poll_options o ON o.scene_id = s.id "
            f"JOIN polls p ON p.id = o.poll_id WHERE {where} AND p.status = 'open' "
            "ORDER BY s.rank, p.id LIMIT 1"
        )
        async with self._conn.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return ConflictError(SCENE_IN_SOME_OPEN_POLL)
        return ConflictError(scene_in_open_poll(str(row[0]), int(row[1])))

    async def move_scene(self, film_id: int, scene_id: int, position: int) -> None:
        conn = self._conn
        async with conn.execute("SELECT rank FROM scenes WHERE id = ?", (scene_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None or int(row[0]) == position:
            return
        await conn.execute("UPDATE scenes SET rank = ? WHERE id = ?", (_PARKED, scene_id))
        await self._shift(film_id, from_rank=int(row[0]) + 1, delta=-1)
        await self._shift(film_id, from_rank=position, delta=1)
        await conn.execute("UPDATE scenes SET rank = ? WHERE id = ?", (position, scene_id))

    async def _shift(self, film_id: int, *, from_rank: int, delta: int) -> None:
        """Move ranks >= ``from_rank`` by ``delta``, via an empty range so UNIQUE holds per row."""
        conn = self._conn
        await conn.execute(
            "UPDATE scenes SET rank = rank + ? WHERE film_id = ? AND rank >= ? AND rank < ?",
            (delta + _OFFSET, film_id, from_rank, _OFFSET),
        )
        await conn.execute(
            "UPDATE scenes SET rank = rank - ? WHERE film_id = ? AND rank >= ? AND rank < ?",
            (_OFFSET, film_id, _OFFSET, _PARKED),
        )


async def _collect(
    conn: aiosqlite.Connection, sql: str, args: Iterable[Any], into: dict[int, list[str]]
) -> None:
    async with conn.execute(sql, list(args)) as cursor:
        async for row in cursor:
            into[row[0]].append(row[1])


async def _count_owned(conn: aiosqlite.Connection, guild_id: int) -> int:
    async with conn.execute("SELECT count(*) FROM films WHERE guild_id = ?", (guild_id,)) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0
