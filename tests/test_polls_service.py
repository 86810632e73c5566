from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from bot.catalogue.models import Film, FilmDraft, SceneDraft, SceneWrite
from bot.errors import ConflictError, NotFoundError, ValidationError
from bot.polls.durations import parse_duration
from bot.polls.models import Poll, Status
from bot.polls.service import PollService
from bot.polls.voting import Tally
from bot.services import Services
from tests.poll_helpers import start_poll

GUILD = 555
START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def film(services: Services) -> Film:
    scenes = tuple(SceneDraft(f"Scene {i}", "", i == 3) for i in range(1, 6))
    draft = FilmDraft(title="Poll Film", year=1999, scenes=scenes)
    return await services.catalogue.add_film(draft, None)


@pytest.fixture
def service(services: Services, clock: Clock) -> PollService:
    return PollService(services.backend.polls, clock)


async def _start(
    service: PollService,
    film: Film,
    *,
    guild_id: int = GUILD,
    scene_ranks: Sequence[int] | None = None,
) -> int:
    return (await start_poll(service, film, guild_id=guild_id, scene_ranks=scene_ranks)).id


async def test_votes_replace_and_match_a_recount(
    services: Services, service: PollService, film: Film
) -> None:
    poll_id = await _start(service, film)
    first = await service.vote(poll_id, 100, [2, 1])
    assert (first.replaced, first.poll.ballot_count) == (False, 1)
    await service.vote(poll_id, 101, [1, 3, 2])
    again = await service.vote(poll_id, 100, [3])
    assert again.replaced and not again.unchanged and again.poll.ballot_count == 2
    same = await service.vote(poll_id, 100, [3])
    assert same.unchanged
    poll = await service.get(poll_id)
    assert await service.ballot_of(poll_id, 100) == (3,)
    recount = await service.recount(poll)
    assert recount == await service.tally(poll)
    assert recount == Tally.from_ballots(poll.option_ids, [(1, 3, 2), (3,)])
    # The stored ballots are the single source of truth: exactly the latest ballot per member.
    stored = [ranking async for ranking in services.backend.polls.ballots(poll_id)]
    assert sorted(stored) == [(1, 3, 2), (3,)]
    assert {o: n for o, n in recount.first_choices.items() if n} == {1: 1, 3: 1}


@pytest.mark.parametrize("ranking", [[], [1, 1], [9], [0]])
async def test_bad_ballots_are_refused_and_change_nothing(
    service: PollService, film: Film, ranking: list[int]
) -> None:
    poll_id = await _start(service, film)
    with pytest.raises(ValidationError):
        await service.vote(poll_id, 100, ranking)
    assert await service.ballot_of(poll_id, 100) is None
    assert (await service.get(poll_id)).ballot_count == 0


async def test_no_vote_after_the_deadline_or_close(
    service: PollService, film: Film, clock: Clock
) -> None:
    poll_id = await _start(service, film)
    await service.vote(poll_id, 100, [1])
    clock.now = START + timedelta(hours=2)
    with pytest.raises(ConflictError, match="closed"):
        await service.vote(poll_id, 101, [1])
    closed = await service.finish(poll_id, "closed")
    assert closed.status == "closed" and closed.closed_at == clock.now
    with pytest.raises(ConflictError, match="already closed"):
        await service.finish(poll_id, "cancelled")
    clock.now = START
    with pytest.raises(ConflictError, match="closed"):
        await service.vote(poll_id, 102, [1])
    assert (await service.get(poll_id)).ballot_count == 1


async def test_one_open_poll_per_film_and_scene_subsets(service: PollService, film: Film) -> None:
    poll_id = await _start(service, film, scene_ranks=[5, 2, 2])
    poll = await service.get(poll_id)
    assert [o.title for o in poll.options] == ["Scene 5", "Scene 2"]
    with pytest.raises(ConflictError, match="already has an open poll"):
        await _start(service, film)
    await _start(service, film, guild_id=GUILD + 1)
    await service.finish(poll_id, "cancelled")
    await _start(service, film)
    with pytest.raises(ValidationError, match="no scene 9"):
        await _start(service, film, guild_id=7, scene_ranks=[9])
    with pytest.raises(ValidationError, match="at least 2"):
        await _start(service, film, guild_id=7, scene_ranks=[1])


async def test_a_film_with_an_open_poll_cannot_be_removed(
    services: Services, service: PollService, film: Film
) -> None:
    catalogue = services.catalogue
    poll_id = await _start(service, film)
    with pytest.raises(ConflictError, match="open poll"):
        await catalogue.remove_film(film.id, None)
    assert (await catalogue.get(film.id)).title == "Poll Film"
    await service.finish(poll_id, "closed")
    await catalogue.remove_film(film.id, None)
    with pytest.raises(NotFoundError):
        await service.get(poll_id)


