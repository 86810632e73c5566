"""Two bot processes, shards 0 and 1 of 2, on one PostgreSQL database (issue 11, the proof).

Both run ``python -m bot run`` as an operator would, configured only through the environment
(``PROJECTIONIST_DB``, ``PROJECTIONIST_SHARD_COUNT``, ``PROJECTIONIST_SHARD_IDS``), against the
local Discord emulator, which routes each guild to shard ``(guild_id >> 22) % 2``. Members vote
in polls in guilds on both shards, then:

1. some polls' deadlines pass while both processes run: both schedulers see them due, and each
   poll must still close once and post its results once;
2. the shard-1 process is SIGKILLed while members are voting in its guild, then the remaining
   deadlines pass: the shard-0 process closes every poll, those of the dead process's guilds
   included (REST is not shard-bound), once.

For every poll: closed, exactly one results message in the channel (every message the emulator
holds, deleted ones too), that message is the one the outbox recorded, and it shows what a
recount of the stored ballots gives; every acknowledged ballot is stored as acknowledged.

Deadlines are made to pass by moving ``closes_at`` in the database (polls run for at least ten
minutes); a process notices at its next look, within its scheduler's longest sleep (a minute).
It runs in the first (SQLite) pass on its own PostgreSQL database, so where PostgreSQL cannot run
it is left out with the other PostgreSQL tests, and under PROJECTIONIST_REQUIRE_POSTGRES=1 (CI)
it fails instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.polls.models import DeliveryState, Poll, Status
from bot.polls.voting import Tally
from bot.services import Services, build_services
from bot.settings import Settings
from cogs.polls.render import results_embed, scene_numbers
from discord_emulator import DiscordEmulator, EmulatorConfig, shard_of
from discord_emulator.testing.driver import GuildDriver
from discord_emulator.world import Member
from tests.e2e.bot_process import BotProcess
from tests.e2e.polls_driver import cast
from tests.e2e.test_emulator_sharding import delivered, ids
from tests.e2e.test_poll_load import rankings_for
from tests.e2e.test_polls import start_poll
from tests.postgres_cluster import pass_deadlines
from tests.postgres_fixtures import backend_under_test

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        backend_under_test() == "postgres",
        reason="always on PostgreSQL: it ran in the first pass, on its own database",
    ),
]

SHARDS = 2
FILMS = ("jaws", "alien")
VOTERS = 6  # per poll, before the kill
WAVE = 24  # members voting in the dead process's guild when it is killed
KILL_AFTER = 6  # acknowledged ballots of that wave before the kill
# Generous: a process looks for due polls at least once a minute, and this machine is shared.
CLOSE_WITHIN = 240.0


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    # Whether every acknowledgement fits Discord's 3 s on a busy 2-core machine is `make bench`'s
    # business; this test proves agreement, so the window is relaxed.
    return EmulatorConfig(heartbeat_interval_ms=1000, interaction_deadline=30.0)


@dataclass
class Shard:
    guilds: list[GuildDriver]
    process: BotProcess


@dataclass
class Ballots:
    """What the members were told: acknowledged ballots per poll."""

    acknowledged: dict[int, dict[int, tuple[int, ...]]] = field(default_factory=dict)

    def of(self, poll_id: int) -> dict[int, tuple[int, ...]]:
        return self.acknowledged.setdefault(poll_id, {})


def guilds_on_both_shards(emulator: DiscordEmulator) -> dict[int, list[GuildDriver]]:
    """Two guilds per shard: the seeded two (Film Club on 0, Second Guild on 1) and one more each.
    Added before any process connects, as the emulator requires."""
    extra = [emulator.add_guild(f"Shard {s} Guild", shard=(s, SHARDS)) for s in range(SHARDS)]
    drivers = [
        GuildDriver(emulator, name, followup_timeout=30.0) for name in ("Film Club", "Second Guild")
    ] + [GuildDriver(emulator, seeded, followup_timeout=30.0) for seeded in extra]
    by_shard: dict[int, list[GuildDriver]] = {s: [] for s in range(SHARDS)}
    for driver in drivers:
        by_shard[shard_of(driver.guild.id, SHARDS)].append(driver)
    assert all(len(g) == 2 for g in by_shard.values())
    return by_shard


@pytest.fixture
async def reader(pg_url: str) -> AsyncIterator[Services]:
    """The test's own view of the shared database (it loads nothing)."""
    services = await build_services(Settings(database_url=pg_url, load_starter_catalogue=False))
    try:
        yield services
    finally:
        await services.close()


