"""The suggestion store contract: per-guild scene suggestions, the pending limit, decisions."""

from __future__ import annotations

import asyncio

import pytest

from bot.errors import ConflictError, ValidationError
from bot.services import Backend
from bot.suggestions.models import MAX_PENDING, SuggestionDraft, SuggestionStatus
from tests.contract.helpers import add_film


async def _submit(
    backend: Backend, film_id: int, title: str, *, guild_id: int = 1, user_id: int = 100
) -> int:
    async with backend.suggestions.transaction() as tx:
        return await tx.submit(guild_id, user_id, film_id, SuggestionDraft(title, "What happens"))


async def test_a_suggestion_round_trips_pending(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    async with store_backend.suggestions.transaction() as tx:
        new_id = await tx.submit(1, 100, film_id, SuggestionDraft("The run", "Up the hill", True))
    got = await store_backend.suggestions.get(new_id)
    assert got is not None
    assert (got.guild_id, got.film_id, got.user_id) == (1, film_id, 100)
    assert (got.title, got.description, got.spoiler) == ("The run", "Up the hill", True)
    assert got.status is SuggestionStatus.PENDING and got.film_title == "Rocky IV"
    assert (got.reason, got.reviewer_id, got.scene_id, got.scene_rank) == (None, None, None, None)
    assert await store_backend.suggestions.get(new_id + 1000) is None


async def test_the_pending_limit_is_per_member_and_guild(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    for n in range(MAX_PENDING):
        await _submit(store_backend, film_id, f"Idea {n}")
    with pytest.raises(ValidationError, match=f"already have {MAX_PENDING}"):
        await _submit(store_backend, film_id, "One too many")
    await _submit(store_backend, film_id, "Another member's", user_id=101)
    await _submit(store_backend, film_id, "Elsewhere", guild_id=2)
    mine = await store_backend.suggestions.of_member(1, 100)
    assert [s.title for s in mine] == [f"Idea {n}" for n in reversed(range(MAX_PENDING))]


async def test_concurrent_submissions_cannot_race_past_the_limit(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    results = await asyncio.gather(
        *(_submit(store_backend, film_id, f"Idea {n}") for n in range(MAX_PENDING + 3)),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 3, results
    assert len(await store_backend.suggestions.of_member(1, 100)) == MAX_PENDING


async def test_a_decided_suggestion_frees_a_place(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    ids = [await _submit(store_backend, film_id, f"Idea {n}") for n in range(MAX_PENDING)]
    async with store_backend.suggestions.transaction() as tx:
        assert await tx.reject(ids[0], 900, "Not a scene")
    await _submit(store_backend, film_id, "Now there is room")


async def test_a_duplicate_pending_title_is_refused_per_film_and_guild(
    store_backend: Backend,
) -> None:
    film_id = await add_film(store_backend.catalogue)
    other = await add_film(store_backend.catalogue, "Jaws")
    await _submit(store_backend, film_id, "The Run")
    with pytest.raises(ConflictError, match="already suggested"):
        await _submit(store_backend, film_id, "the  run", user_id=101)
    await _submit(store_backend, other, "The Run", user_id=101)  # another film
    await _submit(store_backend, film_id, "The Run", guild_id=2)  # another guild


async def test_a_decision_happens_once(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    film = await store_backend.catalogue.get(film_id)
    assert film is not None
    scene = film.scenes[1]
    first = await _submit(store_backend, film_id, "First")
    second = await _submit(store_backend, film_id, "Second")
    async with store_backend.suggestions.transaction() as tx:
        assert await tx.claim(first, "t1", 60)
        assert not await tx.claim(first, "t2", 60)  # one approval at a time
        assert not await tx.reject(first, 901, None)  # it is being approved
        assert not await tx.approve(first, 900, scene.id, "t2")  # not that caller's claim
        assert await tx.approve(first, 900, scene.id, "t1")
        assert not await tx.claim(first, "t3", 60)  # decided
        assert await tx.reject(second, 901, "Too vague")
        assert not await tx.claim(second, "t4", 60)
    approved = await store_backend.suggestions.get(first)
    rejected = await store_backend.suggestions.get(second)
    assert approved is not None and rejected is not None
    assert approved.status is SuggestionStatus.APPROVED and approved.reviewer_id == 900
    where = (approved.scene_id, approved.scene_rank, approved.scene_film_id)
    assert where == (scene.id, 2, film_id)
    assert rejected.status is SuggestionStatus.REJECTED and rejected.reason == "Too vague"
    credits = await store_backend.suggestions.credits([scene.id, film.scenes[0].id])
    assert credits == {scene.id: 100}
    assert await store_backend.suggestions.pending(1) == []


async def test_a_released_or_expired_claim_frees_the_suggestion(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    new_id = await _submit(store_backend, film_id, "Held")
    async with store_backend.suggestions.transaction() as tx:
        assert await tx.claim(new_id, "t1", 60)
        await tx.release(new_id, "t2")  # not the holder: nothing happens
        assert not await tx.claim(new_id, "t3", 60)
        await tx.release(new_id, "t1")
        assert await tx.claim(new_id, "t4", -1)  # already expired: a crashed holder
        assert await tx.claim(new_id, "t5", 60)
        assert await tx.reject(new_id, 901, None) is False
    got = await store_backend.suggestions.get(new_id)
    assert got is not None and got.status is SuggestionStatus.PENDING


async def test_pending_lists_one_guild_oldest_first(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    a = await _submit(store_backend, film_id, "A")
    b = await _submit(store_backend, film_id, "B", user_id=101)
    await _submit(store_backend, film_id, "C", guild_id=2)
    assert [s.id for s in await store_backend.suggestions.pending(1)] == [a, b]
    assert [s.id for s in await store_backend.suggestions.pending(1, after=a)] == [b]
    assert await store_backend.suggestions.count_pending(1) == 2
    assert await store_backend.suggestions.count_pending(3) == 0


async def test_removing_the_scene_keeps_the_decision(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    film = await store_backend.catalogue.get(film_id)
    assert film is not None
    new_id = await _submit(store_backend, film_id, "Kept")
    async with store_backend.suggestions.transaction() as tx:
        assert await tx.claim(new_id, "t", 60)
        assert await tx.approve(new_id, 900, film.scenes[0].id, "t")
    async with store_backend.catalogue.transaction() as ctx:
        await ctx.delete_scene(film_id, film.scenes[0].id)
    got = await store_backend.suggestions.get(new_id)
    assert got is not None and got.status is SuggestionStatus.APPROVED and got.scene_id is None


async def test_a_guild_copy_takes_over_that_guilds_suggestions(store_backend: Backend) -> None:
    shared = await add_film(store_backend.catalogue)
    copy = await add_film(store_backend.catalogue, guild_id=1)
    mine = await _submit(store_backend, shared, "Mine")
    theirs = await _submit(store_backend, shared, "Theirs", guild_id=2)
    async with store_backend.catalogue.transaction() as tx:
        await tx.carry_guild_references(1, shared, copy, {})
    moved, kept = (
        await store_backend.suggestions.get(mine),
        await store_backend.suggestions.get(theirs),
    )
    assert moved is not None and moved.film_id == copy
    assert kept is not None and kept.film_id == shared
