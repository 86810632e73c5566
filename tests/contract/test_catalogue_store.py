"""The catalogue store contract (moved here from the SQLite film repository tests)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.catalogue.models import MAX_SCENES, FilmDraft, SceneDraft, SceneWrite
from bot.community.models import Subject
from bot.errors import ConflictError, ValidationError
from bot.polls.models import Method, PollOption, Status
from bot.services import Backend
from tests.contract.helpers import NOW, add_film, open_poll, poll_fields

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


async def _insert(backend: Backend, draft: FilmDraft = DRAFT, guild_id: int | None = None) -> int:
    async with backend.catalogue.transaction() as tx:
        return await tx.insert(draft, guild_id=guild_id, title_key="rocky iv")


async def test_insert_and_get_round_trip(store_backend: Backend) -> None:
    film_id = await _insert(store_backend)
    film = await store_backend.catalogue.get(film_id)
    assert film is not None
    assert film.to_draft() == replace(DRAFT, year=1985)
    assert [s.rank for s in film.scenes] == [1, 2, 3, 4]
    assert film.scenes[2].spoiler is True
    assert film.guild_id is None


async def test_update_changes_fields_and_leaves_scenes_alone(store_backend: Backend) -> None:
    store = store_backend.catalogue
    film_id = await _insert(store_backend)
    before = await store.get(film_id)
    assert before is not None
    shorter = FilmDraft(title="Rocky IV", scenes=(SceneDraft("New first", "x"),))
    async with store.transaction() as tx:
        await tx.update(film_id, shorter, title_key="rocky iv")
    after = await store.get(film_id)
    assert after is not None
    assert after.scenes == before.scenes
    assert after.genres == () and after.alt_titles == () and after.director is None


async def test_sync_scenes_keeps_ids_inserts_and_removes_unlisted(store_backend: Backend) -> None:
    store = store_backend.catalogue
    film_id = await _insert(store_backend)
    before = await store.get(film_id)
    assert before is not None
    one, two, three, four = before.scenes
    writes = [
        SceneWrite(None, SceneDraft("Brand new", "n")),
        SceneWrite(three.id, SceneDraft("Scene 3 renamed", "d3", False)),
        SceneWrite(one.id, SceneDraft("Scene 1", "d1", True)),
    ]
    async with store.transaction() as tx:
        ids = await tx.sync_scenes(film_id, writes)
    after = await store.get(film_id)
    assert after is not None
    assert [(s.id, s.rank, s.title, s.spoiler) for s in after.scenes] == [
        (ids[0], 1, "Brand new", False),
        (three.id, 2, "Scene 3 renamed", False),
        (one.id, 3, "Scene 1", True),
    ]
    assert ids[1:] == [three.id, one.id] and ids[0] not in {two.id, four.id}


async def test_sync_scenes_refuses_another_films_scene(store_backend: Backend) -> None:
    store = store_backend.catalogue
    film_id = await _insert(store_backend)
    other = await add_film(store, "Other")
    stranger = (await store.get(other)).scenes[0]  # type: ignore[union-attr]
    with pytest.raises(ConflictError, match="changed meanwhile"):
        async with store.transaction() as tx:
            await tx.sync_scenes(film_id, [SceneWrite(stranger.id, SceneDraft("Taken"))])
    assert len((await store.get(film_id)).scenes) == 4  # type: ignore[union-attr]


async def test_same_identity_twice_is_a_conflict(store_backend: Backend) -> None:
    await _insert(store_backend)
    with pytest.raises(ConflictError, match="already has Rocky IV"):
        await _insert(store_backend)
    await _insert(store_backend, guild_id=42)  # another owner may have its own copy
    assert await store_backend.catalogue.count(every_owner=True) == 2


async def test_scene_insert_move_delete_keep_ranks_dense(store_backend: Backend) -> None:
    store = store_backend.catalogue
    film_id = await _insert(store_backend)
    async with store.transaction() as tx:
        new_id = await tx.insert_scene(film_id, SceneDraft("Inserted", ""), 2)
    film = await store.get(film_id)
    assert film is not None
    assert [s.title for s in film.scenes] == [
        "Scene 1",
        "Inserted",
        "Scene 2",
        "Scene 3",
        "Scene 4",
    ]
    async with store.transaction() as tx:
        await tx.move_scene(film_id, new_id, 5)
    film = await store.get(film_id)
    assert film is not None
    assert [s.title for s in film.scenes] == [
        "Scene 1",
        "Scene 2",
        "Scene 3",
        "Scene 4",
        "Inserted",
    ]
    async with store.transaction() as tx:
        await tx.move_scene(film_id, new_id, 1)
        await tx.delete_scene(film_id, film.scenes[1].id)
    film = await store.get(film_id)
    assert film is not None
    assert [s.title for s in film.scenes] == ["Inserted", "Scene 1", "Scene 3", "Scene 4"]
    assert [s.rank for s in film.scenes] == [1, 2, 3, 4]


async def test_a_film_takes_no_more_than_the_scene_limit(store_backend: Backend) -> None:
    store = store_backend.catalogue
    film_id = await add_film(store, scenes=MAX_SCENES - 1)
    async with store.transaction() as tx:
        await tx.insert_scene(film_id, SceneDraft("The last one"), 1)
    with pytest.raises(ValidationError, match=f"at most {MAX_SCENES} scenes"):
        async with store.transaction() as tx:
            await tx.insert_scene(film_id, SceneDraft("One too many"), 1)
    film = await store.get(film_id)
    assert film is not None
    assert len(film.scenes) == MAX_SCENES and film.scenes[0].title == "The last one"


async def test_concurrent_scene_adds_cannot_pass_the_limit_together(
    store_backend: Backend,
) -> None:
    store = store_backend.catalogue
    film_id = await add_film(store, scenes=MAX_SCENES - 1)

    async def add(title: str) -> str:
        try:
            async with store.transaction() as tx:
                await tx.insert_scene(film_id, SceneDraft(title), 1)
        except ValidationError:
            return "refused"
        return "added"

    outcomes = await asyncio.gather(add("First"), add("Second"))
    assert sorted(outcomes) == ["added", "refused"]
    film = await store.get(film_id)
    assert film is not None and len(film.scenes) == MAX_SCENES


async def test_deleting_a_film_cascades(store_backend: Backend) -> None:
    store = store_backend.catalogue
    film_id = await _insert(store_backend)
    async with store.transaction() as tx:
        await tx.delete(film_id)
    assert await store.get(film_id) is None
    assert await store.table_counts() == {"films": 0, "shared films": 0, "scenes": 0}


async def test_a_film_with_an_open_poll_cannot_be_deleted(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    await open_poll(store_backend.polls, film_id)
    with pytest.raises(ConflictError, match="open poll"):
        async with store_backend.catalogue.transaction() as tx:
            await tx.delete(film_id)
    assert await store_backend.catalogue.get(film_id) is not None


async def test_guilds_see_the_shared_catalogue_and_only_their_own_films(
    store_backend: Backend,
) -> None:
    store = store_backend.catalogue
    shared = await _insert(store_backend)
    other = await _insert(store_backend, FilmDraft(title="Private", genres=("Comedy",)), 9)
    assert await store.count(guild_id=1) == 1
    assert await store.count(guild_id=9) == 2
    assert await store.random_id(guild_id=1, genre="Comedy") is None
    assert await store.random_id(guild_id=9, genre="Comedy") == other
    assert [f.title for f in await store.list_films(guild_id=9)] == ["Private"]
    assert [f.title for f in await store.list_films()] == ["Rocky IV"]
    assert len(await store.list_films(every_owner=True)) == 2
    assert await store.find_identity(None, "rocky iv", 1985) == shared
    assert await store.find_identity(1, "rocky iv", 1985) is None  # shared, not guild 1's own
    titles = await store.all_titles()
    assert {t.title for t in titles} == {"Rocky IV", "Private"}
    assert titles[0].other_titles == ("Rocky 4",)


async def test_get_many_keeps_the_order_asked_and_skips_missing(store_backend: Backend) -> None:
    first = await add_film(store_backend.catalogue, "First")
    second = await add_film(store_backend.catalogue, "Second")
    films = await store_backend.catalogue.get_many([second, 999, first])
    assert [f.title for f in films] == ["Second", "First"]


async def test_a_failed_unit_of_work_leaves_nothing_behind(store_backend: Backend) -> None:
    store = store_backend.catalogue
    with pytest.raises(RuntimeError, match="boom"):
        async with store.transaction() as tx:
            film_id = await tx.insert(DRAFT, guild_id=None, title_key="rocky iv")
            await tx.insert_scene(film_id, SceneDraft("Extra"), 1)
            raise RuntimeError("boom")
    assert await store.count(every_owner=True) == 0
    assert await store.table_counts() == {"films": 0, "shared films": 0, "scenes": 0}


async def test_a_scene_an_open_poll_lists_cannot_be_removed(store_backend: Backend) -> None:
    store = store_backend.catalogue
    film_id = await add_film(store, scenes=3)
    film = await store.get(film_id)
    assert film is not None
    scene = film.scenes[2]
    options = [PollOption(n, s.id, s.title, False) for n, s in enumerate(film.scenes, 1)]
    async with store_backend.polls.transaction() as tx:
        poll_id = await tx.create(
            guild_id=1,
            channel_id=9,
            film_id=film_id,
            film_title="Rocky IV",
            host_id=5,
            method=Method.SCHULZE,
            created_at=NOW,
            closes_at=NOW + timedelta(hours=1),
            options=options,
        )
    refusal = f"“{scene.title}” is an option of open poll #{poll_id}"
    with pytest.raises(ConflictError, match=refusal):
        async with store.transaction() as tx:
            await tx.delete_scene(film_id, scene.id)
    keep = [SceneWrite(s.id, SceneDraft(s.title)) for s in film.scenes[:2]]
    dropped = f"“{scene.title}” is in open poll #{poll_id}"
    with pytest.raises(ConflictError, match=dropped):  # a re-import that drops it
        async with store.transaction() as tx:
            await tx.sync_scenes(film_id, keep)
    unchanged = await store.get(film_id)
    assert unchanged is not None and unchanged.scenes == film.scenes
    async with store_backend.polls.transaction() as tx:
        assert await tx.finish(poll_id, Status.CLOSED, NOW)
    async with store.transaction() as tx:
        await tx.delete_scene(film_id, scene.id)
    after = await store.get(film_id)
    assert after is not None and [s.title for s in after.scenes] == ["Scene 1", "Scene 2"]


async def test_carry_moves_one_guilds_references_to_its_copy(store_backend: Backend) -> None:
    """Favourites, polls (and their options' scenes) and discussions of the shared film move to
    the guild's copy, scene by scene; another guild's references stay on the shared film."""
    shared = await store_backend.catalogue.get(await add_film(store_backend.catalogue))
    assert shared is not None
    first, second = (s.id for s in shared.scenes[:2])
    community = store_backend.community
    async with community.transaction() as tx:
        await tx.set_favourite(1, 7, shared.id, second)
        await tx.set_favourite(2, 7, shared.id, second)
        for subject, thread in (
            (Subject(1, 9, shared.id, second), 501),
            (Subject(1, 9, shared.id), 502),
            (Subject(2, 9, shared.id), 503),
        ):
            assert await tx.claim_thread(subject, None)
            await tx.remember_thread(subject, thread)
    fields = {
        **poll_fields(shared.id),
        "options": [PollOption(1, first, "Scene 1", False), PollOption(2, second, "S2", False)],
    }
    async with store_backend.polls.transaction() as ptx:
        poll_id = await ptx.create(**fields)
    copy = await store_backend.catalogue.get(await add_film(store_backend.catalogue, guild_id=1))
    assert copy is not None
    moved = {s.id: c.id for s, c in zip(shared.scenes, copy.scenes, strict=True)}

    async with store_backend.catalogue.transaction() as ctx:
        await ctx.carry_guild_references(1, shared.id, copy.id, moved)

    assert [(f.film_id, f.scene_id) for f in await community.favourites_of(1, 7)] == [
        (copy.id, moved[second])
    ]
    assert [(f.film_id, f.scene_id) for f in await community.favourites_of(2, 7)] == [
        (shared.id, second)
    ]
    poll = await store_backend.polls.get(poll_id)
    assert poll is not None and poll.film_id == copy.id
    assert [o.scene_id for o in poll.options] == [moved[first], moved[second]]
    assert await community.thread_for(Subject(1, 9, copy.id, moved[second])) == 501
    assert await community.thread_for(Subject(1, 9, copy.id)) == 502
    assert await community.thread_for(Subject(1, 9, shared.id)) is None
    assert await community.thread_for(Subject(2, 9, shared.id)) == 503