async def vote(
    guild: GuildDriver,
    poll: Poll,
    members: list[Member],
    ballots: Ballots,
    enough: asyncio.Event | None = None,
    kill_after: int = 0,
) -> list[object]:
    """Members cast ballots at once; every confirmed one is recorded as acknowledged, and
    ``enough`` is set once ``kill_after`` of these members' ballots are."""
    acknowledged = ballots.of(poll.id)
    threshold = len(acknowledged) + kill_after

    async def one(member: Member, ranking: list[int]) -> None:
        reply = await cast(guild, poll.id, member, ranking)
        assert "Your ballot is in" in reply.text, reply.text
        acknowledged[member.user.id] = tuple(ranking)
        if enough is not None and len(acknowledged) >= threshold:
            enough.set()

    rankings = rankings_for(poll.option_ids, len(members))
    return await asyncio.gather(
        *(one(m, r) for m, r in zip(members, rankings, strict=True)), return_exceptions=True
    )


def results_messages(emulator: DiscordEmulator, poll: Poll) -> list[Any]:
    """Every results message of ``poll`` the emulator holds in its channel, deleted or not."""
    found = []
    for message in emulator.state.messages.values():
        if message.channel_id != poll.channel_id or not message.embeds:
            continue
        embed = message.embeds[0]
        footer = (embed.get("footer") or {}).get("text")
        if footer == f"Poll #{poll.id}" and embed.get("title", "").startswith("Results"):
            found.append(message)
    return found


async def wait_closed_and_posted(
    emulator: DiscordEmulator, reader: Services, polls: list[Poll]
) -> None:
    async def done() -> bool:
        for poll in polls:
            stored = await reader.polls.get(poll.id)
            delivery = await reader.outbox.get(poll.id)
            if stored.status is not Status.CLOSED or delivery is None:
                return False
            if delivery.state is not DeliveryState.DELIVERED:
                return False
        return True

    await emulator.wait_until(
        done, CLOSE_WITHIN, recheck=0.5, what=f"polls {[p.id for p in polls]} closed and posted"
    )
    # Anything a second closer might still send would arrive now; then count.
    await emulator.wait_quiet(2.0, 20.0)


async def assert_closed_once_as_recounted(
    emulator: DiscordEmulator, reader: Services, polls: list[Poll], ballots: Ballots
) -> None:
    for poll in polls:
        stored = await reader.polls.get(poll.id)
        assert stored.status is Status.CLOSED and stored.closed_at is not None
        posted = results_messages(emulator, stored)
        assert len(posted) == 1, f"poll {poll.id}: {len(posted)} results messages"
        delivery = await reader.outbox.get(poll.id)
        assert delivery is not None and delivery.state is DeliveryState.DELIVERED
        assert delivery.message_id == posted[0].id == stored.results_message_id

        # No acknowledged ballot lost: each is stored exactly as the member was told.
        for user_id, ranking in ballots.of(poll.id).items():
            assert await reader.polls.ballot_of(poll.id, user_id) == ranking
        recount = await reader.polls.recount(stored)
        assert stored.ballot_count == recount.ballot_count >= len(ballots.of(poll.id))

        # The posted result is what the stored ballots give.
        hidden = (await reader.guild_settings.get(stored.guild_id)).spoilers
        film = await reader.catalogue.get(stored.film_id, stored.guild_id)
        numbers = scene_numbers(film, stored) if hidden else {}
        expected = results_embed(stored, recount.result(stored.method), hidden, numbers)
        shown = posted[0].embeds[0]
        assert shown.get("description") == expected.description
        assert [(f["name"], f["value"]) for f in shown.get("fields", [])] == [
            (f.name, f.value) for f in expected.fields
        ]


