"""Ballots per process and per backend: the figures behind docs/scaling.md (issue 11).

The same load three ways, in one run, each against its own emulator and fresh database:

* one process on SQLite (the baseline): ``python -m bot run``, every shard Discord recommends;
* one process on PostgreSQL (a throwaway cluster, as the tests start one);
* two processes on that PostgreSQL, shards 0 and 1 of 2 (``PROJECTIONIST_SHARD_COUNT``/
  ``PROJECTIONIST_SHARD_IDS``), each receiving only its guild's interactions.

The load is sustained, not one burst: two guilds, one on each shard, a poll in each, and
``MEMBERS_PER_POLL`` members voting at a time in each poll for ``SECONDS`` (each member who is
done, or whose click Discord would have dropped, makes room for the next one), through the local
emulator with the polls benchmark's member driver. A burst of hundreds at once measures whether
one stall of this shared machine passes 3 s (then every click in flight is late at once); a
sustained load measures what a process keeps up with. Reported per configuration: ballots/s
and the acknowledgement p99 (interaction created -> the bot's callback) of its best round,
each as a ratio to the baseline's, every round's ballots/s, clicks answered past Discord's 3 s,
each process's resident memory and the PostgreSQL connections open for the configuration.
Rounds alternate between the configurations so that all see the same machine load. The
emulator and the members run in this process, beside the bot processes and PostgreSQL, so on a
small machine every configuration shares the same cores: read the figures with the core count.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

import asyncpg

from benchmarks.polls_bench import acknowledgements, figures, percentile, vote_load
from discord_emulator import DiscordEmulator, EmulatorConfig
from discord_emulator.testing import GuildDriver
from discord_emulator.testing.driver import DriverError
from tests.e2e.bot_process import BotProcess
from tests.e2e.polls_driver import cast, poll_message
from tests.e2e.test_poll_load import rankings_for
from tests.e2e.test_polls import start_poll
from tests.postgres_cluster import Cluster, PostgresUnavailable, running_cluster

MEMBERS_PER_POLL = 25  # voting at a time in each of the two polls
SECONDS = 10.0  # per round
ROUNDS = 3
WARM_UP = 20  # members voting once per configuration before the rounds (not counted)
OPTIONS = tuple(range(1, 8))  # Jaws's seven scenes
Measured = tuple[float, list[float], int]
_names = itertools.count()


async def sustained_load(
    emulator: DiscordEmulator,
    polls: list[tuple[GuildDriver, int, tuple[int, ...]]],
    seconds: float = SECONDS,
) -> Measured:
    """``MEMBERS_PER_POLL`` members at a time in each poll, for ``seconds``: ballots/s, the
    acknowledgement latencies (ms) and the answers too late."""
    loop = asyncio.get_running_loop()
    stop = loop.time() + seconds
    done = 0

    async def seat(guild: GuildDriver, poll_id: int, options: tuple[int, ...], n: int) -> None:
        nonlocal done
        message = poll_message(guild, poll_id)
        ranking = rankings_for(options, MEMBERS_PER_POLL)[n]
        while loop.time() < stop:
            member = guild.add_member(f"seat{n}-{next(_names)}")
            try:
                await cast(guild, poll_id, member, ranking, message)
            except (AssertionError, DriverError, TimeoutError):  # too late: the member gives up
                continue
            done += 1

    mark = len(emulator.requests())
    start = loop.time()
    await asyncio.gather(*(seat(g, p, o, n) for g, p, o in polls for n in range(MEMBERS_PER_POLL)))
    return done / (loop.time() - start), *acknowledgements(emulator, mark)


async def _create_database(cluster: Cluster, name: str) -> str:
    admin = await asyncpg.connect(cluster.url())
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    return cluster.url(name)


def _rss_mb(bot: BotProcess) -> float:
    assert bot.process is not None
    try:
        status = Path(f"/proc/{bot.process.pid}/status").read_text()
    except OSError:  # not Linux
        return float("nan")
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
    return int(kilobytes) / 1024


class Setup:
    """One configuration, kept running between its rounds: an emulator with a guild on each of
    two shards, ``processes`` bot processes (one: unsharded; two: shard i of 2), a poll per
    guild."""

    def __init__(self, folder: Path, name: str, database: Path | str, processes: int) -> None:
        self.name = name
        self.emulator = DiscordEmulator(EmulatorConfig(heartbeat_interval_ms=1000))
        self.guilds: list[GuildDriver] = []
        self.polls: list[tuple[GuildDriver, int, tuple[int, ...]]] = []
        self.bots = [
            BotProcess(
                self.emulator,
                database,
                folder / f"{name}-{i}.log",
                shard=(i, processes) if processes > 1 else None,
            )
            for i in range(processes)
        ]
        self.rounds: list[Measured] = []
        self.memory = ""
        self.connections = ""

    async def start(self) -> None:
        await self.emulator.start()
        # quiet=0: a member clicks on as soon as the bot answered, instead of waiting for the
        # emulator to fall quiet (which, under this load, it never does before the 2 s cap).
        self.guilds = [
            GuildDriver(self.emulator, name, quiet=0.0) for name in ("Film Club", "Second Guild")
        ]
        for bot in self.bots:
            await bot.start(within=90.0)
        for guild in self.guilds:
            poll_id = await start_poll(guild, film="jaws", method="irv")
            self.polls.append((guild, poll_id, OPTIONS))
        await vote_load(self.emulator, self.polls, WARM_UP)  # first-use costs, not counted

    async def round(self) -> None:
        self.rounds.append(await sustained_load(self.emulator, self.polls))

    async def footprint(self, cluster: Cluster | None) -> None:
        """Each process's resident memory and, on PostgreSQL, the connections its database has
        open (the pools, after the load), before the processes stop."""
        rss = [_rss_mb(bot) for bot in self.bots]
        self.memory = ", ".join(f"{mb:.0f} MB" for mb in rss)
        database = self.bots[0].database
        if cluster is not None and isinstance(database, str):
            admin = await asyncpg.connect(cluster.url())
            try:
                count = await admin.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
                    database.rsplit("/", 1)[1],
                )
            finally:
                await admin.close()
            self.connections = f"; {count} PostgreSQL connections open for {len(self.bots)} " + (
                "process" if len(self.bots) == 1 else "processes"
            )

    async def stop(self) -> None:
        for bot in self.bots:
            await bot.stop()
        await self.emulator.stop()

    @property
    def best(self) -> Measured:
        """The round with the most ballots/s: the one other work on the machine disturbed least."""
        return max(self.rounds, key=lambda measured: measured[0])

    def report(self, baseline: Setup | None) -> list[str]:
        rates = ", ".join(f"{r[0]:,.0f}" for r in self.rounds)
        late = sum(r[2] for r in self.rounds)
        lines = [
            *figures(f"{self.name}, best of {len(self.rounds)} rounds", self.best),
            f"  every round: {rates} ballots/s; late answers in all rounds: {late}",
            f"  resident memory per process: {self.memory}{self.connections}",
        ]
        if baseline is not None:
            rate = self.best[0] / baseline.best[0]
            p99 = percentile(self.best[1], 0.99) / percentile(baseline.best[1], 0.99)
            lines.append(
                f"  vs one process on SQLite: {rate:.2f}x the ballots/s, {p99:.2f}x the p99"
            )
        return lines


async def _run() -> list[str]:
    lines = [
        f"{MEMBERS_PER_POLL} members voting at a time in each of two guilds (one per shard) for "
        f"{SECONDS:.0f} s a round, rounds alternating between the configurations; "
        f"{os.cpu_count()} cores"
    ]
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        setups = [Setup(folder, "one process, SQLite (baseline)", folder / "bench.sqlite3", 1)]
        try:
            cluster = stack.enter_context(running_cluster())
        except PostgresUnavailable as exc:
            cluster = None
            lines.append(f"PostgreSQL not measured: {exc}")
        if cluster is not None:
            one = await _create_database(cluster, "bench_one_process")
            two = await _create_database(cluster, "bench_two_processes")
            setups.append(Setup(folder, "one process, PostgreSQL", one, 1))
            setups.append(Setup(folder, "two processes (shards 0, 1 of 2), PostgreSQL", two, 2))
        try:
            for setup in setups:
                await setup.start()
            for _ in range(ROUNDS):
                for setup in setups:
                    await setup.round()
            for setup in setups:
                await setup.footprint(cluster)
        finally:
            for setup in setups:
                await setup.stop()
    baseline = setups[0]
    for setup in setups:
        lines += setup.report(None if setup is baseline else baseline)
    return lines


def run() -> list[str]:
    return asyncio.run(_run())


if __name__ == "__main__":
    print("\n".join(run()))