async def test_a_scene_in_an_open_poll_cannot_be_removed(
    services: Services, service: PollService, clock: Clock
) -> None:
    """Issue 9.4: removing a scene an open poll lists is refused, naming the poll; once the poll
    is closed the scene can go (the closed poll keeps its title)."""
    catalogue = services.catalogue
    scenes = tuple(SceneDraft(f"Scene {i}") for i in range(1, 5))
    own = await catalogue.add_film(FilmDraft(title="Own Film", scenes=scenes), GUILD)
    poll_id = await _start(service, own, scene_ranks=[1, 2])
    with pytest.raises(ConflictError, match=f"open poll #{poll_id}"):
        await catalogue.remove_scene(own.id, own.scenes[1].id, GUILD)
    with pytest.raises(ConflictError, match=f"open poll #{poll_id}"):
        async with services.backend.catalogue.transaction() as tx:
            keep_first = [SceneWrite(own.scenes[0].id, SceneDraft("Scene 1"))]
            await tx.sync_scenes(own.id, keep_first)  # a re-import that drops the rest
    kept = await catalogue.get(own.id, GUILD)
    assert [s.title for s in kept.scenes] == ["Scene 1", "Scene 2", "Scene 3", "Scene 4"]
    await catalogue.remove_scene(own.id, own.scenes[3].id, GUILD)  # not in the poll
    await service.finish(poll_id, "closed")
    await catalogue.remove_scene(own.id, own.scenes[1].id, GUILD)
    poll = await service.get(poll_id)
    assert [(o.scene_id, o.title) for o in poll.options] == [
        (own.scenes[0].id, "Scene 1"),
        (None, "Scene 2"),
    ]


async def test_a_restarted_service_recounts_from_storage(
    services: Services, film: Film, clock: Clock
) -> None:
    first = PollService(services.backend.polls, clock)
    poll_id = await _start(first, film)
    for user in range(1, 30):
        await first.vote(poll_id, user, [user % 5 + 1, (user + 2) % 5 + 1])
    second = PollService(services.backend.polls, clock)
    poll = await second.get(poll_id)
    assert await second.tally(poll) == await first.tally(poll)
    assert (await second.result(poll)).ballot_count == 29


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("2h", 120),
        ("3d", 4320),
        ("1h30m", 90),
        ("10", 10),
        ("14d", 20160),
        (" 2 H ", 120),
        ("2 days", 2880),
        ("1 week", 10080),
        ("1 day 12 hours", 2160),
        ("1 day, 12 hours and 30 minutes", 2190),
        ("2 hrs 15 mins", 135),
        ("1w", 10080),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["5m", "15d", "soon", "2x", "", "1h-3m", "3 weeks", "2 days later", "day 2", "2 ½ days"]
)
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_duration(text)


async def test_finished_results_are_kept_for_a_few_polls_only(
    service: PollService, services: Services, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.polls.service.FINISHED_TALLIES_KEPT", 2)
    catalogue = services.catalogue
    scenes = (SceneDraft("A"), SceneDraft("B"))
    closed = []
    for n in range(4):
        film = await catalogue.add_film(
            FilmDraft(title=f"Film {n}", year=2000, scenes=scenes), None
        )
        poll_id = await _start(service, film)
        await service.vote(poll_id, 1, [2, 1])
        closed.append(await service.finish(poll_id, "closed"))
        service.forget(poll_id)
    for poll in closed:
        assert (await service.result(poll)).ranking[0].option_id == 2
    assert len(service._finished) == 2 and not service._tallies
    assert await service.tally(closed[0]) == await service.recount(closed[0])


async def test_two_processes_taking_ballots_agree_on_the_count_and_the_close(
    services: Services, service: PollService, film: Film, clock: Clock
) -> None:
    """A rolling restart: two processes (two services, each with its own memory) briefly take
    ballots for the same poll. Each one's view counts the other's ballots, and the close
    posts the recount of every stored ballot."""
    other = PollService(services.backend.polls, clock)
    poll_id = await _start(service, film)
    await service.vote(poll_id, 1, [1, 2])
    assert (await service.tally(await service.get(poll_id))).ballot_count == 1
    await other.vote(poll_id, 2, [2, 1])
    await other.vote(poll_id, 3, [2, 3])
    poll = await service.get(poll_id)
    assert await service.tally(poll) == await service.recount(poll)
    assert (await service.tally(poll)).ballot_count == 3
    await service.vote(poll_id, 4, [3, 1])
    assert await other.tally(poll) == await other.recount(poll)
    clock.now += timedelta(hours=2)
    closed = await other.finish(poll_id, Status.CLOSED, due_only=True)
    assert await service.tally(closed) == await other.recount(closed)
    assert (await service.tally(closed)).ballot_count == 4


async def test_a_replacement_by_this_service_needs_no_recount(
    services: Services, service: PollService, film: Film, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service accounts for its own writes: replacing (or re-sending) a ballot here keeps
    the live tally, exact, without a recount; one write elsewhere costs one recount."""
    poll_id = await _start(service, film)
    recounts = 0
    recount = service.recount

    async def counted(poll: Poll) -> Tally:
        nonlocal recounts
        recounts += 1
        return await recount(poll)

    monkeypatch.setattr(service, "recount", counted)
    await service.vote(poll_id, 100, [2, 1])
    await service.vote(poll_id, 101, [1])
    await service.vote(poll_id, 100, [3])
    await service.vote(poll_id, 100, [3])  # unchanged, but stored again
    poll = await service.get(poll_id)
    assert poll.ballot_writes == 4 and poll.ballot_count == 2
    live = await service.tally(poll)
    assert recounts == 0
    assert live == Tally.from_ballots(poll.option_ids, [(3,), (1,)])
    other = PollService(services.backend.polls, service.clock)
    await other.vote(poll_id, 101, [2, 3])
    assert await service.tally(poll) == Tally.from_ballots(poll.option_ids, [(3,), (2, 3)])
    await service.tally(poll)
    assert recounts == 1
