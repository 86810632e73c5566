"""Check-then-act races (issue 9, item 11): limits and uniqueness hold under concurrent calls,
because the database enforces them, and the loser is answered in words."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bot.catalogue.models import MAX_SCENES, FilmDraft, SceneDraft
from bot.catalogue.service import Catalogue
from bot.community.models import Subject
from bot.community.service import CommunityService
from bot.errors import ConflictError, ValidationError
from bot.storage.sqlite import SqliteBackend
from bot.storage.sqlite.database import Database

GUILD = 1001


def _film(title: str = "Night Harbour", scenes: int = 1) -> FilmDraft:
    return FilmDraft(
        title=title, year=1961, scenes=tuple(SceneDraft(f"Scene {n}") for n in range(scenes))
    )


async def test_the_schema_refuses_a_scene_past_the_limit(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "limit.sqlite3")
    try:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO films (id, title, title_key) VALUES (1, 'Film', 'film')"
            )
            await conn.executemany(
                "INSERT INTO scenes (film_id, rank, title) VALUES (1, ?, 'S')",
                [(n,) for n in range(1, MAX_SCENES + 1)],
            )
        with pytest.raises(sqlite3.IntegrityError, match="scene limit"):
            await db.conn.execute(
                "INSERT INTO scenes (film_id, rank, title) VALUES (1, ?, 'S')", (MAX_SCENES + 1,)
            )
    finally:
        await db.close()


async def test_concurrent_scene_adds_stop_at_the_limit(backend: SqliteBackend) -> None:
    catalogue = await Catalogue.load(backend.catalogue)
    film = await catalogue.add_film(_film(scenes=MAX_SCENES - 3), GUILD)
    results = await asyncio.gather(
        *(catalogue.add_scene(film.id, SceneDraft(f"Extra {n}"), GUILD) for n in range(10)),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 7
    assert all(isinstance(r, ValidationError) and "at most 50" in str(r) for r in refused)
    assert len((await catalogue.get(film.id, GUILD)).scenes) == MAX_SCENES


async def test_the_store_refuses_the_51st_scene_in_words(backend: SqliteBackend) -> None:
    store = backend.catalogue
    async with store.transaction() as tx:
        film_id = await tx.insert(_film(scenes=MAX_SCENES), guild_id=GUILD, title_key="n")
    with pytest.raises(ValidationError, match="at most 50 scenes"):
        async with store.transaction() as tx:
            await tx.insert_scene(film_id, SceneDraft("One too many"), 1)


async def test_two_moderators_adding_the_same_title_get_an_answer_in_words(
    backend: SqliteBackend,
) -> None:
    catalogue = await Catalogue.load(backend.catalogue)
    results = await asyncio.gather(
        *(catalogue.add_film(_film(), GUILD) for _ in range(3)), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 2
    for error in refused:
        assert isinstance(error, ConflictError)
        assert "This server already has Night Harbour (1961)" in str(error)
    assert await catalogue.count(GUILD) == 1


async def test_concurrent_discussions_claim_one_subject_once(backend: SqliteBackend) -> None:
    catalogue = await Catalogue.load(backend.catalogue)
    film = await catalogue.add_film(_film(), GUILD)
    community = CommunityService(backend.community)
    subject = Subject(GUILD, 77, film.id)
    claims = await asyncio.gather(*(community.claim_thread(subject) for _ in range(6)))
    assert claims.count(True) == 1
    assert await community.thread_for(subject) is None  # claimed, not opened yet
    await community.remember_thread(subject, 555)
    assert await community.thread_for(subject) == 555
    assert await community.claim_thread(subject) is False
    # a thread found archived may be replaced, once
    again = await asyncio.gather(
        *(community.claim_thread(subject, replacing=555) for _ in range(6))
    )
    assert again.count(True) == 1


async def test_a_released_claim_can_be_taken_again(backend: SqliteBackend) -> None:
    catalogue = await Catalogue.load(backend.catalogue)
    film = await catalogue.add_film(_film(), GUILD)
    community = CommunityService(backend.community)
    subject = Subject(GUILD, 77, film.id, film.scenes[0].id)
    assert await community.claim_thread(subject)
    await community.release_claim(subject)
    assert await community.claim_thread(subject)


async def test_a_film_edit_writes_only_its_fields_and_checks_the_version(
    backend: SqliteBackend,
) -> None:
    catalogue = await Catalogue.load(backend.catalogue)
    opened = await catalogue.add_film(_film(scenes=2), GUILD)
    await catalogue.add_scene(opened.id, SceneDraft("Added meanwhile"), GUILD)
    form = replace(opened.to_draft(), director="A. Nonymous")  # built when the form opened
    with pytest.raises(ConflictError, match="changed since you opened") as refused:
        await catalogue.edit_film(opened.id, form, GUILD, opened=opened)
    assert "Added meanwhile" in str(refused.value)
    current = await catalogue.get(opened.id, GUILD)
    assert current.director is None and len(current.scenes) == 3
    assert current.version > opened.version
    edited = await catalogue.edit_film(opened.id, form, GUILD, opened=current)
    assert edited.director == "A. Nonymous"
    assert [s.title for s in edited.scenes] == ["Scene 0", "Scene 1", "Added meanwhile"]
    assert edited.version > current.version
