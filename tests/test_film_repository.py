from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from bot.models import FilmDraft, SceneDraft
from bot.storage.database import Database
from bot.storage.films import FilmRepository
from bot.storage.guild_settings import GuildSettings, GuildSettingsRepository

DRAFT = FilmDraft(
    title="Rocky IV",
    original_title="Rocky IV",
    alt_titles=("Rocky 4",),
    release_date=date(1985, 11, 21),
    runtime=91,
    genres=("Drama", "Sport"),
    director="Sylvester Stallone",
    tagline="One more fight.",
    synopsis="A boxer goes to Moscow.",
    source="test",
    scenes=tuple(SceneDraft(f"Scene {n}", f"Description {n}", n == 3) for n in range(1, 5)),
)


async def _insert(db: Database, draft: FilmDraft = DRAFT, guild_id: int | None = None) -> int:
    async with db.transaction() as conn:
        return await FilmRepository(db).insert(conn, draft, guild_id=guild_id, title_key="rocky iv")


async def test_insert_and_get_round_trip(db: Database) -> None:
    film_id = await _insert(db)
    film = await FilmRepository(db).get(film_id)
    assert film is not None
    assert film.to_draft() == replace(DRAFT, year=1985)
    assert [s.rank for s in film.scenes] == [1, 2, 3, 4]
    assert film.scenes[2].spoiler is True
    assert film.guild_id is None


async def test_update_keeps_scene_ids_by_rank(db: Database) -> None:
    repo = FilmRepository(db)
    film_id = await _insert(db)
    before = await repo.get(film_id)
    assert before is not None
    shorter = FilmDraft(title="Rocky IV", scenes=(SceneDraft("New first", "x"),))
    async with db.transaction() as conn:
        await repo.update(conn, film_id, shorter, title_key="rocky iv")
    after = await repo.get(film_id)
    assert after is not None
    assert [s.title for s in after.scenes] == ["New first"]
    assert after.scenes[0].id == before.scenes[0].id
    assert after.genres == () and after.alt_titles == ()


async def test_same_identity_twice_is_rejected_by_the_schema(db: Database) -> None:
    await _insert(db)
    with pytest.raises(sqlite3.IntegrityError):
        await _insert(db)
    await _insert(db, guild_id=42)  # another owner may have its own copy


async def test_scene_insert_move_delete_keep_ranks_dense(db: Database) -> None:
    repo = FilmRepository(db)
    film_id = await _insert(db)
    async with db.transaction() as conn:
        new_id = await repo.insert_scene(conn, film_id, SceneDraft("Inserted", ""), 2)
    film = await repo.get(film_id)
    assert film is not None
    assert [s.title for s in film.scenes] == [
        "Scene 1",
        "Inserted",
        "Scene 2",
        "Scene 3",
        "Scene 4",
    ]
    async with db.transaction() as conn:
        await repo.move_scene(conn, film_id, new_id, 5)
    film = await repo.get(film_id)
    assert film is not None
    assert [s.title for s in film.scenes] == [
        "Scene 1",
        "Scene 2",
        "Scene 3",
        "Scene 4",
        "Inserted",
    ]
    async with db.transaction() as conn:
        await repo.move_scene(conn, film_id, new_id, 1)
        await repo.delete_scene(conn, film_id, film.scenes[1].id)
    film = await repo.get(film_id)
    assert film is not None
    assert [s.title for s in film.scenes] == ["Inserted", "Scene 1", "Scene 3", "Scene 4"]
    assert [s.rank for s in film.scenes] == [1, 2, 3, 4]


async def test_deleting_a_film_cascades(db: Database) -> None:
    repo = FilmRepository(db)
    film_id = await _insert(db)
    async with db.transaction() as conn:
        await repo.delete(conn, film_id)
    assert await repo.get(film_id) is None
    assert await repo.table_counts() == {"films": 0, "shared films": 0, "scenes": 0}


async def test_visibility_counts_and_random(db: Database) -> None:
    repo = FilmRepository(db)
    await _insert(db)
    other = await _insert(db, FilmDraft(title="Private", genres=("Comedy",)), guild_id=9)
    assert await repo.count(guild_id=1) == 1
    assert await repo.count(guild_id=9) == 2
    assert await repo.random_id(guild_id=1, genre="Comedy") is None
    assert await repo.random_id(guild_id=9, genre="Comedy") == other
    titles = await repo.all_titles()
    assert {t.title for t in titles} == {"Rocky IV", "Private"}
    assert titles[0].other_titles == ("Rocky 4",)


async def test_guild_settings_default_and_save(db: Database) -> None:
    repo = GuildSettingsRepository(db)
    assert await repo.get(5) == GuildSettings(5)
    await repo.save(GuildSettings(5, moderator_role_id=11, spoilers=False))
    assert await repo.get(5) == GuildSettings(5, 11, None, False)
