"""Playing members through a poll: the ballot flow as a member clicks it."""

from __future__ import annotations

from collections.abc import Sequence

from discord_emulator.testing.driver import GuildDriver, Reply, SentMessage
from discord_emulator.world import Member
from tests.e2e.helpers import assert_clean


def poll_message(guild: GuildDriver, poll_id: int) -> SentMessage:
    for message in reversed(guild.messages_in(guild.general)):
        footer = (message.embeds[0].get("footer") or {}).get("text") if message.embeds else None
        title = message.embeds[0].get("title", "") if message.embeds else ""
        if footer == f"Poll #{poll_id}" and title.startswith("Scene poll"):
            return message
    raise AssertionError(f"no message for poll {poll_id}")


def component_id(reply: Reply, prefix: str) -> str:
    assert reply.message is not None
    for cid in reply.message.custom_ids:
        if cid.startswith(prefix):
            return cid
    raise AssertionError(f"no component starting {prefix!r} in {reply.message.custom_ids}")


async def open_ballot(
    guild: GuildDriver, poll_id: int, member: Member, message: SentMessage | None = None
) -> Reply:
    """Press Vote on the poll message (found in the channel unless given: under load, finding
    it once saves every click a scan of the channel)."""
    message = message or poll_message(guild, poll_id)
    return assert_clean(await guild.click(message, f"proj:poll:{poll_id}:vote", user=member))


async def cast(
    guild: GuildDriver,
    poll_id: int,
    member: Member,
    ranking: Sequence[int],
    message: SentMessage | None = None,
) -> Reply:
    """Vote, pick each option in order, submit; returns the confirmation."""
    ballot = await open_ballot(guild, poll_id, member, message)
    for option in ranking:
        select = component_id(ballot, f"proj:poll:{poll_id}:add:")
        ballot = assert_clean(await guild.select(ballot, select, [str(option)], user=member))
    submit = component_id(ballot, f"proj:poll:{poll_id}:submit:")
    return assert_clean(await guild.click(ballot, submit, user=member))
