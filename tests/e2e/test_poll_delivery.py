"""Results reach the channel (issue 9, item 3): through a Discord outage, a restart, a missing
permission and a refused poll post, the results are posted exactly once or the host is told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.client import ProjectionistBot
from bot.polls.models import Delivery, DeliveryState
from cogs.polls import ids as poll_ids
from discord_emulator import DiscordEmulator
from discord_emulator.permissions import ATTACH_FILES, OVERWRITE_MEMBER, Overwrite
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.bots import BotMaker
from tests.e2e.clock import MovableClock
from tests.e2e.helpers import refused
from tests.e2e.polls_driver import cast, poll_message, start_poll

pytestmark = pytest.mark.e2e

POST_MESSAGE = r"^/channels/\d+/messages$"
EDIT_MESSAGE = r"^/channels/\d+/messages/\d+$"


def results_messages(guild: GuildDriver) -> list[object]:
    return [
        m
        for m in guild.messages_in(guild.general)
        if not m.ephemeral and m.embeds and m.embeds[0]["title"].startswith("Results")
    ]


async def delivered_once(
    make_bot: BotMaker,
    film_club: GuildDriver,
    clock: MovableClock,
    poll_id: int,
    *,
    after: timedelta,
) -> None:
    """A bot restarted ``after`` the first stopped delivers the pending row: the channel shows
    one results message, the poll records it, and the poll message offers no Vote."""
    restarted = await make_bot(clock=clock)
    clock.advance(after)

    async def delivered() -> bool:
        row = await restarted.outbox.get(poll_id)
        return row is not None and row.state is DeliveryState.DELIVERED

    await film_club.wait_until(delivered, within=20, what="the results delivered")
    posted = results_messages(film_club)
    assert len(posted) == 1
    poll = await restarted.polls.get(poll_id)
    assert poll.results_message_id == posted[0].id  # type: ignore[attr-defined]
    assert poll_ids.vote(poll_id) not in poll_message(film_club, poll_id).custom_ids


PAST_THE_DEADLINE = timedelta(minutes=11)  # the polls here run 10 minutes


async def deny_bot(emulator: DiscordEmulator, guild: GuildDriver, bits: int) -> None:
    """Take permissions from the bot in #general, announced as Discord does (CHANNEL_UPDATE)."""
    channel = guild.general
    channel.overwrites.append(Overwrite(emulator.state.bot_user.id, OVERWRITE_MEMBER, deny=bits))
    await emulator.gateway.dispatch("CHANNEL_UPDATE", channel.payload(), guild_id=guild.guild.id)


async def test_an_outage_at_the_deadline_then_recovery_posts_the_results_once(
    projectionist: ProjectionistBot,
    film_club: GuildDriver,
    emulator: DiscordEmulator,
    clock: MovableClock,
) -> None:
    poll_id = await start_poll(film_club, duration="10m")
    await cast(film_club, poll_id, film_club.member, [1, 2])
    await film_club.wait_until(
        lambda: "1" in [f["value"] for f in poll_message(film_club, poll_id).embeds[0]["fields"]],
        what="the poll message counting the ballot",
    )
    projectionist.outbox.backoff_base = timedelta(milliseconds=50)
    emulator.faults.add("PATCH", EDIT_MESSAGE, status=503, times=2)
    emulator.faults.add("POST", POST_MESSAGE, status=503, times=3)
    clock.advance(PAST_THE_DEADLINE)

    async def delivered() -> bool:
        row = await projectionist.outbox.get(poll_id)
        return row is not None and row.state is DeliveryState.DELIVERED

    await film_club.wait_until(delivered, within=15, what="the results delivered")
    row = await projectionist.outbox.get(poll_id)
    assert row is not None and row.attempts >= 3  # the outage was retried, not given up
    posted = results_messages(film_club)
    assert len(posted) == 1
    poll = await projectionist.polls.get(poll_id)
    assert poll.status == "closed" and poll.results_message_id == posted[0].id == row.message_id
    assert poll_ids.vote(poll_id) not in poll_message(film_club, poll_id).custom_ids


