"""Messages the bot posts or edits on its own show up, and `wait` lets the bot's time pass."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox.session import Sandbox
from bot.sandbox.shell import Outcome, Shell, parse_wait
from tests.sandbox_helpers import memory_console, written

pytestmark = pytest.mark.e2e


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    async with Sandbox(output=tmp_path / "out") as running:
        yield running


def test_wait_takes_durations() -> None:
    assert parse_wait("2m").total_seconds() == 120
    assert parse_wait("1h 30m").total_seconds() == 5400
    assert parse_wait("3s").total_seconds() == 3
    assert parse_wait("2 days").total_seconds() == 2 * 86400
    with pytest.raises(ValueError, match="how long"):
        parse_wait("soon")


async def test_a_poll_runs_to_its_deadline(sandbox: Sandbox, tmp_path: Path) -> None:
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)
    for line in (
        "as maya: /poll start film:alien duration:10m",  # #1 confirmation, #2 the poll
        "as alice: press 1",  # her ballot, #3
        "as alice: pick 2",
        "as alice: press 1",  # Submit
    ):
        assert await shell.execute(line) is Outcome.OK, written(err)
    before = written(out)
    # the bot refreshes the poll message's ballot count a moment later, on its own
    assert await shell.execute("wait 3s") is Outcome.OK, written(err)
    refreshed = written(out)[len(before) :]
    assert "#2 Projectionist (updated)" in refreshed and "Ballots: 1" in refreshed
    # at the deadline the poll closes and the results are posted, chart included
    assert await shell.execute("wait 10m") is Outcome.OK, written(err)
    closed = written(out)[len(before) + len(refreshed) :]
    assert "#2 Projectionist (updated)" in closed
    assert "#4 Projectionist" in closed and "Results" in closed
    assert (tmp_path / "out" / "4-poll-1-results.png").exists()
    assert await shell.execute("wait 1m") is Outcome.OK
    assert written(out).endswith("Nothing new.\n")  # nothing is shown twice
