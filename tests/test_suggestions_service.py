"""Community scene suggestions: validation, review, and approval through the catalogue."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.catalogue.models import Film, FilmDraft, SceneDraft
from bot.errors import ConflictError, NotFoundError, ValidationError
from bot.polls.models import Status
from bot.services import Services
from bot.suggestions.models import MAX_PENDING, Suggestion, SuggestionDraft, SuggestionStatus

GUILD = 1001
OTHER = 2002
MEMBER = 100
MODERATOR = 900


@pytest.fixture
async def shared(services: Services) -> Film:
    draft = FilmDraft(
        "Night Harbour",
        year=1961,
        scenes=(SceneDraft("The ledger", "Lamplight."), SceneDraft("The crossing", "Fog.")),
    )
    return await services.catalogue.add_film(draft, None)


async def _suggest(services: Services, film: Film, title: str = "The lighthouse") -> Suggestion:
    draft = SuggestionDraft(title, "The keeper signals.")
    return await services.suggestions.suggest(GUILD, MEMBER, film, draft)


async def test_a_suggestion_is_cleaned_and_pending(services: Services, shared: Film) -> None:
    made = await services.suggestions.suggest(
        GUILD, MEMBER, shared, SuggestionDraft("  The   lighthouse ", " Signals. \n", True)
    )
    assert (made.title, made.description, made.spoiler) == ("The lighthouse", "Signals.", True)
    assert made.status is SuggestionStatus.PENDING
    assert [s.id for s in await services.suggestions.of_member(GUILD, MEMBER)] == [made.id]
    assert await services.suggestions.of_member(OTHER, MEMBER) == []


async def test_refusals_say_why(services: Services, shared: Film) -> None:
    with pytest.raises(ConflictError, match="already has a scene called"):
        await _suggest(services, shared, "the LEDGER")
    with pytest.raises(ValidationError, match="cannot be empty"):
        await _suggest(services, shared, "   ")
    with pytest.raises(ValidationError, match="at most 200"):
        await _suggest(services, shared, "x" * 201)
    theirs = await services.catalogue.add_film(FilmDraft("Their Film"), OTHER)
    with pytest.raises(NotFoundError):
        await _suggest(services, theirs)
    for n in range(MAX_PENDING):
        await _suggest(services, shared, f"Idea {n}")
    with pytest.raises(ValidationError, match="waiting for review"):
        await _suggest(services, shared, "One more")


async def test_approving_on_a_shared_film_builds_the_guild_copy_keeping_its_history(
    services: Services, shared: Film
) -> None:
    ledger = shared.scenes[0]
    await services.community.set_favourite(GUILD, 7, shared.id, ledger.id)
    poll = await services.polls.start(
        guild_id=GUILD,
        channel_id=9,
        film=shared,
        host_id=1,
        duration=timedelta(hours=1),
        method="schulze",
    )
    await services.polls.vote(poll.id, 7, [1, 2])
    await services.polls.finish(poll.id, Status.CLOSED, GUILD)
    made = await _suggest(services, shared)

    done, film = await services.suggestions.approve(made.id, GUILD, MODERATOR, position=1)

    assert film.guild_id == GUILD and film.id != shared.id
    assert [s.title for s in film.scenes] == ["The lighthouse", "The ledger", "The crossing"]
    assert done.status is SuggestionStatus.APPROVED and done.scene_rank == 1
    assert done.scene_film_id == film.id and done.scene_id == film.scenes[0].id
    assert await services.suggestions.credits([s.id for s in film.scenes]) == {
        film.scenes[0].id: MEMBER
    }
    favourite = (await services.community.favourites_of(GUILD, 7))[0]
    assert (favourite.film_id, favourite.scene_id) == (film.id, film.scenes[1].id)
    ranked = await services.polls.latest_ranked_for_film(GUILD, film.id)
    assert ranked is not None and ranked.id == poll.id
    # the shared film is untouched, and other guilds still see it
    assert len((await services.catalogue.get(shared.id)).scenes) == 2
    # a second approval extends the same copy
    second = await _suggest(services, shared, "The fog horn")
    _done, again = await services.suggestions.approve(second.id, GUILD, MODERATOR)
    assert again.id == film.id and again.scenes[-1].title == "The fog horn"


async def test_edit_then_approve_uses_the_edited_text(services: Services, shared: Film) -> None:
    own = await services.catalogue.add_film(FilmDraft("Our Film", scenes=(SceneDraft("A"),)), GUILD)
    made = await _suggest(services, own)
    edited = SuggestionDraft("The lamp", "Edited.", True)
    _done, film = await services.suggestions.approve(made.id, GUILD, MODERATOR, edited=edited)
    assert film.id == own.id
    assert (film.scenes[-1].title, film.scenes[-1].spoiler) == ("The lamp", True)
    with pytest.raises(ConflictError, match="already has a scene"):
        clash = await _suggest(services, film, "B")
        await services.suggestions.approve(clash.id, GUILD, MODERATOR, edited=edited)


async def test_a_rejection_keeps_its_reason_and_ends_the_review(
    services: Services, shared: Film
) -> None:
    made = await _suggest(services, shared)
    done = await services.suggestions.reject(made.id, GUILD, MODERATOR, "  Not a scene. ")
    assert done.status is SuggestionStatus.REJECTED and done.reason == "Not a scene."
    with pytest.raises(ConflictError, match="already reviewed"):
        await services.suggestions.approve(made.id, GUILD, MODERATOR)
    with pytest.raises(NotFoundError):
        await services.suggestions.reject(made.id, OTHER, MODERATOR)


async def test_two_moderators_approving_at_once_add_one_scene(
    services: Services, shared: Film
) -> None:
    made = await _suggest(services, shared)
    results = await asyncio.gather(
        services.suggestions.approve(made.id, GUILD, MODERATOR),
        services.suggestions.approve(made.id, GUILD, MODERATOR + 1),
        services.suggestions.reject(made.id, GUILD, MODERATOR + 2),
        return_exceptions=True,
    )
    lost = [r for r in results if isinstance(r, ConflictError)]
    assert len(lost) == 2, results
    stored = await services.suggestions.of_member(GUILD, MEMBER)
    copies = [f for f in await services.catalogue.export(GUILD)]
    titles = [s.title for f in copies for s in f.scenes]
    if stored[0].status is SuggestionStatus.APPROVED:
        assert titles.count("The lighthouse") == 1
    else:
        assert "The lighthouse" not in titles


async def test_next_pending_walks_the_queue(services: Services, shared: Film) -> None:
    first = await _suggest(services, shared, "One")
    second = await _suggest(services, shared, "Two")
    queue = services.suggestions
    assert (await queue.next_pending(GUILD)).id == first.id  # type: ignore[union-attr]
    assert (await queue.next_pending(GUILD, first.id)).id == second.id  # type: ignore[union-attr]
    assert (await queue.next_pending(GUILD, second.id)).id == first.id  # type: ignore[union-attr]
    assert await queue.next_pending(OTHER) is None
    assert await queue.count_pending(GUILD) == 2


async def test_a_longest_title_that_folds_longer_is_accepted(
    services: Services, shared: Film
) -> None:
    made = await _suggest(services, shared, "ß" * 200)  # casefolds to 400 characters
    assert made.title == "ß" * 200
