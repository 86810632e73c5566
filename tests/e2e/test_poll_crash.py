"""SIGKILL the bot while ballots arrive: every acknowledged ballot survives the restart."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.polls.service import PollService
from bot.polls.voting import validate_ranking
from discord_emulator import DiscordEmulator, EmulatorConfig
from discord_emulator.testing.driver import GuildDriver
from discord_emulator.world import Member
from tests.e2e.bot_process import BotProcess, database_of, read_database
from tests.e2e.helpers import assert_clean
from tests.e2e.polls_driver import cast, start_poll
from tests.e2e.test_poll_load import rankings_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

VOTERS = 300
KILL_AFTER = 60  # acknowledged ballots before the kill


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    # This test proves that acknowledged ballots survive a SIGKILL. Whether 300 acknowledgements
    # fit Discord's 3-second window depends on the machine's load, so the window is relaxed here;
    # latency is `make bench`'s business.
    return EmulatorConfig(heartbeat_interval_ms=1000, interaction_deadline=30.0)


@pytest.fixture
def film_club(emulator: DiscordEmulator) -> GuildDriver:
    return GuildDriver(emulator, "Film Club", followup_timeout=30.0)


async def test_acknowledged_ballots_survive_sigkill(
    emulator: DiscordEmulator,
    film_club: GuildDriver,
    tmp_path: Path,
    test_database: dict[str, Any],
) -> None:
    database = database_of(test_database, tmp_path / "crash.sqlite3")
    bot = BotProcess(emulator, database, tmp_path / "bot.log")
    await bot.start()
    poll_id = await start_poll(film_club, film="alien", method="borda")
    async with read_database(bot.database) as backend:
        options = (await PollService(backend.polls).get(poll_id)).option_ids
    members = film_club.add_members(VOTERS, prefix="storm")
    rankings = rankings_for(options, VOTERS)
    acknowledged: dict[int, tuple[int, ...]] = {}
    enough = asyncio.Event()

    async def vote(member: Member, ranking: list[int]) -> None:
        reply = await cast(film_club, poll_id, member, ranking)
        if "Your ballot is in" in reply.text:
            acknowledged[member.user.id] = tuple(ranking)
            if len(acknowledged) >= KILL_AFTER:
                enough.set()

    voting = asyncio.gather(
        *(vote(m, r) for m, r in zip(members, rankings, strict=True)), return_exceptions=True
    )
    await asyncio.wait_for(enough.wait(), 60)
    await bot.kill()
    outcomes = await voting
    assert any(isinstance(o, BaseException) for o in outcomes), (
        "the kill should interrupt some votes"
    )
    assert len(acknowledged) < VOTERS

    await bot.start()  # the same database, a new process
    try:
        async with read_database(bot.database) as backend:
            service = PollService(backend.polls)
            for user_id, ranking in acknowledged.items():
                assert await service.ballot_of(poll_id, user_id) == ranking
            poll = await service.get(poll_id)
            recount = await service.recount(poll)
            assert poll.ballot_count == recount.ballot_count >= len(acknowledged)
            # No ballot was stored half-written: every stored ranking is a whole, valid ballot.
            async for ranking in backend.polls.ballots(poll_id):
                assert validate_ranking(ranking, options) == ranking
        assert sum(recount.first_choices.values()) == recount.ballot_count
        late = film_club.add_member("after-the-storm")
        done = await cast(film_club, poll_id, late, [options[0]])
        assert "Your ballot is in" in done.text
        closed = assert_clean(
            await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator)
        )
        assert "results are posted" in closed.text
    finally:
        await bot.stop()
