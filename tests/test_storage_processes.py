"""Two processes on one database file: a second connection holding the write lock while a
ballot arrives, and changes made elsewhere becoming visible to the running services."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.catalogue.service import Catalogue
from bot.errors import DatabaseBusyError
from bot.polls.models import Poll
from bot.polls.service import PollService
from bot.storage.sqlite import SqliteBackend

START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
GUILD = 555


@contextmanager
def write_lock_held(path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's connection inside ``BEGIN IMMEDIATE`` (the `projectionist import`)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


async def _backend(path: Path, busy_timeout_ms: int) -> SqliteBackend:
    return await SqliteBackend.open(path, busy_timeout_ms=busy_timeout_ms)


@pytest.fixture
async def poll_setup(tmp_path: Path) -> AsyncIterator[tuple[Path, Poll]]:
    path = tmp_path / "shared.sqlite3"
    backend = await _backend(path, 2500)
    try:
        catalogue = await Catalogue.load(backend.catalogue)
        scenes = tuple(SceneDraft(f"Scene {n}") for n in range(1, 4))
        film = await catalogue.add_film(FilmDraft(title="Poll Film", scenes=scenes), None)
        polls = PollService(backend.polls, lambda: START)
        poll = await polls.start(
            guild_id=GUILD,
            channel_id=1,
            film=film,
            host_id=2,
            duration=timedelta(hours=1),
            method="schulze",
        )
    finally:
        await backend.close()
    yield path, poll


async def test_a_ballot_beyond_the_busy_timeout_is_a_domain_error(
    poll_setup: tuple[Path, Poll],
) -> None:
    path, poll = poll_setup
    backend = await _backend(path, 50)
    try:
        polls = PollService(backend.polls, lambda: START)
        with write_lock_held(path), pytest.raises(DatabaseBusyError) as caught:
            await polls.vote(poll.id, 7, [1, 2, 3])
        assert "busy" in str(caught.value)
        assert await polls.ballot_of(poll.id, 7) is None
        # once the other process lets go, the same member votes normally
        receipt = await polls.vote(poll.id, 7, [1, 2, 3])
        assert receipt is not None
        assert await polls.ballot_of(poll.id, 7) == (1, 2, 3)
    finally:
        await backend.close()


async def test_a_ballot_waits_for_a_lock_released_within_the_timeout(
    poll_setup: tuple[Path, Poll],
) -> None:
    path, poll = poll_setup
    backend = await _backend(path, 60_000)
    try:
        polls = PollService(backend.polls, lambda: START)
        with write_lock_held(path) as other:
            vote = asyncio.create_task(polls.vote(poll.id, 8, [3, 2, 1]))
            await asyncio.sleep(0)
            assert not vote.done()
            # reads go on while the other process holds the write lock
            assert await polls.ballot_of(poll.id, 8) is None
            released = threading.Event()
            threading.Thread(target=lambda: (other.execute("COMMIT"), released.set())).start()
            await asyncio.to_thread(released.wait)
            await vote
        assert await polls.ballot_of(poll.id, 8) == (3, 2, 1)
    finally:
        await backend.close()


async def test_films_imported_by_another_process_become_searchable(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    bot_side = await _backend(path, 2500)
    cli_side = await _backend(path, 2500)
    try:
        catalogue = await Catalogue.load(bot_side.catalogue)
        assert await catalogue.refresh_if_changed() is False  # nothing happened yet
        other = await Catalogue.load(cli_side.catalogue)
        await other.add_film(FilmDraft(title="Ivan Drago Returns", year=1991), None)
        # a typed title is resolved after a cheap check, without waiting for the timer
        film = await catalogue.resolve("ivan drago returns")
        assert film.title == "Ivan Drago Returns"
        assert [h.title for h in catalogue.search("drago")] == ["Ivan Drago Returns"]
        assert await catalogue.refresh_if_changed() is False
        await other.remove_film(film.id, None)
        assert await catalogue.refresh_if_changed() is True
        assert catalogue.search("drago") == []
    finally:
        await cli_side.close()
        await bot_side.close()


async def test_own_writes_during_a_refresh_are_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    bot_side = await _backend(path, 2500)
    cli_side = await _backend(path, 2500)
    try:
        catalogue = await Catalogue.load(bot_side.catalogue)
        other = await Catalogue.load(cli_side.catalogue)
        await other.add_film(FilmDraft(title="Elsewhere", year=1990), None)
        refresh = asyncio.create_task(catalogue.refresh_if_changed())
        await catalogue.add_film(FilmDraft(title="Right Here", year=1992), 1)
        await refresh
        assert [h.title for h in catalogue.search("right here", 1)] == ["Right Here"]
        assert [h.title for h in catalogue.search("elsewhere", 1)] == ["Elsewhere"]
    finally:
        await cli_side.close()
        await bot_side.close()


async def test_opening_beside_a_long_writer_says_busy_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    await (await _backend(path, 2500)).close()
    with write_lock_held(path), pytest.raises(DatabaseBusyError, match="busy"):
        await _backend(path, 50)
