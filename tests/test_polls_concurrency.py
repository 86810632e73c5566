"""Polls under concurrency: what is counted and posted always equals a recount of what is stored.

A ``YieldingStore`` wraps the real poll store and hands control back to the event loop (a seeded
number of ``sleep(0)``s) around every await, so concurrent tasks interleave at every point a real
database round trip would let them. The deterministic tests pin the two straddles issue 9 found;
the property test drives votes, clicks, result views, closes, restarts (a new ``PollService``
over the same database) and re-imports of the polled film in random, seeded interleavings and
checks the invariants at every step.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.catalogue.loader import read_paths
from bot.catalogue.models import Film, FilmDraft, SceneDraft
from bot.errors import ConflictError
from bot.polls.models import Poll, Status
from bot.polls.service import PollService
from bot.polls.store import PollStore, PollTransaction
from bot.polls.voting import Tally
from bot.services import Services
from tests.poll_helpers import start_poll

GUILD = 555
START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def clock() -> datetime:
    return START


class YieldingStore:
    """The real store, with deliberate yield points around every await (seeded, or scripted by
    ``pause``: an event a chosen method waits for once, to force one exact interleaving)."""

    def __init__(self, inner: PollStore, rng: random.Random | None = None) -> None:
        self._inner = inner
        self._rng = rng
        self.pause: dict[str, tuple[asyncio.Event, asyncio.Event]] = {}

    async def _yield(self, name: str = "") -> None:
        if name in self.pause:
            reached, go = self.pause.pop(name)
            reached.set()
            await go.wait()
        for _ in range(self._rng.randint(0, 3) if self._rng else 1):
            await asyncio.sleep(0)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr) or name in {"ballots", "transaction"}:
            return attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            await self._yield()
            result = await attr(*args, **kwargs)
            await self._yield(name)
            return result

        return call

    async def ballots(self, poll_id: int) -> AsyncIterator[tuple[int, ...]]:
        await self._yield("ballots")
        async for ranking in self._inner.ballots(poll_id):
            await self._yield()
            yield ranking

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PollTransaction]:
        await self._yield()
        async with self._inner.transaction() as tx:
            yield tx
        await self._yield()


async def stored(services: Services, poll_id: int) -> list[tuple[int, ...]]:
    return sorted([r async for r in services.backend.polls.ballots(poll_id)])


async def recount(services: Services, poll: Poll) -> Tally:
    return Tally.from_ballots(poll.option_ids, await stored(services, poll.id))


@pytest.fixture
async def film(services: Services) -> Film:
    scenes = tuple(SceneDraft(f"Scene {i}") for i in range(1, 5))
    return await services.catalogue.add_film(FilmDraft(title="Race Film", scenes=scenes), None)


async def start(service: PollService, film: Film) -> Poll:
    return await start_poll(service, film, guild_id=GUILD)


async def test_a_rebuild_after_a_restart_never_drops_ballots_stored_meanwhile(
    services: Services, film: Film
) -> None:
    """Issue 9.1: a result view rebuilt the tally outside the poll's lock after a restart, and
    the rebuild replaced the live tally, dropping the ballots stored while it ran."""
    poll = await start(PollService(services.backend.polls, clock), film)
    first = PollService(services.backend.polls, clock)
    for user in range(1, 6):
        await first.vote(poll.id, user, [user % 4 + 1])
    store = YieldingStore(services.backend.polls)
    restarted = PollService(store, clock)
    reached, go = asyncio.Event(), asyncio.Event()
    store.pause["ballots"] = (reached, go)
    view = asyncio.create_task(restarted.result(poll))
    await reached.wait()  # the view's rebuild has started reading the stored ballots
    votes = [asyncio.create_task(restarted.vote(poll.id, u, [1, 2])) for u in range(10, 15)]
    for _ in range(50):
        await asyncio.sleep(0)
    go.set()
    await asyncio.gather(view, *votes)
    expected = await recount(services, poll)
    assert expected.ballot_count == 10
    assert await restarted.tally(poll) == expected
    closed = await restarted.finish(poll.id, Status.CLOSED)
    assert (await restarted.result(closed)).ballot_count == 10


async def test_a_click_straddling_a_close_never_reopens_the_poll(
    services: Services, film: Film
) -> None:
    """Issue 9.2: a Vote click read the poll, /poll close ran, and the click then cached the poll
    as open; the next ballot on the closed poll was accepted."""
    store = YieldingStore(services.backend.polls)
    service = PollService(store, clock)
    poll = await start(service, film)
    service.forget(poll.id)  # nothing cached: the click reads the row
    reached, go = asyncio.Event(), asyncio.Event()
    store.pause["get"] = (reached, go)
    click = asyncio.create_task(service.open_poll(poll.id, GUILD))
    await reached.wait()  # the click has read the row: open
    await service.finish(poll.id, Status.CLOSED)
    go.set()
    await click  # the click's own answer may still show the ballot form it read...
    with pytest.raises(ConflictError, match="closed"):
        await service.open_poll(poll.id, GUILD)  # ...but nothing cached says open
    with pytest.raises(ConflictError, match="closed"):
        await service.vote(poll.id, 100, [1, 2])
    assert await stored(services, poll.id) == []


Op = Callable[[], Awaitable[None]]


@pytest.mark.parametrize("seed", range(40))
async def test_counted_and_posted_results_always_equal_a_recount(
    services: Services, film: Film, seed: int, tmp_path: Path
) -> None:
    """Votes, clicks, result views, audits, closes, restarts and re-imports of the polled film
    (scenes reordered, new ones added: ids must hold) in seeded random interleavings.

    Invariants: whenever the service holds a live tally it equals a recount of the stored ballots
    (checked under the poll's serialisation); every posted result (the close's) equals the recount
    of the stored ballots; no ballot is accepted or stored after the close; every acknowledged
    ballot is stored and nothing unacknowledged is.
    """
    rng = random.Random(seed)
    state: dict[str, Any] = {}

    def new_service() -> PollService:
        return PollService(YieldingStore(services.backend.polls, rng), clock)

    state["service"] = new_service()
    poll = await start(state["service"], film)
    acknowledged: dict[int, set[tuple[int, ...]]] = {}
    closed_with: list[tuple[int, ...]] = []
    posted: list[Tally] = []

    async def vote(user: int) -> None:
        ranking = tuple(rng.sample(poll.option_ids, rng.randint(1, len(poll.option_ids))))
        try:
            await state["service"].vote(poll.id, user, ranking)
        except ConflictError:
            return
        assert not closed_with, "a ballot was accepted after the close"
        acknowledged.setdefault(user, set()).add(ranking)

    async def click() -> None:
        with suppress(ConflictError):
            await state["service"].open_poll(poll.id, GUILD)

    async def view() -> None:
        current = await state["service"].get(poll.id)
        result = await state["service"].result(current)
        if not current.is_open:
            assert result.ballot_count == len(closed_with)

    async def audit() -> None:
        live, fresh = await state["service"].audit(poll.id)
        assert live is None or live == fresh

    async def close() -> None:
        try:
            closed = await state["service"].finish(poll.id, Status.CLOSED)
        except ConflictError:
            return
        closed_with.extend(await stored(services, poll.id))
        posted.append(await state["service"].tally(closed))  # what the close posts

    imports = 0

    async def reimport() -> None:
        nonlocal imports
        imports += 1
        titles = [scene.title for scene in (await services.catalogue.get(film.id)).scenes]
        rng.shuffle(titles)
        titles.insert(rng.randint(0, len(titles)), f"Fresh scene {imports}")
        path = tmp_path / f"reimport-{imports}.toml"
        scenes = "".join(f'\n[[scenes]]\ntitle = "{title}"\n' for title in titles)
        path.write_text(f'title = "{film.title}"\n{scenes}', "utf-8")
        report = await services.catalogue.import_files(read_paths([path]))
        assert not report.has_errors, [str(p) for p in report.problems]

    for _round in range(6):
        ops: list[Op] = []
        for _ in range(rng.randint(4, 12)):
            kind = rng.choice(
                ["vote", "vote", "vote", "click", "view", "audit", "close", "reimport"]
            )
            if kind == "vote":
                user = rng.randint(1, 12)
                ops.append(lambda user=user: vote(user))  # type: ignore[misc]
            elif kind == "close" and (_round < 3 or rng.random() < 0.5):
                continue  # most closes come late, so rounds of votes run first
            else:
                named = {"click": click, "view": view, "audit": audit, "close": close}
                ops.append(named.get(kind, reimport))
        await asyncio.gather(*(op() for op in ops))
        if rng.random() < 0.5:  # a restart: the process ends (nothing in flight), a new one starts
            state["service"] = new_service()

    final = await stored(services, poll.id)
    if closed_with:
        assert final == sorted(closed_with), "a ballot was stored after the close"
        assert posted and posted[0] == await recount(services, poll)
    live, fresh = await state["service"].audit(poll.id)
    assert live is None or live == fresh
    # Re-imports kept every polled scene's id: the poll's options still name the film's scenes.
    scene_ids = {scene.id for scene in (await services.catalogue.get(film.id)).scenes}
    assert {option.scene_id for option in poll.options} <= scene_ids
    users = {u async for u in _voters(services, poll.id)}
    assert users == set(acknowledged)
    for user in users:
        assert await services.backend.polls.ballot_of(poll.id, user) in acknowledged[user]


async def _voters(services: Services, poll_id: int) -> AsyncIterator[int]:
    for user in range(1, 13):
        if await services.backend.polls.ballot_of(poll_id, user) is not None:
            yield user
