"""The community store contract: favourites and discussion threads, per guild."""

from __future__ import annotations

import pytest

from bot.community.models import Favourite, SceneVotes, Subject
from bot.errors import ConflictError
from bot.services import Backend
from tests.contract.helpers import add_film


async def _scenes(backend: Backend, film_id: int) -> list[int]:
    film = await backend.catalogue.get(film_id)
    assert film is not None
    return [s.id for s in film.scenes]


async def test_one_favourite_per_member_per_film(store_backend: Backend) -> None:
    community = store_backend.community
    film_id = await add_film(store_backend.catalogue)
    first, second, _ = await _scenes(store_backend, film_id)
    async with community.transaction() as tx:
        await tx.set_favourite(1, 100, film_id, first)
    async with community.transaction() as tx:
        await tx.set_favourite(1, 100, film_id, second)  # replaces the first pick
    assert await community.favourites_of(1, 100) == [Favourite(film_id, second, 100)]


async def test_top_favourites_count_members_per_guild(store_backend: Backend) -> None:
    community = store_backend.community
    film_id = await add_film(store_backend.catalogue)
    other_film = await add_film(store_backend.catalogue, "Jaws")
    first, second, _ = await _scenes(store_backend, film_id)
    shark = (await _scenes(store_backend, other_film))[0]
    async with community.transaction() as tx:
        for member in (100, 101, 102):
            await tx.set_favourite(1, member, film_id, first)
        await tx.set_favourite(1, 103, film_id, second)
        await tx.set_favourite(1, 100, other_film, shark)
        await tx.set_favourite(2, 200, film_id, second)  # another guild
    assert await community.top_favourites(1) == [
        SceneVotes(film_id, first, 3),
        SceneVotes(film_id, second, 1),
        SceneVotes(other_film, shark, 1),
    ]
    assert await community.top_favourites(1, other_film) == [SceneVotes(other_film, shark, 1)]
    assert await community.top_favourites(2) == [SceneVotes(film_id, second, 1)]
    assert await community.top_favourites(1, limit=1) == [SceneVotes(film_id, first, 3)]
    assert await community.favourites_of(2, 100) == []


async def test_a_favourite_must_name_a_stored_scene(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    with pytest.raises(ConflictError):
        async with store_backend.community.transaction() as tx:
            await tx.set_favourite(1, 100, film_id, 999_999)
    assert await store_backend.community.favourites_of(1, 100) == []


async def test_one_remembered_thread_per_subject(store_backend: Backend) -> None:
    community = store_backend.community
    film_id = await add_film(store_backend.catalogue)
    scene_id = (await _scenes(store_backend, film_id))[0]
    film_subject = Subject(1, 10, film_id)
    scene_subject = Subject(1, 10, film_id, scene_id)
    assert await community.thread_for(film_subject) is None
    async with community.transaction() as tx:
        await tx.remember_thread(film_subject, 500)
        await tx.remember_thread(scene_subject, 501)
    async with community.transaction() as tx:
        await tx.remember_thread(film_subject, 502)  # the old thread was archived
    assert await community.thread_for(film_subject) == 502
    assert await community.thread_for(scene_subject) == 501
    assert await community.thread_for(Subject(1, 11, film_id)) is None  # another channel
    assert await community.thread_for(Subject(2, 10, film_id)) is None  # another guild


async def test_a_failed_unit_of_work_remembers_nothing(store_backend: Backend) -> None:
    community = store_backend.community
    film_id = await add_film(store_backend.catalogue)
    scene_id = (await _scenes(store_backend, film_id))[0]
    with pytest.raises(RuntimeError, match="boom"):
        async with community.transaction() as tx:
            await tx.set_favourite(1, 100, film_id, scene_id)
            await tx.remember_thread(Subject(1, 10, film_id), 500)
            raise RuntimeError("boom")
    assert await community.favourites_of(1, 100) == []
    assert await community.thread_for(Subject(1, 10, film_id)) is None


async def test_a_subject_is_claimed_once_until_its_thread_or_release(
    store_backend: Backend,
) -> None:
    community = store_backend.community
    film_id = await add_film(store_backend.catalogue)
    subject = Subject(1, 9, film_id, None)
    async with community.transaction() as tx:
        assert await tx.claim_thread(subject, None)
    async with community.transaction() as tx:
        assert not await tx.claim_thread(subject, None)  # a fresh claim is held
    assert await community.thread_for(subject) is None  # a claim is not a thread
    async with community.transaction() as tx:
        await tx.release_claim(subject)
    async with community.transaction() as tx:
        assert await tx.claim_thread(subject, None)
        await tx.remember_thread(subject, 555)
    assert await community.thread_for(subject) == 555
    async with community.transaction() as tx:
        assert not await tx.claim_thread(subject, 444)  # only the thread the caller saw
        await tx.release_claim(subject)  # never forgets a thread
    assert await community.thread_for(subject) == 555
    async with community.transaction() as tx:
        assert await tx.claim_thread(subject, 555)  # taking over an archived thread
    assert await community.thread_for(subject) is None