async def test_two_sharded_processes_close_every_poll_once_through_a_sigkill(
    emulator: DiscordEmulator, pg_url: str, reader: Services, tmp_path: Path
) -> None:
    by_shard = guilds_on_both_shards(emulator)
    shards = {
        s: Shard(
            by_shard[s],
            BotProcess(emulator, pg_url, tmp_path / f"shard{s}.log", shard=(s, SHARDS)),
        )
        for s in range(SHARDS)
    }
    try:
        for shard in shards.values():
            await shard.process.start(within=90.0)
        await _run(emulator, pg_url, reader, shards)
    finally:
        for shard in shards.values():
            await shard.process.stop()


async def _run(
    emulator: DiscordEmulator, pg_url: str, reader: Services, shards: dict[int, Shard]
) -> None:
    polls: dict[int, list[Poll]] = {}  # by guild id
    where: dict[int, GuildDriver] = {}  # poll id -> its guild
    for shard in shards.values():
        for guild in shard.guilds:
            for film in FILMS:
                poll_id = await start_poll(guild, film=film, duration="10m")
                polls.setdefault(guild.guild.id, []).append(await reader.polls.get(poll_id))
                where[poll_id] = guild
    everything = [p for ps in polls.values() for p in ps]

    ballots = Ballots()
    outcomes = await asyncio.gather(
        *(
            vote(where[p.id], p, where[p.id].add_members(VOTERS, prefix=f"p{p.id}-"), ballots)
            for p in everything
        )
    )
    failures = [o for batch in outcomes for o in batch if isinstance(o, BaseException)]
    assert failures == [], failures[:3]
    # Each process was sent only its own guilds' interactions.
    assert delivered(emulator, "INTERACTION_CREATE") == {
        s: ids(shard.guilds) for s, shard in shards.items()
    }

    # 1. Both alive: the polls of one guild on each shard run out; both processes see them due.
    first = [p for shard in shards.values() for p in polls[shard.guilds[0].guild.id]]
    await pass_deadlines(pg_url, [p.id for p in first])
    await wait_closed_and_posted(emulator, reader, first)
    await assert_closed_once_as_recounted(emulator, reader, first, ballots)

    # 2. Shard 1's process dies while members vote in its second guild; then every remaining
    # deadline passes, its guilds' polls included.
    dead = shards[1]
    guild = dead.guilds[1]
    target = polls[guild.guild.id][0]
    enough = asyncio.Event()
    wave = asyncio.create_task(
        vote(guild, target, guild.add_members(WAVE, prefix="wave"), ballots, enough, KILL_AFTER)
    )
    await asyncio.wait_for(enough.wait(), 120)
    await dead.process.kill()
    interrupted = await wave
    assert any(isinstance(o, BaseException) for o in interrupted), "the kill interrupted nothing"
    assert len(ballots.of(target.id)) < VOTERS + WAVE

    rest = [p for p in everything if p not in first]
    await pass_deadlines(pg_url, [p.id for p in rest])
    await wait_closed_and_posted(emulator, reader, rest)
    await assert_closed_once_as_recounted(emulator, reader, everything, ballots)

    # Nothing in flight before the kill was lost, and the polls untouched by it count exactly
    # the ballots their members were told are in.
    for poll in everything:
        if poll.id != target.id:
            expected = Tally.from_ballots(poll.option_ids, list(ballots.of(poll.id).values()))
            assert await reader.polls.recount(await reader.polls.get(poll.id)) == expected
    # Losing a race to close a poll another process closed is normal, not an error to log.
    for shard in shards.values():
        log = shard.process.log.read_text()
        assert "Traceback" not in log, log[-3000:]
