"""``make sandbox-shards``: two bot processes, one local emulator, a throwaway PostgreSQL.

A narrated demonstration of issue 11, not an interactive sandbox (`projectionist sandbox` runs
the bot inside its own process, with a clock its `wait` command moves; two real processes keep
real time). It starts a private PostgreSQL cluster (as `make test` does), the local Discord
emulator with two guilds on each of two shards, and two ``projectionist run`` processes
configured only through the environment (shards 0 and 1 of 2). Then members vote in a poll in a
guild of each shard, the shard-1 process is SIGKILLed, both polls' deadlines pass, and the
surviving process closes both and posts each result once; the shard-1 guild gets no answers
until its process is started again. Everything is deleted at the end.

Needs the PostgreSQL server binaries (initdb, pg_ctl, postgres) on PATH.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from bot.polls.models import DeliveryState, Status
from bot.services import build_services
from bot.settings import Settings
from discord_emulator import DiscordEmulator, EmulatorConfig, shard_of
from discord_emulator.testing import GuildDriver
from tests.e2e.bot_process import BotProcess
from tests.e2e.polls_driver import cast
from tests.e2e.test_emulator_sharding import delivered
from tests.e2e.test_poll_load import rankings_for
from tests.e2e.test_polls import start_poll
from tests.postgres_cluster import PostgresUnavailable, pass_deadlines, running_cluster

SHARDS = 2
VOTERS = 5
WAIT = 180.0  # a process looks for due polls at least once a minute


def say(text: str = "") -> None:
    print(text, flush=True)


def results_of(guild: GuildDriver, poll_id: int) -> list[str]:
    """The results messages of ``poll_id`` in the guild's channel, as one line each."""
    lines = []
    for message in guild.messages_in(guild.general):
        embed = message.embeds[0] if message.embeds else {}
        footer = (embed.get("footer") or {}).get("text")
        if footer == f"Poll #{poll_id}" and embed.get("title", "").startswith("Results"):
            ballots = next(f["value"] for f in embed["fields"] if f["name"] == "Ballots")
            winner = embed.get("description", "").splitlines()[0]
            lines.append(f"{embed['title']}: {winner} ({ballots} ballots)")
    return lines


async def demo(folder: Path, url: str) -> None:
    emulator = DiscordEmulator(EmulatorConfig(heartbeat_interval_ms=1000))
    for shard in range(SHARDS):
        emulator.add_guild(f"Shard {shard} Guild", shard=(shard, SHARDS))
    await emulator.start()
    names = ["Film Club", "Second Guild", "Shard 0 Guild", "Shard 1 Guild"]
    guilds = {n: GuildDriver(emulator, n, followup_timeout=30.0) for n in names}
    for name, guild in guilds.items():
        say(f"  {name} (id {guild.guild.id}) is on shard {shard_of(guild.guild.id, SHARDS)}")
    processes = [
        BotProcess(emulator, url, folder / f"shard{s}.log", shard=(s, SHARDS))
        for s in range(SHARDS)
    ]
    reader = await build_services(Settings(database_url=url, load_starter_catalogue=False))
    try:
        for shard, process in enumerate(processes):
            await process.start(within=90.0)
            assert process.process is not None
            say(
                f"Process {process.process.pid}: PROJECTIONIST_SHARD_IDS={shard} "
                f"PROJECTIONIST_SHARD_COUNT={SHARDS} projectionist run"
            )
        say()
        polls: dict[str, int] = {}
        for name in ("Film Club", "Second Guild"):
            guild = guilds[name]
            poll_id = await start_poll(guild, film="jaws", duration="10m")
            poll = await reader.polls.get(poll_id)
            members = guild.add_members(VOTERS, prefix="voter")
            for member, ranking in zip(members, rankings_for(poll.option_ids, VOTERS), strict=True):
                await cast(guild, poll_id, member, ranking)
            polls[name] = poll_id
            # Which process's gateway session the emulator sent this guild's interactions to.
            sent = delivered(emulator, "INTERACTION_CREATE")
            shards = sorted(s for s, ids in sent.items() if guild.guild.id in ids)
            say(f"{name}: poll #{poll_id} on Jaws, {VOTERS} ballots, sent to shard(s) {shards}")

        dead = processes[1]
        assert dead.process is not None
        say(f"\nSIGKILL process {dead.process.pid} (shard 1) while both polls are still open.")
        await dead.kill()
        await pass_deadlines(url, polls.values())
        say("Both polls' deadlines pass now; waiting for the surviving process to close them")
        say("(it looks for due polls at least once a minute) ...")

        async def settled() -> bool:
            for poll_id in polls.values():
                poll = await reader.polls.get(poll_id)
                row = await reader.outbox.get(poll_id)
                if poll.status is not Status.CLOSED or row is None:
                    return False
                if row.state is not DeliveryState.DELIVERED:
                    return False
            return True

        await emulator.wait_until(settled, WAIT, recheck=0.5, what="both polls closed")
        await emulator.wait_quiet(1.0, 10.0)
        for name, poll_id in polls.items():
            posted = results_of(guilds[name], poll_id)
            say(f"  {name}, poll #{poll_id}: {len(posted)} results message(s)")
            for line in posted:
                say(f"    {line}")

        emulator.config.interaction_deadline = 3.0
        unanswered = await guilds["Second Guild"].slash("help")
        say(f"\n/help in Second Guild while shard 1 is down: answered={unanswered.acknowledged}")
        await dead.start(within=90.0)
        answered = await guilds["Second Guild"].slash("help")
        say(f"/help in Second Guild after shard 1 restarted: answered={answered.acknowledged}")
    finally:
        await reader.close()
        for process in processes:
            await process.stop()
        await emulator.stop()


def main() -> int:
    say("Two Projectionist processes (shards 0 and 1 of 2) on one PostgreSQL, one emulator.")
    with tempfile.TemporaryDirectory(prefix="projectionist-shards-") as tmp:
        try:
            with running_cluster() as cluster:
                url = cluster.url()
                say(f"PostgreSQL: a throwaway cluster at {cluster.host}:{cluster.port}")
                asyncio.run(demo(Path(tmp), url))
        except PostgresUnavailable as exc:
            print(f"make sandbox-shards needs PostgreSQL: {exc}", file=sys.stderr)
            return 1
    say("\nDone: everything started for the demonstration is stopped and deleted.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