async def test_a_missing_attach_files_permission_is_told_to_the_host_not_posted(
    projectionist: ProjectionistBot,
    film_club: GuildDriver,
    emulator: DiscordEmulator,
    clock: MovableClock,
) -> None:
    by_hand = await start_poll(film_club)
    at_deadline = await start_poll(film_club, film="alien", duration="10m")
    await deny_bot(emulator, film_club, ATTACH_FILES)

    closed = await film_club.slash("poll close", poll=f"#{by_hand}", user=film_club.moderator)
    assert closed.acknowledged and closed.ephemeral  # Discord's 403 on the post is expected
    assert "results are posted" not in closed.text
    assert "Attach Files" in closed.text and f"/poll results poll:#{by_hand}" in closed.text
    row = await projectionist.outbox.get(by_hand)
    assert row is not None and row.state is DeliveryState.FAILED and row.host_told == "reply"
    assert poll_ids.vote(by_hand) not in poll_message(film_club, by_hand).custom_ids

    clock.advance(PAST_THE_DEADLINE)

    async def settled() -> bool:
        row = await projectionist.outbox.get(at_deadline)
        return row is not None and row.host_told is not None

    await film_club.wait_until(settled, what="the host told of the failed delivery")
    row = await projectionist.outbox.get(at_deadline)
    assert row is not None and row.state is DeliveryState.FAILED and row.host_told == "channel"
    told = [m for m in film_club.messages_in(film_club.general) if f"poll #{at_deadline}" in m.text]
    assert len(told) == 1 and f"<@{film_club.moderator.user.id}>" in told[0].text
    assert "Attach Files" in told[0].text
    assert results_messages(film_club) == []


async def test_a_poll_start_names_the_permission_the_bot_lacks(
    projectionist: ProjectionistBot, film_club: GuildDriver, emulator: DiscordEmulator
) -> None:
    await deny_bot(emulator, film_club, ATTACH_FILES)
    refused(
        await film_club.slash("poll start", film="jaws", user=film_club.moderator),
        "missing the Attach Files permission",
    )
    assert await projectionist.polls.list_polls(film_club.guild.id) == []


async def test_a_refused_poll_post_leaves_no_open_poll(
    projectionist: ProjectionistBot, film_club: GuildDriver, emulator: DiscordEmulator
) -> None:
    emulator.faults.add("POST", POST_MESSAGE, status=403, times=1)
    refused(
        await film_club.slash("poll start", film="jaws", user=film_club.moderator),
        "no poll was started",
    )
    assert await projectionist.polls.list_polls(film_club.guild.id) == []
    poll_id = await start_poll(film_club)  # the film is not blocked
    assert (await projectionist.polls.get(poll_id)).message_id is not None


async def test_an_undelivered_row_is_delivered_once_after_a_restart(
    make_bot: BotMaker, emulator: DiscordEmulator, film_club: GuildDriver, clock: MovableClock
) -> None:
    first = await make_bot(clock=clock)
    poll_id = await start_poll(film_club, duration="10m")
    await cast(film_club, poll_id, film_club.member, [2, 1])
    first.outbox.backoff_base = timedelta(hours=1)  # the next try falls after the restart
    emulator.faults.add("POST", POST_MESSAGE, status=503, times=None)  # Discord is down
    clock.advance(PAST_THE_DEADLINE)

    async def retrying() -> bool:
        row = await first.outbox.get(poll_id)
        return row is not None and row.attempts >= 1 and row.claimed_by is None

    await film_club.wait_until(retrying, what="a failed attempt waiting for its retry")
    await make_bot.stop(first)
    assert results_messages(film_club) == []
    emulator.faults.clear()  # Discord is back

    # the bot was down a while: the retry is due
    await delivered_once(make_bot, film_club, clock, poll_id, after=timedelta(hours=3))


async def test_a_post_whose_record_was_lost_is_found_not_posted_again(
    projectionist: ProjectionistBot,
    film_club: GuildDriver,
    clock: MovableClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A holder that posted the results and died before recording them: once its lease expires,
    the next attempt finds the posted message instead of posting a second one."""
    poll_id = await start_poll(film_club, duration="10m")
    outbox = projectionist.outbox
    outbox.lease = timedelta(seconds=5)
    record = outbox.delivered
    lost: list[int | None] = []

    async def die_before_recording(delivery: Delivery, message_id: int | None) -> bool:
        if not lost:
            lost.append(message_id)
            raise RuntimeError("the process died after posting")
        return await record(delivery, message_id)

    monkeypatch.setattr(outbox, "delivered", die_before_recording)
    clock.advance(PAST_THE_DEADLINE)

    async def delivered() -> bool:
        row = await outbox.get(poll_id)
        return row is not None and row.state is DeliveryState.DELIVERED

    await film_club.wait_until(delivered, within=20, what="the results delivered")
    row = await outbox.get(poll_id)
    posted = results_messages(film_club)
    assert len(posted) == 1 and lost == [posted[0].id]
    assert row is not None and row.message_id == posted[0].id and row.attempts == 2
